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

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableMap;
import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * The {@code http} transport: Marquez or any OpenLineage HTTP endpoint.
 */
public class HttpTransportConfig
{
    public enum Compression
    {
        NONE,
        GZIP,
    }

    private URI url;
    private String endpoint = "api/v1/lineage";
    private String apiKey;
    private Duration timeout = new Duration(5, SECONDS);
    private Map<String, String> headers = ImmutableMap.of();
    private Compression compression = Compression.NONE;
    private int senders = 4;

    public Optional<URI> getUrl()
    {
        return Optional.ofNullable(url);
    }

    @Config("lineage.http.url")
    @ConfigDescription("Base URL of the OpenLineage HTTP endpoint, such as Marquez's http://marquez:5000")
    public HttpTransportConfig setUrl(URI url)
    {
        // empty when a deployment leaves it unset (lineage.http.url=${ENV:...} with an empty variable)
        if (url == null || url.toString().isBlank()) {
            this.url = null;
            return this;
        }
        // http://marquez:5000/ means http://marquez:5000, the base that lineage.http.endpoint extends
        String value = url.toString();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        this.url = URI.create(value);
        return this;
    }

    @NotNull
    public String getEndpoint()
    {
        return endpoint;
    }

    @Config("lineage.http.endpoint")
    @ConfigDescription("Path of the lineage endpoint below lineage.http.url")
    public HttpTransportConfig setEndpoint(String endpoint)
    {
        this.endpoint = endpoint;
        return this;
    }

    public Optional<String> getApiKey()
    {
        return Optional.ofNullable(apiKey);
    }

    @Config("lineage.http.api-key")
    @ConfigDescription("API key sent as a bearer token")
    @ConfigSecuritySensitive
    public HttpTransportConfig setApiKey(String apiKey)
    {
        this.apiKey = apiKey;
        return this;
    }

    @NotNull
    @MinDuration("1ms")
    public Duration getTimeout()
    {
        return timeout;
    }

    @Config("lineage.http.timeout")
    @ConfigDescription("Timeout of one HTTP delivery")
    public HttpTransportConfig setTimeout(Duration timeout)
    {
        this.timeout = timeout;
        return this;
    }

    @NotNull
    public Map<String, String> getHeaders()
    {
        return headers;
    }

    @Config("lineage.http.headers")
    @ConfigDescription("Extra HTTP headers, comma separated name:value pairs")
    @ConfigSecuritySensitive
    public HttpTransportConfig setHeaders(String headers)
    {
        this.headers = ImmutableMap.copyOf(Splitter.on(',').trimResults().omitEmptyStrings().withKeyValueSeparator(Splitter.on(':').limit(2).trimResults()).split(headers));
        return this;
    }

    @NotNull
    public Compression getCompression()
    {
        return compression;
    }

    @Config("lineage.http.compression")
    @ConfigDescription("Compression of HTTP request bodies: none or gzip")
    public HttpTransportConfig setCompression(Compression compression)
    {
        this.compression = compression;
        return this;
    }

    @Min(1)
    @Max(64)
    public int getSenders()
    {
        return senders;
    }

    @Config("lineage.http.senders")
    @ConfigDescription("Requests in flight at once; the events of one query always go through the same sender, in order")
    public HttpTransportConfig setSenders(int senders)
    {
        this.senders = senders;
        return this;
    }
}
