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
package dev.trinodatamesh.connector;

import dev.trinodatamesh.connector.lakefs.FakeLakeFsClient;
import dev.trinodatamesh.testing.ParquetFiles;
import io.trino.Session;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.List;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Table statistics from the Parquet footers, for the cost-based optimizer: row counts, NULL
 * fractions, value ranges, data sizes, and the distinct values of partition columns.
 */
final class TestDatameshStatistics
        extends AbstractTestQueryFramework
{
    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("stats", Files.createTempDirectory("datamesh-statistics"));
        TpchDataProducts.load(lakeFs, "main", "orders", 3);
        lakeFs.putObject("main", "_lakefs_tables/events.yaml", """
                name: events
                path: events
                partition_columns: [day]
                """.getBytes(UTF_8));
        for (int day = 1; day <= 4; day++) {
            ParquetFiles.Builder file = ParquetFiles.builder(List.of("id", "label"), List.of(BIGINT, VARCHAR));
            for (long id = 0; id < 10; id++) {
                file.row(day * 100 + id, id % 2 == 0 ? null : "label " + id);
            }
            lakeFs.putObject("main", "events/day=%s/part-0.parquet".formatted(day), file.build());
        }
        lakeFs.commit("main", "orders and events");
        // one node: the connector's MBeans are the coordinator's
        return DatameshQueryRunner.builder().addCatalog("stats", lakeFs).setNodeCount(1).build();
    }

    @Test
    void rowCountsAndRangesAreTheData()
    {
        MaterializedResult statistics = computeActual("SHOW STATS FOR stats.main.orders");
        long rows = (long) computeScalar("SELECT count(*) FROM tpch.tiny.orders");
        assertThat(summary(statistics).getField(4)).isEqualTo((double) rows);
        MaterializedRow orderkey = column(statistics, "orderkey");
        assertThat(orderkey.getField(3)).isEqualTo(0.0);
        assertThat(orderkey.getField(5)).isEqualTo(computeScalar("SELECT CAST(min(orderkey) AS varchar) FROM tpch.tiny.orders"));
        assertThat(orderkey.getField(6)).isEqualTo(computeScalar("SELECT CAST(max(orderkey) AS varchar) FROM tpch.tiny.orders"));
        assertThat((double) column(statistics, "comment").getField(1)).isPositive();
    }

    @Test
    void nullsAndPartitionValues()
    {
        MaterializedResult statistics = computeActual("SHOW STATS FOR stats.main.events");
        assertThat(summary(statistics).getField(4)).isEqualTo(40.0);
        assertThat(column(statistics, "label").getField(3)).isEqualTo(0.5);
        MaterializedRow day = column(statistics, "day");
        assertThat(day.getField(2)).isEqualTo(4.0);
        assertThat(day.getField(5)).isEqualTo("1");
        assertThat(day.getField(6)).isEqualTo("4");

        // the partition predicate narrows the statistics to the matching files
        MaterializedResult filtered = computeActual("SHOW STATS FOR (SELECT * FROM stats.main.events WHERE day >= 3)");
        assertThat(summary(filtered).getField(4)).isEqualTo(20.0);
    }

    @Test
    void statisticsCanBeTurnedOff()
    {
        Session withoutStatistics = Session.builder(getSession())
                .setCatalogSessionProperty("stats", "statistics_enabled", "false")
                .build();
        assertThat(summary(computeActual(withoutStatistics, "SHOW STATS FOR stats.main.orders")).getField(4)).isNull();
    }

    @Test
    void statisticsOfACommitAreComputedOnce()
            throws Exception
    {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("trino.plugin.datamesh:type=DatameshStatistics,name=stats");
        computeActual("SHOW STATS FOR (SELECT * FROM stats.main.orders WHERE orderstatus = 'F')");
        long loads = (long) server.getAttribute(name, "CacheStats.LoadCount");
        long requests = (long) server.getAttribute(name, "CacheStats.RequestCount");
        computeActual("SELECT orderstatus, count(*) FROM stats.main.orders GROUP BY 1");
        computeActual("SHOW STATS FOR stats.main.orders");
        assertThat((long) server.getAttribute(name, "CacheStats.RequestCount")).isGreaterThan(requests);
        assertThat((long) server.getAttribute(name, "CacheStats.LoadCount")).isEqualTo(loads);
    }

    private static MaterializedRow summary(MaterializedResult statistics)
    {
        return statistics.getMaterializedRows().stream()
                .filter(row -> row.getField(0) == null)
                .findFirst()
                .orElseThrow();
    }

    private static MaterializedRow column(MaterializedResult statistics, String column)
    {
        return statistics.getMaterializedRows().stream()
                .filter(row -> column.equals(row.getField(0)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no statistics row for " + column + " in " + statistics));
    }
}
