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

import com.google.common.collect.ImmutableList;
import io.airlift.log.Logger;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.transports.HttpTransportResponseException;
import io.openlineage.client.transports.Transport;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static java.lang.Math.min;
import static java.util.Objects.requireNonNull;

/**
 * Delivers events to one transport without ever making a query wait.
 * <ul>
 * <li>The transport has one or more senders, each a thread with its own bounded queue and its own
 * transport instance. The engine's thread only assigns a sequence number and puts the event in the
 * queue of the sender its key (the query ID) maps to; the OpenLineage event is built and sent by
 * that sender's thread.</li>
 * <li>A delivery that fails with a connection error, HTTP 5xx or 429 is retried with exponential
 * backoff; meanwhile that sender's events go to the spool directory, so they survive a restart and
 * memory stays bounded. A full queue also spills to the spool, from the submitting thread, the only
 * case where the engine's thread writes a file.</li>
 * <li>Each sender delivers in sequence order, from memory or from the spool, and all events of one
 * key go through one sender, so a run's START is always delivered before its COMPLETE or FAIL.
 * Runs of different queries are delivered concurrently.</li>
 * <li>On shutdown the senders keep delivering for a bounded time and spool what is left.</li>
 * </ul>
 */
public final class LineageSink
        implements AutoCloseable
{
    private static final Logger log = Logger.get(LineageSink.class);
    private static final long IDLE_POLL_MILLIS = 100;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String name;
    private final List<Sender> senders;
    private final AtomicLong sequence;
    private final AtomicLong senderCpuNanos = new AtomicLong();
    private final long shutdownTimeoutMillis;
    private final DeliveryStats stats;

    public LineageSink(Transports.Spec spec, Path spoolDirectory, DeliveryConfig config)
    {
        requireNonNull(spec, "spec is null");
        requireNonNull(spoolDirectory, "spoolDirectory is null");
        requireNonNull(config, "config is null");
        this.name = spec.name();
        this.shutdownTimeoutMillis = config.getShutdownTimeout().toMillis();
        ImmutableList.Builder<Sender> builder = ImmutableList.builder();
        for (int i = 0; i < spec.senders(); i++) {
            builder.add(new Sender(i, new Spool(spoolDirectory.resolve(name), i, spec.senders()), spec.transport().get(), config));
        }
        this.senders = builder.build();
        this.sequence = new AtomicLong(senders.stream().mapToLong(sender -> sender.spool.maxSequence()).max().orElse(0));
        this.stats = new DeliveryStats(
                () -> senders.stream().mapToLong(sender -> sender.queue.size()).sum(),
                () -> senders.stream().mapToLong(sender -> sender.spool.size()).sum(),
                () -> senders.stream().mapToLong(Sender::oldestPendingAgeMillis).max().orElse(0),
                () -> senderCpuNanos.get());
        int spooled = senders.stream().mapToInt(sender -> sender.spool.size()).sum();
        if (spooled > 0) {
            log.info("Lineage transport %s: %s events from a previous run wait in %s and will be sent first", name, spooled, spoolDirectory.resolve(name).toAbsolutePath());
        }
        senders.forEach(Sender::start);
    }

    public String name()
    {
        return name;
    }

    public int senders()
    {
        return senders.size();
    }

    public DeliveryStats stats()
    {
        return stats;
    }

    /**
     * Hands an event over; never blocks on the network. {@code event} is built later on a sender's
     * thread; it may decide that there is nothing to send. Events of one {@code key} are delivered
     * in the order they were submitted.
     */
    public void submit(String key, Supplier<Optional<RunEvent>> event)
    {
        stats.submitted();
        senders.get(Math.floorMod(key.hashCode(), senders.size())).submit(event);
    }

    /**
     * Keeps delivering for at most {@code lineage.shutdown-timeout}, then spools what is left.
     */
    @Override
    public void close()
    {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(shutdownTimeoutMillis);
        senders.forEach(sender -> sender.stop(deadline));
        senders.forEach(Sender::await);
        int spooled = senders.stream().mapToInt(sender -> sender.spool.size()).sum();
        if (spooled > 0) {
            log.info("Lineage transport %s: %s events wait in %s; they are sent after the next start", name, spooled, senders.getFirst().spool.directory());
        }
    }

    /**
     * One sender: a queue, a spool view, a transport and the thread that delivers in order.
     */
    private final class Sender
    {
        private final int index;
        private final Spool spool;
        private final Transport transport;
        private final BlockingQueue<Pending> queue;
        private final long initialDelayMillis;
        private final long maxDelayMillis;
        private final Thread thread;
        private volatile boolean stopping;
        private volatile long stopDeadlineNanos;
        // sender thread only
        private long retryDelayMillis;
        private long nextAttemptNanos;

        Sender(int index, Spool spool, Transport transport, DeliveryConfig config)
        {
            this.index = index;
            this.spool = spool;
            this.transport = transport;
            this.queue = new ArrayBlockingQueue<>(config.getQueueCapacity());
            this.initialDelayMillis = config.getRetryInitialDelay().toMillis();
            this.maxDelayMillis = Math.max(initialDelayMillis, config.getRetryMaxDelay().toMillis());
            this.thread = new Thread(this::run, "lineage-" + name + "-" + index);
            this.thread.setDaemon(true);
        }

        void start()
        {
            thread.start();
        }

        void submit(Supplier<Optional<RunEvent>> event)
        {
            // one lock per sender: its sequence numbers increase in queue order
            synchronized (this) {
                Pending pending = new Pending(sequence.incrementAndGet(), event, System.nanoTime());
                if (!queue.offer(pending)) {
                    stats.overflowed();
                    spill(pending);
                }
            }
        }

        private void run()
        {
            while (true) {
                // stop when the time is up, when all is delivered, or when the receiver is failing and
                // all that is left is safe in the spool directory (it goes out after the next start)
                if (stopping && (System.nanoTime() > stopDeadlineNanos || (queue.isEmpty() && (spool.size() == 0 || isBackingOff())))) {
                    spillQueue();
                    return;
                }
                long cpuBefore = THREADS.getCurrentThreadCpuTime();
                try {
                    if (deliverNext()) {
                        senderCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuBefore);
                    }
                }
                catch (InterruptedException e) {
                    // close() asks to stop: spool what is left
                    stopping = true;
                    stopDeadlineNanos = 0;
                }
                catch (RuntimeException e) {
                    log.error(e, "Lineage transport %s: unexpected failure, continuing", name);
                }
            }
        }

        /**
         * Delivers or spools the next event; whether there was one.
         */
        private boolean deliverNext()
                throws InterruptedException
        {
            Pending head = queue.peek();
            Optional<Map.Entry<Long, Path>> spooled = spool.oldest();
            if (head == null && spooled.isEmpty()) {
                // idle: wait for work; with nothing spooled, the event that arrives is the oldest
                Pending arrived = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (arrived == null) {
                    return false;
                }
                if (isBackingOff()) {
                    spill(arrived);
                }
                else {
                    deliverFresh(arrived);
                }
                return true;
            }
            boolean fromSpool = spooled.isPresent() && (head == null || spooled.orElseThrow().getKey() < head.sequence());
            if (isBackingOff()) {
                // the receiver is failing: persist new events, then wait for the next attempt
                spillQueue();
                Thread.sleep(min(IDLE_POLL_MILLIS, remainingBackoffMillis()));
                if (isBackingOff()) {
                    return true;
                }
                fromSpool = spool.oldest().isPresent();
            }
            if (fromSpool) {
                deliverSpooled(spool.oldest().orElseThrow());
            }
            else {
                Pending pending = queue.poll();
                if (pending != null) {
                    deliverFresh(pending);
                }
            }
            return true;
        }

        private void deliverFresh(Pending pending)
        {
            Optional<RunEvent> event = build(pending);
            if (event.isEmpty()) {
                return;
            }
            Outcome outcome = send(event.orElseThrow());
            switch (outcome.kind()) {
                case SENT -> succeeded();
                case RETRY -> {
                    stats.retried();
                    spill(pending.sequence(), event.orElseThrow());
                    backOff(outcome.reason());
                }
                case REFUSED -> {
                    stats.failed();
                    try {
                        spool.writeFailed(pending.sequence(), OpenLineageClientUtils.toJson(event.orElseThrow()), outcome.reason());
                    }
                    catch (IOException e) {
                        log.error(e, "Lineage transport %s: cannot keep refused event %s", name, pending.sequence());
                    }
                    log.error("Lineage transport %s refused an event for good (%s); it is kept in %s/failed", name, outcome.reason(), spool.directory());
                }
            }
        }

        private void deliverSpooled(Map.Entry<Long, Path> entry)
        {
            RunEvent event;
            try {
                event = OpenLineageClientUtils.runEventFromJson(spool.read(entry.getValue()));
            }
            catch (IOException | RuntimeException e) {
                stats.failed();
                moveToFailed(entry.getKey(), "unreadable spool file: " + e);
                return;
            }
            Outcome outcome = send(event);
            switch (outcome.kind()) {
                case SENT -> {
                    try {
                        spool.delete(entry.getKey());
                    }
                    catch (IOException e) {
                        log.warn(e, "Lineage transport %s: cannot delete delivered spool file %s", name, entry.getValue());
                    }
                    succeeded();
                }
                case RETRY -> {
                    stats.retried();
                    backOff(outcome.reason());
                }
                case REFUSED -> {
                    stats.failed();
                    moveToFailed(entry.getKey(), outcome.reason());
                }
            }
        }

        private Optional<RunEvent> build(Pending pending)
        {
            try {
                return pending.event().get();
            }
            catch (RuntimeException e) {
                stats.failed();
                log.error(e, "Lineage transport %s: cannot build the event of sequence %s", name, pending.sequence());
                return Optional.empty();
            }
        }

        private Outcome send(RunEvent event)
        {
            try {
                transport.emit(event);
                return new Outcome(OutcomeKind.SENT, "");
            }
            catch (HttpTransportResponseException e) {
                int status = e.getStatusCode();
                String reason = "HTTP %s: %s".formatted(status, abbreviate(e.getBody()));
                return new Outcome(status == 429 || status >= 500 || status == 408 ? OutcomeKind.RETRY : OutcomeKind.REFUSED, reason);
            }
            catch (RuntimeException e) {
                // connection refused, timeouts, unknown host, Kafka unavailable, disk full...
                return new Outcome(OutcomeKind.RETRY, e.getClass().getSimpleName() + ": " + rootMessage(e));
            }
        }

        private void succeeded()
        {
            stats.sent();
            retryDelayMillis = 0;
            nextAttemptNanos = 0;
        }

        private void backOff(String reason)
        {
            retryDelayMillis = retryDelayMillis == 0 ? initialDelayMillis : min(maxDelayMillis, retryDelayMillis * 2);
            nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryDelayMillis);
            if (retryDelayMillis == initialDelayMillis || retryDelayMillis == maxDelayMillis) {
                log.warn("Lineage transport %s (sender %s): delivery failed (%s); retrying in %sms, events wait in %s", name, index, reason, retryDelayMillis, spool.directory());
            }
        }

        private boolean isBackingOff()
        {
            return nextAttemptNanos != 0 && System.nanoTime() < nextAttemptNanos;
        }

        private long remainingBackoffMillis()
        {
            return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextAttemptNanos - System.nanoTime()));
        }

        private void spillQueue()
        {
            Pending pending;
            while ((pending = queue.poll()) != null) {
                spill(pending);
            }
        }

        private void spill(Pending pending)
        {
            build(pending).ifPresent(event -> spill(pending.sequence(), event));
        }

        private void spill(long sequence, RunEvent event)
        {
            try {
                spool.write(sequence, OpenLineageClientUtils.toJson(event));
                stats.spilled();
            }
            catch (IOException | RuntimeException e) {
                stats.failed();
                log.error(e, "Lineage transport %s: cannot write event %s to the spool directory %s; it is lost", name, sequence, spool.directory());
            }
        }

        private void moveToFailed(long sequence, String reason)
        {
            try {
                spool.moveToFailed(sequence, reason);
            }
            catch (IOException e) {
                log.error(e, "Lineage transport %s: cannot move event %s to %s/failed", name, sequence, spool.directory());
            }
        }

        long oldestPendingAgeMillis()
        {
            Pending head = queue.peek();
            long queueAge = head == null ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - head.enqueuedNanos());
            return Math.max(queueAge, spool.ageOfOldestMillis());
        }

        void stop(long deadlineNanos)
        {
            stopDeadlineNanos = deadlineNanos;
            stopping = true;
        }

        void await()
        {
            try {
                thread.join(shutdownTimeoutMillis + 5_000);
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(5_000);
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                transport.close();
            }
            catch (Exception e) {
                log.warn(e, "Lineage transport %s: cannot close the transport of sender %s", name, index);
            }
        }
    }

    private static String rootMessage(Throwable throwable)
    {
        Throwable root = throwable;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private static String abbreviate(String text)
    {
        if (text == null) {
            return "";
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private record Pending(long sequence, Supplier<Optional<RunEvent>> event, long enqueuedNanos) {}

    private enum OutcomeKind
    {
        SENT,
        RETRY,
        REFUSED,
    }

    private record Outcome(OutcomeKind kind, String reason) {}
}
