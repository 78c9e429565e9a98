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
import io.openlineage.client.OpenLineage.RunEvent;
import jakarta.annotation.PreDestroy;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Every transport's sink. An event is built once, by whichever transport's sender gets to it first.
 */
public final class LineageDelivery
{
    private final List<LineageSink> sinks;

    public LineageDelivery(List<LineageSink> sinks)
    {
        this.sinks = ImmutableList.copyOf(requireNonNull(sinks, "sinks is null"));
    }

    /**
     * Hands an event to every transport; events of one {@code key} (the query ID) keep their order.
     */
    public void submit(String key, Supplier<Optional<RunEvent>> event)
    {
        Supplier<Optional<RunEvent>> once = new Once(event);
        for (LineageSink sink : sinks) {
            sink.submit(key, once);
        }
    }

    public List<LineageSink> sinks()
    {
        return sinks;
    }

    /**
     * Delivers what is queued, for at most {@code lineage.shutdown-timeout}, and spools the rest.
     */
    @PreDestroy
    public void stop()
    {
        for (LineageSink sink : sinks) {
            sink.close();
        }
    }

    /**
     * Builds the event once; with one transport, without a lock.
     */
    private static final class Once
            implements Supplier<Optional<RunEvent>>
    {
        private final Supplier<Optional<RunEvent>> delegate;
        private volatile Optional<RunEvent> value;

        Once(Supplier<Optional<RunEvent>> delegate)
        {
            this.delegate = delegate;
        }

        @Override
        public Optional<RunEvent> get()
        {
            Optional<RunEvent> result = value;
            if (result == null) {
                synchronized (this) {
                    result = value;
                    if (result == null) {
                        result = delegate.get();
                        value = result;
                    }
                }
            }
            return result;
        }
    }
}
