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
package dev.trinodatamesh.testing;

import com.google.common.collect.ImmutableMap;

import java.util.Map;

/**
 * TPC-H queries with the column names of Trino's tpch catalog; {@code %1$s} is a qualified
 * schema such as {@code sales.main} or {@code tpch.tiny}. Parameters are the specification's
 * validation values.
 */
public final class TpchQueries
{
    public static final Map<String, String> QUERIES = ImmutableMap.<String, String>builder()
            .put("q01", """
                    SELECT returnflag, linestatus, sum(quantity) AS sum_qty, sum(extendedprice) AS sum_base_price,
                           sum(extendedprice * (1 - discount)) AS sum_disc_price, sum(extendedprice * (1 - discount) * (1 + tax)) AS sum_charge,
                           avg(quantity) AS avg_qty, avg(extendedprice) AS avg_price, avg(discount) AS avg_disc, count(*) AS count_order
                    FROM %1$s.lineitem
                    WHERE shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY
                    GROUP BY returnflag, linestatus
                    ORDER BY returnflag, linestatus""")
            .put("q03", """
                    SELECT l.orderkey, sum(l.extendedprice * (1 - l.discount)) AS revenue, o.orderdate, o.shippriority
                    FROM %1$s.customer c, %1$s.orders o, %1$s.lineitem l
                    WHERE c.mktsegment = 'BUILDING' AND c.custkey = o.custkey AND l.orderkey = o.orderkey
                      AND o.orderdate < DATE '1995-03-15' AND l.shipdate > DATE '1995-03-15'
                    GROUP BY l.orderkey, o.orderdate, o.shippriority
                    ORDER BY revenue DESC, o.orderdate, l.orderkey
                    LIMIT 10""")
            .put("q05", """
                    SELECT n.name, sum(l.extendedprice * (1 - l.discount)) AS revenue
                    FROM %1$s.customer c, %1$s.orders o, %1$s.lineitem l, %1$s.supplier s, %1$s.nation n, %1$s.region r
                    WHERE c.custkey = o.custkey AND l.orderkey = o.orderkey AND l.suppkey = s.suppkey AND c.nationkey = s.nationkey
                      AND s.nationkey = n.nationkey AND n.regionkey = r.regionkey AND r.name = 'ASIA'
                      AND o.orderdate >= DATE '1994-01-01' AND o.orderdate < DATE '1995-01-01'
                    GROUP BY n.name
                    ORDER BY revenue DESC""")
            .put("q06", """
                    SELECT sum(extendedprice * discount) AS revenue
                    FROM %1$s.lineitem
                    WHERE shipdate >= DATE '1994-01-01' AND shipdate < DATE '1995-01-01'
                      AND discount BETWEEN DECIMAL '0.05' AND DECIMAL '0.07' AND quantity < 24""")
            .put("q10", """
                    SELECT c.custkey, c.name, sum(l.extendedprice * (1 - l.discount)) AS revenue, c.acctbal, n.name, c.address, c.phone, c.comment
                    FROM %1$s.customer c, %1$s.orders o, %1$s.lineitem l, %1$s.nation n
                    WHERE c.custkey = o.custkey AND l.orderkey = o.orderkey
                      AND o.orderdate >= DATE '1993-10-01' AND o.orderdate < DATE '1994-01-01'
                      AND l.returnflag = 'R' AND c.nationkey = n.nationkey
                    GROUP BY c.custkey, c.name, c.acctbal, c.phone, n.name, c.address, c.comment
                    ORDER BY revenue DESC, c.custkey
                    LIMIT 20""")
            .put("q12", """
                    SELECT l.shipmode,
                           sum(CASE WHEN o.orderpriority = '1-URGENT' OR o.orderpriority = '2-HIGH' THEN 1 ELSE 0 END) AS high_line_count,
                           sum(CASE WHEN o.orderpriority <> '1-URGENT' AND o.orderpriority <> '2-HIGH' THEN 1 ELSE 0 END) AS low_line_count
                    FROM %1$s.orders o, %1$s.lineitem l
                    WHERE o.orderkey = l.orderkey AND l.shipmode IN ('MAIL', 'SHIP')
                      AND l.commitdate < l.receiptdate AND l.shipdate < l.commitdate
                      AND l.receiptdate >= DATE '1994-01-01' AND l.receiptdate < DATE '1995-01-01'
                    GROUP BY l.shipmode
                    ORDER BY l.shipmode""")
            .put("q14", """
                    SELECT 100.00 * sum(CASE WHEN p.type LIKE 'PROMO%%' THEN l.extendedprice * (1 - l.discount) ELSE 0 END)
                           / sum(l.extendedprice * (1 - l.discount)) AS promo_revenue
                    FROM %1$s.lineitem l, %1$s.part p
                    WHERE l.partkey = p.partkey AND l.shipdate >= DATE '1995-09-01' AND l.shipdate < DATE '1995-10-01'""")
            .put("q19", """
                    SELECT sum(l.extendedprice * (1 - l.discount)) AS revenue
                    FROM %1$s.lineitem l, %1$s.part p
                    WHERE (p.partkey = l.partkey AND p.brand = 'Brand#12' AND p.container IN ('SM CASE', 'SM BOX', 'SM PACK', 'SM PKG')
                           AND l.quantity >= 1 AND l.quantity <= 1 + 10 AND p.size BETWEEN 1 AND 5
                           AND l.shipmode IN ('AIR', 'AIR REG') AND l.shipinstruct = 'DELIVER IN PERSON')
                       OR (p.partkey = l.partkey AND p.brand = 'Brand#23' AND p.container IN ('MED BAG', 'MED BOX', 'MED PKG', 'MED PACK')
                           AND l.quantity >= 10 AND l.quantity <= 10 + 10 AND p.size BETWEEN 1 AND 10
                           AND l.shipmode IN ('AIR', 'AIR REG') AND l.shipinstruct = 'DELIVER IN PERSON')
                       OR (p.partkey = l.partkey AND p.brand = 'Brand#34' AND p.container IN ('LG CASE', 'LG BOX', 'LG PACK', 'LG PKG')
                           AND l.quantity >= 20 AND l.quantity <= 20 + 10 AND p.size BETWEEN 1 AND 15
                           AND l.shipmode IN ('AIR', 'AIR REG') AND l.shipinstruct = 'DELIVER IN PERSON')""")
            .buildOrThrow();

    private TpchQueries() {}

    public static String query(String name, String schema)
    {
        String query = QUERIES.get(name);
        if (query == null) {
            throw new IllegalArgumentException("No TPC-H query " + name + "; known: " + QUERIES.keySet());
        }
        return query.formatted(schema);
    }
}
