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
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static io.trino.spi.type.BigintType.BIGINT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What never changes for a commit is fetched once: listings, descriptors, footers. What can
 * change, the commit a branch points to, is resolved for every query unless a TTL is set.
 */
final class TestDatameshCaching
        extends AbstractTestQueryFramework
{
    private FakeLakeFsClient uncached;
    private FakeLakeFsClient cached;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        uncached = new FakeLakeFsClient("sales", Files.createTempDirectory("datamesh-cache"));
        cached = new FakeLakeFsClient("supply", Files.createTempDirectory("datamesh-cache-ttl"));
        for (FakeLakeFsClient lakeFs : new FakeLakeFsClient[] {uncached, cached}) {
            TpchDataProducts.load(lakeFs, "main", "orders", 2);
            lakeFs.commit("main", "orders");
        }
        return DatameshQueryRunner.builder()
                .addCatalog("sales", uncached)
                .build();
    }

    @Test
    void metadataOfACommitIsFetchedOnce()
    {
        String query = "SELECT count(*) FROM sales.main.orders WHERE orderstatus = 'F'";
        Object expected = computeScalar(query);
        uncached.resetCalls();
        assertThat(computeScalar(query)).isEqualTo(expected);
        assertThat(uncached.calls("listObjects")).isZero();
        assertThat(uncached.calls("getObject")).isZero();
        // the branch is resolved again, with one direct lookup: it may have moved
        assertThat(uncached.calls("getBranch")).isEqualTo(1);
        assertThat(uncached.calls("listBranches")).isZero();

        uncached.commit("main", "an empty commit moves main");
        uncached.resetCalls();
        assertThat(computeScalar(query)).isEqualTo(expected);
        // a new commit is new metadata
        assertThat(uncached.calls("listObjects")).isPositive();
    }

    @Test
    void withoutASharedCacheAQueryResolvesEachTableOnce()
            throws Exception
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("nocache", Files.createTempDirectory("datamesh-nocache"));
        // no descriptor: the columns come from the footers, the partition keys from the paths
        TpchDataProducts.load(lakeFs, "main", "orders", 3);
        lakeFs.commit("main", "orders");
        try (QueryRunner runner = DatameshQueryRunner.builder()
                .addCatalog("nocache", lakeFs)
                .addConnectorProperty("datamesh.metadata-cache.max-size", "0B")
                .setNodeCount(1)
                .build()) {
            String query = "SELECT orderstatus, count(*) FROM nocache.main.orders GROUP BY orderstatus";
            for (int run = 0; run < 2; run++) {
                lakeFs.resetCalls();
                assertThat(runner.execute(query).getRowCount()).isEqualTo(3);
                // once each for the whole query (table handle, metadata, columns, statistics, splits, getInfo):
                // the descriptors, the top-level directories, whether orders/ holds a Parquet file, the files of orders/
                assertThat(lakeFs.calls("listObjects")).isEqualTo(4);
                assertThat(lakeFs.calls("getRepository")).isEqualTo(1);
            }
        }
    }

    @Test
    void aLakeFsFailureWhileReadingADescriptorIsNotKeptForTheCommit()
            throws Exception
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("flaky", Files.createTempDirectory("datamesh-flaky"));
        TpchDataProducts.load(lakeFs, "main", "part", 1);
        lakeFs.putObject("main", "_lakefs_tables/part.yaml", """
                name: part
                path: part
                schema:
                  fields:
                    - {name: partkey, type: long}
                """.getBytes(UTF_8));
        lakeFs.commit("main", "part");
        try (QueryRunner runner = DatameshQueryRunner.builder()
                .addCatalog("flaky", lakeFs)
                .setNodeCount(1)
                .build()) {
            lakeFs.failNext("getObject");
            assertThatThrownBy(() -> runner.execute("SELECT count(*) FROM flaky.main.part"))
                    .hasMessageContaining("lakeFS at http://fake-lakefs:8000/api/v1 is unreachable");
            // the same commit, lakeFS back: the descriptor is read again, not remembered as broken
            assertThat(runner.execute("SELECT count(*) FROM flaky.main.part").getOnlyValue()).isEqualTo(2000L);
        }
    }

    @Test
    void coldFootersAreReadOnABoundedNumberOfThreads()
            throws Exception
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("manyfiles", Files.createTempDirectory("datamesh-many-files"));
        for (int i = 0; i < 120; i++) {
            lakeFs.putObject("main", "events/part-%05d.parquet".formatted(i), ParquetFiles.builder(List.of("id"), List.of(BIGINT)).row((long) i).build());
        }
        lakeFs.commit("main", "120 small files");
        try (QueryRunner runner = DatameshQueryRunner.builder()
                .addCatalog("manyfiles", lakeFs)
                .addConnectorProperty("datamesh.metadata-parallelism", "4")
                .setNodeCount(1)
                .build()) {
            // columns and statistics from 120 footers, none cached yet
            assertThat(runner.execute("SELECT sum(id) FROM manyfiles.main.events").getOnlyValue()).isEqualTo(7140L);
            // idle threads of the pool live on for a minute: every thread it ever started is still there
            long metadataThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().startsWith("datamesh-metadata-manyfiles-"))
                    .count();
            assertThat(metadataThreads).isBetween(1L, 4L);
        }
    }

    @Test
    void footersAreReadOncePerFile()
            throws Exception
    {
        // one node, columns from a descriptor and no statistics: only the reads of the data see the footers
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("parts", Files.createTempDirectory("datamesh-footers"));
        TpchDataProducts.load(lakeFs, "main", "part", 1);
        lakeFs.putObject("main", "_lakefs_tables/part.yaml", """
                name: part
                path: part
                schema:
                  fields:
                    - {name: partkey, type: long}
                    - {name: retailprice, type: "decimal(12,2)"}
                """.getBytes(UTF_8));
        lakeFs.commit("main", "part");
        try (DistributedQueryRunner runner = DatameshQueryRunner.builder()
                .addCatalog("parts", lakeFs)
                .addConnectorProperty("datamesh.statistics.enabled", "false")
                .setNodeCount(1)
                .build()) {
            String query = "SELECT sum(retailprice) FROM parts.main.part";
            long first = inputBytes(runner, query);
            long second = inputBytes(runner, query);
            assertThat(second).isPositive().isLessThan(first);
        }
    }

    private static long inputBytes(DistributedQueryRunner runner, String query)
    {
        var result = runner.executeWithPlan(runner.getDefaultSession(), query);
        return runner.getCoordinator().getQueryManager().getFullQueryInfo(result.queryId()).getQueryStats().getPhysicalInputDataSize().toBytes();
    }

    @Test
    void refCacheTtlReusesTheResolution()
            throws Exception
    {
        try (QueryRunner runner = DatameshQueryRunner.builder()
                .addCatalog("supply", cached)
                .addConnectorProperty("datamesh.ref-cache-ttl", "1h")
                .setNodeCount(1)
                .build()) {
            runner.execute("SELECT count(*) FROM supply.main.orders");
            cached.resetCalls();
            runner.execute("SELECT count(*) FROM supply.main.orders");
            runner.execute("SELECT count(*) FROM supply.main.orders");
            assertThat(cached.calls("listBranches")).isZero();
            assertThat(cached.calls("listObjects")).isZero();
        }
    }
}
