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

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import io.trino.spi.Plugin;
import io.trino.spi.catalog.CatalogName;
import io.trino.spi.connector.ConnectorFactory;

import java.util.Map;

import static com.google.common.base.Preconditions.checkState;

/**
 * The connector with a fake lakeFS client per catalog, installed once for all of them.
 */
public class TestingDatameshPlugin
        implements Plugin
{
    private final Map<String, LakeFsClient> clientsByCatalog;

    public TestingDatameshPlugin(Map<String, LakeFsClient> clientsByCatalog)
    {
        this.clientsByCatalog = ImmutableMap.copyOf(clientsByCatalog);
    }

    @Override
    public Iterable<ConnectorFactory> getConnectorFactories()
    {
        return ImmutableList.of(new DatameshConnectorFactory(new FakeClientModule(clientsByCatalog)));
    }

    public static final class FakeClientModule
            implements Module
    {
        private final Map<String, LakeFsClient> clientsByCatalog;

        FakeClientModule(Map<String, LakeFsClient> clientsByCatalog)
        {
            this.clientsByCatalog = clientsByCatalog;
        }

        @Override
        public void configure(Binder binder) {}

        @Provides
        @Singleton
        public LakeFsClient lakeFsClient(CatalogName catalogName)
        {
            LakeFsClient client = clientsByCatalog.get(catalogName.toString());
            checkState(client != null, "no fake lakeFS client for catalog %s", catalogName);
            return client;
        }
    }
}
