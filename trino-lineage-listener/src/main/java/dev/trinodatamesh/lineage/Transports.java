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
package dev.trinodatamesh.lineage;

import dev.trinodatamesh.lineage.LineageListenerConfig.TransportType;
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
import java.util.Properties;

/**
 * The OpenLineage client's transports, configured from the listener's properties.
 */
final class Transports
{
    private Transports() {}

    static Transport create(TransportType type, TransportConfig config)
    {
        return switch (type) {
            case HTTP -> {
                HttpConfig http = new HttpConfig();
                http.setUrl(config.getHttpUrl().orElseThrow(() -> new IllegalArgumentException("lineage.http.url is required when lineage.transports includes http")));
                http.setEndpoint(config.getHttpEndpoint());
                http.setTimeoutInMillis(Math.toIntExact(config.getHttpTimeout().toMillis()));
                http.setHeaders(config.getHttpHeaders());
                config.getHttpApiKey().ifPresent(key -> {
                    ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
                    auth.setApiKey(key);
                    http.setAuth(auth);
                });
                if (config.getHttpCompression() == TransportConfig.Compression.GZIP) {
                    http.setCompression(HttpConfig.Compression.GZIP);
                }
                yield new HttpTransport(http);
            }
            case FILE -> {
                String path = config.getFilePath().orElseThrow(() -> new IllegalArgumentException("lineage.file.path is required when lineage.transports includes file"));
                try {
                    Path parent = Path.of(path).toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                }
                catch (IOException e) {
                    throw new IllegalArgumentException("Cannot create the directory of lineage.file.path " + path, e);
                }
                yield new FileTransport(new FileConfig(path));
            }
            case CONSOLE -> new ConsoleTransport();
            case KAFKA -> {
                Properties properties = new Properties();
                properties.setProperty("bootstrap.servers", config.getKafkaBrokers().orElseThrow(() -> new IllegalArgumentException("lineage.kafka.bootstrap-servers is required when lineage.transports includes kafka")));
                properties.setProperty("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
                properties.setProperty("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
                properties.setProperty("acks", "all");
                properties.setProperty("max.block.ms", "5000");
                properties.setProperty("delivery.timeout.ms", "10000");
                properties.setProperty("request.timeout.ms", "5000");
                yield new KafkaTransport(new KafkaConfig(config.getKafkaTopic(), null, properties));
            }
        };
    }
}
