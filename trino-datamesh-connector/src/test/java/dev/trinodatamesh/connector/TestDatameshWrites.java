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
import dev.trinodatamesh.connector.lakefs.LakeFsObject;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes on a coordinator and two workers over a fake lakeFS repository: each statement one
 * commit of its branch, made on a hidden transaction branch and merged.
 */
final class TestDatameshWrites
        extends AbstractTestQueryFramework
{
    private FakeLakeFsClient lakeFs;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        lakeFs = new FakeLakeFsClient("sales", Files.createTempDirectory("datamesh-writes"));
        TpchDataProducts.load(lakeFs, "main", "region", 1);
        lakeFs.commit("main", "a directory table");
        lakeFs.createBranch("dev", "main");
        lakeFs.createTag("v1", "main");
        return DatameshQueryRunner.builder()
                .addCatalog("sales", lakeFs)
                .setNodeCount(3)
                .addConnectorProperty("datamesh.writer.target-file-size", "1MB")
                .build();
    }

    @Test
    void createTableAsSelectIsOneCommitWithADescriptor()
    {
        String before = head("dev");
        assertUpdate("CREATE TABLE sales.dev.nations COMMENT 'Nations of the world' AS SELECT * FROM tpch.tiny.nation", 25);
        assertQuery("SELECT * FROM sales.dev.nations", "SELECT * FROM nation");
        assertThat(computeActual("SHOW TABLES FROM sales.main").getOnlyColumnAsSet()).doesNotContain("nations");

        LakeFsCommit commit = lakeFs.getCommit("dev").orElseThrow();
        assertThat(commit.parents()).containsExactly(before);
        assertThat(commit.metadata())
                .containsEntry("trino_statement", "CREATE TABLE AS dev.nations")
                .containsEntry("trino_user", "user")
                .containsKey("trino_query_id");
        Map<String, LakeFsObject> tree = lakeFs.tree("dev");
        assertThat(tree).containsKey("_lakefs_tables/nations.yaml");
        assertThat(tree.keySet().stream().filter(path -> path.startsWith("nations/")).toList()).isNotEmpty().allMatch(path -> path.endsWith(".parquet"));
        String descriptor = new String(lakeFs.getObject("dev", "_lakefs_tables/nations.yaml").orElseThrow(), UTF_8);
        assertThat(descriptor)
                .contains("name: nations", "path: nations/", "description: Nations of the world", "owner: user", "- name: nationkey", "type: long", "type: varchar(25)");
        assertThat((String) computeScalar("SELECT comment FROM system.metadata.table_comments WHERE catalog_name = 'sales' AND schema_name = 'dev' AND table_name = 'nations'"))
                .isEqualTo("Nations of the world");
        assertNoTransactionBranchesLeft();

        // time travel: the commit before the statement has no such table
        assertQueryFails("SELECT count(*) FROM sales.\"%s\".nations".formatted(before), ".*Table 'sales.%s.nations' does not exist".formatted(before));
        assertUpdate("DROP TABLE sales.dev.nations");
    }

    @Test
    void insertAppendsInOneCommit()
    {
        assertUpdate("CREATE TABLE sales.dev.events (id bigint, name varchar, day date)");
        String created = head("dev");
        assertUpdate("INSERT INTO sales.dev.events VALUES (1, 'a', DATE '2026-01-01'), (2, 'b', DATE '2026-01-02')", 2);
        assertUpdate("INSERT INTO sales.dev.events SELECT nationkey, name, DATE '2026-02-01' FROM tpch.tiny.nation", 25);
        assertQuery("SELECT count(*), sum(id) FROM sales.dev.events", "VALUES (27, 303)");
        // two inserts, two commits; the first version is still there
        assertThat(computeScalar("SELECT count(*) FROM sales.dev.\"events$commits\" WHERE metadata['trino_statement'] = 'INSERT INTO dev.events'")).isEqualTo(2L);
        assertQuery("SELECT count(*) FROM sales.dev.events FOR VERSION AS OF '%s'".formatted(created), "VALUES 0");
        // no rows, no commit
        String last = head("dev");
        assertUpdate("INSERT INTO sales.dev.events SELECT * FROM sales.dev.events WHERE id < 0", 0);
        assertThat(head("dev")).isEqualTo(last);
        assertNoTransactionBranchesLeft();
        assertUpdate("DROP TABLE sales.dev.events");
        assertThat(lakeFs.tree("dev").keySet()).noneMatch(path -> path.startsWith("events/") || path.equals("_lakefs_tables/events.yaml"));
    }

    @Test
    void partitionedTablesWriteHiveDirectories()
    {
        assertUpdate("CREATE TABLE sales.dev.customers WITH (partitioned_by = ARRAY['mktsegment']) AS SELECT custkey, name, acctbal, mktsegment FROM tpch.tiny.customer", 1500);
        assertThat(lakeFs.tree("dev").keySet().stream().filter(path -> path.startsWith("customers/")).map(path -> path.substring(0, path.lastIndexOf('/'))).distinct().sorted().toList())
                .containsExactly("customers/mktsegment=AUTOMOBILE", "customers/mktsegment=BUILDING", "customers/mktsegment=FURNITURE", "customers/mktsegment=HOUSEHOLD", "customers/mktsegment=MACHINERY");
        assertQuery("SELECT mktsegment, count(*), sum(acctbal) FROM sales.dev.customers GROUP BY mktsegment", "SELECT mktsegment, count(*), sum(acctbal) FROM customer GROUP BY mktsegment");
        assertThat((String) computeScalar("SHOW CREATE TABLE sales.dev.customers")).contains("partitioned_by = ARRAY['mktsegment']");
        assertQueryFails("CREATE TABLE sales.dev.bad WITH (partitioned_by = ARRAY['name']) AS SELECT name, custkey FROM tpch.tiny.customer",
                "Partition columns \\[name\\] of table 'dev.bad' must be its last columns.*");
        assertUpdate("DROP TABLE sales.dev.customers");
    }

    @Test
    void tagsCommitsAndProtectedBranchesAreReadOnly()
    {
        assertQueryFails("CREATE TABLE sales.v1.t AS SELECT 1 x", "Schema 'v1' is tag 'v1' of lakeFS repository 'sales', which is read-only.*");
        String commit = head("main");
        assertQueryFails("CREATE TABLE sales.\"%s\".t AS SELECT 1 x".formatted(commit), "Schema '%s' is commit '%s' of lakeFS repository 'sales', which is read-only.*".formatted(commit, commit));
        lakeFs.protectBranches("ma*");
        try {
            assertQueryFails("CREATE TABLE sales.main.t AS SELECT 1 x", "Branch 'main' of lakeFS repository 'sales' is protected \\(rule 'ma\\*'\\).*CALL <catalog>.system.merge\\('my_change', 'main'\\)");
        }
        finally {
            lakeFs.protectBranches("nothing-matches-this");
        }
        assertThat(head("main")).isEqualTo(commit);
        assertNoTransactionBranchesLeft();
    }

    @Test
    void badWritesNameTheProblemAndChangeNothing()
    {
        String before = head("dev");
        assertQueryFails("CREATE TABLE sales.dev.region AS SELECT 1 x", ".*Destination table 'sales.dev.region' already exists");
        lakeFs.putObject("dev", "occupied/readme.txt", "not a table".getBytes(UTF_8));
        lakeFs.commit("dev", "a directory without Parquet files");
        String occupied = head("dev");
        assertQueryFails("CREATE TABLE sales.dev.occupied AS SELECT 1 x", "Cannot create table 'dev.occupied': directory 'occupied/' of branch 'dev' of lakeFS repository 'sales' already holds objects.*");
        assertQueryFails("CREATE TABLE sales.dev.t (x time)", "Column 'x' of table 'dev.t' has type time\\(3\\), which this connector cannot write");
        assertQueryFails("CREATE TABLE sales.dev.t WITH (location = '../elsewhere') AS SELECT 1 x", "Table property location must be a directory inside the repository.*");
        // a failure while writing: no commit, no transaction branch, no files left
        assertQueryFails("CREATE TABLE sales.dev.failing AS SELECT IF(orderkey > 59000, CAST(fail('late failure') AS bigint), orderkey) AS x FROM tpch.tiny.lineitem", "late failure");
        assertThat(head("dev")).isEqualTo(occupied);
        assertThat(lakeFs.tree("dev").keySet()).noneMatch(path -> path.startsWith("failing/"));
        assertNoTransactionBranchesLeft();
        assertThat(before).isNotEqualTo(occupied);
    }

    @Test
    void concurrentInsertsAllLand()
            throws Exception
    {
        assertUpdate("CREATE TABLE sales.dev.parallel (writer integer, n bigint)");
        String created = head("dev");
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> inserts = new ArrayList<>();
            for (int writer = 0; writer < 4; writer++) {
                int id = writer;
                inserts.add(executor.submit(() -> getQueryRunner().execute("INSERT INTO sales.dev.parallel SELECT %s, nationkey FROM tpch.tiny.nation".formatted(id))));
            }
            for (Future<?> insert : inserts) {
                insert.get();
            }
        }
        finally {
            executor.shutdownNow();
        }
        assertQuery("SELECT writer, count(*) FROM sales.dev.parallel GROUP BY writer", "VALUES (0, 25), (1, 25), (2, 25), (3, 25)");
        assertThat(computeScalar("SELECT count(*) FROM sales.dev.\"parallel$commits\" WHERE metadata['trino_statement'] = 'INSERT INTO dev.parallel'")).isEqualTo(4L);
        assertThat(lakeFs.getCommit("dev").orElseThrow().id()).isNotEqualTo(created);
        assertNoTransactionBranchesLeft();
        assertUpdate("DROP TABLE sales.dev.parallel");
    }

    @Test
    void anAbortedWriteDeletesItsFiles()
            throws Exception
    {
        long before = fileCount();
        assertQueryFails("INSERT INTO sales.dev.lost SELECT 1", ".*Table 'sales.dev.lost' does not exist");
        assertUpdate("CREATE TABLE sales.dev.lost (x bigint)");
        assertQueryFails("INSERT INTO sales.dev.lost SELECT IF(orderkey > 59000, CAST(fail('late failure') AS bigint), orderkey) FROM tpch.tiny.lineitem", "late failure");
        // the failed query's tasks finish their clean-up after it is reported: the descriptor of
        // CREATE TABLE stays, nothing of the failed INSERT
        long deadline = System.nanoTime() + SECONDS.toNanos(30);
        while (fileCount() != before + 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(fileCount()).isEqualTo(before + 1);
        assertUpdate("DROP TABLE sales.dev.lost");
    }

    private long fileCount()
            throws IOException
    {
        try (Stream<Path> files = Files.list(Path.of(URI.create(lakeFs.getRepository().storageNamespace())))) {
            return files.count();
        }
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
