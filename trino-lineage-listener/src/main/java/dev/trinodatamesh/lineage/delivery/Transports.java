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

import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.ConsoleTransport;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.KafkaConfig;
import io.openlineage.client.transports.KafkaTransport;
import io.openlineage.client.transports.Transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The OpenLineage client's transports, configured from the listener's properties: how many senders
 * each has, and how to make the transport of one sender.
 */
public final class Transports
{
    private final HttpTransportConfig http;
    private final FileTransportConfig file;
    private final KafkaTransportConfig kafka;

    public Transports(HttpTransportConfig http, FileTransportConfig file, KafkaTransportConfig kafka)
    {
        this.http = requireNonNull(http, "http is null");
        this.file = requireNonNull(file, "file is null");
        this.kafka = requireNonNull(kafka, "kafka is null");
    }

    /**
     * What one transport needs: its name, its number of senders, and a new transport for each sender.
     */
    public record Spec(String name, int senders, Supplier<Transport> transport)
    {
        public Spec
        {
            requireNonNull(name, "name is null");
            requireNonNull(transport, "transport is null");
        }
    }

    public Spec spec(TransportType type)
    {
        String name = type.name().toLowerCase(Locale.ENGLISH);
        return switch (type) {
            case HTTP -> {
                HttpConfig config = httpConfig();
                yield new Spec(name, http.getSenders(), () -> usesProxy()
                        ? new HttpTransport(config)
                        : new LeanHttpTransport(config.getUrl(), http.getEndpoint(), http.getApiKey(), http.getHeaders(), http.getCompression() == HttpTransportConfig.Compression.GZIP, config.getTimeoutInMillis()));
            }
            case FILE -> {
                FileConfig config = fileConfig();
                // one writer keeps every line whole
                yield new Spec(name, 1, () -> new FileTransport(config));
            }
            case CONSOLE -> new Spec(name, 1, ConsoleTransport::new);
            case KAFKA -> {
                KafkaConfig config = kafkaConfig();
                yield new Spec(name, kafka.getSenders(), () -> new KafkaTransport(config));
            }
        };
    }

    private HttpConfig httpConfig()
    {
        HttpConfig config = new HttpConfig();
        config.setUrl(http.getUrl().orElseThrow(() -> new IllegalArgumentException("lineage.http.url is required when lineage.transports includes http")));
        config.setEndpoint(http.getEndpoint());
        config.setTimeoutInMillis(Math.toIntExact(http.getTimeout().toMillis()));
        config.setHeaders(http.getHeaders());
        http.getApiKey().ifPresent(key -> {
            ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
            auth.setApiKey(key);
            config.setAuth(auth);
        });
        if (http.getCompression() == HttpTransportConfig.Compression.GZIP) {
            config.setCompression(HttpConfig.Compression.GZIP);
        }
        return config;
    }

    /**
     * JVM proxy settings need the OpenLineage client's HTTP transport, whose client honours them.
     */
    private static boolean usesProxy()
    {
        return System.getProperty("http.proxyHost") != null || System.getProperty("https.proxyHost") != null;
    }

    private FileConfig fileConfig()
    {
        String path = file.getPath().orElseThrow(() -> new IllegalArgumentException("lineage.file.path is required when lineage.transports includes file"));
        try {
            Path parent = Path.of(path).toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        }
        catch (IOException e) {
            throw new IllegalArgumentException("Cannot create the directory of lineage.file.path " + path, e);
        }
        return new FileConfig(path);
    }

    private KafkaConfig kafkaConfig()
    {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", kafka.getBootstrapServers().orElseThrow(() -> new IllegalArgumentException("lineage.kafka.bootstrap-servers is required when lineage.transports includes kafka")));
        properties.setProperty("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        properties.setProperty("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        properties.setProperty("acks", "all");
        properties.setProperty("max.block.ms", "5000");
        properties.setProperty("delivery.timeout.ms", "10000");
        properties.setProperty("request.timeout.ms", "5000");
        return new KafkaConfig(kafka.getTopic(), null, properties);
    }
}
