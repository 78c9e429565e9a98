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

import com.google.inject.Inject;
import io.airlift.log.Logger;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryCreatedEvent;

import static java.util.Objects.requireNonNull;

public class LineageListener
        implements EventListener
{
    private static final Logger log = Logger.get(LineageListener.class);

    private final LineageListenerConfig config;

    @Inject
    public LineageListener(LineageListenerConfig config)
    {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    public void queryCreated(QueryCreatedEvent event)
    {
        log.debug("query created: %s", event.getMetadata().getQueryId());
    }

    @Override
    public void queryCompleted(QueryCompletedEvent event)
    {
        log.debug("query completed: %s", event.getMetadata().getQueryId());
    }
}
