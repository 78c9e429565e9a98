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
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Branches, tags, commits and time travel: a schema is a ref, {@code FOR VERSION AS OF} and
 * {@code FOR TIMESTAMP AS OF} select another one, and a transaction reads one commit per ref.
 */
final class TestDatameshVersions
        extends AbstractTestQueryFramework
{
    private FakeLakeFsClient lakeFs;
    private String firstCommit;
    private String devCommit;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        lakeFs = new FakeLakeFsClient("sales", Files.createTempDirectory("datamesh-versions"));
        lakeFs.putObject("main", "events/part-0.parquet", events(1, 2, 3));
        firstCommit = lakeFs.commit("main", "three events", Instant.parse("2026-03-01T10:00:00Z"));
        lakeFs.createTag("v1", "main");
        lakeFs.createBranch("dev", "main");
        lakeFs.putObject("dev", "events/part-1.parquet", events(4, 5));
        devCommit = lakeFs.commit("dev", "two more events on dev", Instant.parse("2026-03-02T10:00:00Z"));
        lakeFs.putObject("main", "events/part-2.parquet", events(10));
        lakeFs.commit("main", "one event on main", Instant.parse("2026-03-03T10:00:00Z"));
        return DatameshQueryRunner.builder().addCatalog("sales", lakeFs).build();
    }

    private static byte[] events(long... ids)
    {
        ParquetFiles.Builder file = ParquetFiles.builder(List.of("id", "kind"), List.of(BIGINT, VARCHAR));
        for (long id : ids) {
            file.row(id, "event-" + id);
        }
        return file.build();
    }

    @Test
    void eachBranchIsItsOwnSchema()
    {
        assertThat(query("SELECT id FROM sales.main.events")).matches("VALUES BIGINT '1', 2, 3, 10");
        assertThat(query("SELECT id FROM sales.dev.events")).matches("VALUES BIGINT '1', 2, 3, 4, 5");
        assertThat(query("SELECT id FROM sales.v1.events")).matches("VALUES BIGINT '1', 2, 3");
    }

    @Test
    void commitIdsAndExpressionsAreSchemas()
    {
        assertThat(query("SELECT count(*) FROM sales.\"%s\".events".formatted(firstCommit))).matches("VALUES BIGINT '3'");
        assertThat(query("SELECT count(*) FROM sales.\"%s\".events".formatted(devCommit.substring(0, 12)))).matches("VALUES BIGINT '5'");
        assertThat(query("SELECT count(*) FROM sales.\"main~1\".events")).matches("VALUES BIGINT '3'");
    }

    @Test
    void forVersionAsOf()
    {
        assertThat(query("SELECT count(*) FROM sales.main.events FOR VERSION AS OF 'v1'")).matches("VALUES BIGINT '3'");
        assertThat(query("SELECT count(*) FROM sales.main.events FOR VERSION AS OF 'dev'")).matches("VALUES BIGINT '5'");
        assertThat(query("SELECT count(*) FROM sales.main.events FOR VERSION AS OF '%s'".formatted(firstCommit))).matches("VALUES BIGINT '3'");
        assertQueryFails("SELECT count(*) FROM sales.main.events FOR VERSION AS OF 'nope'", "lakeFS repository 'sales' has no branch, tag or commit 'nope'");
        assertQueryFails("SELECT count(*) FROM sales.main.events FOR VERSION AS OF 42", ".*FOR VERSION AS OF takes a branch, tag or commit ID as a string.*");
    }

    @Test
    void forTimestampAsOfTakesTheLatestCommitAtOrBefore()
    {
        assertThat(query("SELECT count(*) FROM sales.main.events FOR TIMESTAMP AS OF TIMESTAMP '2026-03-02 12:00:00 UTC'")).matches("VALUES BIGINT '3'");
        assertThat(query("SELECT count(*) FROM sales.main.events FOR TIMESTAMP AS OF TIMESTAMP '2026-03-03 10:00:00 UTC'")).matches("VALUES BIGINT '4'");
        assertThat(query("SELECT count(*) FROM sales.dev.events FOR TIMESTAMP AS OF TIMESTAMP '2026-03-02 10:00:01 UTC'")).matches("VALUES BIGINT '5'");
        assertQueryFails("SELECT count(*) FROM sales.main.events FOR TIMESTAMP AS OF TIMESTAMP '2020-01-01 00:00:00 UTC'",
                "branch 'main' of lakeFS repository 'sales' has no commit at or before 2020-01-01T00:00:00Z");
    }

    @Test
    void unknownSchemaNamesTheRef()
    {
        assertQueryFails("SELECT * FROM sales.mian.events", ".*lakeFS repository 'sales' has no branch, tag or commit 'mian'.*");
    }

    @Test
    void aTransactionReadsOneCommitPerRef()
    {
        lakeFs.createBranch("moving", "main");
        inTransaction(session -> {
            long before = (long) computeScalar(session, "SELECT count(*) FROM sales.moving.events");
            lakeFs.putObject("moving", "events/part-9.parquet", events(100, 101));
            lakeFs.commit("moving", "moves the branch during the transaction");
            assertThat(computeScalar(session, "SELECT count(*) FROM sales.moving.events")).isEqualTo(before);
        });
        assertThat(computeScalar("SELECT count(*) FROM sales.moving.events")).isEqualTo(6L);
    }

    @Test
    void uncommittedChangesAreInvisible()
    {
        lakeFs.createBranch("staged", "main");
        lakeFs.putObject("staged", "events/part-staged.parquet", events(7));
        assertThat(query("SELECT count(*) FROM sales.staged.events")).matches("VALUES BIGINT '4'");
    }

    @Test
    void commitsTableIsTheLogOfTheTable()
    {
        assertThat(computeActual("SELECT message FROM sales.dev.\"events$commits\"").getOnlyColumnAsSet())
                .contains("two more events on dev", "three events")
                .doesNotContain("one event on main");
        assertThat(query("SELECT commit_id, committer FROM sales.v1.\"events$commits\""))
                .matches("VALUES (CAST('%s' AS varchar), CAST('tester' AS varchar))".formatted(firstCommit));
    }
}
