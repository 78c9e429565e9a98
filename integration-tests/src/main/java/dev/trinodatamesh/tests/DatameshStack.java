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
import io.airlift.units.Duration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

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

    private final Path root;
    private final Path runDir;
    private final Map<String, String> env;
    private final boolean owned;

    private DatameshStack(Path root, Path runDir, Map<String, String> env, boolean owned)
    {
        this.root = requireNonNull(root, "root is null");
        this.runDir = requireNonNull(runDir, "runDir is null");
        this.env = ImmutableMap.copyOf(env);
        this.owned = owned;
    }

    public static DatameshStack startOrReuse()
    {
        Path root = projectRoot();
        String reuse = System.getProperty("datamesh.stack.env");
        if (reuse != null && !reuse.isBlank()) {
            Path envFile = Paths.get(reuse).toAbsolutePath();
            return new DatameshStack(root, envFile.getParent(), readEnv(envFile), false);
        }
        Path runDir = root.resolve("integration-tests/target/stacks")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + ProcessHandle.current().pid());
        Map<String, String> ports = ImmutableMap.of(
                "DATAMESH_MINIO_PORT", String.valueOf(freePort()),
                "DATAMESH_MINIO_CONSOLE_PORT", String.valueOf(freePort()),
                "DATAMESH_LAKEFS_PORT", String.valueOf(freePort()),
                "DATAMESH_TRINO_PORT", String.valueOf(freePort()),
                // a coordinator and one worker: a real cluster, so that tests see work spread over nodes
                "DATAMESH_TRINO_WORKERS", "1",
                "DATAMESH_TRINO_WORKER_PORTS", String.valueOf(freePort()),
                // tests create a catalog per lakeFS repository they set up
                "DATAMESH_TRINO_PROPERTIES", "catalog.management=dynamic");
        DatameshStack stack = new DatameshStack(root, runDir, ImmutableMap.of(), true);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stopQuietly, "datamesh-stack-shutdown"));
        stack.runScript("start", ports, runDir.resolve("stack-start.log"));
        return new DatameshStack(root, runDir, readEnv(runDir.resolve("stack.env")), true);
    }

    /**
     * Starts only a Trino server against this stack's MinIO and lakeFS, with {@code etcDir} as its
     * configuration. Returns the script's result: exit code and output.
     */
    public ScriptResult startTrinoOnly(Path etcDir, Path trinoRunDir)
    {
        Map<String, String> overrides = new HashMap<>(env);
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
        Properties properties = new Properties();
        properties.setProperty("user", user);
        try {
            return DriverManager.getConnection(jdbcUrl(), properties);
        }
        catch (SQLException e) {
            throw new RuntimeException("Cannot connect to Trino at " + jdbcUrl(), e);
        }
    }

    public TrinoClient trino()
    {
        return new TrinoClient(this::connect);
    }

    public LakeFsFixture lakeFs()
    {
        return new LakeFsFixture(
                URI.create(env("DATAMESH_LAKEFS_ENDPOINT")),
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
        return Paths.get(env("DATAMESH_TRINO_SERVER_LOG"));
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
                .buildOrThrow();
    }

    @Override
    public void close()
    {
        if (owned) {
            runScript("stop", ImmutableMap.of(), runDir.resolve("stack-stop.log"));
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
        Path path = root != null ? Paths.get(root) : Paths.get("").toAbsolutePath().getParent();
        if (!Files.isRegularFile(path.resolve("datamesh"))) {
            throw new IllegalStateException("Cannot find the project root (the directory of ./datamesh): set -Ddatamesh.root");
        }
        return path.toAbsolutePath();
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
