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

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import io.airlift.units.Duration;
import io.airlift.units.MaxDuration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.net.URI;
import java.util.Optional;

import static java.util.concurrent.TimeUnit.SECONDS;

public class LakeFsConfig
{
    private URI endpoint;
    private String repository;
    private String accessKeyId;
    private String secretAccessKey;
    private Duration connectTimeout = new Duration(10, SECONDS);
    private Duration requestTimeout = new Duration(10, SECONDS);
    private Duration deadline = new Duration(30, SECONDS);
    private int maxRetries = 3;

    @NotNull
    public URI getEndpoint()
    {
        return endpoint;
    }

    @Config("datamesh.lakefs.endpoint")
    @ConfigDescription("URL of the lakeFS server, such as http://lakefs:8000 (the /api/v1 suffix is optional)")
    public LakeFsConfig setEndpoint(URI endpoint)
    {
        this.endpoint = endpoint;
        return this;
    }

    @NotNull
    @Pattern(regexp = "^[a-z0-9][a-z0-9-]{2,62}$", message = "must be a lakeFS repository name: 3 to 63 lower-case letters, digits and dashes, not starting with a dash")
    public String getRepository()
    {
        return repository;
    }

    @Config("datamesh.lakefs.repository")
    @ConfigDescription("lakeFS repository this catalog exposes (one repository per data domain)")
    public LakeFsConfig setRepository(String repository)
    {
        this.repository = repository;
        return this;
    }

    public Optional<String> getAccessKeyId()
    {
        return Optional.ofNullable(accessKeyId);
    }

    @Config("datamesh.lakefs.access-key-id")
    @ConfigDescription("lakeFS access key ID")
    public LakeFsConfig setAccessKeyId(String accessKeyId)
    {
        this.accessKeyId = accessKeyId;
        return this;
    }

    public Optional<String> getSecretAccessKey()
    {
        return Optional.ofNullable(secretAccessKey);
    }

    @Config("datamesh.lakefs.secret-access-key")
    @ConfigDescription("lakeFS secret access key")
    @ConfigSecuritySensitive
    public LakeFsConfig setSecretAccessKey(String secretAccessKey)
    {
        this.secretAccessKey = secretAccessKey;
        return this;
    }

    @MinDuration("1ms")
    @MaxDuration("10m")
    public Duration getConnectTimeout()
    {
        return connectTimeout;
    }

    @Config("datamesh.lakefs.connect-timeout")
    @ConfigDescription("Timeout for opening a connection to lakeFS")
    public LakeFsConfig setConnectTimeout(Duration connectTimeout)
    {
        this.connectTimeout = connectTimeout;
        return this;
    }

    @MinDuration("1ms")
    @MaxDuration("1h")
    public Duration getRequestTimeout()
    {
        return requestTimeout;
    }

    @Config("datamesh.lakefs.request-timeout")
    @ConfigDescription("Timeout for one lakeFS API call, response included")
    public LakeFsConfig setRequestTimeout(Duration requestTimeout)
    {
        this.requestTimeout = requestTimeout;
        return this;
    }

    @MinDuration("1ms")
    @MaxDuration("1h")
    public Duration getDeadline()
    {
        return deadline;
    }

    @Config("datamesh.lakefs.deadline")
    @ConfigDescription("Longest time one lakeFS operation may take, retries and their backoff included; a query that cannot reach lakeFS fails after it")
    public LakeFsConfig setDeadline(Duration deadline)
    {
        this.deadline = deadline;
        return this;
    }

    @Min(0)
    @Max(10)
    public int getMaxRetries()
    {
        return maxRetries;
    }

    @Config("datamesh.lakefs.max-retries")
    @ConfigDescription("Retries of a read-only lakeFS call after a connection failure, HTTP 429 or 5xx, with exponential backoff")
    public LakeFsConfig setMaxRetries(int maxRetries)
    {
        this.maxRetries = maxRetries;
        return this;
    }

    @AssertTrue(message = "datamesh.lakefs.access-key-id and datamesh.lakefs.secret-access-key must be set together")
    public boolean isCredentialsComplete()
    {
        return (accessKeyId == null) == (secretAccessKey == null);
    }

    @AssertTrue(message = "datamesh.lakefs.endpoint must be an http or https URL")
    public boolean isEndpointHttp()
    {
        return endpoint == null || "http".equalsIgnoreCase(endpoint.getScheme()) || "https".equalsIgnoreCase(endpoint.getScheme());
    }
}
