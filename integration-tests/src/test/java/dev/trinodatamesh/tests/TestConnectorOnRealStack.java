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

import com.google.common.collect.ImmutableMap;
import dev.trinodatamesh.testing.ParquetFiles;
import dev.trinodatamesh.testing.TpchQueries;
import dev.trinodatamesh.tests.ObjectStore.S3Location;
import dev.trinodatamesh.tests.TrinoClient.QueryResult;
import io.airlift.units.DataSize;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.Page;
import io.trino.spi.block.BlockBuilder;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.airlift.units.DataSize.Unit.KILOBYTE;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * The connector on the real stack: a Trino 483 coordinator and worker loading the plugin
 * directories, lakeFS and MinIO. TPC-H data products at scale 0.01 are compared with Trino's
 * tpch catalog.
 */
@ExtendWith(DatameshStackExtension.class)
@TestInstance(PER_CLASS)
final class TestConnectorOnRealStack
{
    private static final double SCALE = 0.01;

    private final DatameshStack stack;
    private final String suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private final String repository = "tpch-" + suffix;
    private final String catalog = "mesh_" + suffix;
    private final String crmRepository = "crm-" + suffix;
    private final String crmCatalog = "crm_" + suffix;
    private LakeFsFixture lakeFs;
    private TrinoClient trino;

    TestConnectorOnRealStack(DatameshStack stack)
    {
        this.stack = stack;
    }

    @BeforeAll
    void loadDataProducts()
    {
        lakeFs = stack.lakeFs();
        trino = stack.trino();
        lakeFs.createRepository(repository);
        for (String table : TpchProducts.allTables()) {
            TpchProducts product = switch (table) {
                case "lineitem" -> TpchProducts.partitioned("lineitem", "shipyear", "shipdate", 2);
                case "orders" -> TpchProducts.of("orders", 2);
                default -> TpchProducts.of(table, 1);
            };
            product.write(SCALE, 2, (path, bytes) -> lakeFs.putObject(repository, "main", path, bytes));
            if (table.equals("orders") || table.equals("lineitem")) {
                lakeFs.putObject(repository, "main", product.descriptorPath(), product.descriptor("sales-team@example.com", "TPC-H " + table).getBytes(UTF_8));
            }
        }
        lakeFs.commit(repository, "main", "TPC-H scale 0.01", Map.of("source", "tpch"), Instant.now().minus(1, ChronoUnit.DAYS));
        trino.createCatalog(catalog, stack.catalogProperties(repository));

        lakeFs.createRepository(crmRepository);
        TpchProducts.of("customer", 1).write(SCALE, 1, (path, bytes) -> lakeFs.putObject(crmRepository, "main", path, bytes));
        lakeFs.commit(crmRepository, "main", "customers");
        trino.createCatalog(crmCatalog, stack.catalogProperties(crmRepository));
    }

    @Test
    void tpchQueriesReturnWhatTheTpchCatalogReturns()
    {
        for (String query : TpchQueries.QUERIES.keySet()) {
            List<List<Object>> actual = trino.rows(TpchQueries.query(query, catalog + ".main"));
            List<List<Object>> expected = trino.rows(TpchQueries.query(query, "tpch.tiny"));
            assertThat(actual).as(query).isNotEmpty().isEqualTo(expected);
        }
    }

    @Test
    void everyValueMatches()
    {
        for (String table : TpchProducts.allTables()) {
            String checksums = String.join(", ", trino.column("SELECT 'to_hex(checksum(' || column_name || '))' FROM tpch.information_schema.columns WHERE table_schema = 'tiny' AND table_name = '%s'".formatted(table)));
            assertThat(trino.rows("SELECT count(*), %s FROM %s.main.%s".formatted(checksums, catalog, table)))
                    .as(table)
                    .isEqualTo(trino.rows("SELECT count(*), %s FROM tpch.tiny.%s".formatted(checksums, table)));
        }
    }

    @Test
    void joinAcrossTwoDomains()
    {
        String join = "SELECT c.mktsegment, count(*), sum(o.totalprice) FROM %s.orders o JOIN %s.customer c ON o.custkey = c.custkey GROUP BY 1 ORDER BY 1";
        assertThat(trino.rows(join.formatted(catalog + ".main", crmCatalog + ".main")))
                .isEqualTo(trino.rows(join.formatted("tpch.tiny", "tpch.tiny")));
    }

    @Test
    void workIsSpreadOverTheNodes()
    {
        QueryResult result = trino.query("SELECT count(*), sum(extendedprice) FROM %s.main.lineitem".formatted(catalog));
        assertThat(result.stats().getNodes()).isEqualTo(2);
        assertThat(trino.value("SELECT count(DISTINCT node_id) FROM system.runtime.tasks WHERE query_id = '%s' AND physical_input_bytes > 0".formatted(result.queryId())))
                .isEqualTo(2L);
    }

    /**
     * The connector's MBeans, per catalog, as Prometheus scrapes them from the coordinator.
     */
    @Test
    void metricsAreServedForPrometheus()
    {
        // a join: the optimizer asks for statistics; twice: the second finds the footers cached
        String join = "SELECT c.mktsegment, sum(o.totalprice) FROM %1$s.main.orders o JOIN %1$s.main.customer c ON o.custkey = c.custkey GROUP BY 1".formatted(catalog);
        trino.rows(join);
        trino.rows(join);
        Map<String, Double> metrics = stack.metrics();
        assertThat(metrics.get("JMX_trino_plugin_datamesh_lakefs_NAME_%s_TYPE_LakeFsStats_ATTRIBUTE_ListObjects_AllTime_Count".formatted(catalog))).isPositive();
        assertThat(metrics.get("JMX_trino_plugin_datamesh_lakefs_NAME_%s_TYPE_LakeFsStats_ATTRIBUTE_ListBranches_AllTime_P50".formatted(catalog))).isPositive();
        assertThat(metrics.get("JMX_trino_plugin_datamesh_lakefs_NAME_%s_TYPE_LakeFsStats_ATTRIBUTE_Failures_TotalCount".formatted(catalog))).isZero();
        assertThat(metrics.get("JMX_trino_plugin_datamesh_table_NAME_%s_TYPE_SnapshotCache_ATTRIBUTE_Stats_HitRate".formatted(catalog))).isPositive();
        assertThat(metrics.get("JMX_trino_plugin_datamesh_NAME_%s_TYPE_DatameshStatistics_ATTRIBUTE_CacheStats_RequestCount".formatted(catalog))).isPositive();
        assertThat(metrics).containsKey("JMX_trino_plugin_datamesh_parquet_NAME_%s_TYPE_ParquetFooters_ATTRIBUTE_FooterCacheHits".formatted(catalog));
        // the coordinator's share of the reads (the worker has its own)
        assertThat(metrics.keySet()).anyMatch(name -> name.startsWith("JMX_io_trino_plugin_base_metrics_NAME_%s_TYPE_FileFormatDataSourceStats_ATTRIBUTE_ReadBytes".formatted(catalog)));
    }

    @Test
    void branchesAreIsolated()
    {
        String branch = "dev-" + suffix;
        lakeFs.createBranch(repository, branch, "main");
        lakeFs.putObject(repository, branch, "region/part-extra.parquet", ParquetFiles.builder(List.of("regionkey", "name", "comment"), List.of(BIGINT, VARCHAR, VARCHAR))
                .row(5L, "ANTARCTICA", "added on a branch").build());
        lakeFs.commit(repository, branch, "a sixth region");
        assertThat(trino.value("SELECT count(*) FROM %s.\"%s\".region".formatted(catalog, branch))).isEqualTo(6L);
        assertThat(trino.value("SELECT count(*) FROM %s.main.region".formatted(catalog))).isEqualTo(5L);
        assertThat(trino.column("SHOW SCHEMAS FROM " + catalog)).contains(branch, "main");
    }

    @Test
    void tagsCommitsAndTimeTravel()
    {
        String branch = "history-" + suffix;
        String tag = "v1-" + suffix;
        lakeFs.createBranch(repository, branch, "main");
        String before = lakeFs.getCommit(repository, branch).getId();
        lakeFs.createTag(repository, tag, branch);
        lakeFs.deleteObject(repository, branch, "nation/part-00001.parquet");
        lakeFs.putObject(repository, branch, "nation/part-00001.parquet", ParquetFiles.builder(List.of("nationkey", "name", "regionkey", "comment"), List.of(BIGINT, VARCHAR, BIGINT, VARCHAR))
                .row(0L, "ALGERIA", 0L, "the only nation left").build());
        String after = lakeFs.commit(repository, branch, "one nation", Map.of(), Instant.now().minus(1, ChronoUnit.MINUTES));

        String schema = catalog + ".\"" + branch + "\"";
        assertThat(trino.value("SELECT count(*) FROM %s.nation".formatted(schema))).isEqualTo(1L);
        assertThat(trino.value("SELECT count(*) FROM %s.\"%s\".nation".formatted(catalog, tag))).isEqualTo(25L);
        assertThat(trino.value("SELECT count(*) FROM %s.\"%s\".nation".formatted(catalog, before))).isEqualTo(25L);
        assertThat(trino.value("SELECT count(*) FROM %s.\"%s\".nation".formatted(catalog, before.substring(0, 10)))).isEqualTo(25L);
        assertThat(trino.value("SELECT count(*) FROM %s.\"%s~1\".nation".formatted(catalog, branch))).isEqualTo(25L);
        assertThat(trino.value("SELECT count(*) FROM %s.nation FOR VERSION AS OF '%s'".formatted(schema, tag))).isEqualTo(25L);
        assertThat(trino.value("SELECT count(*) FROM %s.main.nation FOR VERSION AS OF '%s'".formatted(catalog, after))).isEqualTo(1L);
        // main's commit is a day old and the branch's a minute: an hour ago the branch had 25 nations
        assertThat(trino.value("SELECT count(*) FROM %s.nation FOR TIMESTAMP AS OF current_timestamp - INTERVAL '1' HOUR".formatted(schema))).isEqualTo(25L);
        assertThat(trino.value("SELECT count(*) FROM %s.nation FOR TIMESTAMP AS OF current_timestamp - INTERVAL '10' SECOND".formatted(schema))).isEqualTo(1L);
        assertThat(trino.column("SELECT commit_id FROM %s.\"nation$commits\"".formatted(schema))).contains(after, before);
    }

    @Test
    void aQueryStaysOnItsCommitWhileTheBranchMoves()
            throws Exception
    {
        String branch = "moving-" + suffix;
        lakeFs.createBranch(repository, branch, "main");
        String count = "SELECT count(*) FROM %s.\"%s\".region".formatted(catalog, branch);
        try (Connection connection = stack.connect()) {
            connection.setAutoCommit(false);
            assertThat(scalar(connection, count)).isEqualTo(5L);
            lakeFs.putObject(repository, branch, "region/part-more.parquet", ParquetFiles.builder(List.of("regionkey", "name", "comment"), List.of(BIGINT, VARCHAR, VARCHAR))
                    .row(9L, "ATLANTIS", "committed while the transaction runs").build());
            lakeFs.commit(repository, branch, "moves the branch");
            assertThat(scalar(connection, count)).isEqualTo(5L);
            connection.commit();
            assertThat(scalar(connection, count)).isEqualTo(6L);
        }
    }

    @Test
    void partitionPruningReadsOnlyThatPartition()
    {
        QueryResult all = trino.query("SELECT count(*) FROM %s.main.lineitem".formatted(catalog));
        QueryResult year = trino.query("SELECT count(*) FROM %s.main.lineitem WHERE shipyear = 1995".formatted(catalog));
        long rowsOf1995 = (long) trino.value("SELECT count(*) FROM tpch.tiny.lineitem WHERE year(shipdate) = 1995");
        assertThat(year.rows().getFirst().getFirst()).isEqualTo(rowsOf1995);
        assertThat(year.stats().getProcessedRows()).isEqualTo(rowsOf1995);
        assertThat(all.stats().getProcessedRows()).isEqualTo(60175L);
    }

    @Test
    void rowGroupPruningReadsOnlyMatchingRowGroups()
    {
        String branch = "rowgroups-" + suffix;
        lakeFs.createBranch(repository, branch, "main");
        ParquetFiles.Builder file = ParquetFiles.builder(List.of("id", "payload"), List.of(BIGINT, VARCHAR))
                .options(ParquetWriterOptions.builder().setMaxBlockSize(DataSize.of(16, KILOBYTE)).build());
        for (long id = 0; id < 20_000; id++) {
            file.row(id, "payload-" + id);
            if (id % 1000 == 999) {
                file.flushPage();
            }
        }
        lakeFs.putObject(repository, branch, "sorted/part-0.parquet", file.build());
        lakeFs.commit(repository, branch, "a sorted table");
        QueryResult result = trino.query("SELECT payload FROM %s.\"%s\".sorted WHERE id = 12345".formatted(catalog, branch));
        assertThat(result.rows()).containsExactly(List.of("payload-12345"));
        assertThat(result.stats().getProcessedRows()).isPositive().isLessThanOrEqualTo(1000);
    }

    @Test
    void filesWithDifferentSchemasAreReadByName()
    {
        String branch = "schemas-" + suffix;
        lakeFs.createBranch(repository, branch, "main");
        lakeFs.putObject(repository, branch, "evolving/part-0.parquet", ParquetFiles.builder(List.of("id", "name"), List.of(BIGINT, VARCHAR)).row(1L, "one").build());
        lakeFs.putObject(repository, branch, "evolving/part-1.parquet", ParquetFiles.builder(List.of("id", "score", "name"), List.of(BIGINT, DOUBLE, VARCHAR)).row(2L, 0.5, "two").build());
        lakeFs.putObject(repository, branch, "conflict/part-0.parquet", ParquetFiles.builder(List.of("v"), List.of(BIGINT)).row(1L).build());
        lakeFs.putObject(repository, branch, "conflict/part-1.parquet", ParquetFiles.builder(List.of("v"), List.of(VARCHAR)).row("x").build());
        lakeFs.commit(repository, branch, "two schemas");
        List<List<Object>> rows = new ArrayList<>(trino.rows("SELECT id, name, score FROM %s.\"%s\".evolving".formatted(catalog, branch)));
        rows.sort(Comparator.comparing(row -> (Long) row.getFirst()));
        assertThat(rows).containsExactly(Arrays.asList(1L, "one", null), List.of(2L, "two", 0.5));
        assertThatThrownBy(() -> trino.rows("SELECT * FROM %s.\"%s\".conflict".formatted(catalog, branch)))
                .hasMessageContaining("Column 'v' of table 'conflict' has incompatible types in its data files: bigint in 'conflict/part-0.parquet' and varchar in 'conflict/part-1.parquet'");
    }

    @Test
    void unknownRefIsNamed()
    {
        assertThatThrownBy(() -> trino.rows("SELECT * FROM %s.mian.orders".formatted(catalog)))
                .hasMessageContaining("Schema 'mian' does not exist: lakeFS repository '%s' has no branch, tag or commit 'mian'".formatted(repository));
        assertThatThrownBy(() -> trino.rows("SELECT * FROM %s.main.orders FOR VERSION AS OF 'v404'".formatted(catalog)))
                .hasMessageContaining("lakeFS repository '%s' has no branch, tag or commit 'v404'".formatted(repository));
    }

    @Test
    void unreachableLakeFsIsNamed()
    {
        int closedPort = DatameshStack.freePort();
        String unreachable = "unreachable_" + suffix;
        Map<String, String> properties = new HashMap<>(stack.catalogProperties(repository));
        properties.put("datamesh.lakefs.endpoint", "http://127.0.0.1:" + closedPort);
        properties.put("datamesh.lakefs.max-retries", "1");
        trino.createCatalog(unreachable, properties);
        assertThatThrownBy(() -> trino.rows("SHOW SCHEMAS FROM " + unreachable))
                .hasMessageContaining("lakeFS at http://127.0.0.1:%s/api/v1 is unreachable".formatted(closedPort));
    }

    @Test
    void rejectedCredentialsNameTheEndpointNotTheSecret()
    {
        String secret = "wrong-secret-" + suffix;
        String rejected = "rejected_" + suffix;
        Map<String, String> properties = new HashMap<>(stack.catalogProperties(repository));
        properties.put("datamesh.lakefs.secret-access-key", secret);
        trino.createCatalog(rejected, properties);
        assertThatThrownBy(() -> trino.rows("SELECT * FROM %s.main.nation".formatted(rejected)))
                .hasMessageContaining("lakeFS at %s/api/v1 rejected the credentials with access key ID '%s'".formatted(stack.env("DATAMESH_LAKEFS_ENDPOINT"), stack.env("DATAMESH_LAKEFS_ACCESS_KEY_ID")))
                .hasMessageNotContaining(secret);
    }

    @Test
    void objectMissingFromMinioIsNamed()
    {
        String branch = "gc-" + suffix;
        lakeFs.createBranch(repository, branch, "main");
        lakeFs.putObject(repository, branch, "_lakefs_tables/collected.yaml", "name: collected\npath: collected\nschema:\n  fields:\n    - {name: id, type: long}\n".getBytes(UTF_8));
        lakeFs.putObject(repository, branch, "collected/part-0.parquet", ParquetFiles.builder(List.of("id"), List.of(BIGINT)).row(1L).build());
        lakeFs.commit(repository, branch, "soon collected");
        String physicalAddress = lakeFs.statObject(repository, branch, "collected/part-0.parquet").getPhysicalAddress();
        try (ObjectStore objectStore = stack.objectStore()) {
            objectStore.delete(S3Location.parse(physicalAddress));
        }
        assertThatThrownBy(() -> trino.rows("SELECT * FROM %s.\"%s\".collected".formatted(catalog, branch)))
                .hasMessageContaining("Data file 'collected/part-0.parquet' of lakeFS repository '%s'".formatted(repository))
                .hasMessageContaining("is missing from the object store (%s)".formatted(physicalAddress));
    }

    @Test
    void nonParquetFileIsNamed()
    {
        String branch = "corrupt-" + suffix;
        lakeFs.createBranch(repository, branch, "main");
        lakeFs.putObject(repository, branch, "notes/part-0.parquet", "a CSV file, named like Parquet\n1,2,3\n".getBytes(UTF_8));
        lakeFs.commit(repository, branch, "not Parquet");
        assertThatThrownBy(() -> trino.rows("SELECT * FROM %s.\"%s\".notes".formatted(catalog, branch)))
                .hasMessageContaining("Data file 'notes/part-0.parquet' of lakeFS repository '%s'".formatted(repository))
                .hasMessageContaining("is not a valid Parquet file");
    }

    @Test
    void unsupportedParquetTypeNamesTheColumn()
    {
        String branch = "unsigned-" + suffix;
        lakeFs.createBranch(repository, branch, "main");
        MessageType schema = Types.buildMessage()
                .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, false)).named("counter")
                .named("schema");
        BlockBuilder values = BIGINT.createBlockBuilder(null, 1);
        BIGINT.writeLong(values, 42);
        lakeFs.putObject(repository, branch, "counters/part-0.parquet",
                ParquetFiles.write(schema, ImmutableMap.of(List.of("counter"), BIGINT), List.of(new Page(values.build())), ParquetFiles.defaultOptions()));
        lakeFs.commit(repository, branch, "an unsigned 64-bit column");
        assertThatThrownBy(() -> trino.rows("SELECT * FROM %s.\"%s\".counters".formatted(catalog, branch)))
                .hasMessageContaining("Column 'counter' of data file 'counters/part-0.parquet'")
                .hasMessageContaining("has a Parquet type Trino cannot read");
    }

    @Test
    void directoriesWithoutADescriptorTakeNoInserts()
    {
        assertThatThrownBy(() -> trino.execute("INSERT INTO %s.main.region SELECT * FROM tpch.tiny.region".formatted(catalog)))
                .hasMessageContaining("Table 'main.region' is a directory of Parquet files ('region/') that no table descriptor declares")
                .hasMessageContaining("_lakefs_tables/region.yaml");
    }

    @Test
    void filesTableListsPhysicalAddresses()
    {
        List<List<Object>> files = trino.rows("SELECT path, physical_address, record_count FROM %s.main.\"orders$files\" ORDER BY path".formatted(catalog));
        assertThat(files).hasSize(2);
        assertThat((String) files.getFirst().get(1)).startsWith("s3://" + stack.env("DATAMESH_BUCKET") + "/" + repository);
        assertThat(files.stream().mapToLong(row -> (Long) row.get(2)).sum()).isEqualTo(15000L);
    }

    private static long scalar(Connection connection, String sql)
            throws Exception
    {
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            resultSet.next();
            return resultSet.getLong(1);
        }
    }
}
