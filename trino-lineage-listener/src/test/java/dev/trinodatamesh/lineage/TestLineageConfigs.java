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

import com.google.common.collect.ImmutableMap;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

final class TestLineageConfigs
{
    @Test
    void listenerDefaults()
    {
        assertRecordedDefaults(recordDefaults(LineageListenerConfig.class)
                .setTransports("http")
                .setJobNamespace(null)
                .setDatasetNamespace(null)
                .setJobNamePattern("$JOB_NAME")
                .setQueryTypes("SELECT,EXPLAIN,DESCRIBE,INSERT,UPDATE,DELETE,ANALYZE,DATA_DEFINITION,ALTER_TABLE_EXECUTE,MERGE")
                .setDatasetIncludePattern(".*")
                .setDatasetExcludePattern(null)
                .setSelectOutputDataset(true));
    }

    @Test
    void listenerMapping()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("lineage.transports", "file, http")
                .put("lineage.job.namespace", "trino://prod:8080")
                .put("lineage.dataset.namespace", "trino://datasets:8080")
                .put("lineage.job.name-pattern", "$SOURCE.$JOB_NAME")
                .put("lineage.query-types", "insert,select")
                .put("lineage.dataset.include-pattern", "sales\\..*")
                .put("lineage.dataset.exclude-pattern", ".*\\.information_schema\\..*")
                .put("lineage.select.output-dataset", "false")
                .buildOrThrow();
        assertFullMapping(properties, new LineageListenerConfig()
                .setTransports("FILE,HTTP")
                .setJobNamespace(URI.create("trino://prod:8080"))
                .setDatasetNamespace(URI.create("trino://datasets:8080"))
                .setJobNamePattern("$SOURCE.$JOB_NAME")
                .setQueryTypes("SELECT,INSERT")
                .setDatasetIncludePattern("sales\\..*")
                .setDatasetExcludePattern(".*\\.information_schema\\..*")
                .setSelectOutputDataset(false));
    }

    @Test
    void transportDefaultsAndMapping()
    {
        assertRecordedDefaults(recordDefaults(TransportConfig.class)
                .setHttpUrl(null)
                .setHttpEndpoint("api/v1/lineage")
                .setHttpApiKey(null)
                .setHttpTimeout(new Duration(5, SECONDS))
                .setHttpHeaders("")
                .setHttpCompression(TransportConfig.Compression.NONE)
                .setFilePath(null)
                .setKafkaBrokers(null)
                .setKafkaTopic("openlineage"));
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("lineage.http.url", "http://marquez:5000")
                .put("lineage.http.endpoint", "api/v2/lineage")
                .put("lineage.http.api-key", "secret")
                .put("lineage.http.timeout", "250ms")
                .put("lineage.http.headers", "X-Tenant: sales, X-Env:prod")
                .put("lineage.http.compression", "gzip")
                .put("lineage.file.path", "/var/log/lineage.jsonl")
                .put("lineage.kafka.bootstrap-servers", "kafka:9092")
                .put("lineage.kafka.topic", "lineage")
                .buildOrThrow();
        assertFullMapping(properties, new TransportConfig()
                .setHttpUrl(URI.create("http://marquez:5000"))
                .setHttpEndpoint("api/v2/lineage")
                .setHttpApiKey("secret")
                .setHttpTimeout(new Duration(250, MILLISECONDS))
                .setHttpHeaders("X-Tenant:sales,X-Env:prod")
                .setHttpCompression(TransportConfig.Compression.GZIP)
                .setFilePath("/var/log/lineage.jsonl")
                .setKafkaBrokers("kafka:9092")
                .setKafkaTopic("lineage"));
        assertThat(new TransportConfig().setHttpHeaders("X-Tenant: sales, X-Env:prod").getHttpHeaders())
                .containsExactly(Map.entry("X-Tenant", "sales"), Map.entry("X-Env", "prod"));
    }

    @Test
    void deliveryDefaultsAndMapping()
    {
        assertRecordedDefaults(recordDefaults(DeliveryConfig.class)
                .setQueueCapacity(10_000)
                .setSpoolDirectory("var/lineage-spool")
                .setRetryInitialDelay(new Duration(1, SECONDS))
                .setRetryMaxDelay(new Duration(1, MINUTES))
                .setShutdownTimeout(new Duration(10, SECONDS)));
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("lineage.queue.capacity", "5")
                .put("lineage.spool-directory", "/data/spool")
                .put("lineage.retry.initial-delay", "10ms")
                .put("lineage.retry.max-delay", "2s")
                .put("lineage.shutdown-timeout", "1s")
                .buildOrThrow();
        assertFullMapping(properties, new DeliveryConfig()
                .setQueueCapacity(5)
                .setSpoolDirectory("/data/spool")
                .setRetryInitialDelay(new Duration(10, MILLISECONDS))
                .setRetryMaxDelay(new Duration(2, SECONDS))
                .setShutdownTimeout(new Duration(1, SECONDS)));
        assertThat(new DeliveryConfig().getSpoolDirectory()).isEqualTo(Path.of("var/lineage-spool"));
    }
}
