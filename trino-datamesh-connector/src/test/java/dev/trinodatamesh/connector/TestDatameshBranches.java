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
import dev.trinodatamesh.connector.lakefs.LakeFsCommit;
import dev.trinodatamesh.connector.lakefs.LakeFsObject;
import dev.trinodatamesh.connector.lakefs.LakeFsRef;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.temporal.ChronoUnit.HOURS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Branches and tags in SQL over a fake lakeFS repository: CREATE SCHEMA and DROP SCHEMA, the
 * procedures of {@code sales.system} and the {@code system.diff} table function. The listing of
 * refs is cached for an hour, so every test also checks that the catalog sees its own changes.
 */
final class TestDatameshBranches
        extends AbstractTestQueryFramework
{
    private FakeLakeFsClient lakeFs;
    private String initialCommit;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        lakeFs = new FakeLakeFsClient("sales", Files.createTempDirectory("datamesh-branches"));
        initialCommit = lakeFs.getCommit("main").orElseThrow().id();
        TpchDataProducts.load(lakeFs, "main", "region", 1);
        lakeFs.commit("main", "region");
        lakeFs.createTag("v1", "main");
        lakeFs.protectBranches("release-*");
        return DatameshQueryRunner.builder()
                .addCatalog("sales", lakeFs)
                .setNodeCount(2)
                .addConnectorProperty("datamesh.ref-cache-ttl", "1h")
                .build();
    }

    @Test
    void createSchemaMakesABranchSeenAtOnce()
    {
        // the listing is cached from here on
        assertThat(computeActual("SHOW SCHEMAS FROM sales").getOnlyColumnAsSet()).doesNotContain("feature_a");
        assertUpdate("CREATE SCHEMA sales.feature_a");
        assertThat(computeActual("SHOW SCHEMAS FROM sales").getOnlyColumnAsSet()).contains("feature_a");
        assertThat(lakeFs.getBranch("feature_a").orElseThrow().commitId()).isEqualTo(head("main"));
        assertQuery("SELECT count(*) FROM sales.feature_a.region", "VALUES 5");

        // a write on it is read back at once, and main does not change
        String main = head("main");
        assertUpdate("CREATE TABLE sales.feature_a.nations AS SELECT * FROM tpch.tiny.nation", 25);
        assertQuery("SELECT count(*) FROM sales.feature_a.nations", "VALUES 25");
        assertThat(head("main")).isEqualTo(main);
        assertUpdate("DROP SCHEMA sales.feature_a CASCADE");
        assertThat(lakeFs.getBranch("feature_a")).isEmpty();
        assertThat(computeActual("SHOW SCHEMAS FROM sales").getOnlyColumnAsSet()).doesNotContain("feature_a");
    }

    @Test
    void createSchemaFromAnyRef()
    {
        assertUpdate("CREATE SCHEMA sales.from_tag WITH (source_ref = 'v1')");
        assertThat(lakeFs.getBranch("from_tag").orElseThrow().commitId()).isEqualTo(lakeFs.getCommit("v1").orElseThrow().id());
        assertUpdate("CREATE SCHEMA sales.from_commit WITH (source_ref = '%s')".formatted(initialCommit));
        assertThat(lakeFs.getBranch("from_commit").orElseThrow().commitId()).isEqualTo(initialCommit);
        assertThat(computeActual("SHOW TABLES FROM sales.from_commit").getRowCount()).isZero();
        assertUpdate("CREATE SCHEMA sales.from_expression WITH (source_ref = 'v1~1')");
        assertThat(lakeFs.getBranch("from_expression").orElseThrow().commitId()).isEqualTo(initialCommit);

        assertQueryFails("CREATE SCHEMA sales.from_nothing WITH (source_ref = 'no_such_ref')",
                "Cannot create branch 'from_nothing' from 'no_such_ref': lakeFS repository 'sales' has no branch, tag or commit 'no_such_ref'");
        assertThat(lakeFs.getBranch("from_nothing")).isEmpty();
        // branches and tags are schemas: the engine says they exist
        assertQueryFails("CREATE SCHEMA sales.v1", ".*Schema 'sales.v1' already exists");
        assertQueryFails("CREATE SCHEMA sales.main", ".*Schema 'sales.main' already exists");
        assertQueryFails("CREATE SCHEMA sales.\"bad.name\"", "Invalid branch name 'bad.name' for lakeFS repository 'sales'.*");
        assertQueryFails("CREATE SCHEMA sales.\"trino-tx-mine\"", "Invalid branch name 'trino-tx-mine': names starting with 'trino-tx-' are reserved.*");

        assertUpdate("DROP SCHEMA sales.from_tag CASCADE");
        assertUpdate("DROP SCHEMA sales.from_commit");
        assertUpdate("DROP SCHEMA sales.from_expression");
    }

    @Test
    void dropSchemaDeletesBranchesOnly()
    {
        assertUpdate("CREATE SCHEMA sales.has_tables");
        // RESTRICT, the default: the engine refuses a schema with tables
        assertQueryFails("DROP SCHEMA sales.has_tables", ".*Cannot drop non-empty schema 'has_tables'");
        assertQueryFails("DROP SCHEMA sales.has_tables RESTRICT", ".*Cannot drop non-empty schema 'has_tables'");
        assertThat(lakeFs.getBranch("has_tables")).isPresent();
        assertUpdate("DROP SCHEMA sales.has_tables CASCADE");
        assertThat(lakeFs.getBranch("has_tables")).isEmpty();
        assertQueryFails("DROP SCHEMA sales.has_tables", ".*Schema 'sales.has_tables' does not exist");
        assertUpdate("DROP SCHEMA IF EXISTS sales.has_tables");

        String main = head("main");
        assertQueryFails("DROP SCHEMA sales.main CASCADE", "Branch 'main' is the default branch of lakeFS repository 'sales' and cannot be deleted");
        assertQueryFails("DROP SCHEMA sales.v1 CASCADE", "Schema 'v1' is tag 'v1' of lakeFS repository 'sales': DROP SCHEMA deletes branches only; CALL system.delete_tag\\('v1'\\) deletes the tag");
        assertQueryFails("DROP SCHEMA sales.\"%s\" CASCADE".formatted(main), "Schema '%s' is commit %s of lakeFS repository 'sales': commits are never deleted.*".formatted(main, main));
        assertUpdate("CALL sales.system.create_branch('release-1', 'main')");
        assertQueryFails("DROP SCHEMA sales.\"release-1\" CASCADE", "Branch 'release-1' of lakeFS repository 'sales' is protected \\(rule 'release-\\*'\\) and cannot be deleted");
        assertThat(lakeFs.getBranch("main")).isPresent();
        assertThat(lakeFs.getBranch("release-1")).isPresent();
        assertThat(lakeFs.listTags().stream().map(LakeFsRef::name)).contains("v1");
    }

    @Test
    void branchAndTagProcedures()
    {
        assertUpdate("CALL sales.system.create_branch('Proc_Branch', 'v1')");
        assertThat(lakeFs.getBranch("Proc_Branch").orElseThrow().commitId()).isEqualTo(lakeFs.getCommit("v1").orElseThrow().id());
        assertQuery("SELECT count(*) FROM sales.proc_branch.region", "VALUES 5");
        assertUpdate("CALL sales.system.create_branch(name => 'proc_default')");
        assertThat(lakeFs.getBranch("proc_default").orElseThrow().commitId()).isEqualTo(head("main"));
        assertQueryFails("CALL sales.system.create_branch('proc_default', 'main')", "lakeFS repository 'sales' already has a branch 'proc_default'");
        assertQueryFails("CALL sales.system.create_branch('PROC_DEFAULT', 'main')", "lakeFS repository 'sales' already has a branch 'proc_default', the same Trino schema as 'PROC_DEFAULT'.*");
        assertQueryFails("CALL sales.system.create_branch('v1', 'main')", "lakeFS repository 'sales' already has a tag 'v1'");
        assertQueryFails("CALL sales.system.create_branch('other', 'nowhere')", "Cannot create branch 'other' from 'nowhere': lakeFS repository 'sales' has no branch, tag or commit 'nowhere'");
        assertQueryFails("CALL sales.system.create_branch(NULL, 'main')", "Argument name of system.create_branch must not be NULL or empty");
        assertQueryFails("CALL sales.system.create_branch('a b', 'main')", "Invalid branch name 'a b' for lakeFS repository 'sales'.*");

        assertUpdate("CALL sales.system.create_tag('v2', 'Proc_Branch')");
        assertQuery("SELECT count(*) FROM sales.v2.region", "VALUES 5");
        assertQueryFails("CALL sales.system.create_tag('v2', 'main')", "lakeFS repository 'sales' already has a tag 'v2'");
        assertQueryFails("CALL sales.system.create_tag('v3', 'nowhere')", "Cannot create tag 'v3' at 'nowhere': lakeFS repository 'sales' has no branch, tag or commit 'nowhere'");
        assertQueryFails("CALL sales.system.delete_branch('v2')", "'v2' is a tag of lakeFS repository 'sales', not a branch: CALL system.delete_tag\\('v2'\\) deletes it");
        assertQueryFails("CALL sales.system.delete_tag('Proc_Branch')", "'Proc_Branch' is a branch of lakeFS repository 'sales', not a tag.*");
        assertQueryFails("CALL sales.system.delete_tag('v9')", "lakeFS repository 'sales' has no tag 'v9'");
        assertUpdate("CALL sales.system.delete_tag('v2')");
        assertQueryFails("SELECT count(*) FROM sales.v2.region", ".*Schema 'v2' does not exist.*");

        assertQueryFails("CALL sales.system.delete_branch('main')", "Branch 'main' is the default branch of lakeFS repository 'sales' and cannot be deleted");
        assertQueryFails("CALL sales.system.delete_branch('nowhere')", "lakeFS repository 'sales' has no branch 'nowhere'");
        assertQueryFails("CALL sales.system.delete_branch('%s')".formatted(initialCommit), "'%s' is a commit of lakeFS repository 'sales', not a branch.*".formatted(initialCommit));
        assertQueryFails("CALL sales.system.delete_branch('trino-tx-20260101_000000_00000_aaaaa-1')", "'trino-tx-20260101_000000_00000_aaaaa-1' is a transaction branch.*cleanup_transactions.*");
        assertUpdate("CALL sales.system.delete_branch('Proc_Branch')");
        assertUpdate("CALL sales.system.delete_branch('proc_default')");
        assertThat(computeActual("SHOW SCHEMAS FROM sales").getOnlyColumnAsSet()).doesNotContain("proc_branch", "proc_default", "v2");
    }

    @Test
    void mergeBringsABranchIntoMain()
    {
        assertUpdate("CREATE SCHEMA sales.to_merge");
        assertUpdate("CREATE TABLE sales.to_merge.merged AS SELECT * FROM tpch.tiny.nation", 25);
        String main = head("main");
        String branch = head("to_merge");
        assertUpdate("CALL sales.system.merge('to_merge', 'main')");
        assertQuery("SELECT count(*) FROM sales.main.merged", "VALUES 25");
        LakeFsCommit merge = lakeFs.getCommit("main").orElseThrow();
        assertThat(merge.parents()).containsExactly(main, branch);
        assertThat(merge.metadata())
                .containsEntry("trino_statement", "CALL system.merge('to_merge', 'main')")
                .containsEntry("trino_user", "user")
                .containsKey("trino_query_id");
        assertThat(computeScalar("SELECT metadata['trino_statement'] FROM sales.main.\"merged$commits\" ORDER BY creation_time DESC LIMIT 1")).isEqualTo("CALL system.merge('to_merge', 'main')");

        // nothing left to merge: no commit
        assertUpdate("CALL sales.system.merge('to_merge', 'main')");
        assertThat(head("main")).isEqualTo(merge.id());

        // a protected branch takes merges, not direct writes
        assertUpdate("CALL sales.system.create_branch('release-2', 'v1')");
        assertQueryFails("INSERT INTO sales.\"release-2\".region SELECT * FROM sales.main.region", "Branch 'release-2' of lakeFS repository 'sales' is protected.*CALL <catalog>.system.merge\\('my_change', 'release-2'\\)");
        assertUpdate("CALL sales.system.merge(source => 'to_merge', target => 'release-2')");
        assertQuery("SELECT count(*) FROM sales.\"release-2\".merged", "VALUES 25");

        assertQueryFails("CALL sales.system.merge('to_merge', 'v1')", "Cannot merge into 'v1': it is a tag of lakeFS repository 'sales', which is read-only; only branches change");
        assertQueryFails("CALL sales.system.merge('nowhere', 'main')", "Cannot merge 'nowhere': lakeFS repository 'sales' has no branch, tag or commit 'nowhere'");
        assertQueryFails("CALL sales.system.merge('to_merge', 'nowhere')", "Cannot merge into 'nowhere': lakeFS repository 'sales' has no branch 'nowhere'");
        assertQueryFails("CALL sales.system.merge('to_merge', 'main', 'theirs')", "Merge strategy must be NULL \\(fail on conflicts\\), 'dest-wins' or 'source-wins'; got 'theirs'");
        assertUpdate("DROP TABLE sales.main.merged");
        assertUpdate("DROP SCHEMA sales.to_merge CASCADE");
    }

    @Test
    void mergeConflictsNameThePathsAndChangeNothing()
    {
        assertUpdate("CREATE SCHEMA sales.left_side");
        assertUpdate("CREATE SCHEMA sales.right_side");
        assertUpdate("CREATE TABLE sales.left_side.contested AS SELECT 1 x", 1);
        assertUpdate("CREATE TABLE sales.right_side.contested AS SELECT 'two' x", 1);
        assertUpdate("CALL sales.system.merge('left_side', 'main')");
        String main = head("main");
        assertQueryFails("CALL sales.system.merge('right_side', 'main')",
                "Merging 'right_side' into branch 'main' of lakeFS repository 'sales' conflicts on _lakefs_tables/contested.yaml \\(both changed since their common commit\\); nothing was merged.*source-wins.*");
        assertThat(head("main")).isEqualTo(main);
        assertQuery("SELECT * FROM sales.main.contested", "VALUES 1");

        // main keeps its descriptor; the other side's data file comes along
        assertUpdate("CALL sales.system.merge('right_side', 'main', 'dest-wins')");
        assertThat(new String(lakeFs.getObject("main", "_lakefs_tables/contested.yaml").orElseThrow(), UTF_8))
                .isEqualTo(new String(lakeFs.getObject(main, "_lakefs_tables/contested.yaml").orElseThrow(), UTF_8));
        assertUpdate("DROP TABLE sales.main.contested");
        assertUpdate("DROP SCHEMA sales.left_side CASCADE");
        assertUpdate("DROP SCHEMA sales.right_side CASCADE");
    }

    @Test
    void revertUndoesACommit()
    {
        assertUpdate("CREATE SCHEMA sales.to_revert");
        assertUpdate("CREATE TABLE sales.to_revert.mistake AS SELECT * FROM tpch.tiny.nation", 25);
        String mistake = head("to_revert");
        assertUpdate("CALL sales.system.revert('to_revert', '%s')".formatted(mistake));
        assertThat(computeActual("SHOW TABLES FROM sales.to_revert").getOnlyColumnAsSet()).doesNotContain("mistake");
        LakeFsCommit revert = lakeFs.getCommit("to_revert").orElseThrow();
        assertThat(revert.parents()).containsExactly(mistake);
        assertThat(revert.metadata()).containsEntry("trino_statement", "CALL system.revert('to_revert', '%s')".formatted(mistake));
        assertThat(lakeFs.tree("to_revert").keySet()).isEqualTo(lakeFs.tree("main").keySet());
        // what was reverted is still there to read
        assertQuery("SELECT count(*) FROM sales.to_revert.mistake FOR VERSION AS OF '%s'".formatted(mistake), "VALUES 25");

        assertQueryFails("CALL sales.system.revert('to_revert', 'nowhere')", "Cannot revert 'nowhere': lakeFS repository 'sales' has no branch, tag or commit 'nowhere'");
        assertQueryFails("CALL sales.system.revert('v1', '%s')".formatted(mistake), "Cannot revert a commit on 'v1': it is a tag of lakeFS repository 'sales', which is read-only.*");
        assertQueryFails("CALL sales.system.revert('to_revert', '%s')".formatted(initialCommit), "Commit %s is the first commit of lakeFS repository 'sales'.*".formatted(initialCommit));
        assertUpdate("DROP SCHEMA sales.to_revert CASCADE");
    }

    @Test
    void diffListsWhatChangedBetweenRefs()
    {
        assertUpdate("CALL sales.system.create_tag('before_diff', 'main')");
        assertUpdate("CREATE SCHEMA sales.to_diff WITH (source_ref = 'before_diff')");
        long regionObjects = lakeFs.tree("before_diff").keySet().stream().filter(path -> path.startsWith("region/") || path.equals("_lakefs_tables/region.yaml")).count();
        assertUpdate("CREATE TABLE sales.to_diff.added AS SELECT * FROM tpch.tiny.nation", 25);
        assertUpdate("DROP TABLE sales.to_diff.region");
        MaterializedResult diff = computeActual("SELECT path, type, size_bytes, table_name FROM TABLE(sales.system.diff(from_ref => 'main', to_ref => 'to_diff')) ORDER BY path");
        List<MaterializedRow> rows = diff.getMaterializedRows();
        assertThat(rows).isNotEmpty();
        for (MaterializedRow row : rows) {
            String path = (String) row.getField(0);
            String type = (String) row.getField(1);
            if (path.equals("_lakefs_tables/added.yaml") || path.startsWith("added/")) {
                assertThat(type).isEqualTo("added");
                assertThat((Long) row.getField(2)).isPositive();
                assertThat(row.getField(3)).isEqualTo("added");
            }
            else {
                assertThat(path.startsWith("region/") || path.equals("_lakefs_tables/region.yaml")).as(path).isTrue();
                assertThat(type).isEqualTo("removed");
                assertThat(row.getField(2)).isNull();
                assertThat(row.getField(3)).isEqualTo("region");
            }
        }
        assertThat(rows.stream().map(row -> (String) row.getField(0))).contains("_lakefs_tables/added.yaml").anyMatch(path -> path.startsWith("region/"));
        // the other way round: what the tag changed since to_diff left it (nothing)
        assertQuery("SELECT count(*) FROM TABLE(sales.system.diff('to_diff', 'before_diff'))", "VALUES 0");
        // a summary per table is plain SQL
        assertQuery("SELECT table_name, type, count(*) FROM TABLE(sales.system.diff(from_ref => 'before_diff', to_ref => 'to_diff')) GROUP BY 1, 2",
                "VALUES ('added', 'added', %s), ('region', 'removed', %s)".formatted(countUnder("to_diff", "added/") + 1, regionObjects));
        assertQueryFails("SELECT * FROM TABLE(sales.system.diff(from_ref => 'main', to_ref => 'nowhere'))", "Cannot diff 'nowhere': lakeFS repository 'sales' has no branch, tag or commit 'nowhere'");
        assertQueryFails("SELECT * FROM TABLE(sales.system.diff(from_ref => 'main', to_ref => NULL))", "Argument to_ref of system.diff must be a branch, tag or commit, not NULL or empty");
        assertUpdate("DROP SCHEMA sales.to_diff CASCADE");
        assertUpdate("CALL sales.system.delete_tag('before_diff')");
    }

    @Test
    void cleanupTransactionsDeletesOldTransactionBranches()
    {
        DateTimeFormatter queryIdTime = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
        String old = "trino-tx-%s_00001_abcde-0badf00d".formatted(queryIdTime.format(Instant.now().minus(30, HOURS)));
        String recent = "trino-tx-%s_00002_abcde-0badf00d".formatted(queryIdTime.format(Instant.now().minus(2, HOURS)));
        String foreign = "trino-tx-not-a-query";
        lakeFs.createBranch(old, "main", true);
        lakeFs.createBranch(recent, "main", true);
        lakeFs.createBranch(foreign, "main", true);
        // what a killed statement staged and never committed
        lakeFs.putObject(old, "region/left-behind.parquet", new byte[] {1});
        lakeFs.putObject(recent, "region/in-progress.parquet", new byte[] {2});
        Path leftBehind = stagedFile(old, "region/left-behind.parquet");
        Path inProgress = stagedFile(recent, "region/in-progress.parquet");
        Set<Path> committedFiles = lakeFs.tree("main").values().stream().map(object -> Path.of(URI.create(object.physicalAddress()))).collect(toImmutableSet());

        // default: a day
        assertUpdate("CALL sales.system.cleanup_transactions()");
        assertThat(lakeFs.hiddenBranches()).containsExactlyInAnyOrder(recent, foreign);
        assertThat(leftBehind).doesNotExist();
        assertThat(inProgress).exists();
        assertThat(committedFiles).isNotEmpty().allMatch(Files::exists);
        assertUpdate("CALL sales.system.cleanup_transactions('3h')");
        assertThat(lakeFs.hiddenBranches()).containsExactlyInAnyOrder(recent, foreign);
        assertUpdate("CALL sales.system.cleanup_transactions(older_than => '1')");
        assertThat(lakeFs.hiddenBranches()).containsExactly(foreign);
        assertThat(inProgress).doesNotExist();
        assertThat(committedFiles).allMatch(Files::exists);
        assertQueryFails("CALL sales.system.cleanup_transactions('soon')", "Argument older_than of system.cleanup_transactions must be a duration such as '30m', '12h' or '7d', or a number of hours; got 'soon'");
        assertThat(lakeFs.getBranch("main")).isPresent();
        lakeFs.deleteBranch(foreign);
    }

    private Path stagedFile(String branch, String path)
    {
        LakeFsObject object = lakeFs.listObjects(branch, path, Optional.empty(), Optional.empty(), 1).objects().getFirst();
        assertThat(object.path()).isEqualTo(path);
        return Path.of(URI.create(object.physicalAddress()));
    }

    private long countUnder(String ref, String prefix)
    {
        return lakeFs.tree(ref).keySet().stream().filter(path -> path.startsWith(prefix)).count();
    }

    private String head(String branch)
    {
        return lakeFs.getCommit(branch).orElseThrow().id();
    }
}
