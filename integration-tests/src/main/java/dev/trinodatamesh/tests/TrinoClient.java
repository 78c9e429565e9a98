/*
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.trinodatamesh.tests;

import com.google.common.collect.ImmutableList;
import io.trino.jdbc.QueryStats;
import io.trino.jdbc.TrinoResultSet;
import io.trino.jdbc.TrinoStatement;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Runs SQL on the real Trino server over trino-jdbc, the path BI tools take.
 */
public final class TrinoClient
{
    private final Supplier<Connection> connections;

    public TrinoClient(Supplier<Connection> connections)
    {
        this.connections = requireNonNull(connections, "connections is null");
    }

    /**
     * Rows of a query; values as trino-jdbc returns them ({@code getObject}), NULL as null.
     */
    public List<List<Object>> rows(String sql)
    {
        try (Connection connection = connections.get();
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(sql)) {
            return readAll(resultSet);
        }
        catch (SQLException e) {
            throw new QueryFailedException(sql, e);
        }
    }

    /**
     * Rows of a query with the query's statistics, as trino-jdbc reports them to any client.
     */
    public QueryResult query(String sql)
    {
        try (Connection connection = connections.get();
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(sql)) {
            List<List<Object>> rows = readAll(resultSet);
            TrinoResultSet trinoResultSet = resultSet.unwrap(TrinoResultSet.class);
            return new QueryResult(rows, trinoResultSet.getQueryId(), trinoResultSet.getStats());
        }
        catch (SQLException e) {
            throw new QueryFailedException(sql, e);
        }
    }

    public record QueryResult(List<List<Object>> rows, String queryId, QueryStats stats) {}

    /**
     * The single value of a query that returns one row of one column.
     */
    public Object value(String sql)
    {
        List<List<Object>> rows = rows(sql);
        if (rows.size() != 1 || rows.getFirst().size() != 1) {
            throw new IllegalStateException("Expected one value from %s, got %s".formatted(sql, rows));
        }
        return rows.getFirst().getFirst();
    }

    /**
     * The first column of every row, as strings.
     */
    public List<String> column(String sql)
    {
        return rows(sql).stream()
                .map(row -> row.getFirst() == null ? null : row.getFirst().toString())
                .collect(Collectors.toCollection(ArrayList::new));
    }

    public void execute(String sql)
    {
        try (Connection connection = connections.get();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException e) {
            throw new QueryFailedException(sql, e);
        }
    }

    /**
     * Runs a statement that returns no rows to read (CREATE TABLE AS, INSERT, DDL); returns its query ID.
     */
    public String update(String sql)
    {
        AtomicReference<String> queryId = new AtomicReference<>();
        try (Connection connection = connections.get();
                Statement statement = connection.createStatement()) {
            statement.unwrap(TrinoStatement.class).setProgressMonitor(stats -> queryId.set(stats.getQueryId()));
            statement.execute(sql);
        }
        catch (SQLException e) {
            throw new QueryFailedException(sql, e);
        }
        return requireNonNull(queryId.get(), () -> "trino-jdbc reported no query ID for " + sql);
    }

    public void createCatalog(String catalog, Map<String, String> properties)
    {
        String with = properties.entrySet().stream()
                .map(entry -> "\"%s\" = '%s'".formatted(entry.getKey(), entry.getValue().replace("'", "''")))
                .collect(Collectors.joining(", "));
        execute("CREATE CATALOG %s USING datamesh WITH (%s)".formatted(catalog, with));
    }

    public static List<List<Object>> readAll(ResultSet resultSet)
            throws SQLException
    {
        ResultSetMetaData metadata = resultSet.getMetaData();
        int columns = metadata.getColumnCount();
        ImmutableList.Builder<List<Object>> rows = ImmutableList.builder();
        while (resultSet.next()) {
            List<Object> row = new ArrayList<>(columns);
            for (int column = 1; column <= columns; column++) {
                row.add(resultSet.getObject(column));
            }
            rows.add(Collections.unmodifiableList(row));
        }
        return rows.build();
    }

    /**
     * A failed query, with Trino's message and the SQL.
     */
    public static class QueryFailedException
            extends RuntimeException
    {
        public QueryFailedException(String sql, SQLException cause)
        {
            super("Query failed: %s%n  SQL: %s".formatted(cause.getMessage(), sql), cause);
        }
    }
}
