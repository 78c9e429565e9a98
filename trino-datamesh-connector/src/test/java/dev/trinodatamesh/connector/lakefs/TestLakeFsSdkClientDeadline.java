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
package dev.trinodatamesh.connector.lakefs;

import com.google.common.collect.ImmutableMap;
import com.sun.net.httpserver.HttpServer;
import io.airlift.units.Duration;
import io.trino.spi.TrinoException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_LAKEFS_UNAVAILABLE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The deadline of {@code datamesh.lakefs.deadline} against servers that accept connections and never
 * answer (a paused lakeFS) or answer 503 forever: every operation fails within it, retries included,
 * with an error that names the endpoint and the operation.
 */
final class TestLakeFsSdkClientDeadline
{
    @Test
    void testPausedServerFailsWithinDeadline()
            throws Exception
    {
        try (SilentServer server = new SilentServer();
                LakeFsSdkClientHandle client = new LakeFsSdkClientHandle(server.uri(), new Duration(800, MILLISECONDS), new Duration(2, SECONDS))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.get().getCommit("main"))
                    .isInstanceOfSatisfying(TrinoException.class, e -> assertThat(e.getErrorCode()).isEqualTo(DATAMESH_LAKEFS_UNAVAILABLE.toErrorCode()))
                    .hasMessageContaining("lakeFS at " + server.uri() + "/api/v1 did not answer in time to resolve ref 'main' in repository 'sales'")
                    .hasMessageContaining("gave up after 2.00s (datamesh.lakefs.deadline)");
            double seconds = (System.nanoTime() - start) / 1e9;
            // 3 retries of 800 ms plus backoff would pass 2 s: the deadline cut them short
            assertThat(seconds).isBetween(1.5, 3.0);
            assertThat(server.connections()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void testDeadlineShorterThanRequestTimeoutCutsTheAttempt()
            throws Exception
    {
        try (SilentServer server = new SilentServer();
                LakeFsSdkClientHandle client = new LakeFsSdkClientHandle(server.uri(), new Duration(60, SECONDS), new Duration(1, SECONDS))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.get().listObjects("main", "orders/", java.util.Optional.empty(), java.util.Optional.empty(), 10))
                    .isInstanceOfSatisfying(TrinoException.class, e -> assertThat(e.getErrorCode()).isEqualTo(DATAMESH_LAKEFS_UNAVAILABLE.toErrorCode()))
                    .hasMessageContaining("list objects under 'orders/' at main")
                    .hasMessageContaining(server.uri().toString());
            assertThat((System.nanoTime() - start) / 1e9).isBetween(0.8, 2.0);
        }
    }

    @Test
    void testWriteRetriesOnly503WithinDeadline()
            throws Exception
    {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"message\":\"slow down\"}".getBytes(UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (LakeFsSdkClientHandle client = new LakeFsSdkClientHandle(uri, new Duration(1, SECONDS), new Duration(1500, MILLISECONDS))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.get().commit("main", "message", ImmutableMap.of()))
                    .isInstanceOfSatisfying(TrinoException.class, e -> assertThat(e.getErrorCode()).isEqualTo(DATAMESH_LAKEFS_UNAVAILABLE.toErrorCode()))
                    .hasMessageContaining("commit branch 'main'")
                    .hasMessageContaining("HTTP 503: slow down");
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(2.0);
            assertThat(requests.get()).isGreaterThan(1);
        }
        finally {
            server.stop(0);
        }
    }

    @Test
    void testWriteNotRetriedAfterLostAnswer()
            throws Exception
    {
        // the server reads the request and closes the connection: the commit may have been made
        try (SilentServer server = new SilentServer(true);
                LakeFsSdkClientHandle client = new LakeFsSdkClientHandle(server.uri(), new Duration(1, SECONDS), new Duration(5, SECONDS))) {
            assertThatThrownBy(() -> client.get().commit("main", "message", ImmutableMap.of()))
                    .isInstanceOfSatisfying(TrinoException.class, e -> assertThat(e.getErrorCode()).isEqualTo(DATAMESH_LAKEFS_UNAVAILABLE.toErrorCode()))
                    .hasMessageContaining("commit branch 'main'");
            // OkHttp itself retries a connection closed before any answer once; our client adds no retry
            assertThat(server.connections()).isLessThanOrEqualTo(2);
        }
    }

    private static final class LakeFsSdkClientHandle
            implements AutoCloseable
    {
        private final LakeFsSdkClient client;

        LakeFsSdkClientHandle(URI endpoint, Duration requestTimeout, Duration deadline)
        {
            client = new LakeFsSdkClient(new LakeFsConfig()
                    .setEndpoint(endpoint)
                    .setRepository("sales")
                    .setAccessKeyId("key")
                    .setSecretAccessKey("secret")
                    .setConnectTimeout(new Duration(500, MILLISECONDS))
                    .setRequestTimeout(requestTimeout)
                    .setDeadline(deadline),
                    new LakeFsStats());
        }

        LakeFsSdkClient get()
        {
            return client;
        }

        @Override
        public void close()
        {
            client.close();
        }
    }

    /**
     * Accepts connections and never answers, as a paused process whose kernel still accepts TCP;
     * or, with {@code hangUp}, reads the request and closes the connection.
     */
    private static final class SilentServer
            implements AutoCloseable
    {
        private final ServerSocket socket;
        private final List<Socket> accepted = new ArrayList<>();
        private final Thread acceptor;

        SilentServer()
                throws IOException
        {
            this(false);
        }

        SilentServer(boolean hangUp)
                throws IOException
        {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        synchronized (accepted) {
                            accepted.add(connection);
                        }
                        if (hangUp) {
                            InputStream input = connection.getInputStream();
                            input.read(new byte[8192]);
                            connection.close();
                        }
                    }
                    catch (IOException ignored) {
                        // closed
                    }
                }
            });
        }

        URI uri()
        {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        int connections()
        {
            synchronized (accepted) {
                return accepted.size();
            }
        }

        @Override
        public void close()
                throws Exception
        {
            socket.close();
            synchronized (accepted) {
                for (Socket connection : accepted) {
                    connection.close();
                }
            }
            acceptor.join(1000);
        }
    }
}
