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

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import io.openlineage.client.OpenLineage.RunEvent;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryCreatedEvent;
import io.trino.spi.resourcegroups.QueryType;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * An OpenLineage event for every query: START when it is created, COMPLETE or FAIL when it
 * completes. The engine's threads only hand the Trino event to the transports' queues; events are
 * built and delivered on the transports' own threads.
 * <p>
 * A query whose START could not be decided at creation (its type was not known yet, or dataset
 * patterns decide whether it is reported) gets its START at completion, just before its COMPLETE
 * or FAIL, with the creation time as event time.
 */
public class LineageListener
        implements EventListener
{
    private final OpenLineageEvents events;
    private final List<LineageSink> sinks;
    private final Set<QueryType> queryTypes;
    // queries whose START went out at creation
    private final Set<String> started = ConcurrentHashMap.newKeySet();

    public LineageListener(OpenLineageEvents events, List<LineageSink> sinks, Set<QueryType> queryTypes)
    {
        this.events = requireNonNull(events, "events is null");
        this.sinks = ImmutableList.copyOf(sinks);
        this.queryTypes = Set.copyOf(queryTypes);
    }

    @Override
    public void queryCreated(QueryCreatedEvent event)
    {
        Optional<QueryType> type = event.getContext().getQueryType();
        if (events.filtersDatasets() || type.isEmpty() || !queryTypes.contains(type.orElseThrow())) {
            return;
        }
        started.add(event.getMetadata().getQueryId());
        submit(() -> Optional.of(events.start(event)));
    }

    @Override
    public void queryCompleted(QueryCompletedEvent event)
    {
        boolean startSent = started.remove(event.getMetadata().getQueryId());
        if (startSent) {
            submit(() -> events.complete(event));
            return;
        }
        Optional<QueryType> type = event.getContext().getQueryType();
        if (type.isPresent() && !queryTypes.contains(type.orElseThrow())) {
            return;
        }
        // one decision for both events: both are sent, or neither
        Supplier<Optional<RunEvent>> complete = Suppliers.memoize(() -> events.complete(event));
        submit(() -> complete.get().map(_ -> events.start(event.getMetadata(), event.getContext(), event.getCreateTime())));
        submit(complete);
    }

    private void submit(Supplier<Optional<RunEvent>> event)
    {
        // built once, by whichever transport gets to it first
        Supplier<Optional<RunEvent>> once = Suppliers.memoize(event::get);
        for (LineageSink sink : sinks) {
            sink.submit(once);
        }
    }

    public List<LineageSink> sinks()
    {
        return sinks;
    }

    @Override
    public void shutdown()
    {
        for (LineageSink sink : sinks) {
            sink.close();
        }
    }
}
