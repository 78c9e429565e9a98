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

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableMap;
import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * Settings of the OpenLineage client's transports.
 */
public class TransportConfig
{
    public enum Compression
    {
        NONE,
        GZIP,
    }

    private URI httpUrl;
    private String httpEndpoint = "api/v1/lineage";
    private String httpApiKey;
    private Duration httpTimeout = new Duration(5, SECONDS);
    private Map<String, String> httpHeaders = ImmutableMap.of();
    private Compression httpCompression = Compression.NONE;
    private String filePath;
    private String kafkaBrokers;
    private String kafkaTopic = "openlineage";

    public Optional<URI> getHttpUrl()
    {
        return Optional.ofNullable(httpUrl);
    }

    @Config("lineage.http.url")
    @ConfigDescription("Base URL of the OpenLineage HTTP endpoint, such as Marquez's http://marquez:5000")
    public TransportConfig setHttpUrl(URI httpUrl)
    {
        // empty when a deployment leaves it unset (lineage.http.url=${ENV:...} with an empty variable)
        if (httpUrl == null || httpUrl.toString().isBlank()) {
            this.httpUrl = null;
            return this;
        }
        // http://marquez:5000/ means http://marquez:5000: OpenLineage's client refuses a URL with a
        // path (even "/") together with lineage.http.endpoint
        String value = httpUrl.toString();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        this.httpUrl = URI.create(value);
        return this;
    }

    @NotNull
    public String getHttpEndpoint()
    {
        return httpEndpoint;
    }

    @Config("lineage.http.endpoint")
    @ConfigDescription("Path of the lineage endpoint below lineage.http.url")
    public TransportConfig setHttpEndpoint(String httpEndpoint)
    {
        this.httpEndpoint = httpEndpoint;
        return this;
    }

    public Optional<String> getHttpApiKey()
    {
        return Optional.ofNullable(httpApiKey);
    }

    @Config("lineage.http.api-key")
    @ConfigDescription("API key sent as a bearer token")
    @ConfigSecuritySensitive
    public TransportConfig setHttpApiKey(String httpApiKey)
    {
        this.httpApiKey = httpApiKey;
        return this;
    }

    @NotNull
    @MinDuration("1ms")
    public Duration getHttpTimeout()
    {
        return httpTimeout;
    }

    @Config("lineage.http.timeout")
    @ConfigDescription("Timeout of one HTTP delivery")
    public TransportConfig setHttpTimeout(Duration httpTimeout)
    {
        this.httpTimeout = httpTimeout;
        return this;
    }

    @NotNull
    public Map<String, String> getHttpHeaders()
    {
        return httpHeaders;
    }

    @Config("lineage.http.headers")
    @ConfigDescription("Extra HTTP headers, comma separated name:value pairs")
    @ConfigSecuritySensitive
    public TransportConfig setHttpHeaders(String httpHeaders)
    {
        this.httpHeaders = ImmutableMap.copyOf(Splitter.on(',').trimResults().omitEmptyStrings().withKeyValueSeparator(Splitter.on(':').limit(2).trimResults()).split(httpHeaders));
        return this;
    }

    @NotNull
    public Compression getHttpCompression()
    {
        return httpCompression;
    }

    @Config("lineage.http.compression")
    @ConfigDescription("Compression of HTTP request bodies: none or gzip")
    public TransportConfig setHttpCompression(Compression httpCompression)
    {
        this.httpCompression = httpCompression;
        return this;
    }

    public Optional<String> getFilePath()
    {
        return Optional.ofNullable(filePath);
    }

    @Config("lineage.file.path")
    @ConfigDescription("File the file transport appends events to, one JSON document per line")
    public TransportConfig setFilePath(String filePath)
    {
        this.filePath = filePath;
        return this;
    }

    public Optional<String> getKafkaBrokers()
    {
        return Optional.ofNullable(kafkaBrokers);
    }

    @Config("lineage.kafka.bootstrap-servers")
    @ConfigDescription("Kafka bootstrap servers of the kafka transport")
    public TransportConfig setKafkaBrokers(String kafkaBrokers)
    {
        this.kafkaBrokers = kafkaBrokers;
        return this;
    }

    @NotNull
    public String getKafkaTopic()
    {
        return kafkaTopic;
    }

    @Config("lineage.kafka.topic")
    @ConfigDescription("Kafka topic of the kafka transport")
    public TransportConfig setKafkaTopic(String kafkaTopic)
    {
        this.kafkaTopic = kafkaTopic;
        return this;
    }
}
