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
import dev.trinodatamesh.connector.lakefs.LakeFsStagingLocation;
import dev.trinodatamesh.testing.ParquetFiles;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.trino.spi.type.BigintType.BIGINT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A repository can point an object at any physical address (an import, a link): the catalog reads
 * only those under the repository's storage namespace and the allowed prefixes, so one domain
 * cannot expose another's raw files.
 */
final class TestDatameshPhysicalAddresses
        extends AbstractTestQueryFramework
{
    private FakeLakeFsClient lakeFs;
    private Path elsewhere;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        lakeFs = new FakeLakeFsClient("sales", Files.createTempDirectory("datamesh-addresses"));
        elsewhere = Files.createTempDirectory("datamesh-other-domain");
        lakeFs.putObject("main", "own/part-0.parquet", ParquetFiles.builder(List.of("id"), List.of(BIGINT)).row(1L).build());
        // another domain's raw file, linked into this repository behind its back
        byte[] foreign = ParquetFiles.builder(List.of("id"), List.of(BIGINT)).row(2L).build();
        Path foreignFile = elsewhere.resolve("hr-salaries.parquet");
        Files.write(foreignFile, foreign);
        lakeFs.linkStagedObject("main", "borrowed/part-0.parquet", new LakeFsStagingLocation(foreignFile.toUri().toString()), foreign.length, "etag");
        lakeFs.commit("main", "own data and a link to another domain's file");
        return DatameshQueryRunner.builder()
                .addCatalog("sales", lakeFs)
                .build();
    }

    @Test
    void objectsOutsideTheStorageNamespaceAreRefusedByName()
    {
        assertThat(computeScalar("SELECT count(*) FROM sales.main.own")).isEqualTo(1L);
        assertQueryFails("SELECT * FROM sales.main.borrowed",
                "Object 'borrowed/part-0.parquet' of lakeFS repository 'sales' at commit \\w+ has the physical address 'file:.*hr-salaries.parquet', outside the repository's storage namespace 'file:.*'; "
                        + "the catalog reads no object outside it. If the object was imported or linked on purpose, add its location to datamesh.allowed-physical-prefixes");
    }

    @Test
    void allowedPrefixesAreRead()
            throws Exception
    {
        try (QueryRunner allowing = DatameshQueryRunner.builder()
                .addCatalog("sales", lakeFs)
                .addConnectorProperty("datamesh.allowed-physical-prefixes", elsewhere.toUri().toString())
                .setNodeCount(1)
                .build()) {
            assertThat(allowing.execute("SELECT id FROM sales.main.borrowed").getOnlyValue()).isEqualTo(2L);
        }
    }
}
