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
import dev.trinodatamesh.testing.LineageReceiver;
import dev.trinodatamesh.testing.OpenLineageValidator;
import io.airlift.units.Duration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * A real MinIO, lakeFS and Trino 483 server (with our plugin directories), started through
 * {@code ./datamesh _stack} with fresh data directories and free ports, and stopped on close.
 * Setting the system property {@code datamesh.stack.env} to the {@code stack.env} of a running
 * stack (such as {@code .datamesh/stack.env} of {@code ./datamesh up}) reuses it instead.
 */
public final class DatameshStack
        implements AutoCloseable
{
    private static final Duration START_TIMEOUT = new Duration(15, TimeUnit.MINUTES);
    // tests create a catalog per lakeFS repository they set up
    private static final String TEST_TRINO_PROPERTIES = "catalog.management=dynamic";

    private final Path root;
    private final Path runDir;
    private final Map<String, String> env;
    private final boolean owned;
    private final Optional<LineageReceiver> lineageReceiver;

    private DatameshStack(Path root, Path runDir, Map<String, String> env, boolean owned, Optional<LineageReceiver> lineageReceiver)
    {
        this.root = requireNonNull(root, "root is null");
        this.runDir = requireNonNull(runDir, "runDir is null");
        this.env = ImmutableMap.copyOf(env);
        this.owned = owned;
        this.lineageReceiver = requireNonNull(lineageReceiver, "lineageReceiver is null");
    }

    public static DatameshStack startOrReuse()
    {
        return startOrReuse(1);
    }

    /**
     * @param workers Trino workers beside the coordinator, for a fresh stack
     */
    public static DatameshStack startOrReuse(int workers)
    {
        Path root = projectRoot();
        String reuse = System.getProperty("datamesh.stack.env");
        if (reuse != null && !reuse.isBlank()) {
            Path envFile = Path.of(reuse).toAbsolutePath();
            return new DatameshStack(root, envFile.getParent(), readEnv(envFile), false, Optional.empty());
        }
        Path runDir = root.resolve("integration-tests/target/stacks")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + ProcessHandle.current().pid());
        // stands in for Marquez: receives the lineage events over HTTP and validates each against the OpenLineage spec
        LineageReceiver receiver = LineageReceiver.onFreePort(OpenLineageValidator.forWorkplace(root));
        Map<String, String> ports = ImmutableMap.<String, String>builder()
                .put("DATAMESH_MINIO_PORT", String.valueOf(freePort()))
                .put("DATAMESH_MINIO_CONSOLE_PORT", String.valueOf(freePort()))
                .put("DATAMESH_LAKEFS_PORT", String.valueOf(freePort()))
                .put("DATAMESH_TRINO_PORT", String.valueOf(freePort()))
                // a coordinator and workers: a real cluster, so that tests see work spread over nodes
                .put("DATAMESH_TRINO_WORKERS", String.valueOf(workers))
                .put("DATAMESH_TRINO_WORKER_PORTS", String.join(",", IntStream.range(0, Math.max(workers, 1)).mapToObj(_ -> String.valueOf(freePort())).toList()))
                // tests create a catalog per lakeFS repository they set up
                .put("DATAMESH_TRINO_PROPERTIES", TEST_TRINO_PROPERTIES)
                .put("DATAMESH_LINEAGE_URL", receiver.uri().toString())
                .put("DATAMESH_LINEAGE_TRANSPORTS", "http,file")
                // toxiproxy between Trino and lakeFS, Trino and MinIO, lakeFS and MinIO, the listener
                // and the receiver: no toxics unless a test adds them (TestFaults)
                .put("DATAMESH_PROXIES", "1")
                .put("DATAMESH_TOXIPROXY_PORT", String.valueOf(freePort()))
                .put("DATAMESH_PROXY_LAKEFS_PORT", String.valueOf(freePort()))
                .put("DATAMESH_PROXY_MINIO_PORT", String.valueOf(freePort()))
                .put("DATAMESH_PROXY_LAKEFS_MINIO_PORT", String.valueOf(freePort()))
                .put("DATAMESH_PROXY_LINEAGE_PORT", String.valueOf(freePort()))
                .buildOrThrow();
        DatameshStack stack = new DatameshStack(root, runDir, ImmutableMap.of(), true, Optional.of(receiver));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stopQuietly, "datamesh-stack-shutdown"));
        stack.runScript("start", ports, runDir.resolve("stack-start.log"));
        return new DatameshStack(root, runDir, readEnv(runDir.resolve("stack.env")), true, Optional.of(receiver));
    }

    /**
     * Starts again whatever of this stack is not running (a killed Trino worker or coordinator), with
     * its ports, data, node IDs and lineage spool, and waits until it is healthy.
     */
    public void restartStopped()
    {
        if (!owned) {
            throw new IllegalStateException("this stack was not started by the tests: " + runDir);
        }
        // stack.env records ports and endpoints, not the server properties of the first start
        Map<String, String> environment = new HashMap<>(env);
        environment.put("DATAMESH_TRINO_PROPERTIES", TEST_TRINO_PROPERTIES);
        runScript("start", environment, runDir.resolve("stack-restart.log"));
    }

    /**
     * The fault injector between the servers, when the stack runs with {@code DATAMESH_PROXIES=1}.
     */
    public Optional<Toxiproxy> toxiproxy()
    {
        String url = env.getOrDefault("DATAMESH_TOXIPROXY_URL", "");
        return url.isEmpty() ? Optional.empty() : Optional.of(new Toxiproxy(URI.create(url)));
    }

    /**
     * An endpoint the fixtures use to set data up: the direct one when proxies run, so that faults
     * injected for Trino do not touch the fixtures.
     */
    public String directEnv(String name)
    {
        String direct = env.get(name.replace("_ENDPOINT", "_DIRECT_ENDPOINT"));
        return direct == null || direct.isEmpty() ? env(name) : direct;
    }

    /**
     * Starts only a Trino server against this stack's MinIO and lakeFS, with {@code etcDir} as its
     * configuration. Returns the script's result: exit code and output.
     */
    public ScriptResult startTrinoOnly(Path etcDir, Path trinoRunDir)
    {
        return startTrinoOnly(etcDir, trinoRunDir, ImmutableMap.of());
    }

    /**
     * As {@link #startTrinoOnly(Path, Path)}, with more environment variables for the script (such as
     * {@code DATAMESH_LINEAGE_URL}). Starting again on the same run directory keeps its node ID, data
     * and lineage spool directory.
     */
    public ScriptResult startTrinoOnly(Path etcDir, Path trinoRunDir, Map<String, String> environment)
    {
        Map<String, String> overrides = new HashMap<>(env);
        overrides.putAll(environment);
        overrides.put("DATAMESH_TRINO_PORT", String.valueOf(freePort()));
        overrides.put("DATAMESH_ETC_DIR", etcDir.toString());
        overrides.put("DATAMESH_TRINO_WORKERS", "0");
        return script(List.of("start-trino", trinoRunDir.toString()), overrides, trinoRunDir.resolve("start-trino.log"));
    }

    public ScriptResult stop(Path otherRunDir)
    {
        return script(List.of("stop", otherRunDir.toString()), ImmutableMap.of(), otherRunDir.resolve("stop.log"));
    }

    public Path root()
    {
        return root;
    }

    public Path runDir()
    {
        return runDir;
    }

    public String env(String name)
    {
        String value = env.get(name);
        if (value == null) {
            throw new IllegalStateException("%s is not in %s/stack.env".formatted(name, runDir));
        }
        return value;
    }

    public URI trinoUri()
    {
        return URI.create(env("DATAMESH_TRINO_URL"));
    }

    public String jdbcUrl()
    {
        return "jdbc:trino://%s:%s".formatted(trinoUri().getHost(), trinoUri().getPort());
    }

    public Connection connect()
    {
        return connect("test");
    }

    public Connection connect(String user)
    {
        return connect(jdbcUrl(), user);
    }

    private static Connection connect(String jdbcUrl, String user)
    {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        try {
            return DriverManager.getConnection(jdbcUrl, properties);
        }
        catch (SQLException e) {
            throw new RuntimeException("Cannot connect to Trino at " + jdbcUrl, e);
        }
    }

    public TrinoClient trino()
    {
        return new TrinoClient(this::connect);
    }

    /**
     * A client of the Trino server that {@link #startTrinoOnly} started in {@code trinoRunDir}.
     */
    public static TrinoClient trinoOf(Path trinoRunDir)
    {
        String jdbcUrl = jdbcUrlOf(trinoRunDir);
        return new TrinoClient(() -> connect(jdbcUrl, "test"));
    }

    /**
     * The JDBC URL of the Trino server that {@link #startTrinoOnly} started in {@code trinoRunDir}.
     */
    public static String jdbcUrlOf(Path trinoRunDir)
    {
        URI uri = URI.create(readEnv(trinoRunDir.resolve("stack.env")).get("DATAMESH_TRINO_URL"));
        return "jdbc:trino://%s:%s".formatted(uri.getHost(), uri.getPort());
    }

    public LakeFsFixture lakeFs()
    {
        return new LakeFsFixture(
                URI.create(directEnv("DATAMESH_LAKEFS_ENDPOINT")),
                env("DATAMESH_LAKEFS_ACCESS_KEY_ID"),
                env("DATAMESH_LAKEFS_SECRET_ACCESS_KEY"),
                ObjectStore.forStack(this),
                env("DATAMESH_BUCKET"));
    }

    public ObjectStore objectStore()
    {
        return ObjectStore.forStack(this);
    }

    public Path trinoServerLog()
    {
        return Path.of(env("DATAMESH_TRINO_SERVER_LOG"));
    }

    /**
     * Catalog properties of a datamesh catalog on lakeFS repository {@code repository} of this stack,
     * for {@code CREATE CATALOG}.
     */
    public Map<String, String> catalogProperties(String repository)
    {
        return ImmutableMap.<String, String>builder()
                .put("datamesh.lakefs.endpoint", env("DATAMESH_LAKEFS_ENDPOINT"))
                .put("datamesh.lakefs.repository", repository)
                .put("datamesh.lakefs.access-key-id", env("DATAMESH_LAKEFS_ACCESS_KEY_ID"))
                .put("datamesh.lakefs.secret-access-key", env("DATAMESH_LAKEFS_SECRET_ACCESS_KEY"))
                .put("fs.s3.enabled", "true")
                .put("s3.endpoint", env("DATAMESH_S3_ENDPOINT"))
                .put("s3.region", env("DATAMESH_S3_REGION"))
                .put("s3.path-style-access", "true")
                .put("s3.aws-access-key", env("DATAMESH_S3_ACCESS_KEY"))
                .put("s3.aws-secret-key", env("DATAMESH_S3_SECRET_KEY"))
                // as in etc/catalog: bounded waits on the object store
                .put("s3.socket-connect-timeout", "5s")
                .put("s3.socket-timeout", "10s")
                .put("s3.max-error-retries", "3")
                .buildOrThrow();
    }

    /**
     * The coordinator's metrics as Prometheus scrapes them ({@code GET /metrics}): sample name to value.
     */
    public Map<String, Double> metrics()
    {
        return metrics(trinoUri());
    }

    /**
     * The metrics of the Trino server that {@link #startTrinoOnly} started in {@code trinoRunDir}.
     */
    public static Map<String, Double> metricsOf(Path trinoRunDir)
    {
        return metrics(URI.create(readEnv(trinoRunDir.resolve("stack.env")).get("DATAMESH_TRINO_URL")));
    }

    private static Map<String, Double> metrics(URI trinoUri)
    {
        HttpRequest request = HttpRequest.newBuilder(trinoUri.resolve("/metrics")).header("X-Trino-User", "prometheus").GET().build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET %s answered %s: %s".formatted(request.uri(), response.statusCode(), response.body()));
            }
            Map<String, Double> values = new HashMap<>();
            for (String sample : response.body().split("\n")) {
                if (sample.isEmpty() || sample.startsWith("#")) {
                    continue;
                }
                int space = sample.lastIndexOf(' ');
                values.put(sample.substring(0, space), Double.parseDouble(sample.substring(space + 1)));
            }
            return values;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    /**
     * The HTTP receiver of the lineage events of a stack this fixture started; empty for a reused stack
     * (its events are in {@link #lineageFile()}).
     */
    public Optional<LineageReceiver> lineageReceiver()
    {
        return lineageReceiver;
    }

    /**
     * The JSON-lines file the coordinator's file transport writes every lineage event to.
     */
    public Path lineageFile()
    {
        return Path.of(env("DATAMESH_LINEAGE_FILE"));
    }

    @Override
    public void close()
    {
        if (owned) {
            try {
                runScript("stop", ImmutableMap.of(), runDir.resolve("stack-stop.log"));
            }
            finally {
                lineageReceiver.ifPresent(LineageReceiver::close);
            }
        }
    }

    private void stopQuietly()
    {
        if (owned && Files.exists(runDir)) {
            try {
                script(List.of("stop", runDir.toString()), ImmutableMap.of(), runDir.resolve("stack-stop.log"));
            }
            catch (RuntimeException ignored) {
                // best effort at JVM exit; ./datamesh test stops leftovers too
            }
        }
    }

    private void runScript(String action, Map<String, String> environment, Path log)
    {
        ScriptResult result = script(List.of(action, runDir.toString()), environment, log);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("./datamesh _stack %s %s failed with exit code %s:%n%s".formatted(action, runDir, result.exitCode(), result.output()));
        }
    }

    private ScriptResult script(List<String> arguments, Map<String, String> environment, Path log)
    {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(root.resolve("datamesh").toString());
        command.add("_stack");
        command.addAll(arguments);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("NO_COLOR", "1");
            Process process = builder.start();
            if (!process.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("./datamesh _stack %s did not finish within %s; see %s".formatted(arguments, START_TIMEOUT, log));
            }
            return new ScriptResult(process.exitValue(), Files.readString(log, UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    private static Map<String, String> readEnv(Path envFile)
    {
        try {
            Map<String, String> values = new HashMap<>();
            for (String line : Files.readAllLines(envFile, UTF_8)) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    values.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
            return values;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read the stack's environment " + envFile, e);
        }
    }

    private static Path projectRoot()
    {
        String root = System.getProperty("datamesh.root");
        Path path = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        if (!Files.isRegularFile(path.resolve("datamesh"))) {
            throw new IllegalStateException("Cannot find the project root (the directory of ./datamesh): set -Ddatamesh.root");
        }
        return path.toAbsolutePath();
    }

    /**
     * Copies the project's {@code etc/} to {@code target}, leaving out the files of those names,
     * to start another Trino server from a changed configuration.
     */
    public void copyEtc(Path target, Set<String> leaveOut)
            throws IOException
    {
        Path source = root.resolve("etc");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                }
                else if (!leaveOut.contains(file.getFileName().toString())) {
                    Files.copy(file, destination);
                }
            }
        }
    }

    public static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record ScriptResult(int exitCode, String output) {}
}
