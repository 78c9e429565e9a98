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
import dev.trinodatamesh.testing.TpchQueries;
import io.trino.execution.QueryInfo;
import io.trino.execution.StageInfo;
import io.trino.execution.TaskInfo;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.QueryRunner;
import io.trino.testing.QueryRunner.MaterializedResultWithPlan;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read path on a coordinator and two workers: TPC-H data products in a fake lakeFS repository,
 * compared with Trino's tpch catalog.
 */
final class TestDatameshConnectorQueries
        extends AbstractTestQueryFramework
{
    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("sales", Files.createTempDirectory("datamesh-tpch"));
        for (String table : TpchDataProducts.tables()) {
            TpchDataProducts.load(lakeFs, "main", table, table.equals("lineitem") || table.equals("orders") ? 4 : 1);
        }
        lakeFs.commit("main", "TPC-H tiny");
        return DatameshQueryRunner.builder()
                .addCatalog("sales", lakeFs)
                .setNodeCount(3)
                .addConnectorProperty("datamesh.max-split-size", "1MB")
                .build();
    }

    @Test
    void tablesAreTheTopLevelDirectories()
    {
        assertThat(computeActual("SHOW TABLES FROM sales.main").getOnlyColumnAsSet())
                .containsExactlyInAnyOrder("nation", "region", "customer", "orders", "lineitem", "part", "supplier", "partsupp");
    }

    @Test
    void columnsComeFromTheFooters()
    {
        assertThat(query("DESCRIBE sales.main.nation"))
                .skippingTypesCheck()
                .matches("VALUES ('nationkey', 'bigint', '', ''), ('name', 'varchar', '', ''), ('regionkey', 'bigint', '', ''), ('comment', 'varchar', '', '')");
    }

    @Test
    void scansMatchTheTpchCatalog()
    {
        // every value of every column: row counts and order-independent checksums per column
        for (String table : TpchDataProducts.tables()) {
            String checksums = computeActual("SELECT column_name FROM tpch.information_schema.columns WHERE table_schema = 'tiny' AND table_name = '%s'".formatted(table)).getOnlyColumn()
                    .map(column -> "checksum(%s)".formatted(column))
                    .collect(Collectors.joining(", "));
            assertThat(query("SELECT count(*), %s FROM sales.main.%s".formatted(checksums, table)))
                    .matches("SELECT count(*), %s FROM tpch.tiny.%s".formatted(checksums, table));
        }
    }

    @Test
    void tpchQueriesMatch()
    {
        for (String name : TpchQueries.QUERIES.keySet()) {
            assertThat(query(TpchQueries.query(name, "sales.main")))
                    .as(name)
                    .skippingTypesCheck()
                    .ordered()
                    .matches(TpchQueries.query(name, "tpch.tiny"));
        }
    }

    @Test
    void workIsSpreadOverTheWorkers()
    {
        DistributedQueryRunner runner = getDistributedQueryRunner();
        var result = runner.executeWithPlan(getSession(), "SELECT count(*), sum(extendedprice) FROM sales.main.lineitem");
        QueryInfo info = runner.getCoordinator().getQueryManager().getFullQueryInfo(result.queryId());
        Set<String> nodes = new HashSet<>();
        collectScanNodes(info.getStages().orElseThrow().getStages(), nodes);
        assertThat(nodes).hasSizeGreaterThan(1);
    }

    private static void collectScanNodes(List<StageInfo> stages, Set<String> nodes)
    {
        for (StageInfo stage : stages) {
            boolean scansLineitem = stage.stageStats().getPhysicalInputPositions() > 0;
            if (scansLineitem) {
                for (TaskInfo task : stage.tasks()) {
                    if (task.stats().physicalInputPositions() > 0) {
                        nodes.add(task.taskStatus().nodeId());
                    }
                }
            }
        }
    }

    @Test
    void limitReadsLittle()
    {
        long full = physicalInputBytes("SELECT * FROM sales.main.lineitem");
        long limited = physicalInputBytes("SELECT * FROM sales.main.lineitem LIMIT 5");
        // each split stops after its first row group: a small part of the files is read
        assertThat(limited).isPositive().isLessThan(full / 4);
    }

    private long physicalInputBytes(String query)
    {
        DistributedQueryRunner runner = getDistributedQueryRunner();
        MaterializedResultWithPlan result = runner.executeWithPlan(getSession(), query);
        return runner.getCoordinator().getQueryManager().getFullQueryInfo(result.queryId()).getQueryStats().getPhysicalInputDataSize().toBytes();
    }

    @Test
    void hiddenColumnsDescribeTheFile()
    {
        assertThat(computeScalar("SELECT count(DISTINCT \"$path\") FROM sales.main.orders"))
                .isEqualTo(computeScalar("SELECT count(*) FROM sales.main.\"orders$files\""))
                .isEqualTo(2L);
        assertThat(computeScalar("SELECT min(\"$path\") FROM sales.main.orders")).isEqualTo("orders/part-00000.parquet");
        assertThat(computeScalar("SELECT count(*) FROM sales.main.orders WHERE \"$path\" = 'orders/part-00001.parquet'"))
                .isEqualTo(computeScalar("SELECT count(*) FROM sales.main.orders WHERE \"$path\" LIKE '%00001%'"));
    }

    @Test
    void directoriesWithoutADescriptorAreReadOnly()
    {
        assertQueryFails("INSERT INTO sales.main.nation SELECT * FROM tpch.tiny.nation",
                "Table 'main.nation' is a directory of Parquet files \\('nation/'\\) that no table descriptor declares.*declare it with a descriptor \\(_lakefs_tables/nation.yaml\\).*");
        assertQueryFails("DELETE FROM sales.main.nation",
                "Table 'main.nation' is a directory of Parquet files \\('nation/'\\) that no table descriptor declares, so its rows cannot be deleted.*");
    }
}
