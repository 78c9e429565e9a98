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

import com.google.common.collect.ImmutableMap;
import io.lakefs.clients.sdk.model.Commit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Writes on the real stack: a Trino coordinator and worker write Parquet straight to MinIO at
 * addresses lakeFS hands out, and each statement lands as one lakeFS commit.
 */
@ExtendWith(DatameshStackExtension.class)
@TestInstance(PER_CLASS)
final class TestWritesOnRealStack
{
    private final DatameshStack stack;
    private final String suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private final String repository = "writes-" + suffix;
    private final String catalog = "writes_" + suffix;
    private LakeFsFixture lakeFs;
    private TrinoClient trino;

    TestWritesOnRealStack(DatameshStack stack)
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
    void createTableAsSelectWritesOneCommitReadBackByTrinoAndHive()
    {
        String before = head("dev");
        trino.update("CREATE TABLE %s.dev.orders WITH (partitioned_by = ARRAY['orderpriority']) AS SELECT orderkey, custkey, totalprice, orderdate, orderpriority FROM tpch.tiny.orders".formatted(catalog));
        assertThat(trino.rows("SELECT count(*), sum(totalprice) FROM %s.dev.orders".formatted(catalog)))
                .isEqualTo(trino.rows("SELECT count(*), sum(totalprice) FROM tpch.tiny.orders"));
        assertThat(trino.rows("SELECT orderpriority, count(*) FROM %s.dev.orders GROUP BY 1 ORDER BY 1".formatted(catalog)))
                .isEqualTo(trino.rows("SELECT orderpriority, count(*) FROM tpch.tiny.orders GROUP BY 1 ORDER BY 1"));

        Commit commit = lakeFs.getCommit(repository, "dev");
        assertThat(commit.getParents()).containsExactly(before);
        assertThat(commit.getMetadata())
                .containsEntry("trino_statement", "CREATE TABLE AS dev.orders")
                .containsKey("trino_query_id")
                .containsKey("trino_user");
        String descriptor = new String(stack.objectStore().get(ObjectStore.S3Location.parse(lakeFs.statObject(repository, "dev", "_lakefs_tables/orders.yaml").getPhysicalAddress())), UTF_8);
        assertThat(descriptor).contains("partition_columns:", "- orderpriority", "type: decimal(12,2)");
        // main is untouched, and the transaction branch is gone
        assertThat(trino.column("SHOW TABLES FROM %s.main".formatted(catalog))).doesNotContain("orders");
        assertNoTransactionBranches();

        // Trino's own Hive connector reads the files through lakeFS's S3 gateway: plain Parquet, Hive partitions
        String hive = "hive_" + suffix;
        trino.execute(HiveCatalogs.throughLakeFsGateway(stack, hive));
        trino.execute("CREATE SCHEMA %s.written".formatted(hive));
        trino.execute(("CREATE TABLE %s.written.orders (orderkey bigint, custkey bigint, totalprice decimal(12,2), orderdate date, orderpriority varchar) " +
                "WITH (format = 'PARQUET', partitioned_by = ARRAY['orderpriority'], external_location = 's3://%s/dev/orders/')").formatted(hive, repository));
        trino.execute("CALL %s.system.sync_partition_metadata('written', 'orders', 'FULL')".formatted(hive));
        assertThat(trino.rows("SELECT orderpriority, count(*), sum(totalprice) FROM %s.written.orders GROUP BY 1 ORDER BY 1".formatted(hive)))
                .isEqualTo(trino.rows("SELECT orderpriority, count(*), sum(totalprice) FROM %s.dev.orders GROUP BY 1 ORDER BY 1".formatted(catalog)));
    }

    @Test
    void insertsLandAsCommitsAndTimeTravelSeesTheBefore()
    {
        trino.update("CREATE TABLE %s.dev.events (id bigint, kind varchar)".formatted(catalog));
        String created = head("dev");
        trino.update("INSERT INTO %s.dev.events VALUES (1, 'click'), (2, 'view')".formatted(catalog));
        assertThat(trino.value("SELECT count(*) FROM %s.dev.events".formatted(catalog))).isEqualTo(2L);
        assertThat(trino.value("SELECT count(*) FROM %s.dev.events FOR VERSION AS OF '%s'".formatted(catalog, created))).isEqualTo(0L);
        assertThat(trino.value("SELECT count(*) FROM %s.dev.\"events$commits\" WHERE metadata['trino_statement'] = 'INSERT INTO dev.events'".formatted(catalog))).isEqualTo(1L);
        assertNoTransactionBranches();
    }

    @Test
    void eightConcurrentInsertsAllLand()
            throws Exception
    {
        trino.update("CREATE TABLE %s.dev.concurrent (writer integer, n bigint)".formatted(catalog));
        String created = head("dev");
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> inserts = new ArrayList<>();
            for (int writer = 0; writer < 8; writer++) {
                int id = writer;
                inserts.add(executor.submit(() -> trino.update("INSERT INTO %s.dev.concurrent SELECT %s, nationkey FROM tpch.tiny.nation".formatted(catalog, id))));
            }
            for (Future<?> insert : inserts) {
                insert.get();
            }
        }
        finally {
            executor.shutdownNow();
        }
        assertThat(trino.rows("SELECT count(DISTINCT writer), count(*) FROM %s.dev.concurrent".formatted(catalog))).containsExactly(List.of(8L, 200L));
        assertThat(trino.value("SELECT count(*) FROM %s.dev.\"concurrent$commits\" WHERE metadata['trino_statement'] = 'INSERT INTO dev.concurrent'".formatted(catalog))).isEqualTo(8L);
        assertThat(head("dev")).isNotEqualTo(created);
        assertNoTransactionBranches();
    }

    @Test
    void aCancelledInsertLeavesTheBranchAsItWas()
            throws Exception
    {
        trino.update("CREATE TABLE %s.dev.cancelled (orderkey bigint, comment varchar)".formatted(catalog));
        String before = head("dev");
        try (Connection connection = stack.connect(); Statement statement = connection.createStatement()) {
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                Future<?> insert = executor.submit(() -> statement.execute("INSERT INTO %s.dev.cancelled SELECT orderkey, comment FROM tpch.sf1.lineitem".formatted(catalog)));
                Thread.sleep(3_000);
                statement.cancel();
                // trino-jdbc reports the cancelled query as an error fetching its results
                assertThatThrownBy(insert::get).isInstanceOf(ExecutionException.class);
            }
            finally {
                executor.shutdownNow();
            }
        }
        await("the transaction branch of the cancelled INSERT is deleted", this::noTransactionBranches);
        assertThat(head("dev")).isEqualTo(before);
        assertThat(trino.value("SELECT count(*) FROM %s.dev.cancelled".formatted(catalog))).isEqualTo(0L);
    }

    @Test
    void aServerKilledMidInsertLeavesTheBranchAsItWas()
            throws Exception
    {
        trino.update("CREATE TABLE %s.dev.killed (orderkey bigint, comment varchar)".formatted(catalog));
        String before = head("dev");
        Path runDir = stack.runDir().resolveSibling(stack.runDir().getFileName() + "-killed-writer");
        Path etc = runDir.resolve("etc-source");
        stack.copyEtc(etc, Set.of());
        DatameshStack.ScriptResult started = stack.startTrinoOnly(etc, runDir, ImmutableMap.of("DATAMESH_TRINO_PROPERTIES", "catalog.management=dynamic"));
        try {
            assertThat(started.exitCode()).as(started.output()).isZero();
            TrinoClient other = DatameshStack.trinoOf(runDir);
            other.createCatalog(catalog, stack.catalogProperties(repository));
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                Future<?> insert = executor.submit(() -> other.update("INSERT INTO %s.dev.killed SELECT orderkey, comment FROM tpch.sf1.lineitem".formatted(catalog)));
                await("the INSERT has started its transaction", () -> lakeFs.listAllBranches(repository).stream().anyMatch(name -> name.startsWith("trino-tx-")));
                Thread.sleep(2_000);
                long pid = Long.parseLong(Files.readString(runDir.resolve("trino/data/var/run/launcher.pid")).trim());
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                assertThatThrownBy(() -> insert.get(60, SECONDS)).isNotNull();
            }
            finally {
                executor.shutdownNow();
            }
        }
        finally {
            stack.stop(runDir);
        }
        // nothing reached the branch; the hidden transaction branch stays, out of sight, until removed
        assertThat(head("dev")).isEqualTo(before);
        assertThat(trino.value("SELECT count(*) FROM %s.dev.killed".formatted(catalog))).isEqualTo(0L);
        assertThat(trino.column("SHOW SCHEMAS FROM %s".formatted(catalog))).noneMatch(schema -> schema.startsWith("trino-tx-"));
        lakeFs.listAllBranches(repository).stream()
                .filter(name -> name.startsWith("trino-tx-"))
                .forEach(name -> lakeFs.deleteBranch(repository, name));
    }

    @Test
    void deleteUpdateAndMergeRewriteOnlyTheirFiles()
    {
        trino.update("CREATE TABLE %s.dev.customers WITH (partitioned_by = ARRAY['mktsegment']) AS SELECT custkey, name, acctbal, mktsegment FROM tpch.tiny.customer".formatted(catalog));
        trino.update("DELETE FROM %s.dev.customers WHERE mktsegment = 'BUILDING' AND custkey < 500".formatted(catalog));
        trino.update("UPDATE %s.dev.customers SET acctbal = 0 WHERE mktsegment = 'MACHINERY'".formatted(catalog));
        trino.update(("MERGE INTO %s.dev.customers t USING (VALUES (BIGINT '1000', 'merged'), (BIGINT '99999', 'inserted')) s (custkey, name) ON t.custkey = s.custkey " +
                "WHEN MATCHED THEN UPDATE SET name = s.name WHEN NOT MATCHED THEN INSERT (custkey, name, acctbal, mktsegment) VALUES (s.custkey, s.name, 0, 'NEW')").formatted(catalog));
        assertThat(trino.rows("SELECT mktsegment, count(*), sum(acctbal) FROM %s.dev.customers GROUP BY 1 ORDER BY 1".formatted(catalog)))
                .isEqualTo(trino.rows(("SELECT mktsegment, count(*), sum(acctbal) FROM (" +
                        "SELECT custkey, IF(mktsegment = 'MACHINERY', 0, acctbal) AS acctbal, mktsegment FROM tpch.tiny.customer WHERE NOT (mktsegment = 'BUILDING' AND custkey < 500) " +
                        "UNION ALL SELECT 99999, 0, 'NEW') GROUP BY 1 ORDER BY 1")));
        assertThat(trino.value("SELECT name FROM %s.dev.customers WHERE custkey = 1000".formatted(catalog))).isEqualTo("merged");
        assertThat(trino.column("SELECT metadata['trino_statement'] FROM %s.dev.\"customers$commits\" ORDER BY creation_time DESC LIMIT 3".formatted(catalog)))
                .containsExactly("UPDATE or MERGE INTO dev.customers", "UPDATE or MERGE INTO dev.customers", "DELETE FROM dev.customers");
        assertNoTransactionBranches();
    }

    @Test
    void twoConcurrentDeletesOfTheSameFilesOneWinsOneFailsClearly()
            throws Exception
    {
        trino.update("CREATE TABLE %s.dev.contended AS SELECT orderkey, custkey, totalprice, comment FROM tpch.\"sf0.1\".orders".formatted(catalog));
        long rows = (long) trino.value("SELECT count(*) FROM %s.dev.contended".formatted(catalog));
        ExecutorService executor = Executors.newFixedThreadPool(2);
        List<String> failures = new ArrayList<>();
        List<Long> deleted = new ArrayList<>();
        try {
            List<Future<?>> deletes = new ArrayList<>();
            for (int remainder : List.of(1, 2)) {
                deletes.add(executor.submit(() -> trino.update("DELETE FROM %s.dev.contended WHERE orderkey %% 1000 = %s".formatted(catalog, remainder))));
            }
            for (int i = 0; i < deletes.size(); i++) {
                try {
                    deletes.get(i).get();
                    deleted.add((long) trino.value("SELECT count(*) FROM tpch.\"sf0.1\".orders WHERE orderkey %% 1000 = %s".formatted(List.of(1, 2).get(i))));
                }
                catch (ExecutionException e) {
                    failures.add(e.getCause().getMessage());
                }
            }
        }
        finally {
            executor.shutdownNow();
        }
        // both rewrote every file: the second to merge conflicts, names the files, and applies nothing
        assertThat(failures).hasSize(1);
        assertThat(failures.getFirst())
                .contains("conflicts with a change made to branch 'dev' of lakeFS repository '%s'".formatted(repository))
                .contains("contended/")
                .contains("nothing was written");
        assertThat(trino.value("SELECT count(*) FROM %s.dev.contended".formatted(catalog))).isEqualTo(rows - deleted.getFirst());
        assertNoTransactionBranches();
    }

    @Test
    void protectedBranchesAndTagsRefuseWrites()
    {
        lakeFs.createTag(repository, "v1", "main");
        assertThatThrownBy(() -> trino.update("CREATE TABLE %s.v1.t AS SELECT 1 x".formatted(catalog)))
                .hasMessageContaining("Schema 'v1' is tag 'v1' of lakeFS repository '%s', which is read-only".formatted(repository));
        lakeFs.protectBranches(repository, List.of("main"));
        try {
            String before = head("main");
            assertThatThrownBy(() -> trino.update("CREATE TABLE %s.main.t AS SELECT 1 x".formatted(catalog)))
                    .hasMessageContaining("Branch 'main' of lakeFS repository '%s' is protected (rule 'main')".formatted(repository))
                    .hasMessageContaining("merge");
            assertThat(head("main")).isEqualTo(before);
        }
        finally {
            lakeFs.protectBranches(repository, List.of());
        }
        assertNoTransactionBranches();
    }

    private String head(String branch)
    {
        return lakeFs.getCommit(repository, branch).getId();
    }

    private boolean noTransactionBranches()
    {
        return lakeFs.listAllBranches(repository).stream().noneMatch(name -> name.startsWith("trino-tx-"));
    }

    private void assertNoTransactionBranches()
    {
        assertThat(lakeFs.listAllBranches(repository)).noneMatch(name -> name.startsWith("trino-tx-"));
    }

    private static void await(String what, BooleanSupplier condition)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
