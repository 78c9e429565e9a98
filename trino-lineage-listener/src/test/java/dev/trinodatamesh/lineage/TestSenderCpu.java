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
import dev.trinodatamesh.lineage.delivery.DeliveryStats;
import dev.trinodatamesh.lineage.delivery.LineageSink;
import dev.trinodatamesh.testing.LineageReceiver;
import io.trino.Session;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.trino.testing.TestingSession.testSessionBuilder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The senders' CPU time per short query (its START and COMPLETE built, serialized and sent over
 * HTTP), from {@code SenderCpuNanos}: the figure the lineage benchmark reports on the real stack.
 */
final class TestSenderCpu
        extends AbstractTestQueryFramework
{
    private LineageReceiver receiver;
    private LineageSink sink;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        receiver = LineageReceiver.withoutValidationOnFreePort();
        Path directory = Files.createTempDirectory("lineage-cpu");
        LineageListener listener = (LineageListener) new LineageListenerFactory().create(ImmutableMap.of(
                "lineage.transports", "http",
                "lineage.http.url", receiver.uri().toString(),
                "lineage.spool-directory", directory.resolve("spool").toString()), null);
        sink = listener.sinks().getFirst();
        Session session = testSessionBuilder().setCatalog("tpch").setSchema("tiny").build();
        DistributedQueryRunner runner = DistributedQueryRunner.builder(session)
                .setEventListener(listener)
                .registerResource(listener::shutdown)
                .build();
        runner.installPlugin(new TpchPlugin());
        runner.createCatalog("tpch", "tpch");
        return runner;
    }

    @AfterAll
    void stopReceiver()
    {
        receiver.close();
    }

    @Test
    void senderCpuPerShortQuery()
            throws InterruptedException
    {
        DeliveryStats stats = sink.stats();
        runQueries(300);
        long cpuBefore = stats.getSenderCpuNanos();
        long sentBefore = stats.getSent();
        int queries = 500;
        runQueries(queries);
        double millisPerQuery = (stats.getSenderCpuNanos() - cpuBefore) / 1e6 / queries;
        System.out.println("Sender CPU per short query (START and COMPLETE): %.3f ms over %s queries".formatted(millisPerQuery, queries));
        assertThat(stats.getSent() - sentBefore).isEqualTo(2L * queries);
        assertThat(millisPerQuery).isPositive();
    }

    private void runQueries(int count)
            throws InterruptedException
    {
        long target = sink.stats().getSubmitted() + 2L * count;
        for (int i = 0; i < count; i++) {
            getQueryRunner().execute("SELECT name, regionkey FROM nation WHERE nationkey = " + (i % 25));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sink.stats().getSent() < target && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sink.stats().getSent()).isEqualTo(target);
    }
}
