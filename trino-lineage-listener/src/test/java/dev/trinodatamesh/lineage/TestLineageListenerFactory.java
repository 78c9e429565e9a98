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
import dev.trinodatamesh.lineage.delivery.LineageSink;
import io.trino.spi.eventlistener.EventListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Start-up from properties as Trino hands them over, and the errors a misconfigured deployment gets.
 */
final class TestLineageListenerFactory
{
    @TempDir
    Path directory;

    @Test
    void createsOneSinkPerTransport()
    {
        LineageListener listener = create(ImmutableMap.of(
                "lineage.transports", "http, file",
                "lineage.http.url", "http://127.0.0.1:1",
                "lineage.file.path", directory.resolve("events/lineage.jsonl").toString()));
        try {
            assertThat(listener.sinks()).extracting(LineageSink::name).containsExactly("http", "file");
            // requests in flight at once for http; one writer for the file
            assertThat(listener.sinks()).extracting(LineageSink::senders).containsExactly(4, 1);
        }
        finally {
            listener.shutdown();
        }
    }

    @Test
    void shutdownStopsTheSendersThroughTheLifecycle()
            throws MalformedObjectNameException
    {
        LineageListener listener = create(ImmutableMap.of(
                "lineage.transports", "file",
                "lineage.file.path", directory.resolve("stop/lineage.jsonl").toString()));
        assertThat(senderThreads()).contains("lineage-file-0");
        // the counters under the name etc/config.properties exports to Prometheus
        assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName("trino.plugin.lineage:type=DeliveryStats,name=file"))).isTrue();
        listener.shutdown();
        assertThat(senderThreads()).doesNotContain("lineage-file-0");
    }

    private static List<String> senderThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("lineage-"))
                .toList();
    }

    @Test
    void httpUrlWithTrailingSlashStarts()
    {
        // http://marquez:5000/ is how users copy Marquez's address from a browser
        LineageListener listener = create(ImmutableMap.of(
                "lineage.transports", "http",
                "lineage.http.url", "http://127.0.0.1:1/"));
        try {
            assertThat(listener.sinks()).extracting(LineageSink::name).containsExactly("http");
        }
        finally {
            listener.shutdown();
        }
    }

    @Test
    void blankHttpUrlIsAbsentAndUnusedWithFileTransport()
    {
        LineageListener listener = create(ImmutableMap.of(
                "lineage.transports", "file",
                "lineage.http.url", "",
                "lineage.file.path", directory.resolve("lineage.jsonl").toString()));
        listener.shutdown();
        assertThat(listener.sinks()).extracting(LineageSink::name).containsExactly("file");
    }

    @Test
    void httpTransportWithoutUrlNamesTheProperty()
    {
        assertThatThrownBy(() -> create(ImmutableMap.of("lineage.transports", "http", "lineage.http.url", "")))
                .hasStackTraceContaining("lineage.http.url is required when lineage.transports includes http");
    }

    @Test
    void unknownTransportNamesTheValueAndTheChoices()
    {
        assertThatThrownBy(() -> create(ImmutableMap.of("lineage.transports", "http,marquez")))
                .hasStackTraceContaining("Unknown value 'marquez' in lineage.transports; use http, file, console, kafka");
    }

    @Test
    void unknownQueryTypeIsNamed()
    {
        assertThatThrownBy(() -> create(ImmutableMap.of("lineage.transports", "console", "lineage.query-types", "select,selekt")))
                .hasStackTraceContaining("Unknown value 'selekt' in lineage.query-types");
    }

    @Test
    void unknownPropertyIsNamed()
    {
        assertThatThrownBy(() -> create(ImmutableMap.of("lineage.transports", "console", "lineage.namespce", "x")))
                .hasMessageContaining("lineage.namespce");
    }

    @Test
    void invalidPatternIsNamed()
    {
        assertThatThrownBy(() -> create(ImmutableMap.of("lineage.transports", "console", "lineage.dataset.include-pattern", "sales.(")))
                .hasMessageContaining("lineage.dataset.include-pattern");
    }

    private LineageListener create(Map<String, String> properties)
    {
        Map<String, String> withSpool = ImmutableMap.<String, String>builder()
                .putAll(properties)
                .put("lineage.spool-directory", directory.resolve("spool").toString())
                .buildOrThrow();
        EventListener listener = new LineageListenerFactory().create(withSpool, null);
        assertThat(listener).isInstanceOf(LineageListener.class);
        return (LineageListener) listener;
    }
}
