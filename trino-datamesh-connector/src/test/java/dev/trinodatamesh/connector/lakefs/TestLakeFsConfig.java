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
import io.airlift.units.Duration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.testing.ValidationAssertions.assertFailsValidation;
import static io.airlift.testing.ValidationAssertions.assertValidates;
import static java.util.concurrent.TimeUnit.SECONDS;

final class TestLakeFsConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(LakeFsConfig.class)
                .setEndpoint(null)
                .setRepository(null)
                .setAccessKeyId(null)
                .setSecretAccessKey(null)
                .setConnectTimeout(new Duration(10, SECONDS))
                .setRequestTimeout(new Duration(10, SECONDS))
                .setDeadline(new Duration(30, SECONDS))
                .setMaxRetries(3));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("datamesh.lakefs.endpoint", "http://lakefs:8000")
                .put("datamesh.lakefs.repository", "sales")
                .put("datamesh.lakefs.access-key-id", "AKIAEXAMPLE")
                .put("datamesh.lakefs.secret-access-key", "secret")
                .put("datamesh.lakefs.connect-timeout", "3s")
                .put("datamesh.lakefs.request-timeout", "2m")
                .put("datamesh.lakefs.deadline", "5m")
                .put("datamesh.lakefs.max-retries", "5")
                .buildOrThrow();

        LakeFsConfig expected = new LakeFsConfig()
                .setEndpoint(URI.create("http://lakefs:8000"))
                .setRepository("sales")
                .setAccessKeyId("AKIAEXAMPLE")
                .setSecretAccessKey("secret")
                .setConnectTimeout(new Duration(3, SECONDS))
                .setRequestTimeout(new Duration(120, SECONDS))
                .setDeadline(new Duration(300, SECONDS))
                .setMaxRetries(5);

        assertFullMapping(properties, expected);
    }

    @Test
    void testValidation()
    {
        assertValidates(valid());
        assertFailsValidation(valid().setRepository("Sales_Domain"), "repository", "must be a lakeFS repository name: 3 to 63 lower-case letters, digits and dashes, not starting with a dash", Pattern.class);
        assertFailsValidation(valid().setSecretAccessKey(null), "credentialsComplete", "datamesh.lakefs.access-key-id and datamesh.lakefs.secret-access-key must be set together", AssertTrue.class);
        assertFailsValidation(valid().setEndpoint(URI.create("ftp://lakefs")), "endpointHttp", "datamesh.lakefs.endpoint must be an http or https URL", AssertTrue.class);
        assertFailsValidation(valid().setEndpoint(null), "endpoint", "must not be null", NotNull.class);
    }

    @Test
    void testEndpointNormalization()
    {
        org.assertj.core.api.Assertions.assertThat(LakeFsSdkClient.normalizeEndpoint(URI.create("http://lakefs:8000"))).isEqualTo(URI.create("http://lakefs:8000/api/v1"));
        org.assertj.core.api.Assertions.assertThat(LakeFsSdkClient.normalizeEndpoint(URI.create("http://lakefs:8000/"))).isEqualTo(URI.create("http://lakefs:8000/api/v1"));
        org.assertj.core.api.Assertions.assertThat(LakeFsSdkClient.normalizeEndpoint(URI.create("https://lakefs.example.com/api/v1/"))).isEqualTo(URI.create("https://lakefs.example.com/api/v1"));
    }

    private static LakeFsConfig valid()
    {
        return new LakeFsConfig()
                .setEndpoint(URI.create("http://lakefs:8000"))
                .setRepository("sales")
                .setAccessKeyId("key")
                .setSecretAccessKey("secret");
    }
}
