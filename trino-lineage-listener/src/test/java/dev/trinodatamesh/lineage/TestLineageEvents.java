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

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableMap;
import dev.trinodatamesh.testing.LineageReceiver;
import dev.trinodatamesh.testing.LineageReceiver.Received;
import dev.trinodatamesh.testing.OpenLineageValidator;
import io.trino.Session;
import io.trino.plugin.memory.MemoryPlugin;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.trinodatamesh.testing.LineageJson.dataset;
import static dev.trinodatamesh.testing.LineageJson.indirect;
import static dev.trinodatamesh.testing.LineageJson.transformation;
import static io.trino.testing.TestingSession.testSessionBuilder;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener in a Trino query runner, sending to a Marquez-like receiver that validates every
 * event strictly against the OpenLineage 2-0-2 schemas, and to a JSON-lines file.
 */
final class TestLineageEvents
        extends AbstractTestQueryFramework
{
    private LineageReceiver receiver;
    private Path lineageFile;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        Path root = Path.of(System.getProperty("datamesh.root", ".."));
        receiver = LineageReceiver.onFreePort(OpenLineageValidator.forWorkplace(root));
        Path directory = Files.createTempDirectory("lineage-events");
        lineageFile = directory.resolve("events.jsonl");
        LineageListener listener = (LineageListener) new LineageListenerFactory().create(ImmutableMap.<String, String>builder()
                .put("lineage.transports", "http,file")
                .put("lineage.http.url", receiver.uri().toString())
                .put("lineage.file.path", lineageFile.toString())
                .put("lineage.spool-directory", directory.resolve("spool").toString())
                .put("lineage.retry.initial-delay", "50ms")
                .put("lineage.retry.max-delay", "500ms")
                .buildOrThrow(), null);
        Session session = testSessionBuilder().setCatalog("tpch").setSchema("tiny").build();
        DistributedQueryRunner runner = DistributedQueryRunner.builder(session)
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

    @BeforeEach
    void noInvalidEvents()
    {
        assertThat(receiver.invalidEvents()).isEmpty();
    }

    @Test
    void adhocSelectIsARunOfTheJobOfItsUserAndClientWithoutAnOutputDataset()
    {
        String first = run("SELECT name FROM nation WHERE nationkey = 1");
        String second = run("SELECT count(*) FROM region");
        JsonNode firstComplete = eventsOf(first, 2).get(1).event();
        JsonNode secondComplete = eventsOf(second, 2).get(1).event();
        // testSessionBuilder's user and source
        assertThat(firstComplete.path("job").path("name").asText()).isEqualTo("adhoc.user.test");
        assertThat(secondComplete.path("job").path("name").asText()).isEqualTo("adhoc.user.test");
        assertThat(firstComplete.path("run").path("runId").asText()).isNotEqualTo(secondComplete.path("run").path("runId").asText());
        assertThat(firstComplete.path("outputs")).isEmpty();
        assertThat(names(secondComplete.path("inputs"))).containsExactly("tpch.tiny.region");
    }

    @Test
    void selectOfANamedJobGetsStartAndCompleteWithColumnLineage()
    {
        String queryId = run(named("supplier_balances"), """
                SELECT n.name AS nation, upper(r.name) AS region, count(*) AS suppliers, sum(s.acctbal) AS balance
                FROM supplier s JOIN nation n ON s.nationkey = n.nationkey JOIN region r ON n.regionkey = r.regionkey
                WHERE s.acctbal > 0
                GROUP BY n.name, r.name
                ORDER BY suppliers DESC""");
        List<Received> events = eventsOf(queryId, 2);
        assertThat(events).extracting(Received::eventType).containsExactly("START", "COMPLETE");
        assertThat(events.get(0).runId()).isEqualTo(events.get(1).runId());

        JsonNode complete = events.get(1).event();
        assertThat(complete.path("job").path("namespace").asText()).startsWith("trino://");
        assertThat(complete.path("job").path("name").asText()).isEqualTo("supplier_balances");
        assertThat(complete.path("job").path("facets").path("sql").path("dialect").asText()).isEqualTo("trino");
        assertThat(complete.path("job").path("facets").path("jobType").path("integration").asText()).isEqualTo("TRINO");
        assertThat(complete.path("run").path("facets").path("processing_engine").path("name").asText()).isEqualTo("trino");
        assertThat(names(complete.path("inputs"))).containsExactly("tpch.tiny.nation", "tpch.tiny.region", "tpch.tiny.supplier");
        JsonNode supplier = dataset(complete.path("inputs"), "tpch.tiny.supplier");
        assertThat(supplier.path("facets").path("schema").path("fields").findValuesAsText("name")).contains("acctbal", "nationkey");
        assertThat(supplier.path("inputFacets").path("inputStatistics").path("rowCount").asLong()).isEqualTo(100);

        JsonNode result = complete.path("outputs").get(0);
        assertThat(result.path("name").asText()).isEqualTo("supplier_balances");
        JsonNode fields = result.path("facets").path("columnLineage").path("fields");
        assertThat(transformation(fields, "nation", "tpch.tiny.nation", "name")).isEqualTo("DIRECT/IDENTITY");
        // the deprecated output-level fields, which Marquez 0.51 shows, say the same
        assertThat(fields.path("nation").path("transformationType").asText()).isEqualTo("IDENTITY");
        assertThat(fields.path("region").path("transformationType").asText()).isEqualTo("TRANSFORMATION");
        assertThat(fields.path("balance").path("transformationType").asText()).isEqualTo("AGGREGATION");
        assertThat(fields.path("balance").path("transformationDescription").asText()).isEqualTo("AGGREGATION of tpch.tiny.supplier.acctbal");
        assertThat(transformation(fields, "region", "tpch.tiny.region", "name")).isEqualTo("DIRECT/TRANSFORMATION");
        assertThat(transformation(fields, "balance", "tpch.tiny.supplier", "acctbal")).isEqualTo("DIRECT/AGGREGATION");
        Set<String> indirect = indirect(result.path("facets").path("columnLineage").path("dataset"));
        assertThat(indirect).contains(
                "tpch.tiny.supplier.nationkey:JOIN",
                "tpch.tiny.nation.regionkey:JOIN",
                "tpch.tiny.supplier.acctbal:FILTER",
                "tpch.tiny.nation.name:GROUP_BY");
    }

    @Test
    void createTableAsSelectHasOutputLineageAndStatistics()
    {
        String queryId = run("CREATE TABLE memory.default.nation_regions AS SELECT n.nationkey, n.name, r.name AS region, length(n.comment) AS comment_length FROM nation n JOIN region r ON n.regionkey = r.regionkey");
        JsonNode complete = eventsOf(queryId, 2).get(1).event();
        JsonNode output = dataset(complete.path("outputs"), "memory.default.nation_regions");
        assertThat(output.path("outputFacets").path("outputStatistics").path("rowCount").asLong()).isEqualTo(25);
        JsonNode fields = output.path("facets").path("columnLineage").path("fields");
        assertThat(transformation(fields, "nationkey", "tpch.tiny.nation", "nationkey")).isEqualTo("DIRECT/IDENTITY");
        assertThat(transformation(fields, "region", "tpch.tiny.region", "name")).isEqualTo("DIRECT/IDENTITY");
        assertThat(transformation(fields, "comment_length", "tpch.tiny.nation", "comment")).isEqualTo("DIRECT/TRANSFORMATION");
        assertThat(output.path("facets").path("schema").path("fields").findValuesAsText("name")).containsExactly("nationkey", "name", "region", "comment_length");
    }

    @Test
    void insertNamesTheTargetAndItsColumnLineage()
    {
        run("CREATE TABLE memory.default.region_names (regionkey bigint, label varchar)");
        String queryId = run("INSERT INTO memory.default.region_names SELECT regionkey, lower(name) FROM region WHERE regionkey < 3");
        JsonNode complete = eventsOf(queryId, 2).get(1).event();
        assertThat(names(complete.path("inputs"))).containsExactly("tpch.tiny.region");
        JsonNode output = dataset(complete.path("outputs"), "memory.default.region_names");
        assertThat(output.path("outputFacets").path("outputStatistics").path("rowCount").asLong()).isEqualTo(3);
        JsonNode fields = output.path("facets").path("columnLineage").path("fields");
        assertThat(transformation(fields, "regionkey", "tpch.tiny.region", "regionkey")).isEqualTo("DIRECT/IDENTITY");
        assertThat(transformation(fields, "label", "tpch.tiny.region", "name")).isEqualTo("DIRECT/TRANSFORMATION");
        assertThat(indirect(output.path("facets").path("columnLineage").path("dataset"))).contains("tpch.tiny.region.regionkey:FILTER");
    }

    @Test
    void failedQueryGetsFailWithErrorMessage()
    {
        String queryId = runFailing("SELECT 1 / (nationkey - nationkey) FROM nation");
        List<Received> events = eventsOf(queryId, 2);
        assertThat(events).extracting(Received::eventType).containsExactly("START", "FAIL");
        JsonNode error = events.get(1).event().path("run").path("facets").path("errorMessage");
        assertThat(error.path("message").asText()).isEqualTo("Division by zero (DIVISION_BY_ZERO)");
        assertThat(error.path("stackTrace").asText()).contains("io.trino.spi.TrinoException");
        assertThat(error.path("programmingLanguage").asText()).isEqualTo("JAVA");
    }

    @Test
    void queryThatFailsToParseGetsStartAndFail()
    {
        String queryId = runFailing("SELEC nonsense");
        assertThat(eventsOf(queryId, 2)).extracting(Received::eventType).containsExactly("START", "FAIL");
    }

    @Test
    void sessionNamesTheJobAndItsParent()
    {
        Session tagged = Session.builder(getSession())
                .setClientTags(Set.of("job:nightly_nation_report", "parent_run_id:0190a6a4-2b3c-7def-8123-456789abcdef", "parent_job_namespace:airflow://scheduler", "parent_job_name:reports.nation"))
                .build();
        String queryId = run(tagged, "SELECT count(*) FROM nation");
        JsonNode complete = eventsOf(queryId, 2).get(1).event();
        assertThat(complete.path("job").path("name").asText()).isEqualTo("nightly_nation_report");
        // the unnamed result column has the name clients see
        assertThat(complete.path("outputs").get(0).path("facets").path("schema").path("fields").get(0).path("name").asText()).isEqualTo("_col0");
        JsonNode parent = complete.path("run").path("facets").path("parent");
        assertThat(parent.path("run").path("runId").asText()).isEqualTo("0190a6a4-2b3c-7def-8123-456789abcdef");
        assertThat(parent.path("job").path("namespace").asText()).isEqualTo("airflow://scheduler");
        assertThat(parent.path("job").path("name").asText()).isEqualTo("reports.nation");
    }

    @Test
    void dbtQueryCommentNamesTheJob()
    {
        String queryId = run("/* {\"app\": \"dbt\", \"dbt_version\": \"1.9.0\", \"node_id\": \"model.shop.nations\"} */ SELECT name FROM nation");
        assertThat(eventsOf(queryId, 2).get(1).event().path("job").path("name").asText()).isEqualTo("model.shop.nations");
    }

    @Test
    void everyEventIsAlsoInTheFile()
            throws Exception
    {
        String queryId = run("SELECT count(*) FROM region");
        eventsOf(queryId, 2);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && Files.readAllLines(lineageFile, UTF_8).stream().filter(line -> line.contains(queryId)).count() < 2) {
            Thread.sleep(50);
        }
        assertThat(Files.readAllLines(lineageFile, UTF_8).stream().filter(line -> line.contains(queryId))).hasSize(2);
    }

    /**
     * A receiver that takes 3 s per event, or answers 500, holds no query: each finishes well
     * before one delivery could, and every event arrives once the receiver recovers.
     */
    @Test
    void slowOrFailingReceiverHoldsNoQuery()
    {
        Duration delivery = Duration.ofSeconds(3);
        List<String> queryIds = new ArrayList<>();
        try {
            for (LineageReceiver.Mode mode : List.of(LineageReceiver.Mode.SLOW, LineageReceiver.Mode.SERVER_ERROR)) {
                receiver.setSlowDelay(delivery);
                receiver.setMode(mode);
                for (int i = 0; i < 5; i++) {
                    long start = System.nanoTime();
                    queryIds.add(run("SELECT count(*) FROM nation WHERE regionkey = " + i));
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                    assertThat(elapsed).as("query %s with the receiver %s", i, mode).isLessThan(delivery);
                }
            }
        }
        finally {
            receiver.setMode(LineageReceiver.Mode.HEALTHY);
        }
        for (String queryId : queryIds) {
            assertThat(eventsOf(queryId, 2)).extracting(Received::eventType).containsExactly("START", "COMPLETE");
        }
    }

    @Test
    void createViewHasTheViewAsOutputAndItsSourcesAsInputs()
    {
        String queryId = run("CREATE OR REPLACE VIEW memory.default.nation_names AS SELECT n.name, r.name AS region FROM nation n JOIN region r ON n.regionkey = r.regionkey");
        JsonNode complete = eventsOf(queryId, 2).get(1).event();
        assertThat(names(complete.path("inputs"))).containsExactly("tpch.tiny.nation", "tpch.tiny.region");
        JsonNode view = dataset(complete.path("outputs"), "memory.default.nation_names");
        assertThat(view.path("facets").path("schema").path("fields").findValuesAsText("name")).containsExactly("name", "region");
        JsonNode fields = view.path("facets").path("columnLineage").path("fields");
        assertThat(fields.path("region").path("inputFields").get(0).path("name").asText()).isEqualTo("tpch.tiny.region");
    }

    private static Session named(String job)
    {
        return Session.builder(testSessionBuilder().setCatalog("tpch").setSchema("tiny").build())
                .setClientTags(Set.of("job:" + job))
                .build();
    }

    private String run(String sql)
    {
        return run(getSession(), sql);
    }

    private String run(Session session, String sql)
    {
        return getDistributedQueryRunner().executeWithPlan(session, sql).queryId().toString();
    }

    private String runFailing(String sql)
    {
        List<String> before = new ArrayList<>(receiver.events().stream().map(Received::queryId).toList());
        try {
            getQueryRunner().execute(sql);
        }
        catch (RuntimeException expected) {
            // the query fails on purpose
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (Received event : receiver.events()) {
                if (event.eventType().equals("FAIL") && !before.contains(event.queryId())) {
                    return event.queryId();
                }
            }
            sleep();
        }
        throw new AssertionError("no FAIL event for " + sql + "; invalid: " + receiver.invalidEvents());
    }

    private List<Received> eventsOf(String queryId, int expected)
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<Received> events = receiver.events(event -> event.queryId().equals(queryId));
            if (events.size() >= expected) {
                assertThat(receiver.invalidEvents()).isEmpty();
                return events;
            }
            sleep();
        }
        throw new AssertionError("%s events for query %s did not arrive; invalid events: %s".formatted(expected, queryId, receiver.invalidEvents()));
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

    private static Set<String> names(JsonNode datasets)
    {
        Set<String> names = new TreeSet<>();
        datasets.forEach(dataset -> names.add(dataset.path("name").asText()));
        return names;
    }
}
