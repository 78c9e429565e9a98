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

import com.google.common.collect.ImmutableMap;
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import io.trino.Session;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.testing.DistributedQueryRunner;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.trino.testing.TestingSession.testSessionBuilder;

/**
 * A {@link DistributedQueryRunner} (coordinator and workers in one JVM) with one datamesh catalog
 * per fake lakeFS repository, and Trino's tpch catalog for comparisons.
 */
public final class DatameshQueryRunner
{
    private DatameshQueryRunner() {}

    public static Builder builder()
    {
        return new Builder();
    }

    public static final class Builder
    {
        private final Map<String, LakeFsClient> catalogs = new LinkedHashMap<>();
        private final Map<String, String> properties = new HashMap<>();
        private int nodeCount = 2;
        private String defaultCatalog;

        public Builder addCatalog(String catalog, LakeFsClient client)
        {
            catalogs.put(catalog, client);
            if (defaultCatalog == null) {
                defaultCatalog = catalog;
            }
            return this;
        }

        public Builder setNodeCount(int nodeCount)
        {
            this.nodeCount = nodeCount;
            return this;
        }

        public Builder addConnectorProperty(String name, String value)
        {
            properties.put(name, value);
            return this;
        }

        public DistributedQueryRunner build()
                throws Exception
        {
            Session session = testSessionBuilder()
                    .setCatalog(defaultCatalog)
                    .setSchema("main")
                    .build();
            DistributedQueryRunner queryRunner = DistributedQueryRunner.builder(session)
                    .setWorkerCount(nodeCount - 1)
                    .build();
            try {
                queryRunner.installPlugin(new TpchPlugin());
                // money as decimal(12,2), as in the data products: sums compare exactly
                queryRunner.createCatalog("tpch", "tpch", ImmutableMap.of("tpch.double-type-mapping", "DECIMAL"));
                for (Map.Entry<String, LakeFsClient> catalog : catalogs.entrySet()) {
                    LakeFsClient client = catalog.getValue();
                    queryRunner.installPlugin(new TestingDatameshPlugin(binder -> binder.bind(LakeFsClient.class).toInstance(client)));
                    Map<String, String> catalogProperties = new HashMap<>(properties);
                    catalogProperties.putIfAbsent("datamesh.lakefs.endpoint", "http://fake-lakefs:8000");
                    catalogProperties.put("datamesh.lakefs.repository", client.repositoryName());
                    catalogProperties.putIfAbsent("fs.local.enabled", "true");
                    catalogProperties.putIfAbsent("local.location", "/");
                    queryRunner.createCatalog(catalog.getKey(), "datamesh", catalogProperties);
                }
                return queryRunner;
            }
            catch (Throwable e) {
                queryRunner.close();
                throw e;
            }
        }
    }
}
