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
import dev.trinodatamesh.lineage.delivery.LineageDelivery;
import dev.trinodatamesh.lineage.delivery.LineageSink;
import dev.trinodatamesh.lineage.event.OpenLineageEvents;
import io.airlift.bootstrap.LifeCycleManager;
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
 * built ({@code event/}) and delivered ({@code delivery/}) on the transports' own threads.
 * <p>
 * A query whose START could not be decided at creation (its type was not known yet, or dataset
 * patterns decide whether it is reported) gets its START at completion, just before its COMPLETE
 * or FAIL, with the creation time as event time.
 */
public class LineageListener
        implements EventListener
{
    private final LifeCycleManager lifeCycleManager;
    private final OpenLineageEvents events;
    private final LineageDelivery delivery;
    private final Set<QueryType> queryTypes;
    // queries whose START went out at creation
    private final Set<String> started = ConcurrentHashMap.newKeySet();

    public LineageListener(LifeCycleManager lifeCycleManager, OpenLineageEvents events, LineageDelivery delivery, LineageListenerConfig config)
    {
        this.lifeCycleManager = requireNonNull(lifeCycleManager, "lifeCycleManager is null");
        this.events = requireNonNull(events, "events is null");
        this.delivery = requireNonNull(delivery, "delivery is null");
        this.queryTypes = Set.copyOf(config.getQueryTypes());
    }

    @Override
    public void queryCreated(QueryCreatedEvent event)
    {
        Optional<QueryType> type = event.getContext().getQueryType();
        if (events.filtersDatasets() || type.isEmpty() || !queryTypes.contains(type.orElseThrow())) {
            return;
        }
        String queryId = event.getMetadata().getQueryId();
        started.add(queryId);
        delivery.submit(queryId, () -> Optional.of(events.start(event)));
    }

    @Override
    public void queryCompleted(QueryCompletedEvent event)
    {
        String queryId = event.getMetadata().getQueryId();
        boolean startSent = started.remove(queryId);
        if (startSent) {
            delivery.submit(queryId, () -> events.complete(event));
            return;
        }
        Optional<QueryType> type = event.getContext().getQueryType();
        if (type.isPresent() && !queryTypes.contains(type.orElseThrow())) {
            return;
        }
        // one decision for both events: both are sent, or neither
        Supplier<Optional<RunEvent>> complete = Suppliers.memoize(() -> events.complete(event));
        delivery.submit(queryId, () -> complete.get().map(_ -> events.start(event.getMetadata(), event.getContext(), event.getCreateTime())));
        delivery.submit(queryId, complete);
    }

    public List<LineageSink> sinks()
    {
        return delivery.sinks();
    }

    /**
     * Stops the listener's components: the senders deliver what is queued, for at most
     * {@code lineage.shutdown-timeout}, and spool the rest.
     */
    @Override
    public void shutdown()
    {
        lifeCycleManager.stop();
    }
}
