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
import org.weakref.jmx.MBeanExporter;

import java.util.List;
import java.util.Locale;

import static io.airlift.configuration.ConfigBinder.configBinder;

public class LineageListenerModule
        implements Module
{
    private final String adapterVersion;

    public LineageListenerModule(String adapterVersion)
    {
        this.adapterVersion = adapterVersion;
    }

    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(LineageListenerConfig.class);
        configBinder(binder).bindConfig(TransportConfig.class);
        configBinder(binder).bindConfig(DeliveryConfig.class);
    }

    @Provides
    @Singleton
    public LineageListener createListener(LineageListenerConfig config, TransportConfig transportConfig, DeliveryConfig deliveryConfig, MBeanExporter exporter)
    {
        ImmutableList.Builder<LineageSink> sinks = ImmutableList.builder();
        for (LineageListenerConfig.TransportType type : config.getTransports()) {
            String name = type.name().toLowerCase(Locale.ENGLISH);
            LineageSink sink = new LineageSink(name, Transports.create(type, transportConfig), deliveryConfig.getSpoolDirectory(), deliveryConfig);
            exporter.exportWithGeneratedName(sink.stats(), DeliveryStats.class, name);
            sinks.add(sink);
        }
        List<LineageSink> built = sinks.build();
        return new LineageListener(new OpenLineageEvents(config, adapterVersion), built, config.getQueryTypes());
    }
}
