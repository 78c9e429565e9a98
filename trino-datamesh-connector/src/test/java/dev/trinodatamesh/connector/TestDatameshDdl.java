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

import com.google.common.collect.ImmutableList;
import dev.trinodatamesh.connector.lakefs.FakeLakeFsClient;
import dev.trinodatamesh.connector.lakefs.LakeFsCommit;
import io.trino.Session;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Set;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DDL on a coordinator and two workers over a fake lakeFS repository: renames, new columns,
 * comments, views and replaced tables, each statement one commit of its branch.
 */
final class TestDatameshDdl
        extends AbstractTestQueryFramework
{
    private FakeLakeFsClient lakeFs;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        lakeFs = new FakeLakeFsClient("sales", Files.createTempDirectory("datamesh-ddl"));
        TpchDataProducts.load(lakeFs, "main", "region", 1);
        TpchDataProducts.load(lakeFs, "main", "nation", 2);
        lakeFs.commit("main", "directory tables");
        lakeFs.createBranch("dev", "main");
        lakeFs.createTag("v1", "main");
        return DatameshQueryRunner.builder()
                .addCatalog("sales", lakeFs)
                .setNodeCount(3)
                .build();
    }

    @Test
    void renameTableIsOneCommitAndMovesNoData()
    {
        assertUpdate("CREATE TABLE sales.dev.rename_old COMMENT 'Nations' AS SELECT nationkey, name FROM tpch.tiny.nation", 25);
        Set<String> files = dataPaths("dev", "rename_old/");
        String before = head("dev");
        assertUpdate("ALTER TABLE sales.dev.rename_old RENAME TO rename_new");

        assertCommit("dev", before, "ALTER TABLE dev.rename_old RENAME TO dev.rename_new");
        assertThat(lakeFs.tree("dev")).containsKey("_lakefs_tables/rename_new.yaml").doesNotContainKey("_lakefs_tables/rename_old.yaml");
        // the data stays in its directory, declared by the new descriptor
        assertThat(dataPaths("dev", "rename_old/")).isEqualTo(files);
        assertThat(descriptor("dev", "rename_new")).contains("name: rename_new", "path: rename_old/", "description: Nations", "owner: user");
        assertQuery("SELECT nationkey, name FROM sales.dev.rename_new", "SELECT nationkey, name FROM nation");
        assertThat(computeActual("SHOW TABLES FROM sales.dev").getOnlyColumnAsSet()).contains("rename_new").doesNotContain("rename_old");
        assertThat((String) computeScalar("SHOW CREATE TABLE sales.dev.rename_new")).contains("location = 'rename_old/'");
        // time travel: the commit before has the old name
        assertQuery("SELECT count(*) FROM sales.\"%s\".rename_old".formatted(before), "VALUES 25");
        assertQueryFails("SELECT count(*) FROM sales.\"%s\".rename_new".formatted(before), ".*Table 'sales.%s.rename_new' does not exist".formatted(before));

        assertUpdate("INSERT INTO sales.dev.rename_new VALUES (100, 'ATLANTIS')", 1);
        assertQuery("SELECT count(*) FROM sales.dev.rename_new", "VALUES 26");
        assertUpdate("DROP TABLE sales.dev.rename_new");
        assertThat(lakeFs.tree("dev").keySet()).noneMatch(path -> path.startsWith("rename_old/") || path.startsWith("_lakefs_tables/rename_"));
        assertNoTransactionBranchesLeft();
    }

    @Test
    void renamesSwapTablesAsDbtDoes()
    {
        // dbt-trino's table materialization: build x__dbt_tmp, move x away, move x__dbt_tmp in, drop the old x
        assertUpdate("CREATE TABLE sales.dev.model AS SELECT 0 AS run", 1);
        for (int run = 1; run <= 2; run++) {
            assertUpdate("CREATE TABLE sales.dev.model__dbt_tmp AS SELECT %s AS run".formatted(run), 1);
            assertUpdate("ALTER TABLE sales.dev.model RENAME TO model__dbt_backup");
            assertUpdate("ALTER TABLE sales.dev.model__dbt_tmp RENAME TO model");
            assertUpdate("DROP TABLE sales.dev.model__dbt_backup");
            assertQuery("SELECT run FROM sales.dev.model", "VALUES " + run);
        }
        // the second run's temporary table found its default directory in use by the model: it got one of its own
        assertThat(descriptor("dev", "model")).containsPattern("path: model__dbt_tmp-[0-9a-f]{8}/");
        assertThat(lakeFs.tree("dev").keySet()).noneMatch(path -> path.startsWith("model/") || path.startsWith("model__dbt_tmp/"));
        assertUpdate("DROP TABLE sales.dev.model");
        assertThat(lakeFs.tree("dev").keySet()).noneMatch(path -> path.startsWith("model"));
        assertNoTransactionBranchesLeft();
    }

    @Test
    void renameDirectoryTableWritesADescriptor()
    {
        lakeFs.createBranch("rename_dir", "main");
        String before = head("rename_dir");
        assertUpdate("ALTER TABLE sales.rename_dir.region RENAME TO regions");
        assertCommit("rename_dir", before, "ALTER TABLE rename_dir.region RENAME TO rename_dir.regions");
        // a descriptor for the new name, pointing at the old directory; the columns stay the files'
        assertThat(descriptor("rename_dir", "regions")).contains("name: regions", "path: region/").doesNotContain("schema:");
        assertQuery("SELECT regionkey, name FROM sales.rename_dir.regions", "SELECT regionkey, name FROM region");
        assertThat(computeActual("SHOW TABLES FROM sales.rename_dir").getOnlyColumnAsSet()).contains("regions", "nation").doesNotContain("region");
        assertThat(computeActual("SHOW TABLES FROM sales.main").getOnlyColumnAsSet()).contains("region").doesNotContain("regions");
        assertNoTransactionBranchesLeft();
    }

    @Test
    void renameFailuresNameTheProblemAndChangeNothing()
    {
        lakeFs.createBranch("rename_bad", "main");
        lakeFs.putObject("rename_bad", "_lakefs_tables/taken.yaml", "name: other\ntype: hive\npath: other/\n".getBytes(UTF_8));
        lakeFs.commit("rename_bad", "a descriptor whose file name is not its table's");
        assertUpdate("CREATE VIEW sales.rename_bad.a_view AS SELECT 1 x");
        String before = head("rename_bad");
        assertQueryFails("ALTER TABLE sales.rename_bad.region RENAME TO nation", ".*Target table 'sales.rename_bad.nation' already exists");
        assertQueryFails("ALTER TABLE sales.rename_bad.region RENAME TO a_view",
                ".*Target table 'sales.rename_bad.a_view' does not exist, but a view with that name exists.");
        assertQueryFails("ALTER TABLE sales.rename_bad.region RENAME TO taken",
                "Cannot rename table 'rename_bad.region' to 'rename_bad.taken': table descriptor '_lakefs_tables/taken.yaml' already exists on branch 'rename_bad' of lakeFS repository 'sales' \\(it declares another table\\)");
        assertQueryFails("ALTER TABLE sales.rename_bad.region RENAME TO sales.dev.region2",
                "This connector does not support renaming tables across schemas: schemas 'rename_bad' and 'dev' are refs of lakeFS repository 'sales'; copy the table .*");
        assertQueryFails("ALTER TABLE sales.v1.region RENAME TO region2", "Schema 'v1' is tag 'v1' of lakeFS repository 'sales', which is read-only.*");
        lakeFs.protectBranches("rename_b*");
        try {
            assertQueryFails("ALTER TABLE sales.rename_bad.region RENAME TO region2", "Branch 'rename_bad' of lakeFS repository 'sales' is protected \\(rule 'rename_b\\*'\\).*");
        }
        finally {
            lakeFs.protectBranches("nothing-matches-this");
        }
        assertThat(head("rename_bad")).isEqualTo(before);
        assertNoTransactionBranchesLeft();
    }

    @Test
    void addColumnReadsNullInOldFiles()
    {
        assertUpdate("CREATE TABLE sales.dev.add_col (id bigint, name varchar)");
        assertUpdate("INSERT INTO sales.dev.add_col VALUES (1, 'a'), (2, 'b')", 2);
        String before = head("dev");
        assertUpdate("ALTER TABLE sales.dev.add_col ADD COLUMN score double COMMENT 'the score'");
        assertCommit("dev", before, "ALTER TABLE dev.add_col ADD COLUMN score");
        assertThat(descriptor("dev", "add_col")).contains("- name: score", "type: double", "description: the score");
        // the files written before the column read it as NULL
        assertQuery("SELECT id, name, score FROM sales.dev.add_col", "VALUES (1, 'a', NULL), (2, 'b', NULL)");
        assertUpdate("INSERT INTO sales.dev.add_col VALUES (3, 'c', 0.5)", 1);
        assertQuery("SELECT id, score FROM sales.dev.add_col", "VALUES (1, NULL), (2, NULL), (3, 0.5)");
        assertThat((String) computeScalar("SELECT comment FROM information_schema.columns WHERE table_schema = 'dev' AND table_name = 'add_col' AND column_name = 'score'"))
                .isEqualTo("the score");
        // time travel: before the statement the table had two columns
        assertThat(computeActual("SELECT * FROM sales.dev.add_col FOR VERSION AS OF '%s'".formatted(before)).getColumnNames()).containsExactly("id", "name");

        // positions: first, and after another column
        assertUpdate("ALTER TABLE sales.dev.add_col ADD COLUMN first_one integer FIRST");
        assertUpdate("ALTER TABLE sales.dev.add_col ADD COLUMN after_id date AFTER id");
        assertThat(computeActual("SELECT * FROM sales.dev.add_col").getColumnNames()).containsExactly("first_one", "id", "after_id", "name", "score");

        String last = head("dev");
        assertQueryFails("ALTER TABLE sales.dev.add_col ADD COLUMN t time", "Column 't' of table 'dev.add_col' has type time\\(3\\), which this connector cannot write");
        assertQueryFails("ALTER TABLE sales.dev.add_col ADD COLUMN required bigint NOT NULL", ".*(does not support NOT NULL|Cannot add column 'required' to table 'dev.add_col' as NOT NULL).*");
        assertQueryFails("ALTER TABLE sales.v1.region ADD COLUMN extra bigint", "Schema 'v1' is tag 'v1' of lakeFS repository 'sales', which is read-only.*");
        assertThat(head("dev")).isEqualTo(last);
        assertUpdate("DROP TABLE sales.dev.add_col");
        assertNoTransactionBranchesLeft();
    }

    @Test
    void addColumnKeepsPartitionColumnsLast()
    {
        assertUpdate("CREATE TABLE sales.dev.add_part WITH (partitioned_by = ARRAY['regionkey']) AS SELECT nationkey, name, regionkey FROM tpch.tiny.nation", 25);
        assertUpdate("ALTER TABLE sales.dev.add_part ADD COLUMN population bigint");
        assertThat(computeActual("SELECT * FROM sales.dev.add_part").getColumnNames()).containsExactly("nationkey", "name", "population", "regionkey");
        assertQuery("SELECT count(*), count(population), sum(regionkey) FROM sales.dev.add_part", "VALUES (25, 0, 50)");
        assertQueryFails("ALTER TABLE sales.dev.add_part ADD COLUMN x bigint AFTER regionkey",
                "Cannot add column 'x' to table 'dev.add_part' after partition column 'regionkey': partition columns stay the table's last columns");
        assertUpdate("DROP TABLE sales.dev.add_part");
    }

    @Test
    void commentsAreDescriptorFields()
    {
        assertUpdate("CREATE TABLE sales.dev.commented (id bigint, name varchar)");
        String before = head("dev");
        assertUpdate("COMMENT ON TABLE sales.dev.commented IS 'Things with names'");
        assertCommit("dev", before, "COMMENT ON TABLE dev.commented");
        String tableCommented = head("dev");
        assertUpdate("COMMENT ON COLUMN sales.dev.commented.name IS 'what it is called'");
        assertCommit("dev", tableCommented, "COMMENT ON COLUMN dev.commented.name");
        assertThat(descriptor("dev", "commented")).contains("description: Things with names", "description: what it is called");
        assertThat((String) computeScalar("SELECT comment FROM system.metadata.table_comments WHERE catalog_name = 'sales' AND schema_name = 'dev' AND table_name = 'commented'"))
                .isEqualTo("Things with names");
        assertThat((String) computeScalar("SELECT comment FROM information_schema.columns WHERE table_schema = 'dev' AND table_name = 'commented' AND column_name = 'name'"))
                .isEqualTo("what it is called");
        // the same comment again changes nothing: no commit
        String commented = head("dev");
        assertUpdate("COMMENT ON TABLE sales.dev.commented IS 'Things with names'");
        assertThat(head("dev")).isEqualTo(commented);
        // removed
        assertUpdate("COMMENT ON TABLE sales.dev.commented IS NULL");
        assertUpdate("COMMENT ON COLUMN sales.dev.commented.name IS NULL");
        assertThat(descriptor("dev", "commented")).doesNotContain("description:");
        assertThat(computeScalar("SELECT comment FROM system.metadata.table_comments WHERE catalog_name = 'sales' AND schema_name = 'dev' AND table_name = 'commented'")).isNull();
        // time travel: the commented version
        assertThat((String) computeScalar("SHOW CREATE TABLE sales.\"%s\".commented".formatted(commented))).contains("COMMENT 'Things with names'");
        assertUpdate("DROP TABLE sales.dev.commented");
        assertNoTransactionBranchesLeft();
    }

    @Test
    void commentOnADirectoryTableWritesADescriptor()
    {
        lakeFs.createBranch("comment_dir", "main");
        assertUpdate("COMMENT ON TABLE sales.comment_dir.nation IS 'Nations of TPC-H'");
        assertThat(descriptor("comment_dir", "nation")).contains("name: nation", "path: nation/", "description: Nations of TPC-H").doesNotContain("schema:");
        assertQuery("SELECT * FROM sales.comment_dir.nation", "SELECT * FROM nation");
        // a column comment needs the columns declared: they are, as the files have them
        assertUpdate("COMMENT ON COLUMN sales.comment_dir.nation.name IS 'its name'");
        assertThat(descriptor("comment_dir", "nation")).contains("schema:", "- name: nationkey", "description: its name");
        assertQuery("SELECT * FROM sales.comment_dir.nation", "SELECT * FROM nation");
        assertQueryFails("COMMENT ON TABLE sales.v1.nation IS 'x'", "Schema 'v1' is tag 'v1' of lakeFS repository 'sales', which is read-only.*");
    }

    @Test
    void viewsAreStoredInTheRepository()
    {
        lakeFs.createBranch("views", "main");
        Session views = Session.builder(getSession()).setSchema("views").build();
        String before = head("views");
        assertUpdate(views, "CREATE VIEW region_names COMMENT 'Names of regions' AS SELECT name FROM region WHERE regionkey < 3");
        assertCommit("views", before, "CREATE VIEW views.region_names");
        String stored = new String(lakeFs.getObject("views", "_lakefs_views/region_names.json").orElseThrow(), UTF_8);
        assertThat(stored).contains("\"name\" : \"region_names\"", "\"originalSql\" : \"SELECT name\\nFROM\\n  region\\nWHERE (regionkey < 3)\\n\"",
                "\"catalog\" : \"sales\"", "\"schema\" : \"views\"", "\"owner\" : \"user\"", "\"runAsInvoker\" : false", "\"comment\" : \"Names of regions\"");
        assertQuery("SELECT * FROM sales.views.region_names", "SELECT name FROM region WHERE regionkey < 3");
        assertThat(computeActual("SHOW TABLES FROM sales.views").getOnlyColumnAsSet()).contains("region_names", "region");
        assertQuery("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'views' AND table_name = 'region_names'", "VALUES ('region_names', 'VIEW')");
        // the SQL as Trino formats it, with its context: catalog sales, schema views
        assertThat((String) computeScalar("SELECT view_definition FROM information_schema.views WHERE table_schema = 'views' AND table_name = 'region_names'")).contains("FROM\n  region");
        assertQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = 'views' AND table_name = 'region_names'", "VALUES 'name'");
        assertThat((String) computeScalar("SELECT comment FROM system.metadata.table_comments WHERE catalog_name = 'sales' AND schema_name = 'views' AND table_name = 'region_names'"))
                .isEqualTo("Names of regions");
        assertThat((String) computeScalar("SHOW CREATE VIEW sales.views.region_names")).contains("SECURITY DEFINER", "SELECT name");
        // other branches and the commit before do not have it
        assertThat(computeActual("SHOW TABLES FROM sales.main").getOnlyColumnAsSet()).doesNotContain("region_names");
        assertQueryFails("SELECT * FROM sales.\"%s\".region_names".formatted(before), ".*Table 'sales.%s.region_names' does not exist".formatted(before));

        String created = head("views");
        assertQueryFails(views, "CREATE VIEW region_names AS SELECT 1 x", ".*View already exists: 'sales.views.region_names'");
        assertUpdate(views, "CREATE OR REPLACE VIEW region_names SECURITY INVOKER AS SELECT name, regionkey FROM region");
        assertCommit("views", created, "CREATE OR REPLACE VIEW views.region_names");
        assertQuery("SELECT * FROM sales.views.region_names", "SELECT name, regionkey FROM region");
        assertThat((String) computeScalar("SHOW CREATE VIEW sales.views.region_names")).contains("SECURITY INVOKER");
        // time travel: the first version of the view is at its commit
        assertQuery("SELECT * FROM sales.\"%s\".region_names".formatted(created), "SELECT name FROM region WHERE regionkey < 3");

        assertUpdate("COMMENT ON VIEW sales.views.region_names IS 'Regions'");
        assertUpdate("COMMENT ON COLUMN sales.views.region_names.name IS 'the name'");
        assertThat((String) computeScalar("SELECT comment FROM information_schema.columns WHERE table_schema = 'views' AND table_name = 'region_names' AND column_name = 'name'")).isEqualTo("the name");
        assertUpdate("ALTER VIEW sales.views.region_names RENAME TO regions_view");
        assertQuery("SELECT count(*) FROM sales.views.regions_view", "VALUES 5");
        assertThat(lakeFs.tree("views")).containsKey("_lakefs_views/regions_view.json").doesNotContainKey("_lakefs_views/region_names.json");

        String renamed = head("views");
        assertUpdate("DROP VIEW sales.views.regions_view");
        assertCommit("views", renamed, "DROP VIEW views.regions_view");
        assertThat(lakeFs.tree("views").keySet()).noneMatch(path -> path.startsWith("_lakefs_views/"));
        assertNoTransactionBranchesLeft();
    }

    @Test
    void viewsReadTheTablesOfTheirOwnBranch()
    {
        lakeFs.createBranch("view_base", "main");
        Session base = Session.builder(getSession()).setSchema("view_base").build();
        assertUpdate(base, "CREATE TABLE counted AS SELECT nationkey FROM tpch.tiny.nation", 25);
        assertUpdate(base, "CREATE VIEW counts AS SELECT count(*) AS n FROM counted");
        // a qualified reference stays what it names
        assertUpdate(base, "CREATE VIEW main_regions AS SELECT count(*) AS n FROM sales.main.region");
        String created = head("view_base");
        lakeFs.createBranch("view_feature", "view_base");
        lakeFs.createTag("view_tag", "view_base");
        assertUpdate("INSERT INTO sales.view_feature.counted VALUES 100, 101", 2);

        // the view is branched with the data: unqualified names resolve in the schema it is read from
        assertQuery("SELECT n FROM sales.view_base.counts", "VALUES 25");
        assertQuery("SELECT n FROM sales.view_feature.counts", "VALUES 27");
        assertQuery("SELECT n FROM sales.view_tag.counts", "VALUES 25");
        assertQuery("SELECT n FROM sales.\"%s\".counts".formatted(created), "VALUES 25");
        assertQuery("SELECT n FROM sales.view_feature.main_regions", "VALUES 5");
        // a view on a tag is read-only
        assertQueryFails("CREATE OR REPLACE VIEW sales.view_tag.counts AS SELECT 1 n", "Schema 'view_tag' is tag 'view_tag' of lakeFS repository 'sales', which is read-only.*");
        assertQueryFails("DROP VIEW sales.view_tag.counts", "Schema 'view_tag' is tag 'view_tag' of lakeFS repository 'sales', which is read-only.*");
        // names collide with tables
        assertQueryFails(base, "CREATE VIEW counted AS SELECT 1 x", ".*(Cannot create view 'view_base.counted': table 'view_base.counted' exists on branch 'view_base' of lakeFS repository 'sales'|'sales.view_base.counted' is a table|already exists).*");
        assertQueryFails(base, "CREATE TABLE counts (x bigint)", ".*(Cannot create table 'view_base.counts': view 'view_base.counts' exists on branch 'view_base' of lakeFS repository 'sales'|already exists).*");
        assertThat(head("view_base")).isEqualTo(created);
        // an invalid definition is named when used, and left out of listings
        lakeFs.putObject("view_feature", "_lakefs_views/broken.json", "{\"name\": \"broken\"".getBytes(UTF_8));
        lakeFs.commit("view_feature", "a broken view");
        assertQueryFails("SELECT * FROM sales.view_feature.broken", "View definition '_lakefs_views/broken.json' is invalid: .*");
        assertThat(computeActual("SELECT table_name FROM information_schema.views WHERE table_schema = 'view_feature'").getOnlyColumnAsSet()).containsOnly("counts", "main_regions");
        // Trino reads a view before it drops it: a broken definition is deleted or fixed in lakeFS
        assertQueryFails("DROP VIEW sales.view_feature.broken", "View definition '_lakefs_views/broken.json' is invalid: .*");
        assertNoTransactionBranchesLeft();
    }

    @Test
    void createOrReplaceTableReplacesDataAndDescriptorInOneCommit()
    {
        assertUpdate("CREATE TABLE sales.dev.replaced COMMENT 'first' AS SELECT nationkey, name FROM tpch.tiny.nation", 25);
        Set<String> oldFiles = dataPaths("dev", "replaced/");
        String before = head("dev");
        assertUpdate("CREATE OR REPLACE TABLE sales.dev.replaced COMMENT 'second' AS SELECT regionkey, name, comment FROM tpch.tiny.region", 5);
        assertCommit("dev", before, "CREATE OR REPLACE TABLE AS dev.replaced");
        assertQuery("SELECT * FROM sales.dev.replaced", "SELECT regionkey, name, comment FROM region");
        // the old files are gone from the branch in the same commit; the commit before still reads them
        assertThat(dataPaths("dev", "replaced/")).isNotEmpty().doesNotContainAnyElementsOf(oldFiles);
        assertThat(descriptor("dev", "replaced")).contains("description: second", "- name: regionkey").doesNotContain("nationkey");
        assertQuery("SELECT nationkey, name FROM sales.dev.replaced FOR VERSION AS OF '%s'".formatted(before), "SELECT nationkey, name FROM nation");

        String replaced = head("dev");
        assertUpdate("CREATE OR REPLACE TABLE sales.dev.replaced (x bigint)");
        assertCommit("dev", replaced, "CREATE OR REPLACE TABLE dev.replaced");
        assertThat(dataPaths("dev", "replaced/")).isEmpty();
        assertQuery("SELECT count(*) FROM sales.dev.replaced", "VALUES 0");
        assertQuery("SELECT count(*) FROM sales.dev.replaced FOR VERSION AS OF '%s'".formatted(replaced), "VALUES 5");

        // replacing a table that does not exist creates it
        assertUpdate("CREATE OR REPLACE TABLE sales.dev.replaced_new AS SELECT 1 x", 1);
        assertQuery("SELECT x FROM sales.dev.replaced_new", "VALUES 1");
        // a failed replacement leaves the table as it was
        String last = head("dev");
        assertQueryFails("CREATE OR REPLACE TABLE sales.dev.replaced AS SELECT IF(orderkey > 59000, CAST(fail('late failure') AS bigint), orderkey) AS x FROM tpch.tiny.lineitem", "late failure");
        assertThat(head("dev")).isEqualTo(last);
        assertQuery("SELECT count(*) FROM sales.dev.replaced", "VALUES 0");
        assertQueryFails("CREATE OR REPLACE TABLE sales.v1.region AS SELECT 1 x", "Schema 'v1' is tag 'v1' of lakeFS repository 'sales', which is read-only.*");
        assertUpdate("DROP TABLE sales.dev.replaced");
        assertUpdate("DROP TABLE sales.dev.replaced_new");
        assertNoTransactionBranchesLeft();
    }

    private void assertCommit(String branch, String parent, String statement)
    {
        LakeFsCommit commit = lakeFs.getCommit(branch).orElseThrow();
        assertThat(commit.parents()).containsExactly(parent);
        assertThat(commit.metadata())
                .containsEntry("trino_statement", statement)
                .containsEntry("trino_user", "user")
                .containsKey("trino_query_id");
    }

    private Set<String> dataPaths(String branch, String directory)
    {
        return lakeFs.tree(branch).keySet().stream().filter(path -> path.startsWith(directory)).collect(toImmutableSet());
    }

    private String descriptor(String branch, String table)
    {
        return new String(lakeFs.getObject(branch, "_lakefs_tables/%s.yaml".formatted(table)).orElseThrow(), UTF_8);
    }

    private String head(String branch)
    {
        return lakeFs.getCommit(branch).orElseThrow().id();
    }

    private void assertNoTransactionBranchesLeft()
    {
        assertThat(lakeFs.hiddenBranches()).isEmpty();
        assertThat(ImmutableList.copyOf(lakeFs.listBranches()).stream().map(ref -> ref.name()).toList()).noneMatch(name -> name.startsWith("trino-tx-"));
    }
}
