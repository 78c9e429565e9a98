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

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;

import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * How events are delivered without slowing queries: per transport one or more senders, each with a
 * bounded queue and a thread, retries with exponential backoff, and a spool directory for events that cannot be sent
 * now (receiver down, queue full, server stopping).
 */
public class DeliveryConfig
{
    private int queueCapacity = 10_000;
    private Path spoolDirectory = Path.of("var/lineage-spool");
    private Duration retryInitialDelay = new Duration(1, SECONDS);
    private Duration retryMaxDelay = new Duration(1, MINUTES);
    private Duration shutdownTimeout = new Duration(10, SECONDS);

    @Min(1)
    @Max(1_000_000)
    public int getQueueCapacity()
    {
        return queueCapacity;
    }

    @Config("lineage.queue.capacity")
    @ConfigDescription("Events waiting in memory per sender; beyond it events go to the spool directory")
    public DeliveryConfig setQueueCapacity(int queueCapacity)
    {
        this.queueCapacity = queueCapacity;
        return this;
    }

    @NotNull
    public Path getSpoolDirectory()
    {
        return spoolDirectory;
    }

    @Config("lineage.spool-directory")
    @ConfigDescription("Directory for events not delivered yet (kept across restarts); relative paths are in the server's data directory")
    public DeliveryConfig setSpoolDirectory(String spoolDirectory)
    {
        this.spoolDirectory = Path.of(spoolDirectory);
        return this;
    }

    @NotNull
    @MinDuration("1ms")
    public Duration getRetryInitialDelay()
    {
        return retryInitialDelay;
    }

    @Config("lineage.retry.initial-delay")
    @ConfigDescription("First wait after a failed delivery (connection error, HTTP 5xx or 429); doubles up to lineage.retry.max-delay")
    public DeliveryConfig setRetryInitialDelay(Duration retryInitialDelay)
    {
        this.retryInitialDelay = retryInitialDelay;
        return this;
    }

    @NotNull
    @MinDuration("1ms")
    public Duration getRetryMaxDelay()
    {
        return retryMaxDelay;
    }

    @Config("lineage.retry.max-delay")
    @ConfigDescription("Longest wait between delivery attempts")
    public DeliveryConfig setRetryMaxDelay(Duration retryMaxDelay)
    {
        this.retryMaxDelay = retryMaxDelay;
        return this;
    }

    @NotNull
    @MinDuration("0s")
    public Duration getShutdownTimeout()
    {
        return shutdownTimeout;
    }

    @Config("lineage.shutdown-timeout")
    @ConfigDescription("How long a stopping server keeps delivering; what is left is spooled and sent after the next start")
    public DeliveryConfig setShutdownTimeout(Duration shutdownTimeout)
    {
        this.shutdownTimeout = shutdownTimeout;
        return this;
    }
}
