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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableMap;
import dev.trinodatamesh.testing.LineageReceiver;
import dev.trinodatamesh.testing.OpenLineageValidator;
import dev.trinodatamesh.tests.DatameshStack.ScriptResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.trinodatamesh.testing.LineageJson.dataset;
import static dev.trinodatamesh.testing.LineageJson.indirect;
import static dev.trinodatamesh.testing.LineageJson.transformation;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * The lineage listener in the real coordinator: every query's events reach an HTTP receiver that
 * stands in for Marquez (and validates each event against the OpenLineage 2-0-2 schemas) and the
 * JSON-lines file, with the lakeFS commit each query read.
 */
@ExtendWith(DatameshStackExtension.class)
@TestInstance(PER_CLASS)
final class TestLineageOnRealStack
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final double SCALE = 0.01;

    private final DatameshStack stack;
    private final String suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private final String salesRepository = "lineage-sales-" + suffix;
    private final String sales = "lsales_" + suffix;
    private final String crmRepository = "lineage-crm-" + suffix;
    private final String crm = "lcrm_" + suffix;
    private LakeFsFixture lakeFs;
    private TrinoClient trino;
    private String firstCommit;
    private String mainCommit;
    private String crmCommit;

    TestLineageOnRealStack(DatameshStack stack)
    {
        this.stack = stack;
    }

    @BeforeAll
    void loadDataProducts()
    {
        lakeFs = stack.lakeFs();
        trino = stack.trino();
        lakeFs.createRepository(salesRepository);
        TpchProducts orders = TpchProducts.of("orders", 1);
        orders.write(SCALE, 1, (path, bytes) -> lakeFs.putObject(salesRepository, "main", path, bytes));
        lakeFs.putObject(salesRepository, "main", orders.descriptorPath(), orders.descriptor("sales-team@example.com", "Orders placed by customers").getBytes(UTF_8));
        firstCommit = lakeFs.commit(salesRepository, "main", "orders");
        lakeFs.createTag(salesRepository, "v1", firstCommit);
        TpchProducts.of("nation", 1).write(SCALE, 1, (path, bytes) -> lakeFs.putObject(salesRepository, "main", path, bytes));
        mainCommit = lakeFs.commit(salesRepository, "main", "nations");
        trino.createCatalog(sales, stack.catalogProperties(salesRepository));

        lakeFs.createRepository(crmRepository);
        TpchProducts.of("customer", 1).write(SCALE, 1, (path, bytes) -> lakeFs.putObject(crmRepository, "main", path, bytes));
        crmCommit = lakeFs.commit(crmRepository, "main", "customers");
        trino.createCatalog(crm, stack.catalogProperties(crmRepository));
    }

    @AfterAll
    void everyEventWasValid()
    {
        stack.lineageReceiver().ifPresent(receiver -> assertThat(receiver.invalidEvents()).isEmpty());
    }

    @Test
    void crossDomainQueryReportsTheCommitsItRead()
    {
        String queryId = trino.query("""
                SELECT c.mktsegment, count(*) AS orders, sum(o.totalprice) AS revenue
                FROM %s.main.orders o JOIN %s.main.customer c ON o.custkey = c.custkey
                WHERE o.orderstatus = 'F'
                GROUP BY c.mktsegment""".formatted(sales, crm)).queryId();
        List<JsonNode> events = events(queryId, 2);
        assertThat(events).extracting(event -> event.path("eventType").asText()).containsExactly("START", "COMPLETE");
        JsonNode complete = events.get(1);
        assertThat(complete.path("run").path("runId").asText()).isEqualTo(events.get(0).path("run").path("runId").asText());
        assertThat(complete.path("job").path("namespace").asText()).isEqualTo("trino://" + stack.trinoUri().getHost() + ":" + stack.trinoUri().getPort());

        JsonNode orders = dataset(complete.path("inputs"), sales + ".main.orders");
        JsonNode facets = orders.path("facets");
        assertThat(facets.path("version").path("datasetVersion").asText()).isEqualTo(mainCommit);
        assertThat(facets.path("symlinks").path("identifiers").get(0).path("namespace").asText()).isEqualTo("lakefs://" + salesRepository);
        assertThat(facets.path("symlinks").path("identifiers").get(0).path("name").asText()).startsWith(mainCommit + "/").endsWith("orders");
        assertThat(facets.path("symlinks").path("identifiers").get(1).path("namespace").asText()).isEqualTo("s3://" + stack.env("DATAMESH_BUCKET"));
        assertThat(facets.path("storage").path("storageLayer").asText()).isEqualTo("lakefs");
        assertThat(facets.path("storage").path("fileFormat").asText()).isEqualTo("parquet");
        assertThat(facets.path("ownership").path("owners").get(0).path("name").asText()).isEqualTo("sales-team@example.com");
        assertThat(facets.path("documentation").path("description").asText()).isEqualTo("Orders placed by customers");
        assertThat(facets.path("schema").path("fields").findValuesAsText("name")).contains("custkey", "totalprice", "orderstatus");
        assertThat(orders.path("inputFacets").path("inputStatistics").path("rowCount").asLong()).isPositive();

        JsonNode customer = dataset(complete.path("inputs"), crm + ".main.customer");
        assertThat(customer.path("facets").path("version").path("datasetVersion").asText()).isEqualTo(crmCommit);

        JsonNode result = complete.path("outputs").get(0);
        assertThat(result.path("name").asText()).isEqualTo(queryId);
        JsonNode fields = result.path("facets").path("columnLineage").path("fields");
        assertThat(transformation(fields, "mktsegment", crm + ".main.customer", "mktsegment")).isEqualTo("DIRECT/IDENTITY");
        assertThat(transformation(fields, "revenue", sales + ".main.orders", "totalprice")).isEqualTo("DIRECT/AGGREGATION");
        assertThat(indirect(result.path("facets").path("columnLineage").path("dataset"))).contains(
                sales + ".main.orders.custkey:JOIN",
                crm + ".main.customer.custkey:JOIN",
                sales + ".main.orders.orderstatus:FILTER",
                crm + ".main.customer.mktsegment:GROUP_BY");
    }

    @Test
    void tagAndCommitReadsCarryTheirCommit()
    {
        String tagQuery = trino.query("SELECT count(*) FROM %s.v1.orders".formatted(sales)).queryId();
        JsonNode tagRead = dataset(events(tagQuery, 2).get(1).path("inputs"), sales + ".v1.orders");
        assertThat(tagRead.path("facets").path("version").path("datasetVersion").asText()).isEqualTo(firstCommit);

        String commitQuery = trino.query("SELECT count(*) FROM %s.main.orders FOR VERSION AS OF '%s'".formatted(sales, firstCommit)).queryId();
        JsonNode commitRead = events(commitQuery, 2).get(1).path("inputs").get(0);
        assertThat(commitRead.path("facets").path("version").path("datasetVersion").asText()).isEqualTo(firstCommit);
        assertThat(firstCommit).isNotEqualTo(mainCommit);
    }

    @Test
    void createTableAsSelectHasTheWrittenDataset()
    {
        String table = "scratch.default.order_status_" + suffix;
        String queryId = trino.update("CREATE TABLE %s AS SELECT orderstatus, count(*) AS orders, max(totalprice) AS largest FROM %s.main.orders GROUP BY orderstatus".formatted(table, sales));
        JsonNode complete = events(queryId, 2).get(1);
        assertThat(dataset(complete.path("inputs"), sales + ".main.orders").path("facets").path("version").path("datasetVersion").asText()).isEqualTo(mainCommit);
        JsonNode output = dataset(complete.path("outputs"), table);
        assertThat(output.path("outputFacets").path("outputStatistics").path("rowCount").asLong()).isEqualTo(3);
        JsonNode fields = output.path("facets").path("columnLineage").path("fields");
        assertThat(transformation(fields, "orderstatus", sales + ".main.orders", "orderstatus")).isEqualTo("DIRECT/IDENTITY");
        assertThat(transformation(fields, "largest", sales + ".main.orders", "totalprice")).isEqualTo("DIRECT/AGGREGATION");
    }

    @Test
    void failedQueryGetsFailNamingTheBranch()
    {
        assertThatThrownBy(() -> trino.execute("SELECT * FROM %s.no_such_branch.orders".formatted(sales)))
                .hasMessageContaining("no_such_branch");
        JsonNode fail = awaitEvent(event -> event.path("eventType").asText().equals("FAIL")
                && event.path("job").path("facets").path("sql").path("query").asText().contains(sales + ".no_such_branch.orders"));
        assertThat(fail.path("run").path("facets").path("errorMessage").path("message").asText()).contains("no_such_branch");
        assertThat(fail.path("run").path("facets").path("errorMessage").path("programmingLanguage").asText()).isEqualTo("JAVA");
    }

    @Test
    void metadataQueriesOfClientsAreReportedToo()
    {
        String queryId = trino.query("SHOW TABLES FROM %s.main".formatted(sales)).queryId();
        assertThat(events(queryId, 2)).extracting(event -> event.path("eventType").asText()).containsExactly("START", "COMPLETE");
    }

    @Test
    void fileTransportHasTheSameEvents()
    {
        String queryId = trino.query("SELECT count(*) FROM %s.main.customer".formatted(crm)).queryId();
        events(queryId, 2);
        List<JsonNode> inFile = await("both events of %s in %s".formatted(queryId, stack.lineageFile()),
                () -> fileEvents().stream().filter(event -> queryIdOf(event).equals(queryId)).toList(),
                found -> found.size() >= 2);
        assertThat(inFile).extracting(event -> event.path("eventType").asText()).containsExactly("START", "COMPLETE");
        assertThat(inFile.get(1).path("inputs").get(0).path("facets").path("version").path("datasetVersion").asText()).isEqualTo(crmCommit);
    }

    /**
     * The delivery counters are MBeans, which Trino's {@code /metrics} endpoint serves to Prometheus
     * ({@code metrics.jmx-object-names} in etc/config.properties).
     */
    @Test
    void deliveryCountersAreServedAsMetrics()
    {
        String queryId = trino.query("SELECT count(*) FROM %s.main.orders".formatted(sales)).queryId();
        events(queryId, 2);
        // the file transport: in this run's stack and in one of ./datamesh up alike
        Map<String, Double> metrics = await("the file transport's counters to count the events",
                this::lineageMetrics,
                values -> values.getOrDefault("Sent", 0.0) >= 2 && values.get("Sent").equals(values.get("Submitted")));
        assertThat(metrics).containsEntry("Failed", 0.0).containsEntry("QueueDepth", 0.0).containsEntry("SpoolDepth", 0.0)
                .containsKeys("Retried", "Spilled", "Overflowed", "OldestPendingAgeMillis");
    }

    private Map<String, Double> lineageMetrics()
    {
        String prefix = "JMX_trino_plugin_lineage_NAME_file_TYPE_DeliveryStats_ATTRIBUTE_";
        Map<String, Double> values = new HashMap<>();
        stack.metrics().forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                values.put(name.substring(prefix.length()), value);
            }
        });
        return values;
    }

    /**
     * A coordinator whose lineage endpoint is down keeps its events in the spool directory when it
     * stops, and delivers them after it starts again.
     */
    @Test
    void eventsSurviveARestartWhileTheReceiverIsDown()
            throws IOException
    {
        Path runDir = stack.runDir().resolveSibling(stack.runDir().getFileName() + "-lineage-restart");
        LineageReceiver receiver = LineageReceiver.onFreePort(OpenLineageValidator.forWorkplace(stack.root()));
        try {
            receiver.stop();
            ImmutableMap<String, String> lineage = ImmutableMap.of(
                    "DATAMESH_LINEAGE_URL", receiver.uri().toString(),
                    "DATAMESH_LINEAGE_TRANSPORTS", "http");
            ScriptResult started = stack.startTrinoOnly(stack.root().resolve("etc"), runDir, lineage);
            assertThat(started.exitCode()).as(started.output()).isZero();
            List<String> queryIds = new ArrayList<>();
            TrinoClient other = DatameshStack.trinoOf(runDir);
            for (int i = 0; i < 3; i++) {
                queryIds.add(other.query("SELECT count(*) FROM tpch.tiny.nation WHERE regionkey = " + i).queryId());
            }
            stack.stop(runDir);
            Path spool = runDir.resolve("lineage/spool/http");
            try (Stream<Path> files = Files.list(spool)) {
                assertThat(files.filter(file -> file.toString().endsWith(".json")).count()).isEqualTo(6);
            }

            receiver.start();
            ScriptResult restarted = stack.startTrinoOnly(stack.root().resolve("etc"), runDir, lineage);
            assertThat(restarted.exitCode()).as(restarted.output()).isZero();
            await("the 6 spooled events", () -> receiver.events(event -> queryIds.contains(event.queryId())), found -> found.size() == 6);
            for (String queryId : queryIds) {
                assertThat(receiver.events(event -> event.queryId().equals(queryId)))
                        .extracting(LineageReceiver.Received::eventType)
                        .containsExactly("START", "COMPLETE");
            }
            assertThat(receiver.invalidEvents()).isEmpty();
            await("an empty spool directory", () -> spoolSize(spool), size -> size == 0);
        }
        finally {
            stack.stop(runDir);
            receiver.close();
        }
    }

    private List<JsonNode> events(String queryId, int expected)
    {
        return await("%s lineage events of query %s".formatted(expected, queryId),
                () -> allEvents().stream().filter(event -> queryIdOf(event).equals(queryId)).toList(),
                found -> found.size() >= expected);
    }

    private JsonNode awaitEvent(Predicate<JsonNode> filter)
    {
        return await("a matching lineage event", () -> allEvents().stream().filter(filter).toList(), found -> !found.isEmpty()).getFirst();
    }

    /**
     * The events at the HTTP receiver of a stack this run started; else (a reused stack) the file transport's.
     */
    private List<JsonNode> allEvents()
    {
        return stack.lineageReceiver()
                .map(receiver -> receiver.events().stream().map(LineageReceiver.Received::event).toList())
                .orElseGet(this::fileEvents);
    }

    private List<JsonNode> fileEvents()
    {
        Path file = stack.lineageFile();
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<JsonNode> events = new ArrayList<>();
            for (String line : Files.readAllLines(file, UTF_8)) {
                if (!line.isBlank()) {
                    events.add(MAPPER.readTree(line));
                }
            }
            return events;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long spoolSize(Path spool)
    {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(file -> file.toString().endsWith(".json")).count();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String queryIdOf(JsonNode event)
    {
        return event.path("run").path("facets").path("externalQuery").path("externalQueryId").asText();
    }

    private static <T> T await(String what, Supplier<T> value, Predicate<T> done)
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            T current = value.get();
            if (done.test(current)) {
                return current;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; last: " + current);
            }
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
