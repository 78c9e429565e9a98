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

import com.google.common.collect.ImmutableList;
import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.trinodatamesh.lineage.delivery.DeliveryConfig;
import dev.trinodatamesh.lineage.delivery.FileTransportConfig;
import dev.trinodatamesh.lineage.delivery.HttpTransportConfig;
import dev.trinodatamesh.lineage.delivery.KafkaTransportConfig;
import dev.trinodatamesh.lineage.delivery.LineageDelivery;
import dev.trinodatamesh.lineage.delivery.LineageSink;
import dev.trinodatamesh.lineage.delivery.TransportType;
import dev.trinodatamesh.lineage.delivery.Transports;
import dev.trinodatamesh.lineage.event.EventConfig;
import dev.trinodatamesh.lineage.event.OpenLineageEvents;
import io.airlift.bootstrap.LifeCycleManager;
import org.weakref.jmx.MBeanExporter;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static java.util.Objects.requireNonNull;

public class LineageListenerModule
        implements Module
{
    private final String adapterVersion;

    public LineageListenerModule(String adapterVersion)
    {
        this.adapterVersion = requireNonNull(adapterVersion, "adapterVersion is null");
    }

    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(LineageListenerConfig.class);
        configBinder(binder).bindConfig(EventConfig.class);
        configBinder(binder).bindConfig(DeliveryConfig.class);
        // every transport's settings are known, so a deployment may set them all and choose with lineage.transports
        configBinder(binder).bindConfig(HttpTransportConfig.class);
        configBinder(binder).bindConfig(FileTransportConfig.class);
        configBinder(binder).bindConfig(KafkaTransportConfig.class);
    }

    @Provides
    @Singleton
    public OpenLineageEvents createEvents(EventConfig config)
    {
        return new OpenLineageEvents(config, adapterVersion);
    }

    @Provides
    @Singleton
    public LineageDelivery createDelivery(LineageListenerConfig config, DeliveryConfig deliveryConfig, HttpTransportConfig http, FileTransportConfig file, KafkaTransportConfig kafka, MBeanExporter exporter)
    {
        Transports transports = new Transports(http, file, kafka);
        ImmutableList.Builder<LineageSink> sinks = ImmutableList.builder();
        for (TransportType type : config.getTransports()) {
            LineageSink sink = new LineageSink(transports.spec(type), deliveryConfig.getSpoolDirectory(), deliveryConfig);
            // the name Prometheus scrapes (etc/config.properties, README), whatever the class's package
            exporter.export("trino.plugin.lineage:type=DeliveryStats,name=" + sink.name(), sink.stats());
            sinks.add(sink);
        }
        return new LineageDelivery(sinks.build());
    }

    @Provides
    @Singleton
    public LineageListener createListener(LifeCycleManager lifeCycleManager, OpenLineageEvents events, LineageDelivery delivery, LineageListenerConfig config)
    {
        return new LineageListener(lifeCycleManager, events, delivery, config);
    }
}
