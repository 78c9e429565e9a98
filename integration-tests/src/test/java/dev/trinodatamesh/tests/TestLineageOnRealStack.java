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
import dev.trinodatamesh.testing.MarquezGraph;
import dev.trinodatamesh.testing.MarquezGraph.Job;
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
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
        String queryId = client("analyst", "superset", "job:segment_revenue_" + suffix).query("""
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
        // the data product's whole schema, not the three columns the query read
        assertThat(facets.path("schema").path("fields").findValuesAsText("name")).isEqualTo(trino.column("SELECT column_name FROM %s.information_schema.columns WHERE table_schema = 'main' AND table_name = 'orders' ORDER BY ordinal_position".formatted(sales)));
        assertThat(orders.path("inputFacets").path("inputStatistics").path("rowCount").asLong()).isPositive();

        JsonNode customer = dataset(complete.path("inputs"), crm + ".main.customer");
        assertThat(customer.path("facets").path("version").path("datasetVersion").asText()).isEqualTo(crmCommit);

        JsonNode result = complete.path("outputs").get(0);
        assertThat(result.path("name").asText()).isEqualTo("segment_revenue_" + suffix);
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

    /**
     * What Marquez derives from a mixed workload on data products (ad-hoc queries, a named job, a
     * write on a branch and an insert, a failing query): exactly these datasets with their whole
     * schemas, these jobs and runs, these column edges; the write's output version is its commit.
     */
    @Test
    void mixedWorkloadMakesTheGraphMarquezShows()
    {
        String user = "graph_" + suffix;
        lakeFs.createBranch(salesRepository, "graph", "main");
        TrinoClient adhoc = client(user, "graph-test");
        // each query's events are awaited before the next query: Marquez's graph depends on their order
        List<String> queryIds = new ArrayList<>();
        queryIds.add(delivered(adhoc.query("SELECT count(*) FROM %s.graph.orders".formatted(sales)).queryId()));
        queryIds.add(delivered(adhoc.query("SELECT c.mktsegment, sum(o.totalprice) FROM %s.graph.orders o JOIN %s.main.customer c ON o.custkey = c.custkey GROUP BY c.mktsegment".formatted(sales, crm)).queryId()));
        queryIds.add(delivered(client(user, "airflow", "job:graph_report_" + suffix).query("SELECT custkey, totalprice FROM %s.graph.orders WHERE orderstatus = 'F'".formatted(sales)).queryId()));
        String ctas = delivered(client(user, "airflow", "job:graph_load_" + suffix).update("CREATE TABLE %s.graph.order_counts AS SELECT orderstatus, count(*) AS orders FROM %s.graph.orders GROUP BY orderstatus".formatted(sales, sales)));
        String ctasCommit = lakeFs.getCommit(salesRepository, "graph").getId();
        queryIds.add(ctas);
        String insert = delivered(adhoc.update("INSERT INTO %s.graph.order_counts SELECT orderpriority, count(*) FROM %s.graph.orders GROUP BY orderpriority".formatted(sales, sales)));
        String insertCommit = lakeFs.getCommit(salesRepository, "graph").getId();
        queryIds.add(insert);
        assertThatThrownBy(() -> adhoc.execute("SELECT * FROM %s.no_such_branch.orders".formatted(sales))).hasMessageContaining("no_such_branch");
        JsonNode fail = awaitEvent(event -> event.path("eventType").asText().equals("FAIL") && event.path("job").path("name").asText().equals("adhoc.%s.graph-test".formatted(user)));
        queryIds.add(delivered(queryIdOf(fail)));
        assertThat(fail.path("run").path("facets").path("errorMessage").path("message").asText()).doesNotContain("io.trino").contains("no_such_branch");

        assertThat(dataset(events(ctas, 2).get(1).path("outputs"), sales + ".graph.order_counts").path("facets").path("version").path("datasetVersion").asText()).isEqualTo(ctasCommit);
        assertThat(dataset(events(insert, 2).get(1).path("outputs"), sales + ".graph.order_counts").path("facets").path("version").path("datasetVersion").asText()).isEqualTo(insertCommit);

        // the workload's events in the order they arrived (other tests' events left out)
        MarquezGraph graph = MarquezGraph.of(allEvents().stream().filter(event -> queryIds.contains(queryIdOf(event))).toList());
        String orders = sales + ".graph.orders";
        String customer = crm + ".main.customer";
        String counts = sales + ".graph.order_counts";
        assertThat(graph.datasets()).isEqualTo(ImmutableMap.of(
                orders, columns(sales, "graph", "orders"),
                customer, columns(crm, "main", "customer"),
                counts, List.of("orderstatus", "orders"),
                "graph_report_" + suffix, List.of("custkey", "totalprice")));
        assertThat(graph.jobs()).isEqualTo(ImmutableMap.of(
                "adhoc.%s.graph-test".formatted(user), new Job(List.of("COMPLETED", "COMPLETED", "COMPLETED", "FAILED"), Set.of(), Set.of()),
                "graph_report_" + suffix, new Job(List.of("COMPLETED"), Set.of(orders), Set.of("graph_report_" + suffix)),
                "graph_load_" + suffix, new Job(List.of("COMPLETED"), Set.of(orders), Set.of(counts))));
        assertThat(graph.columnEdges()).isEqualTo(ImmutableMap.of(
                orders + ".custkey -> graph_report_" + suffix + ".custkey", "IDENTITY",
                orders + ".totalprice -> graph_report_" + suffix + ".totalprice", "IDENTITY",
                orders + ".orderstatus -> " + counts + ".orderstatus", "IDENTITY",
                orders + ".orderpriority -> " + counts + ".orderstatus", "IDENTITY"));
    }

    private String delivered(String queryId)
    {
        events(queryId, 2);
        return queryId;
    }

    private List<String> columns(String catalog, String schema, String table)
    {
        return trino.column("SELECT column_name FROM %s.information_schema.columns WHERE table_schema = '%s' AND table_name = '%s' ORDER BY ordinal_position".formatted(catalog, schema, table));
    }

    private TrinoClient client(String user, String source, String... clientTags)
    {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("source", source);
        if (clientTags.length > 0) {
            properties.setProperty("clientTags", String.join(",", clientTags));
        }
        return new TrinoClient(() -> {
            try {
                return DriverManager.getConnection(stack.jdbcUrl(), properties);
            }
            catch (SQLException e) {
                throw new RuntimeException(e);
            }
        });
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
