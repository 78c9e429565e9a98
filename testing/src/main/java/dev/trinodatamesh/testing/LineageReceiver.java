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
package dev.trinodatamesh.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Marquez's lineage endpoint ({@code POST /api/v1/lineage}, 201) in the test's JVM: validates every
 * event strictly against the OpenLineage spec and keeps it. It can be stopped and started again on
 * the same port, answer 500, 429 or 400, or answer slowly, to test delivery.
 */
public final class LineageReceiver
        implements AutoCloseable
{
    public enum Mode
    {
        HEALTHY,
        SERVER_ERROR,
        TOO_MANY_REQUESTS,
        BAD_REQUEST,
        SLOW,
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    // empty: events are only parsed and kept (the benchmark's receiver, whose CPU use must not count)
    private final Optional<OpenLineageValidator> validator;
    private final int port;
    private final List<String> raw = new ArrayList<>();
    private final List<Received> received = new ArrayList<>();
    private final List<String> invalid = new ArrayList<>();
    private volatile Mode mode = Mode.HEALTHY;
    private volatile Duration slowDelay = Duration.ofSeconds(2);
    private volatile long requests;
    private HttpServer server;
    private ExecutorService executor;

    public LineageReceiver(OpenLineageValidator validator, int port)
    {
        this(Optional.of(validator), port);
    }

    private LineageReceiver(Optional<OpenLineageValidator> validator, int port)
    {
        this.validator = requireNonNull(validator, "validator is null");
        this.port = port;
        start();
    }

    /**
     * A receiver on a free loopback port.
     */
    public static LineageReceiver onFreePort(OpenLineageValidator validator)
    {
        return new LineageReceiver(Optional.of(validator), freePort());
    }

    /**
     * A receiver on a free loopback port that keeps events without validating them: a stand-in for
     * a receiver on another machine, for measurements.
     */
    public static LineageReceiver withoutValidationOnFreePort()
    {
        return new LineageReceiver(Optional.empty(), freePort());
    }

    private static int freePort()
    {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port", e);
        }
        return port;
    }

    public synchronized void start()
    {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port, e);
        }
        executor = Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable, "lineage-receiver-" + port);
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/api/v1/lineage", this::handle);
        server.start();
    }

    /**
     * Stops listening: deliveries fail with a refused connection.
     */
    public synchronized void stop()
    {
        if (server != null) {
            server.stop(0);
            server = null;
            executor.shutdownNow();
            executor = null;
        }
    }

    public void setMode(Mode mode)
    {
        this.mode = requireNonNull(mode, "mode is null");
    }

    public void setSlowDelay(Duration slowDelay)
    {
        this.slowDelay = requireNonNull(slowDelay, "slowDelay is null");
    }

    public URI uri()
    {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port()
    {
        return port;
    }

    public long requests()
    {
        return requests;
    }

    public synchronized List<Received> events()
    {
        parsePending();
        return ImmutableList.copyOf(received);
    }

    /**
     * What Marquez would make of the events received so far, in the order they arrived.
     */
    public synchronized MarquezGraph marquezGraph()
    {
        parsePending();
        return MarquezGraph.of(received.stream().map(Received::event).toList());
    }

    public synchronized List<Received> events(Predicate<Received> filter)
    {
        parsePending();
        return received.stream().filter(filter).collect(ImmutableList.toImmutableList());
    }

    private void parsePending()
    {
        for (String json : raw) {
            try {
                received.add(new Received(json, MAPPER.readTree(json)));
            }
            catch (IOException e) {
                invalid.add("not JSON: " + e.getMessage() + "\n  in " + json);
            }
        }
        raw.clear();
    }

    /**
     * Every event that did not validate, with its problems.
     */
    public synchronized List<String> invalidEvents()
    {
        parsePending();
        return ImmutableList.copyOf(invalid);
    }

    public synchronized void clear()
    {
        raw.clear();
        received.clear();
        invalid.clear();
    }

    private void handle(HttpExchange exchange)
            throws IOException
    {
        try (exchange) {
            requests++;
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Mode current = mode;
            if (current == Mode.SERVER_ERROR) {
                exchange.getRequestBody().readAllBytes();
                respond(exchange, 500, "{\"code\":500,\"message\":\"the receiver is failing (test)\"}");
                return;
            }
            if (current == Mode.TOO_MANY_REQUESTS) {
                exchange.getRequestBody().readAllBytes();
                respond(exchange, 429, "{\"code\":429,\"message\":\"slow down (test)\"}");
                return;
            }
            if (current == Mode.BAD_REQUEST) {
                exchange.getRequestBody().readAllBytes();
                respond(exchange, 400, "{\"code\":400,\"message\":\"the receiver refuses this event (test)\"}");
                return;
            }
            if (current == Mode.SLOW) {
                Thread.sleep(slowDelay.toMillis());
            }
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            String json = new String(body.readAllBytes(), UTF_8);
            List<String> problems = validator.map(value -> value.validate(json)).orElse(List.of());
            synchronized (this) {
                if (problems.isEmpty()) {
                    // parsed when a test asks: receiving stays cheap
                    raw.add(json);
                }
                else {
                    invalid.add(String.join("; ", problems) + "\n  in " + json);
                }
            }
            if (problems.isEmpty()) {
                respond(exchange, 201, "");
            }
            else {
                // as Marquez does: the event is refused
                respond(exchange, 422, "{\"code\":422,\"message\":" + MAPPER.writeValueAsString(String.join("; ", problems)) + "}");
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body)
            throws IOException
    {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close()
    {
        stop();
    }

    /**
     * An event as received, and parsed.
     */
    public record Received(String json, JsonNode event)
    {
        public String eventType()
        {
            return event.path("eventType").asText();
        }

        public String runId()
        {
            return event.path("run").path("runId").asText();
        }

        public String queryId()
        {
            return event.path("run").path("facets").path("externalQuery").path("externalQueryId").asText();
        }
    }
}
