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

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * DDL on the real stack: renames, new columns, comments, views and replaced tables, each
 * statement one lakeFS commit, readable as it was before with time travel.
 */
@ExtendWith(DatameshStackExtension.class)
@TestInstance(PER_CLASS)
final class TestDdlOnRealStack
{
    private final DatameshStack stack;
    private final String suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private final String repository = "ddl-" + suffix;
    private final String catalog = "ddl_" + suffix;
    private LakeFsFixture lakeFs;
    private TrinoClient trino;

    TestDdlOnRealStack(DatameshStack stack)
    {
        this.stack = stack;
    }

    @BeforeAll
    void createRepository()
    {
        lakeFs = stack.lakeFs();
        trino = stack.trino();
        lakeFs.createRepository(repository);
        lakeFs.createBranch(repository, "dev", "main");
        trino.createCatalog(catalog, stack.catalogProperties(repository));
    }

    @Test
    void renameTable()
    {
        trino.update("CREATE TABLE %s.dev.nations AS SELECT nationkey, name FROM tpch.tiny.nation".formatted(catalog));
        String before = head("dev");
        trino.update("ALTER TABLE %s.dev.nations RENAME TO countries".formatted(catalog));
        assertCommit("dev", before, "ALTER TABLE dev.nations RENAME TO dev.countries");
        assertThat(trino.value("SELECT count(*) FROM %s.dev.countries".formatted(catalog))).isEqualTo(25L);
        assertThat(trino.column("SHOW TABLES FROM %s.dev".formatted(catalog))).contains("countries").doesNotContain("nations");
        assertThat(descriptor("dev", "countries")).contains("name: countries", "path: nations/");
        // the commit before has the old name
        assertThat(trino.value("SELECT count(*) FROM %s.\"%s\".nations".formatted(catalog, before))).isEqualTo(25L);
        assertThatThrownBy(() -> trino.update("ALTER TABLE %s.dev.countries RENAME TO %s.main.countries".formatted(catalog, catalog)))
                .hasMessageContaining("This connector does not support renaming tables across schemas: schemas 'dev' and 'main' are refs of lakeFS repository '%s'".formatted(repository));
        assertNoTransactionBranches();
    }

    @Test
    void addColumn()
    {
        trino.update("CREATE TABLE %s.dev.scores (id bigint)".formatted(catalog));
        trino.update("INSERT INTO %s.dev.scores VALUES 1, 2".formatted(catalog));
        String before = head("dev");
        trino.update("ALTER TABLE %s.dev.scores ADD COLUMN score double".formatted(catalog));
        assertCommit("dev", before, "ALTER TABLE dev.scores ADD COLUMN score");
        trino.update("INSERT INTO %s.dev.scores VALUES (3, 0.5)".formatted(catalog));
        // the file written before the column reads it as NULL
        assertThat(trino.rows("SELECT id, score FROM %s.dev.scores ORDER BY id".formatted(catalog)))
                .isEqualTo(List.of(Arrays.asList(1L, null), Arrays.asList(2L, null), List.of(3L, 0.5)));
        assertThat(trino.column("SELECT column_name FROM %s.information_schema.columns WHERE table_schema = 'dev' AND table_name = 'scores'".formatted(catalog)))
                .containsExactly("id", "score");
        assertThat(trino.rows("SELECT * FROM %s.dev.scores FOR VERSION AS OF '%s'".formatted(catalog, before)).getFirst()).hasSize(1);
        assertThatThrownBy(() -> trino.update("ALTER TABLE %s.dev.scores ADD COLUMN t time".formatted(catalog)))
                .hasMessageContaining("Column 't' of table 'dev.scores' has type time(3), which this connector cannot write");
        assertNoTransactionBranches();
    }

    @Test
    void comments()
    {
        trino.update("CREATE TABLE %s.dev.described (id bigint, name varchar)".formatted(catalog));
        String before = head("dev");
        trino.update("COMMENT ON TABLE %s.dev.described IS 'Things with names'".formatted(catalog));
        assertCommit("dev", before, "COMMENT ON TABLE dev.described");
        String tableCommented = head("dev");
        trino.update("COMMENT ON COLUMN %s.dev.described.name IS 'what it is called'".formatted(catalog));
        assertCommit("dev", tableCommented, "COMMENT ON COLUMN dev.described.name");
        assertThat(descriptor("dev", "described")).contains("description: Things with names", "description: what it is called");
        assertThat(trino.value("SELECT comment FROM system.metadata.table_comments WHERE catalog_name = '%s' AND schema_name = 'dev' AND table_name = 'described'".formatted(catalog)))
                .isEqualTo("Things with names");
        assertThat(trino.value("SELECT comment FROM %s.information_schema.columns WHERE table_schema = 'dev' AND table_name = 'described' AND column_name = 'name'".formatted(catalog)))
                .isEqualTo("what it is called");
        assertThat(trino.value("SELECT comment FROM system.metadata.table_comments WHERE catalog_name = '%s' AND schema_name = '%s' AND table_name = 'described'".formatted(catalog, before)))
                .isNull();
        lakeFs.createTag(repository, "comments-tag", "dev");
        assertThatThrownBy(() -> trino.update("COMMENT ON TABLE %s.\"comments-tag\".described IS 'x'".formatted(catalog)))
                .hasMessageContaining("Schema 'comments-tag' is tag 'comments-tag' of lakeFS repository '%s', which is read-only".formatted(repository));
        assertNoTransactionBranches();
    }

    @Test
    void viewsAreVersionedAndBranchedWithTheData()
    {
        lakeFs.createBranch(repository, "views", "main");
        TrinoClient onViews = new TrinoClient(() -> connect("views"));
        onViews.update("CREATE TABLE counted AS SELECT nationkey FROM tpch.tiny.nation");
        String before = head("views");
        onViews.update("CREATE VIEW counts AS SELECT count(*) AS n FROM counted");
        assertCommit("views", before, "CREATE VIEW views.counts");
        String stored = new String(stack.objectStore().get(ObjectStore.S3Location.parse(lakeFs.statObject(repository, "views", "_lakefs_views/counts.json").getPhysicalAddress())), UTF_8);
        assertThat(stored).contains("\"originalSql\"", "\"catalog\" : \"%s\"".formatted(catalog), "\"schema\" : \"views\"", "\"runAsInvoker\" : false");
        assertThat(trino.column("SHOW TABLES FROM %s.views".formatted(catalog))).contains("counts", "counted");
        assertThat(trino.column("SELECT table_name FROM %s.information_schema.views WHERE table_schema = 'views'".formatted(catalog))).containsExactly("counts");

        // a branch made from the branch has the view, reading its own tables
        lakeFs.createBranch(repository, "views-feature", "views");
        trino.update("INSERT INTO %s.\"views-feature\".counted VALUES 100, 101".formatted(catalog));
        assertThat(trino.value("SELECT n FROM %s.\"views-feature\".counts".formatted(catalog))).isEqualTo(27L);
        assertThat(trino.value("SELECT n FROM %s.views.counts".formatted(catalog))).isEqualTo(25L);
        // replaced: the commit before still has the first version
        String created = head("views");
        onViews.update("CREATE OR REPLACE VIEW counts AS SELECT count(*) * 10 AS n FROM counted");
        assertCommit("views", created, "CREATE OR REPLACE VIEW views.counts");
        assertThat(trino.value("SELECT n FROM %s.views.counts".formatted(catalog))).isEqualTo(250L);
        assertThat(trino.value("SELECT n FROM %s.\"%s\".counts".formatted(catalog, created))).isEqualTo(25L);
        assertThat(trino.column("SHOW TABLES FROM %s.\"%s\"".formatted(catalog, before))).doesNotContain("counts");
        // merged into main with the data
        lakeFs.merge(repository, "views", "main");
        assertThat(trino.value("SELECT n FROM %s.main.counts".formatted(catalog))).isEqualTo(250L);

        // a view on a tag is read-only
        lakeFs.createTag(repository, "views-tag", "views");
        assertThat(trino.value("SELECT n FROM %s.\"views-tag\".counts".formatted(catalog))).isEqualTo(250L);
        assertThatThrownBy(() -> trino.update("DROP VIEW %s.\"views-tag\".counts".formatted(catalog)))
                .hasMessageContaining("Schema 'views-tag' is tag 'views-tag' of lakeFS repository '%s', which is read-only".formatted(repository));
        String replaced = head("views");
        trino.update("DROP VIEW %s.views.counts".formatted(catalog));
        assertCommit("views", replaced, "DROP VIEW views.counts");
        assertThat(trino.column("SHOW TABLES FROM %s.views".formatted(catalog))).doesNotContain("counts");
        assertNoTransactionBranches();
    }

    @Test
    void createOrReplaceTable()
    {
        trino.update("CREATE TABLE %s.dev.replaced AS SELECT nationkey, name FROM tpch.tiny.nation".formatted(catalog));
        String before = head("dev");
        trino.update("CREATE OR REPLACE TABLE %s.dev.replaced AS SELECT regionkey, name FROM tpch.tiny.region".formatted(catalog));
        assertCommit("dev", before, "CREATE OR REPLACE TABLE AS dev.replaced");
        assertThat(trino.rows("SELECT count(*), sum(regionkey) FROM %s.dev.replaced".formatted(catalog))).containsExactly(List.of(5L, 10L));
        assertThat(descriptor("dev", "replaced")).contains("- name: regionkey").doesNotContain("nationkey");
        // readers of the commit before read the old data
        assertThat(trino.rows("SELECT count(*), sum(nationkey) FROM %s.dev.replaced FOR VERSION AS OF '%s'".formatted(catalog, before))).containsExactly(List.of(25L, 300L));
        String replaced = head("dev");
        assertThatThrownBy(() -> trino.update("CREATE OR REPLACE TABLE %s.dev.replaced AS SELECT IF(orderkey > 59000, CAST(fail('late failure') AS bigint), orderkey) AS x FROM tpch.tiny.lineitem".formatted(catalog)))
                .hasMessageContaining("late failure");
        assertThat(head("dev")).isEqualTo(replaced);
        assertThat(trino.value("SELECT count(*) FROM %s.dev.replaced".formatted(catalog))).isEqualTo(5L);
        assertNoTransactionBranches();
    }

    private Connection connect(String schema)
    {
        Connection connection = stack.connect();
        try {
            connection.setCatalog(catalog);
            connection.setSchema(schema);
        }
        catch (SQLException e) {
            throw new RuntimeException(e);
        }
        return connection;
    }

    private void assertCommit(String branch, String parent, String statement)
    {
        Commit commit = lakeFs.getCommit(repository, branch);
        assertThat(commit.getParents()).containsExactly(parent);
        assertThat(commit.getMetadata())
                .containsEntry("trino_statement", statement)
                .containsKey("trino_query_id")
                .containsKey("trino_user");
    }

    private String descriptor(String branch, String table)
    {
        return new String(stack.objectStore().get(ObjectStore.S3Location.parse(lakeFs.statObject(repository, branch, "_lakefs_tables/%s.yaml".formatted(table)).getPhysicalAddress())), UTF_8);
    }

    private String head(String branch)
    {
        return lakeFs.getCommit(repository, branch).getId();
    }

    private void assertNoTransactionBranches()
    {
        assertThat(lakeFs.listAllBranches(repository)).noneMatch(name -> name.startsWith("trino-tx-"));
    }
}
