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
package dev.trinodatamesh.connector;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import dev.trinodatamesh.connector.lakefs.LakeFsConfig;
import dev.trinodatamesh.connector.lakefs.LakeFsSdkClient;
import dev.trinodatamesh.connector.lakefs.LakeFsStats;
import dev.trinodatamesh.connector.lakefs.RefResolver;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static org.weakref.jmx.guice.ExportBinder.newExporter;

public class DatameshModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(DatameshConfig.class);
        configBinder(binder).bindConfig(LakeFsConfig.class);

        binder.bind(LakeFsStats.class).in(Scopes.SINGLETON);
        newExporter(binder).export(LakeFsStats.class).withGeneratedName();
        binder.bind(LakeFsClient.class).to(LakeFsSdkClient.class).in(Scopes.SINGLETON);
        binder.bind(RefResolver.class).in(Scopes.SINGLETON);

        binder.bind(DatameshMetadataFactory.class).in(Scopes.SINGLETON);
        binder.bind(DatameshTransactionManager.class).in(Scopes.SINGLETON);
        binder.bind(DatameshConnector.class).in(Scopes.SINGLETON);
    }
}
