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
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

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
        // the branch is resolved again: it may have moved
        assertThat(uncached.calls("listBranches")).isEqualTo(1);

        uncached.commit("main", "an empty commit moves main");
        uncached.resetCalls();
        assertThat(computeScalar(query)).isEqualTo(expected);
        // a new commit is new metadata
        assertThat(uncached.calls("listObjects")).isPositive();
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
