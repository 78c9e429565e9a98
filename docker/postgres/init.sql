-- One PostgreSQL for lakeFS (database lakefs, created by the image from POSTGRES_DB) and Marquez.
CREATE USER marquez WITH PASSWORD 'marquez';
CREATE DATABASE marquez OWNER marquez;
