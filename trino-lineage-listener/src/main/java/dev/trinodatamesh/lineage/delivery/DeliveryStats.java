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

import org.weakref.jmx.Managed;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Counters of one transport's delivery, exported through JMX
 * ({@code trino.plugin.lineage:type=DeliveryStats,name=<transport>}).
 */
public final class DeliveryStats
{
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong spilled = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();
    private final LongSupplier queueDepth;
    private final LongSupplier spoolDepth;
    private final LongSupplier oldestPendingAgeMillis;
    private final LongSupplier senderCpuNanos;

    DeliveryStats(LongSupplier queueDepth, LongSupplier spoolDepth, LongSupplier oldestPendingAgeMillis, LongSupplier senderCpuNanos)
    {
        this.senderCpuNanos = requireNonNull(senderCpuNanos, "senderCpuNanos is null");
        this.queueDepth = requireNonNull(queueDepth, "queueDepth is null");
        this.spoolDepth = requireNonNull(spoolDepth, "spoolDepth is null");
        this.oldestPendingAgeMillis = requireNonNull(oldestPendingAgeMillis, "oldestPendingAgeMillis is null");
    }

    void submitted()
    {
        submitted.incrementAndGet();
    }

    void sent()
    {
        sent.incrementAndGet();
    }

    void retried()
    {
        retried.incrementAndGet();
    }

    void failed()
    {
        failed.incrementAndGet();
    }

    void spilled()
    {
        spilled.incrementAndGet();
    }

    void overflowed()
    {
        overflowed.incrementAndGet();
    }

    @Managed(description = "Events handed to this transport")
    public long getSubmitted()
    {
        return submitted.get();
    }

    @Managed(description = "Events delivered")
    public long getSent()
    {
        return sent.get();
    }

    @Managed(description = "Delivery attempts that failed with a connection error, HTTP 5xx or 429, and were retried")
    public long getRetried()
    {
        return retried.get();
    }

    @Managed(description = "Events the receiver refused for good (HTTP 4xx); kept in the spool's failed/ directory")
    public long getFailed()
    {
        return failed.get();
    }

    @Managed(description = "Events written to the spool directory while the receiver was unreachable or the server stopped")
    public long getSpilled()
    {
        return spilled.get();
    }

    @Managed(description = "Events written to the spool directory because the queue was full")
    public long getOverflowed()
    {
        return overflowed.get();
    }

    @Managed(description = "Events waiting in memory")
    public long getQueueDepth()
    {
        return queueDepth.getAsLong();
    }

    @Managed(description = "Events waiting in the spool directory")
    public long getSpoolDepth()
    {
        return spoolDepth.getAsLong();
    }

    @Managed(description = "Age of the oldest event not delivered yet, in milliseconds")
    public long getOldestPendingAgeMillis()
    {
        return oldestPendingAgeMillis.getAsLong();
    }

    @Managed(description = "CPU time the senders' threads spent building, serializing, sending and spooling events, in nanoseconds")
    public long getSenderCpuNanos()
    {
        return senderCpuNanos.getAsLong();
    }
}
