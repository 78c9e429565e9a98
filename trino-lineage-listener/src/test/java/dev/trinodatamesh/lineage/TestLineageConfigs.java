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
import dev.trinodatamesh.lineage.delivery.DeliveryConfig;
import dev.trinodatamesh.lineage.delivery.FileTransportConfig;
import dev.trinodatamesh.lineage.delivery.HttpTransportConfig;
import dev.trinodatamesh.lineage.delivery.KafkaTransportConfig;
import dev.trinodatamesh.lineage.event.EventConfig;
import dev.trinodatamesh.lineage.event.EventConfig.SelectOutput;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestLineageConfigs
{
    @Test
    void listenerDefaultsAndMapping()
    {
        assertRecordedDefaults(recordDefaults(LineageListenerConfig.class)
                .setTransports("http")
                .setQueryTypes("SELECT,EXPLAIN,DESCRIBE,INSERT,UPDATE,DELETE,ANALYZE,DATA_DEFINITION,ALTER_TABLE_EXECUTE,MERGE"));
        assertFullMapping(ImmutableMap.of("lineage.transports", "file, http", "lineage.query-types", "insert,select"), new LineageListenerConfig()
                .setTransports("FILE,HTTP")
                .setQueryTypes("SELECT,INSERT"));
    }

    @Test
    void eventDefaults()
    {
        assertRecordedDefaults(recordDefaults(EventConfig.class)
                .setJobNamespace(null)
                .setDatasetNamespace(null)
                .setJobNamePattern("$JOB_NAME")
                .setAdhocJobNamePattern("adhoc.$USER.$SOURCE")
                .setDatasetIncludePattern(".*")
                .setDatasetExcludePattern(null)
                .setSelectOutputDataset("named-jobs"));
    }

    @Test
    void eventMapping()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("lineage.job.namespace", "trino://prod:8080")
                .put("lineage.dataset.namespace", "trino://datasets:8080")
                .put("lineage.job.name-pattern", "$SOURCE.$JOB_NAME")
                .put("lineage.job.adhoc-name-pattern", "adhoc.$USER")
                .put("lineage.dataset.include-pattern", "sales\\..*")
                .put("lineage.dataset.exclude-pattern", ".*\\.information_schema\\..*")
                .put("lineage.select.output-dataset", "all")
                .buildOrThrow();
        assertFullMapping(properties, new EventConfig()
                .setJobNamespace(URI.create("trino://prod:8080"))
                .setDatasetNamespace(URI.create("trino://datasets:8080"))
                .setJobNamePattern("$SOURCE.$JOB_NAME")
                .setAdhocJobNamePattern("adhoc.$USER")
                .setDatasetIncludePattern("sales\\..*")
                .setDatasetExcludePattern(".*\\.information_schema\\..*")
                .setSelectOutputDataset("ALL"));
    }

    @Test
    void selectOutputDatasetTakesTheEarlierBooleans()
    {
        assertThat(new EventConfig().setSelectOutputDataset("true").getSelectOutputDataset()).isEqualTo(SelectOutput.ALL);
        assertThat(new EventConfig().setSelectOutputDataset("false").getSelectOutputDataset()).isEqualTo(SelectOutput.NONE);
        assertThat(new EventConfig().setSelectOutputDataset("named-jobs").getSelectOutputDataset()).isEqualTo(SelectOutput.NAMED_JOBS);
        assertThatThrownBy(() -> new EventConfig().setSelectOutputDataset("some"))
                .hasMessage("Unknown value 'some' in lineage.select.output-dataset; use named-jobs, all or none");
    }

    @Test
    void transportDefaultsAndMapping()
    {
        assertRecordedDefaults(recordDefaults(HttpTransportConfig.class)
                .setUrl(null)
                .setEndpoint("api/v1/lineage")
                .setApiKey(null)
                .setTimeout(new Duration(5, SECONDS))
                .setHeaders("")
                .setCompression(HttpTransportConfig.Compression.NONE)
                .setSenders(4));
        assertFullMapping(ImmutableMap.<String, String>builder()
                .put("lineage.http.url", "http://marquez:5000")
                .put("lineage.http.endpoint", "api/v2/lineage")
                .put("lineage.http.api-key", "secret")
                .put("lineage.http.timeout", "250ms")
                .put("lineage.http.headers", "X-Tenant: sales, X-Env:prod")
                .put("lineage.http.compression", "gzip")
                .put("lineage.http.senders", "8")
                .buildOrThrow(), new HttpTransportConfig()
                .setUrl(URI.create("http://marquez:5000"))
                .setEndpoint("api/v2/lineage")
                .setApiKey("secret")
                .setTimeout(new Duration(250, MILLISECONDS))
                .setHeaders("X-Tenant:sales,X-Env:prod")
                .setCompression(HttpTransportConfig.Compression.GZIP)
                .setSenders(8));
        assertThat(new HttpTransportConfig().setHeaders("X-Tenant: sales, X-Env:prod").getHeaders())
                .containsExactly(Map.entry("X-Tenant", "sales"), Map.entry("X-Env", "prod"));

        assertRecordedDefaults(recordDefaults(FileTransportConfig.class).setPath(null));
        assertFullMapping(ImmutableMap.of("lineage.file.path", "/var/log/lineage.jsonl"), new FileTransportConfig().setPath("/var/log/lineage.jsonl"));

        assertRecordedDefaults(recordDefaults(KafkaTransportConfig.class)
                .setBootstrapServers(null)
                .setTopic("openlineage")
                .setSenders(2));
        assertFullMapping(ImmutableMap.of("lineage.kafka.bootstrap-servers", "kafka:9092", "lineage.kafka.topic", "lineage", "lineage.kafka.senders", "3"), new KafkaTransportConfig()
                .setBootstrapServers("kafka:9092")
                .setTopic("lineage")
                .setSenders(3));
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
