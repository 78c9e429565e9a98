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
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trino's file system cache ({@code fs.cache.*}) works with the connector, keyed by physical
 * address: a repeated query reads the cached bytes.
 */
final class TestDatameshFileSystemCache
        extends AbstractTestQueryFramework
{
    private Path cacheDirectory;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("sales", Files.createTempDirectory("datamesh-fs-cache"));
        TpchDataProducts.load(lakeFs, "main", "orders", 2);
        lakeFs.commit("main", "orders");
        cacheDirectory = Files.createTempDirectory("datamesh-fs-cache-directory");
        return DatameshQueryRunner.builder()
                .addCatalog("sales", lakeFs)
                .addConnectorProperty("fs.cache.enabled", "true")
                .addConnectorProperty("fs.cache.directories", cacheDirectory.toString())
                .addConnectorProperty("fs.cache.max-sizes", "256MB")
                .setNodeCount(1)
                .build();
    }

    @Test
    void repeatedQueriesReadTheCache()
            throws IOException
    {
        String query = "SELECT orderstatus, count(*), sum(totalprice) FROM sales.main.orders GROUP BY 1";
        MaterializedResult expected = computeActual("SELECT orderstatus, count(*), sum(totalprice) FROM tpch.tiny.orders GROUP BY 1");
        assertThat(computeActual(query).getMaterializedRows()).containsExactlyInAnyOrderElementsOf(expected.getMaterializedRows());
        long cachedBytes = cachedBytes();
        assertThat(cachedBytes).isPositive();
        assertThat(computeActual(query).getMaterializedRows()).containsExactlyInAnyOrderElementsOf(expected.getMaterializedRows());
        // the second run reads the same objects: nothing new is cached
        assertThat(cachedBytes()).isEqualTo(cachedBytes);
    }

    private long cachedBytes()
            throws IOException
    {
        try (Stream<Path> files = Files.walk(cacheDirectory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
