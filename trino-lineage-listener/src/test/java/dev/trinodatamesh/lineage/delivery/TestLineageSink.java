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

import dev.trinodatamesh.lineage.event.OpenLineageEvents;
import dev.trinodatamesh.lineage.event.RunIds;
import dev.trinodatamesh.testing.LineageReceiver;
import dev.trinodatamesh.testing.LineageReceiver.Mode;
import dev.trinodatamesh.testing.LineageReceiver.Received;
import dev.trinodatamesh.testing.OpenLineageValidator;
import io.airlift.units.Duration;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Delivery through the OpenLineage HTTP transport to a real HTTP receiver that is down, failing,
 * throttling, refusing or slow: a submit never waits on the network, nothing is lost, and events
 * arrive in order.
 */
@TestInstance(PER_CLASS)
final class TestLineageSink
{
    private static final OpenLineage OPEN_LINEAGE = new OpenLineage(URI.create(OpenLineageEvents.PRODUCER));
    // a submit must return long before a network round trip to the slow receiver (1 s) could: it
    // only queues (or, with a full queue, writes a file); the bound leaves room for a busy machine
    private static final long MAX_SUBMIT_MILLIS = 250;

    private OpenLineageValidator validator;
    private LineageReceiver receiver;
    private final List<LineageSink> sinks = new ArrayList<>();

    @TempDir
    Path spoolDirectory;

    @BeforeAll
    void loadSpec()
    {
        validator = OpenLineageValidator.forWorkplace(Path.of(System.getProperty("datamesh.root", "..")));
    }

    @BeforeEach
    void startReceiver()
    {
        receiver = LineageReceiver.onFreePort(validator);
    }

    @AfterEach
    void stop()
    {
        sinks.forEach(LineageSink::close);
        sinks.clear();
        receiver.close();
    }

    @Test
    void healthyReceiverGetsEveryEventInOrder()
    {
        LineageSink sink = sink(delivery());
        submitRuns(sink, 0, 50);
        awaitJobs(100);
        assertInOrder(0, 50);
        assertThat(sink.stats().getSent()).isEqualTo(100);
        assertThat(sink.stats().getSpilled()).isZero();
        assertThat(receiver.invalidEvents()).isEmpty();
    }

    @Test
    void oneSenderKeepsSubmissionOrder()
    {
        LineageSink sink = sink(delivery(), 1);
        submitRuns(sink, 0, 30);
        awaitJobs(60);
        assertInSubmissionOrder(0, 30);
    }

    /**
     * A receiver that takes 50 ms per event (a busy Marquez): one sender delivers at most 20 events
     * per second, eight several times as many (up to eight times on an idle machine), each run
     * still in order.
     */
    @Test
    void severalSendersKeepUpWithASlowReceiver()
    {
        receiver.setSlowDelay(java.time.Duration.ofMillis(50));
        receiver.setMode(Mode.SLOW);
        double one = eventsPerSecond(1, 20);
        double eight = eventsPerSecond(8, 80);
        System.out.println("Delivery to a receiver taking 50 ms per event: 1 sender %.1f events/s, 8 senders %.1f events/s (%.1fx)".formatted(one, eight, eight / one));
        assertThat(one).isLessThan(21);
        assertThat(eight).isGreaterThan(2 * one);
    }

    private double eventsPerSecond(int senders, int runs)
    {
        receiver.clear();
        LineageSink sink = sink(delivery(), senders);
        long start = System.nanoTime();
        submitRuns(sink, 0, runs);
        awaitJobs(2 * runs);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertInOrder(0, runs);
        sink.close();
        sinks.remove(sink);
        return 2 * runs / seconds;
    }

    @Test
    void receiverDownThenBackLosesNothing()
            throws Exception
    {
        receiver.stop();
        LineageSink sink = sink(delivery());
        submitRuns(sink, 0, 40);
        await("events spooled while the receiver is down", () -> spoolFiles(sink) >= 1);
        Thread.sleep(300);
        assertThat(receiver.events()).isEmpty();
        assertThat(sink.stats().getRetried()).isPositive();

        receiver.start();
        submitRuns(sink, 40, 60);
        awaitJobs(120);
        assertInOrder(0, 60);
        assertThat(spoolFiles(sink)).isZero();
        assertThat(sink.stats().getSent()).isEqualTo(120);
    }

    @Test
    void serverErrorsAreRetried()
    {
        receiver.setMode(Mode.SERVER_ERROR);
        LineageSink sink = sink(delivery());
        submitRuns(sink, 0, 20);
        await("a few failed attempts", () -> receiver.requests() >= 3);
        assertThat(receiver.events()).isEmpty();

        receiver.setMode(Mode.HEALTHY);
        awaitJobs(40);
        assertInOrder(0, 20);
        assertThat(sink.stats().getRetried()).isGreaterThanOrEqualTo(3);
        assertThat(sink.stats().getFailed()).isZero();
    }

    @Test
    void throttlingIsRetried()
    {
        receiver.setMode(Mode.TOO_MANY_REQUESTS);
        LineageSink sink = sink(delivery());
        submitRuns(sink, 0, 10);
        await("a few throttled attempts", () -> receiver.requests() >= 2);
        receiver.setMode(Mode.HEALTHY);
        awaitJobs(20);
        assertInOrder(0, 10);
        assertThat(sink.stats().getFailed()).isZero();
    }

    @Test
    void refusedEventIsKeptWithItsReasonAndDeliveryGoesOn()
            throws Exception
    {
        receiver.setMode(Mode.BAD_REQUEST);
        LineageSink sink = sink(delivery());
        submitRuns(sink, 0, 1);
        Path failed = spoolDirectory.resolve("http").resolve("failed");
        await("refused events in " + failed, () -> countFiles(failed, ".json") == 2);
        assertThat(sink.stats().getFailed()).isEqualTo(2);
        try (Stream<Path> reasons = Files.list(failed)) {
            List<Path> reasonFiles = reasons.filter(file -> file.toString().endsWith(".reason.txt")).toList();
            assertThat(reasonFiles).hasSize(2);
            assertThat(Files.readString(reasonFiles.getFirst())).contains("HTTP 400").contains("refuses this event");
        }

        receiver.setMode(Mode.HEALTHY);
        submitRuns(sink, 1, 3);
        awaitJobs(4);
        assertInOrder(1, 3);
    }

    @Test
    void slowReceiverNeverSlowsSubmitters()
    {
        receiver.setSlowDelay(java.time.Duration.ofSeconds(1));
        receiver.setMode(Mode.SLOW);
        LineageSink sink = sink(delivery());
        long slowest = submitRuns(sink, 0, 25);
        assertThat(slowest).isLessThan(MAX_SUBMIT_MILLIS);
        receiver.setMode(Mode.HEALTHY);
        awaitJobs(50);
        assertInOrder(0, 25);
    }

    @Test
    void fullQueueSpillsToDiskInOrder()
    {
        receiver.setSlowDelay(java.time.Duration.ofSeconds(1));
        receiver.setMode(Mode.SLOW);
        LineageSink sink = sink(delivery().setQueueCapacity(4));
        long slowest = submitRuns(sink, 0, 40);
        assertThat(slowest).isLessThan(MAX_SUBMIT_MILLIS);
        assertThat(sink.stats().getOverflowed()).isPositive();
        receiver.setMode(Mode.HEALTHY);
        awaitJobs(80);
        assertInOrder(0, 40);
        assertThat(sink.stats().getSent()).isEqualTo(80);
    }

    @Test
    void spooledEventsSurviveARestartAndGoFirst()
    {
        receiver.stop();
        LineageSink first = sink(delivery().setShutdownTimeout(new Duration(200, MILLISECONDS)));
        submitRuns(first, 0, 15);
        first.close();
        sinks.remove(first);
        assertThat(spoolFiles(first)).isEqualTo(30);

        receiver.start();
        LineageSink second = sink(delivery());
        submitRuns(second, 15, 20);
        awaitJobs(40);
        assertInOrder(0, 20);
        assertThat(spoolFiles(second)).isZero();
    }

    @Test
    void shutdownDeliversWhatIsQueued()
    {
        receiver.setSlowDelay(java.time.Duration.ofMillis(20));
        receiver.setMode(Mode.SLOW);
        LineageSink sink = sink(delivery());
        submitRuns(sink, 0, 20);
        sink.close();
        sinks.remove(sink);
        assertThat(receiver.events()).hasSize(40);
        assertInOrder(0, 20);
    }

    @Test
    void eventThatCannotBeBuiltIsCountedAndTheRestFlows()
    {
        LineageSink sink = sink(delivery());
        sink.submit("broken", () -> {
            throw new IllegalStateException("broken event");
        });
        submitRuns(sink, 0, 2);
        awaitJobs(4);
        // the receiver keeps an event before it answers: the sender counts it just after
        await("4 events counted as sent", () -> sink.stats().getSent() == 4);
        assertThat(sink.stats().getFailed()).isEqualTo(1);
    }

    private LineageSink sink(DeliveryConfig delivery)
    {
        return sink(delivery, 4);
    }

    private LineageSink sink(DeliveryConfig delivery, int senders)
    {
        HttpTransportConfig http = new HttpTransportConfig()
                .setUrl(receiver.uri())
                .setTimeout(new Duration(5, TimeUnit.SECONDS))
                .setSenders(senders);
        Transports transports = new Transports(http, new FileTransportConfig(), new KafkaTransportConfig());
        LineageSink sink = new LineageSink(transports.spec(TransportType.HTTP), spoolDirectory, delivery);
        sinks.add(sink);
        return sink;
    }

    private static DeliveryConfig delivery()
    {
        return new DeliveryConfig()
                .setRetryInitialDelay(new Duration(50, MILLISECONDS))
                .setRetryMaxDelay(new Duration(200, MILLISECONDS))
                .setShutdownTimeout(new Duration(10, TimeUnit.SECONDS));
    }

    /**
     * Submits START and COMPLETE for runs {@code from} (inclusive) to {@code to}; returns the slowest submit in milliseconds.
     */
    private static long submitRuns(LineageSink sink, int from, int to)
    {
        long slowest = 0;
        for (int run = from; run < to; run++) {
            for (EventType type : List.of(EventType.START, EventType.COMPLETE)) {
                RunEvent event = event(run, type);
                long start = System.nanoTime();
                sink.submit("query_" + run, () -> Optional.of(event));
                slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
        }
        return slowest;
    }

    private static RunEvent event(int run, EventType type)
    {
        Instant created = Instant.parse("2026-11-21T10:00:00Z").plusSeconds(run);
        return OPEN_LINEAGE.newRunEventBuilder()
                .eventType(type)
                .eventTime(created.plusMillis(type == EventType.START ? 0 : 500).atZone(ZoneOffset.UTC))
                .run(OPEN_LINEAGE.newRun(RunIds.runId("query_" + run, created), OPEN_LINEAGE.newRunFacetsBuilder()
                        .externalQuery(OPEN_LINEAGE.newExternalQueryRunFacet("query_" + run, "trino"))
                        .build()))
                .job(OPEN_LINEAGE.newJobBuilder().namespace("trino://test:8080").name("job_" + run).build())
                .inputs(List.of())
                .outputs(List.of())
                .build();
    }

    private void awaitJobs(int events)
    {
        await(events + " events at the receiver (have " + receiver.events().size() + ")", () -> receiver.events().size() >= events);
        assertThat(receiver.events()).hasSize(events);
        assertThat(receiver.invalidEvents()).isEmpty();
    }

    /**
     * Runs {@code from} to {@code to} arrived exactly once each, START before COMPLETE (runs of
     * different queries may arrive in any order: they go through several senders).
     */
    private void assertInOrder(int from, int to)
    {
        List<String> received = receiver.events().stream()
                .filter(event -> {
                    int run = Integer.parseInt(event.queryId().substring("query_".length()));
                    return run >= from && run < to;
                })
                .map(event -> event.queryId() + ":" + event.eventType())
                .toList();
        assertThat(received).hasSize(2 * (to - from));
        for (int run = from; run < to; run++) {
            assertThat(received).containsOnlyOnce("query_" + run + ":START", "query_" + run + ":COMPLETE");
            assertThat(received.indexOf("query_" + run + ":START")).as("START of run %s before its COMPLETE", run)
                    .isLessThan(received.indexOf("query_" + run + ":COMPLETE"));
        }
    }

    /**
     * With one sender, everything arrives in submission order.
     */
    private void assertInSubmissionOrder(int from, int to)
    {
        List<String> expected = new ArrayList<>();
        for (int run = from; run < to; run++) {
            expected.add("query_" + run + ":START");
            expected.add("query_" + run + ":COMPLETE");
        }
        assertThat(receiver.events().stream()
                .map(event -> event.queryId() + ":" + event.eventType())
                .filter(expected::contains)
                .toList())
                .containsExactlyElementsOf(expected);
    }

    private int spoolFiles(LineageSink sink)
    {
        return countFiles(spoolDirectory.resolve(sink.name()), ".json");
    }

    private static int countFiles(Path directory, String suffix)
    {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return (int) files.filter(file -> Files.isRegularFile(file) && file.toString().endsWith(suffix)).count();
        }
        catch (IOException e) {
            throw new AssertionError("cannot list " + directory, e);
        }
    }

    private static void await(String what, BooleanSupplier condition)
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
