"""Revenue by market segment across two data domains, with the Python trino client.

    ./datamesh python examples/python/revenue_by_segment.py

Connects to the local stack (TRINO_HOST, TRINO_PORT; 127.0.0.1:8080 by default) and joins the
orders of the sales domain with the customers of the customers domain, on the main branch or on
the ref given as first argument (a branch, a tag such as v1, or a commit ID).
"""

import os
import sys

import trino


def connect():
    return trino.dbapi.connect(
        host=os.environ.get("TRINO_HOST", "127.0.0.1"),
        port=int(os.environ.get("TRINO_PORT", "8080")),
        user=os.environ.get("TRINO_USER", "python"),
        http_scheme="http",
        client_tags=["job:revenue_by_segment"],
    )


def revenue_by_segment(connection, ref="main"):
    cursor = connection.cursor()
    cursor.execute(
        f"""
        SELECT c.mktsegment, count(*) AS orders, sum(o.totalprice) AS revenue
        FROM sales."{ref}".orders o
        JOIN customers.main.customer c ON o.custkey = c.custkey
        GROUP BY c.mktsegment
        ORDER BY c.mktsegment
        """
    )
    return cursor.fetchall()


def main():
    ref = sys.argv[1] if len(sys.argv) > 1 else "main"
    with connect() as connection:
        rows = revenue_by_segment(connection, ref)
    print(f"{'segment':<12} {'orders':>8} {'revenue':>18}")
    for segment, orders, revenue in rows:
        print(f"{segment:<12} {orders:>8} {revenue:>18,.2f}")


if __name__ == "__main__":
    main()
