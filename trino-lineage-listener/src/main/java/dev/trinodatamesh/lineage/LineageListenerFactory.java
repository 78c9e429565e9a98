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

import com.google.inject.Injector;
import io.airlift.bootstrap.Bootstrap;
import io.trino.plugin.base.jmx.MBeanServerModule;
import io.trino.plugin.base.jmx.PrefixObjectNameGeneratorModule;
import io.trino.spi.classloader.ThreadContextClassLoader;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.EventListenerFactory;
import org.weakref.jmx.guice.MBeanModule;

import java.util.Map;

public class LineageListenerFactory
        implements EventListenerFactory
{
    public static final String NAME = "datamesh-lineage";

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public EventListener create(Map<String, String> config, EventListenerContext context)
    {
        String version = LineageListenerFactory.class.getPackage().getImplementationVersion();
        ClassLoader classLoader = LineageListenerFactory.class.getClassLoader();
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(classLoader)) {
            Bootstrap app = new Bootstrap(
                    "io.trino.bootstrap.listener." + NAME,
                    new MBeanModule(),
                    new MBeanServerModule(),
                    new PrefixObjectNameGeneratorModule("dev.trinodatamesh.lineage", "trino.plugin.lineage"),
                    new LineageListenerModule("trino-datamesh " + (version == null ? "dev" : version)));
            Injector injector = app
                    .doNotInitializeLogging()
                    .disableSystemProperties()
                    .setRequiredConfigurationProperties(config)
                    .initialize();
            return injector.getInstance(LineageListener.class);
        }
    }
}
