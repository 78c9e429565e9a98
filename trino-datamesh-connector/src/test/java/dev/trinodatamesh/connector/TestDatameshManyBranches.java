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
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static dev.trinodatamesh.testing.ParquetFiles.builder;
import static io.trino.spi.type.BigintType.BIGINT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Catalog-wide metadata (what BI tools read when they connect) over a repository with many
 * branches: one listing of the refs per query, no lakeFS call per schema, one table discovery per
 * commit.
 */
final class TestDatameshManyBranches
        extends AbstractTestQueryFramework
{
    private static final int BRANCHES = 500;

    private FakeLakeFsClient lakeFs;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        lakeFs = new FakeLakeFsClient("sales", Files.createTempDirectory("datamesh-many-branches"));
        lakeFs.putObject("main", "events/part-0.parquet", builder(List.of("id"), List.of(BIGINT)).row(1L).build());
        lakeFs.commit("main", "events");
        for (int i = 0; i < BRANCHES; i++) {
            lakeFs.createBranch("ingest_%03d".formatted(i), "main");
        }
        lakeFs.createBranch("dev", "main");
        lakeFs.putObject("dev", "drafts/part-0.parquet", builder(List.of("id"), List.of(BIGINT)).row(2L).build());
        lakeFs.commit("dev", "drafts");
        return DatameshQueryRunner.builder()
                .addCatalog("sales", lakeFs)
                .build();
    }

    @Test
    void informationSchemaListsRefsOnceAndDiscoversEachCommitOnce()
    {
        lakeFs.resetCalls();
        // every ingest branch and main share one commit; dev has its own
        assertThat(computeScalar("SELECT count(*) FROM sales.information_schema.tables WHERE table_schema <> 'information_schema'"))
                .isEqualTo((long) BRANCHES + 1 + 2);
        assertThat(computeScalar("SELECT count(*) FROM sales.information_schema.columns WHERE table_schema <> 'information_schema'"))
                .isEqualTo((long) BRANCHES + 1 + 2);
        assertThat(lakeFs.calls("listBranches")).isEqualTo(2);
        assertThat(lakeFs.calls("getBranch")).isZero();
        assertThat(lakeFs.calls("getCommit")).isZero();
    }

    @Test
    void aTrivialQueryDoesNotListTheBranches()
    {
        lakeFs.resetCalls();
        assertThat(computeScalar("SELECT count(*) FROM sales.ingest_042.events")).isEqualTo(1L);
        assertThat(lakeFs.calls("listBranches")).isZero();
        assertThat(lakeFs.calls("listTags")).isZero();
    }
}
