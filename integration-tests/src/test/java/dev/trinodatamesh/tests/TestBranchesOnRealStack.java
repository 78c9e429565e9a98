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

import io.lakefs.clients.sdk.model.Commit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static java.time.temporal.ChronoUnit.HOURS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Branches, tags and merges in SQL on the real stack: CREATE SCHEMA and DROP SCHEMA, the
 * procedures of {@code <catalog>.system} and {@code system.diff}, against a real lakeFS.
 */
@ExtendWith(DatameshStackExtension.class)
@TestInstance(PER_CLASS)
final class TestBranchesOnRealStack
{
    private final DatameshStack stack;
    private final String suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private final String repository = "branches-" + suffix;
    private final String catalog = "branches_" + suffix;
    private LakeFsFixture lakeFs;
    private TrinoClient trino;

    TestBranchesOnRealStack(DatameshStack stack)
    {
        this.stack = stack;
    }

    @BeforeAll
    void createRepository()
    {
        lakeFs = stack.lakeFs();
        trino = stack.trino();
        lakeFs.createRepository(repository);
        trino.createCatalog(catalog, stack.catalogProperties(repository));
        trino.update("CREATE SCHEMA %s.seed".formatted(catalog));
        trino.update("CREATE TABLE %s.seed.nations AS SELECT * FROM tpch.tiny.nation".formatted(catalog));
        trino.execute("CALL %s.system.merge('seed', 'main')".formatted(catalog));
        trino.update("DROP SCHEMA %s.seed CASCADE".formatted(catalog));
    }

    @Test
    void aBranchWrittenDiffedMergedAndDropped()
    {
        trino.update("CREATE SCHEMA %s.feature".formatted(catalog));
        assertThat(trino.column("SHOW SCHEMAS FROM %s".formatted(catalog))).contains("feature");
        assertThat(head("feature")).isEqualTo(head("main"));
        trino.update("CREATE TABLE %s.feature.orders AS SELECT orderkey, custkey, totalprice FROM tpch.tiny.orders".formatted(catalog));
        assertThat(trino.column("SHOW TABLES FROM %s.main".formatted(catalog))).doesNotContain("orders");

        // what the branch changed: the new table's data files and descriptor
        List<List<Object>> diff = trino.rows("SELECT path, type, size_bytes, table_name FROM TABLE(%s.system.diff(from_ref => 'main', to_ref => 'feature')) ORDER BY path".formatted(catalog));
        assertThat(diff).isNotEmpty();
        assertThat(diff).allSatisfy(row -> {
            assertThat(row.get(1)).isEqualTo("added");
            assertThat((Long) row.get(2)).isPositive();
            assertThat(row.get(3)).isEqualTo("orders");
        });
        assertThat(diff.stream().map(row -> (String) row.getFirst())).contains("_lakefs_tables/orders.yaml").anyMatch(path -> path.startsWith("orders/") && path.endsWith(".parquet"));

        String main = head("main");
        String feature = head("feature");
        trino.execute("CALL %s.system.merge('feature', 'main')".formatted(catalog));
        Commit merge = lakeFs.getCommit(repository, "main");
        assertThat(merge.getParents()).containsExactlyInAnyOrder(main, feature);
        assertThat(merge.getMetadata())
                .containsEntry("trino_statement", "CALL system.merge('feature', 'main')")
                .containsKey("trino_query_id")
                .containsKey("trino_user");
        assertThat(trino.rows("SELECT count(*), sum(totalprice) FROM %s.main.orders".formatted(catalog)))
                .isEqualTo(trino.rows("SELECT count(*), sum(totalprice) FROM tpch.tiny.orders"));
        assertThat(trino.value("SELECT count(*) FROM TABLE(%s.system.diff(from_ref => 'main', to_ref => 'feature'))".formatted(catalog))).isEqualTo(0L);

        assertThatThrownBy(() -> trino.update("DROP SCHEMA %s.feature".formatted(catalog)))
                .hasMessageContaining("Cannot drop non-empty schema 'feature'");
        trino.update("DROP SCHEMA %s.feature CASCADE".formatted(catalog));
        assertThat(lakeFs.listAllBranches(repository)).doesNotContain("feature");
        assertThat(trino.column("SHOW SCHEMAS FROM %s".formatted(catalog))).doesNotContain("feature");
        assertThatThrownBy(() -> trino.update("DROP SCHEMA %s.main CASCADE".formatted(catalog)))
                .hasMessageContaining("Branch 'main' is the default branch of lakeFS repository '%s' and cannot be deleted".formatted(repository));
        assertThat(lakeFs.listAllBranches(repository)).contains("main").noneMatch(name -> name.startsWith("trino-tx-"));
    }

    @Test
    void aConflictingMergeNamesThePathsAndChangesNothing()
    {
        trino.update("CREATE SCHEMA %s.left_side".formatted(catalog));
        trino.update("CREATE SCHEMA %s.right_side".formatted(catalog));
        trino.update("CREATE TABLE %s.left_side.contested AS SELECT 1 x".formatted(catalog));
        trino.update("CREATE TABLE %s.right_side.contested AS SELECT 'two' x".formatted(catalog));
        trino.execute("CALL %s.system.merge('left_side', 'main')".formatted(catalog));
        String main = head("main");
        assertThatThrownBy(() -> trino.execute("CALL %s.system.merge('right_side', 'main')".formatted(catalog)))
                // DATAMESH_WRITE_CONFLICT: the connector's code range starts at 0x0d17_0000
                .satisfies(failure -> assertThat(((SQLException) failure.getCause()).getErrorCode()).isEqualTo(0x0d17_0000 + 24))
                .hasMessageContaining("Merging 'right_side' into branch 'main' of lakeFS repository '%s' conflicts on _lakefs_tables/contested.yaml".formatted(repository))
                .hasMessageContaining("nothing was merged");
        assertThat(head("main")).isEqualTo(main);
        assertThat(trino.value("SELECT x FROM %s.main.contested".formatted(catalog))).isEqualTo(1);
        trino.update("DROP SCHEMA %s.left_side CASCADE".formatted(catalog));
        trino.update("DROP SCHEMA %s.right_side CASCADE".formatted(catalog));
    }

    @Test
    void aTagIsReadOnly()
    {
        trino.execute("CALL %s.system.create_tag('release_1', 'main')".formatted(catalog));
        assertThat(trino.value("SELECT count(*) FROM %s.release_1.nations".formatted(catalog))).isEqualTo(25L);
        assertThatThrownBy(() -> trino.update("INSERT INTO %s.release_1.nations SELECT * FROM tpch.tiny.nation".formatted(catalog)))
                .hasMessageContaining("Schema 'release_1' is tag 'release_1' of lakeFS repository '%s', which is read-only".formatted(repository));
        assertThatThrownBy(() -> trino.update("DROP SCHEMA %s.release_1 CASCADE".formatted(catalog)))
                .hasMessageContaining("CALL system.delete_tag('release_1')");
        trino.execute("CALL %s.system.delete_tag('release_1')".formatted(catalog));
        assertThat(trino.column("SHOW SCHEMAS FROM %s".formatted(catalog))).doesNotContain("release_1");
    }

    @Test
    void revertUndoesAWrite()
    {
        trino.update("CREATE SCHEMA %s.to_revert".formatted(catalog));
        trino.update("INSERT INTO %s.to_revert.nations SELECT * FROM tpch.tiny.nation".formatted(catalog));
        assertThat(trino.value("SELECT count(*) FROM %s.to_revert.nations".formatted(catalog))).isEqualTo(50L);
        String insert = head("to_revert");
        trino.execute("CALL %s.system.revert('to_revert', '%s')".formatted(catalog, insert));
        assertThat(trino.value("SELECT count(*) FROM %s.to_revert.nations".formatted(catalog))).isEqualTo(25L);
        Commit revert = lakeFs.getCommit(repository, "to_revert");
        assertThat(revert.getParents()).containsExactly(insert);
        assertThat(revert.getMetadata()).containsEntry("trino_statement", "CALL system.revert('to_revert', '%s')".formatted(insert));
        trino.update("DROP SCHEMA %s.to_revert CASCADE".formatted(catalog));
    }

    @Test
    void cleanupTransactionsDeletesLeftoverTransactionBranches()
    {
        DateTimeFormatter queryIdTime = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
        String leftover = "trino-tx-%s_00001_abcde-0badf00d".formatted(queryIdTime.format(Instant.now().minus(30, HOURS)));
        String running = "trino-tx-%s_00002_abcde-0badf00d".formatted(queryIdTime.format(Instant.now()));
        lakeFs.createHiddenBranch(repository, leftover, "main");
        lakeFs.createHiddenBranch(repository, running, "main");
        // what a killed statement staged and never committed
        lakeFs.putObject(repository, leftover, "nations/left-behind.parquet", new byte[] {1, 2, 3});
        ObjectStore.S3Location leftBehind = ObjectStore.S3Location.parse(lakeFs.statObject(repository, leftover, "nations/left-behind.parquet").getPhysicalAddress());
        assertThat(stack.objectStore().exists(leftBehind)).isTrue();
        trino.execute("CALL %s.system.cleanup_transactions('1d')".formatted(catalog));
        assertThat(lakeFs.listAllBranches(repository)).doesNotContain(leftover).contains(running, "main");
        assertThat(stack.objectStore().exists(leftBehind)).isFalse();
        assertThat(trino.value("SELECT count(*) FROM %s.main.nations".formatted(catalog))).isEqualTo(25L);
        lakeFs.deleteBranch(repository, running);
    }

    private String head(String branch)
    {
        return lakeFs.getCommit(repository, branch).getId();
    }
}
