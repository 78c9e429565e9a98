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
package dev.trinodatamesh.lineage;

import com.google.common.collect.ImmutableMap;
import dev.trinodatamesh.testing.LineageReceiver;
import dev.trinodatamesh.testing.LineageReceiver.Received;
import dev.trinodatamesh.testing.MarquezGraph;
import dev.trinodatamesh.testing.MarquezGraph.Job;
import dev.trinodatamesh.testing.OpenLineageValidator;
import io.trino.Session;
import io.trino.plugin.memory.MemoryPlugin;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.spi.security.Identity;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.trino.testing.TestingSession.testSessionBuilder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The graph Marquez derives from the events of a mixed workload (ad-hoc queries of two users, a
 * named job, a dbt model, CREATE TABLE AS, INSERT, CREATE VIEW, a failing query): exactly the
 * expected datasets, jobs and column edges, and no dataset or job per query.
 */
final class TestMarquezGraph
        extends AbstractTestQueryFramework
{
    private LineageReceiver receiver;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        Path root = Path.of(System.getProperty("datamesh.root", ".."));
        receiver = LineageReceiver.onFreePort(OpenLineageValidator.forWorkplace(root));
        Path directory = Files.createTempDirectory("lineage-graph");
        LineageListener listener = (LineageListener) new LineageListenerFactory().create(ImmutableMap.of(
                "lineage.transports", "http",
                "lineage.http.url", receiver.uri().toString(),
                "lineage.spool-directory", directory.resolve("spool").toString()), null);
        DistributedQueryRunner runner = DistributedQueryRunner.builder(session("admin", "setup", Set.of()))
                .setEventListener(listener)
                .registerResource(listener::shutdown)
                .build();
        runner.installPlugin(new TpchPlugin());
        runner.createCatalog("tpch", "tpch");
        runner.installPlugin(new MemoryPlugin());
        runner.createCatalog("memory", "memory");
        return runner;
    }

    @AfterAll
    void stopReceiver()
    {
        receiver.close();
    }

    @Test
    void mixedWorkloadMakesTheExpectedGraph()
    {
        Session alice = session("alice", "superset", Set.of());
        Session bob = session("bob", "trino-cli", Set.of());
        run(alice, "SELECT name FROM nation WHERE nationkey = 1");
        run(alice, "SELECT count(*) FROM region");
        run(bob, "SELECT r.name, count(*) AS nations FROM nation n JOIN region r ON n.regionkey = r.regionkey GROUP BY r.name");
        run(session("carol", "airflow", Set.of("job:nation_report")), "SELECT n.name, upper(r.name) AS region FROM nation n JOIN region r ON n.regionkey = r.regionkey");
        run(session("dbt", "dbt-trino", Set.of()), "/* {\"app\": \"dbt\", \"node_id\": \"model.shop.nations\"} */ SELECT nationkey, name FROM nation");
        run(session("carol", "airflow", Set.of("job:load_nation_regions")), "CREATE TABLE memory.default.nation_regions AS SELECT n.nationkey, n.name, r.name AS region FROM nation n JOIN region r ON n.regionkey = r.regionkey");
        run(alice, "INSERT INTO memory.default.nation_regions SELECT nationkey, lower(name), 'none' FROM nation WHERE nationkey < 3");
        run(bob, "CREATE VIEW memory.default.region_names AS SELECT name, upper(comment) AS remark FROM region");
        runFailing(alice, "SELECT 1 / (nationkey - nationkey) FROM nation");

        assertThat(receiver.invalidEvents()).isEmpty();
        MarquezGraph graph = receiver.marquezGraph();
        // tpch tells a listener only the columns a query read: Marquez adds each query's to the
        // dataset's version (datamesh data products come with their whole schema; see TestLineageOnRealStack)
        assertThat(graph.datasets()).isEqualTo(ImmutableMap.builder()
                .put("memory.default.nation_regions", List.of("nationkey", "name", "region"))
                .put("memory.default.region_names", List.of("name", "remark"))
                .put("model.shop.nations", List.of("nationkey", "name"))
                .put("nation_report", List.of("name", "region"))
                .put("tpch.tiny.nation", List.of("nationkey", "name", "regionkey"))
                .put("tpch.tiny.region", List.of("regionkey", "name"))
                .buildOrThrow());
        assertThat(graph.jobs()).isEqualTo(ImmutableMap.builder()
                .put("adhoc.alice.superset", new Job(List.of("COMPLETED", "COMPLETED", "COMPLETED", "FAILED"), Set.of("tpch.tiny.nation"), Set.of()))
                .put("adhoc.bob.trino-cli", new Job(List.of("COMPLETED", "COMPLETED"), Set.of("tpch.tiny.region"), Set.of("memory.default.region_names")))
                .put("load_nation_regions", new Job(List.of("COMPLETED"), Set.of("tpch.tiny.nation", "tpch.tiny.region"), Set.of("memory.default.nation_regions")))
                .put("model.shop.nations", new Job(List.of("COMPLETED"), Set.of("tpch.tiny.nation"), Set.of("model.shop.nations")))
                .put("nation_report", new Job(List.of("COMPLETED"), Set.of("tpch.tiny.nation", "tpch.tiny.region"), Set.of("nation_report")))
                .buildOrThrow());
        // no edge to region_names.remark: no query read region.comment, so Marquez has no such field
        // (CREATE VIEW reads no data, and Trino reports its sources only in the view's column
        // lineage); a view has no plan, so its edges have no transformation kind. An edge keeps the
        // kind of the last write: the INSERT's lower(name) after the CREATE TABLE AS's copy.
        assertThat(graph.columnEdges()).isEqualTo(ImmutableMap.builder()
                .put("tpch.tiny.nation.name -> memory.default.nation_regions.name", "TRANSFORMATION")
                .put("tpch.tiny.nation.name -> model.shop.nations.name", "IDENTITY")
                .put("tpch.tiny.nation.name -> nation_report.name", "IDENTITY")
                .put("tpch.tiny.nation.nationkey -> memory.default.nation_regions.nationkey", "IDENTITY")
                .put("tpch.tiny.nation.nationkey -> model.shop.nations.nationkey", "IDENTITY")
                .put("tpch.tiny.region.name -> memory.default.nation_regions.region", "IDENTITY")
                .put("tpch.tiny.region.name -> memory.default.region_names.name", "")
                .put("tpch.tiny.region.name -> nation_report.region", "TRANSFORMATION")
                .buildOrThrow());
    }

    private static Session session(String user, String source, Set<String> clientTags)
    {
        return testSessionBuilder()
                .setIdentity(Identity.ofUser(user))
                .setSource(source)
                .setClientTags(clientTags)
                .setCatalog("tpch")
                .setSchema("tiny")
                .build();
    }

    /**
     * Runs a query and waits for its two events, so that the graph sees the queries in order.
     */
    private void run(Session session, String sql)
    {
        String queryId = getDistributedQueryRunner().executeWithPlan(session, sql).queryId().toString();
        await(queryId);
    }

    private void runFailing(Session session, String sql)
    {
        int before = receiver.events(event -> event.eventType().equals("FAIL")).size();
        try {
            getQueryRunner().execute(session, sql);
        }
        catch (RuntimeException expected) {
            // the query fails on purpose
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (receiver.events(event -> event.eventType().equals("FAIL")).size() == before) {
            assertThat(System.nanoTime()).as("FAIL event of " + sql).isLessThan(deadline);
            sleep();
        }
    }

    private void await(String queryId)
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (receiver.events(event -> event.queryId().equals(queryId)).size() < 2) {
            assertThat(System.nanoTime()).as("both events of " + queryId + "; invalid: " + receiver.invalidEvents()).isLessThan(deadline);
            sleep();
        }
        assertThat(receiver.events(event -> event.queryId().equals(queryId))).extracting(Received::eventType).containsExactly("START", "COMPLETE");
    }

    private static void sleep()
    {
        try {
            Thread.sleep(25);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }
}
