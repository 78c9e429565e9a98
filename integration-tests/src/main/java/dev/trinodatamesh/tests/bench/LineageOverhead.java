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
package dev.trinodatamesh.tests.bench;

import com.google.common.collect.ImmutableMap;
import dev.trinodatamesh.testing.LineageReceiver;
import dev.trinodatamesh.tests.DatameshStack;
import dev.trinodatamesh.tests.DatameshStack.ScriptResult;
import dev.trinodatamesh.tests.LakeFsFixture;
import dev.trinodatamesh.tests.TpchProducts;
import io.trino.jdbc.TrinoResultSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The lineage listener's cost: the same burst of short queries, interleaved, on four Trino
 * coordinators started alike: without the listener, with it and a healthy receiver, with it and a
 * receiver that is down (events go to the spool directory, and are counted once it is back), and
 * with it loaded but tracking no SELECT: what Trino itself spends on any event listener (it builds
 * the text and JSON plans and the statistics of every completed query once a listener is
 * configured), apart from what ours does.
 */
final class LineageOverhead
{
    private static final String REPOSITORY = "bench-lineage";
    private static final String CATALOG = "lineage_bench";

    private final DatameshStack stack;
    private final int queries;
    private final Consumer<String> line;

    LineageOverhead(DatameshStack stack, int queries, Consumer<String> line)
    {
        this.stack = requireNonNull(stack, "stack is null");
        this.queries = queries;
        this.line = requireNonNull(line, "line is null");
    }

    void run()
            throws Exception
    {
        LakeFsFixture lakeFs = stack.lakeFs();
        lakeFs.createRepository(REPOSITORY);
        TpchProducts.of("nation", 1).write(0.01, 1, (path, bytes) -> lakeFs.putObject(REPOSITORY, "main", path, bytes));
        lakeFs.commit(REPOSITORY, "main", "nation");

        Path base = stack.runDir().resolveSibling(stack.runDir().getFileName() + "-lineage-bench");
        Path etcWithoutListener = base.resolve("etc-without-listener");
        stack.copyEtc(etcWithoutListener, Set.of("event-listener.properties"));
        Path etcIgnoringSelect = base.resolve("etc-listener-ignoring-select");
        stack.copyEtc(etcIgnoringSelect, Set.of("event-listener.properties"));
        Files.writeString(etcIgnoringSelect.resolve("event-listener.properties"), """
                event-listener.name=datamesh-lineage
                lineage.transports=file
                lineage.file.path=${ENV:DATAMESH_LINEAGE_FILE}
                lineage.query-types=INSERT
                """);

        // the receivers keep events without validating them: their CPU use is not the listener's
        // (a receiver such as Marquez runs elsewhere); the tests validate every event
        try (LineageReceiver healthy = LineageReceiver.withoutValidationOnFreePort();
                LineageReceiver down = LineageReceiver.withoutValidationOnFreePort()) {
            down.stop();
            Map<String, Coordinator> coordinators = new LinkedHashMap<>();
            try {
                coordinators.put("no listener", start(base.resolve("none"), etcWithoutListener, ImmutableMap.of()));
                coordinators.put("listener, receiver healthy", start(base.resolve("healthy"), stack.root().resolve("etc"), lineageTo(healthy)));
                coordinators.put("listener, receiver down", start(base.resolve("down"), stack.root().resolve("etc"), lineageTo(down)));
                coordinators.put("listener loaded, SELECT not tracked", start(base.resolve("ignoring-select"), etcIgnoringSelect, ImmutableMap.of()));
                measure(coordinators, healthy, down);
            }
            finally {
                for (Coordinator coordinator : coordinators.values()) {
                    coordinator.close();
                }
            }
        }
    }

    private void measure(Map<String, Coordinator> coordinators, LineageReceiver healthy, LineageReceiver down)
            throws SQLException, InterruptedException
    {
        List<Coordinator> all = List.copyOf(coordinators.values());
        // warm-up: class loading, JIT, the connector's caches
        for (int i = 0; i < 100; i++) {
            for (Coordinator coordinator : all) {
                coordinator.run(i);
            }
        }
        for (Coordinator coordinator : all) {
            coordinator.latencies.clear();
            coordinator.warmUpQueryIds.addAll(coordinator.queryIds);
            coordinator.queryIds.clear();
        }
        Benchmark.progress("lineage: warm-up done; running %s queries on each coordinator, interleaved", queries);
        Coordinator measured = coordinators.get("listener, receiver healthy");
        awaitDelivered(healthy, measured.warmUpQueryIds, 120);
        double cpuBefore = senderCpuNanos(measured);
        for (int i = 0; i < queries; i++) {
            // a different coordinator goes first each round
            for (int k = 0; k < all.size(); k++) {
                all.get((i + k) % all.size()).run(i);
            }
        }

        Coordinator none = coordinators.get("no listener");
        Coordinator withHealthy = coordinators.get("listener, receiver healthy");
        Coordinator withDown = coordinators.get("listener, receiver down");
        Coordinator ignoringSelect = coordinators.get("listener loaded, SELECT not tracked");
        long healthyDelivered = awaitDelivered(healthy, withHealthy.queryIds, 120);
        double cpuPerQuery = (senderCpuNanos(withHealthy) - cpuBefore) / 1e6 / queries;
        long spooled = spoolFiles(withDown.runDir.resolve("lineage/spool/http"));
        long recoverStart = System.nanoTime();
        down.start();
        long downDelivered = awaitDelivered(down, withDown.queryIds, 300);
        double recoverSeconds = (System.nanoTime() - recoverStart) / 1e9;

        double baseline = percentile(none.latencies, 50);
        line.accept("## Lineage listener overhead: %s short queries per coordinator".formatted(queries));
        line.accept("");
        line.accept("Four Trino 483 coordinators started alike, the same %s queries on each, interleaved (`SELECT name, regionkey FROM %s.main.nation WHERE nationkey = <n>`, a datamesh table), after 100 warm-up queries; latency is the JDBC client's wall time.".formatted(queries, CATALOG));
        line.accept("");
        line.accept("| coordinator | median (ms) | p90 (ms) | p99 (ms) | median / no listener | events delivered / expected |");
        line.accept("| --- | ---: | ---: | ---: | ---: | ---: |");
        row(none, "no listener", baseline, "-");
        row(withHealthy, "listener, receiver healthy", baseline, "%d / %d".formatted(healthyDelivered, 2L * queries));
        row(withDown, "listener, receiver down", baseline, "%d / %d (after it came back)".formatted(downDelivered, 2L * queries));
        row(ignoringSelect, "listener loaded, SELECT not tracked", baseline, "none sent");
        line.accept("");
        line.accept("With the receiver down, %d events (the warm-up's too) waited in the spool directory at the end of the burst; once the receiver was back they were all delivered within %.1f s, the wait for the next attempt included (backoff up to `lineage.retry.max-delay`, 1 min by default).".formatted(spooled, recoverSeconds));
        double worst = Math.max(percentile(withHealthy.latencies, 50), percentile(withDown.latencies, 50)) / baseline;
        boolean nothingLost = healthyDelivered == 2L * queries && downDelivered == 2L * queries;
        line.accept("");
        line.accept("Targets: median within 2%% of no listener: worst %.3f (%s); zero events lost: %s.".formatted(
                worst, worst <= 1.02 ? "met" : "missed", nothingLost ? "met" : "missed"));
        line.accept("");
        line.accept("Sender threads' CPU time per query (its START and COMPLETE built, serialized and sent; `SenderCpuNanos` of the healthy coordinator): %.3f ms; target under 0.8 ms: %s.".formatted(
                cpuPerQuery, cpuPerQuery < 0.8 ? "met" : "missed"));
        line.accept("");
        line.accept("Of that, Trino's own work for any configured event listener (the coordinator whose listener tracks no SELECT): %.3f of no listener.".formatted(
                percentile(ignoringSelect.latencies, 50) / baseline));
        line.accept("");
    }

    private void row(Coordinator coordinator, String name, double baseline, String events)
    {
        double median = percentile(coordinator.latencies, 50);
        line.accept("| %s | %.1f | %.1f | %.1f | %.3f | %s |".formatted(name, median, percentile(coordinator.latencies, 90), percentile(coordinator.latencies, 99), median / baseline, events));
    }

    private static double senderCpuNanos(Coordinator coordinator)
    {
        return DatameshStack.metricsOf(coordinator.runDir).getOrDefault("JMX_trino_plugin_lineage_NAME_http_TYPE_DeliveryStats_ATTRIBUTE_SenderCpuNanos", Double.NaN);
    }

    private static long awaitDelivered(LineageReceiver receiver, Set<String> queryIds, int timeoutSeconds)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        long delivered = 0;
        while (System.nanoTime() < deadline) {
            delivered = receiver.events(event -> queryIds.contains(event.queryId())).size();
            if (delivered >= 2L * queryIds.size()) {
                break;
            }
            Thread.sleep(200);
        }
        return delivered;
    }

    private Coordinator start(Path runDir, Path etc, Map<String, String> lineage)
            throws SQLException
    {
        Map<String, String> environment = ImmutableMap.<String, String>builder()
                .putAll(lineage)
                .put("DATAMESH_TRINO_PROPERTIES", "catalog.management=dynamic")
                .put("DATAMESH_TRINO_HEAP", "2G")
                .buildOrThrow();
        ScriptResult result = stack.startTrinoOnly(etc, runDir, environment);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("cannot start a Trino coordinator in %s:%n%s".formatted(runDir, result.output()));
        }
        DatameshStack.trinoOf(runDir).createCatalog(CATALOG, stack.catalogProperties(REPOSITORY));
        return new Coordinator(stack, runDir);
    }

    private static Map<String, String> lineageTo(LineageReceiver receiver)
    {
        return ImmutableMap.of("DATAMESH_LINEAGE_URL", receiver.uri().toString(), "DATAMESH_LINEAGE_TRANSPORTS", "http");
    }

    private static long spoolFiles(Path directory)
    {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".json")).count();
        }
        catch (IOException e) {
            return -1;
        }
    }

    private static double percentile(List<Double> values, int percentile)
    {
        List<Double> sorted = values.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        double rank = percentile / 100.0 * (sorted.size() - 1);
        int lower = (int) Math.floor(rank);
        int upper = (int) Math.ceil(rank);
        return sorted.get(lower) + (sorted.get(upper) - sorted.get(lower)) * (rank - lower);
    }

    /**
     * One coordinator, one open JDBC connection (as a BI tool keeps one).
     */
    private static final class Coordinator
            implements AutoCloseable
    {
        private final DatameshStack stack;
        private final Path runDir;
        private final Connection connection;
        private final List<Double> latencies = new ArrayList<>();
        private final Set<String> queryIds = new HashSet<>();
        private final Set<String> warmUpQueryIds = new HashSet<>();

        Coordinator(DatameshStack stack, Path runDir)
                throws SQLException
        {
            this.stack = stack;
            this.runDir = runDir;
            Properties properties = new Properties();
            properties.setProperty("user", "bench");
            this.connection = DriverManager.getConnection(DatameshStack.jdbcUrlOf(runDir), properties);
        }

        void run(int index)
                throws SQLException
        {
            long start = System.nanoTime();
            try (Statement statement = connection.createStatement();
                    ResultSet resultSet = statement.executeQuery("SELECT name, regionkey FROM %s.main.nation WHERE nationkey = %d".formatted(CATALOG, index % 25))) {
                int rows = 0;
                while (resultSet.next()) {
                    rows++;
                }
                if (rows != 1) {
                    throw new IllegalStateException("expected one nation, got " + rows);
                }
                latencies.add((System.nanoTime() - start) / 1e6);
                queryIds.add(resultSet.unwrap(TrinoResultSet.class).getQueryId());
            }
        }

        @Override
        public void close()
        {
            try {
                connection.close();
            }
            catch (SQLException ignored) {
                // stopping anyway
            }
            stack.stop(runDir);
        }
    }
}
