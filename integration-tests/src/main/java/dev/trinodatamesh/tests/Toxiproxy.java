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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Drives the toxiproxy server of a stack started with {@code DATAMESH_PROXIES=1} through its HTTP
 * API. Proxies: {@link #LAKEFS} (Trino to lakeFS), {@link #MINIO} (Trino to MinIO),
 * {@link #LAKEFS_MINIO} (lakeFS to MinIO) and {@link #LINEAGE} (the lineage listener to its receiver).
 * Each toxic returned is removed by closing it; {@link #reset()} removes them all and enables every proxy.
 */
public final class Toxiproxy
{
    public static final String LAKEFS = "lakefs";
    public static final String MINIO = "minio";
    public static final String LAKEFS_MINIO = "lakefs_minio";
    public static final String LINEAGE = "lineage";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI api;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Toxiproxy(URI api)
    {
        this.api = requireNonNull(api, "api is null");
    }

    public enum Stream
    {
        /** server to client: answers */
        DOWNSTREAM,
        /** client to server: requests */
        UPSTREAM;

        String value()
        {
            return name().toLowerCase(Locale.ENGLISH);
        }
    }

    /**
     * Delays every chunk of data by {@code latencyMillis} (plus up to {@code jitterMillis}).
     */
    public Toxic latency(String proxy, Stream stream, long latencyMillis, long jitterMillis)
    {
        return add(proxy, "latency", stream, ImmutableMap.of("latency", latencyMillis, "jitter", jitterMillis));
    }

    /**
     * Limits the proxy to {@code kilobytesPerSecond}.
     */
    public Toxic bandwidth(String proxy, Stream stream, long kilobytesPerSecond)
    {
        return add(proxy, "bandwidth", stream, ImmutableMap.of("rate", kilobytesPerSecond));
    }

    /**
     * Resets each connection (TCP RST) {@code afterMillis} after its data starts; 0 resets at once.
     */
    public Toxic resetPeer(String proxy, Stream stream, long afterMillis)
    {
        return add(proxy, "reset_peer", stream, ImmutableMap.of("timeout", afterMillis));
    }

    /**
     * Stops all data, as a paused server whose kernel still accepts connections; the connection is
     * closed after {@code closeAfterMillis}, or never with 0.
     */
    public Toxic timeout(String proxy, Stream stream, long closeAfterMillis)
    {
        return add(proxy, "timeout", stream, ImmutableMap.of("timeout", closeAfterMillis));
    }

    /**
     * Closes each connection once {@code bytes} have passed: an answer cut short.
     */
    public Toxic limitData(String proxy, Stream stream, long bytes)
    {
        return add(proxy, "limit_data", stream, ImmutableMap.of("bytes", bytes));
    }

    /**
     * Takes the proxy down (connections refused and open ones closed), as a stopped server; the
     * returned handle brings it back.
     */
    public AutoCloseable down(String proxy)
    {
        setEnabled(proxy, false);
        return () -> setEnabled(proxy, true);
    }

    public void setEnabled(String proxy, boolean enabled)
    {
        send("POST", "/proxies/" + proxy, Map.of("enabled", enabled));
    }

    /**
     * Enables every proxy and removes every toxic.
     */
    public void reset()
    {
        send("POST", "/reset", null);
    }

    /**
     * The proxy's JSON description: listen and upstream addresses, enabled, toxics.
     */
    public String describe(String proxy)
    {
        return send("GET", "/proxies/" + proxy, null);
    }

    private Toxic add(String proxy, String type, Stream stream, Map<String, Object> attributes)
    {
        String name = "%s_%s_%s".formatted(type, stream.value(), Long.toString(System.nanoTime(), 36));
        send("POST", "/proxies/%s/toxics".formatted(proxy), ImmutableMap.of(
                "name", name,
                "type", type,
                "stream", stream.value(),
                "toxicity", 1.0,
                "attributes", attributes));
        return new Toxic(proxy, name);
    }

    private String send(String method, String path, Object body)
    {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body));
            HttpRequest request = HttpRequest.newBuilder(api.resolve(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .method(method, publisher)
                    .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("toxiproxy %s %s answered %s: %s".formatted(method, request.uri(), response.statusCode(), response.body()));
            }
            return response.body();
        }
        catch (IOException e) {
            throw new UncheckedIOException("toxiproxy at " + api + " is unreachable", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    /**
     * A toxic on a proxy; closing removes it.
     */
    public final class Toxic
            implements AutoCloseable
    {
        private final String proxy;
        private final String name;

        private Toxic(String proxy, String name)
        {
            this.proxy = proxy;
            this.name = name;
        }

        public String name()
        {
            return name;
        }

        @Override
        public void close()
        {
            send("DELETE", "/proxies/%s/toxics/%s".formatted(proxy, name), null);
        }

        @Override
        public String toString()
        {
            return proxy + "/" + name;
        }
    }
}
