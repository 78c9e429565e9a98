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
package dev.trinodatamesh.lineage.delivery;

import com.google.common.collect.ImmutableMap;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trinodatamesh.lineage.event.OpenLineageEvents;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.transports.HttpTransportResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP transport against a real HTTP server answering the ways servers answer: an empty 201,
 * a chunked body, a closed connection, an error with a body.
 */
final class TestLeanHttpTransport
{
    private static final OpenLineage OPEN_LINEAGE = new OpenLineage(URI.create(OpenLineageEvents.PRODUCER));

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> tenants = new CopyOnWriteArrayList<>();
    private volatile String answer = "empty";
    private HttpServer server;

    @BeforeEach
    void start()
            throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/base/api/v1/lineage", this::handle);
        server.start();
    }

    @AfterEach
    void stop()
    {
        server.stop(0);
    }

    private void handle(HttpExchange exchange)
            throws IOException
    {
        try (exchange) {
            InputStream body = exchange.getRequestBody();
            if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            bodies.add(new String(body.readAllBytes(), UTF_8));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            tenants.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Tenant")));
            switch (answer) {
                case "empty" -> exchange.sendResponseHeaders(201, -1);
                case "chunked" -> {
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody().write("{\"ok\":true}".getBytes(UTF_8));
                }
                case "close" -> {
                    exchange.getResponseHeaders().add("Connection", "close");
                    exchange.sendResponseHeaders(201, -1);
                }
                case "error" -> {
                    byte[] message = "{\"code\":422,\"message\":\"bad event\"}".getBytes(UTF_8);
                    exchange.sendResponseHeaders(422, message.length);
                    exchange.getResponseBody().write(message);
                }
                default -> throw new IllegalStateException(answer);
            }
        }
    }

    @Test
    void postsEveryAnswerKindOverOneTransport()
    {
        try (LeanHttpTransport transport = transport(false)) {
            for (String kind : List.of("empty", "chunked", "empty", "close", "empty", "chunked")) {
                answer = kind;
                transport.emit(event("run-" + bodies.size()));
            }
            answer = "error";
            assertThatThrownBy(() -> transport.emit(event("refused")))
                    .isInstanceOfSatisfying(HttpTransportResponseException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(422);
                        assertThat(e.getBody()).contains("bad event");
                    });
            answer = "empty";
            transport.emit(event("after-error"));
        }
        assertThat(bodies).hasSize(8);
        assertThat(bodies.getFirst()).contains("\"eventType\":\"START\"").contains("run-0");
        assertThat(authorizations).containsOnly("Bearer secret");
        assertThat(tenants).containsOnly("sales");
    }

    @Test
    void gzipBodies()
    {
        try (LeanHttpTransport transport = transport(true)) {
            transport.emit(event("zipped"));
        }
        assertThat(bodies).singleElement().asString().contains("zipped");
    }

    @Test
    void serverGoneBetweenEventsIsAConnectionError()
    {
        try (LeanHttpTransport transport = transport(false)) {
            transport.emit(event("first"));
            server.stop(0);
            assertThatThrownBy(() -> transport.emit(event("second"))).isInstanceOf(RuntimeException.class).hasMessageContaining("Cannot send the lineage event");
        }
    }

    private LeanHttpTransport transport(boolean gzip)
    {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/base");
        return new LeanHttpTransport(url, "api/v1/lineage", Optional.of("secret"), ImmutableMap.of("X-Tenant", "sales"), gzip, 5_000);
    }

    private static RunEvent event(String job)
    {
        return OPEN_LINEAGE.newRunEventBuilder()
                .eventType(RunEvent.EventType.START)
                .eventTime(ZonedDateTime.of(2026, 12, 2, 6, 0, 0, 0, ZoneOffset.UTC))
                .run(OPEN_LINEAGE.newRun(UUID.fromString("0190a6a4-2b3c-7def-8123-456789abcdef"), null))
                .job(OPEN_LINEAGE.newJobBuilder().namespace("trino://test:8080").name(job).build())
                .build();
    }
}
