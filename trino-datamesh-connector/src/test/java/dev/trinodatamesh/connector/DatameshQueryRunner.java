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
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.testing.DistributedQueryRunner;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static io.trino.testing.TestingSession.testSessionBuilder;
import static java.util.Objects.requireNonNull;

/**
 * A {@link DistributedQueryRunner} (coordinator and workers in one JVM) with the datamesh plugin
 * installed once and one catalog per fake lakeFS repository, and Trino's tpch catalog for
 * comparisons. The default session reads the first catalog's {@code main} branch.
 */
public final class DatameshQueryRunner
{
    private DatameshQueryRunner() {}

    public static Builder builder()
    {
        return new Builder();
    }

    public static final class Builder
            extends DistributedQueryRunner.Builder<Builder>
    {
        private final Map<String, LakeFsClient> catalogs = new LinkedHashMap<>();
        private final Map<String, String> connectorProperties = new HashMap<>();

        private Builder()
        {
            super(testSessionBuilder().setSchema("main").build());
            setWorkerCount(1);
        }

        /**
         * A datamesh catalog over a fake repository; the first one is the session's catalog.
         */
        public Builder addCatalog(String catalog, LakeFsClient client)
        {
            requireNonNull(client, "client is null");
            checkArgument(catalogs.putIfAbsent(catalog, client) == null, "catalog %s added twice", catalog);
            if (catalogs.size() == 1) {
                amendSession(session -> session.setCatalog(catalog));
            }
            return this;
        }

        /**
         * Nodes in all: the coordinator and {@code nodeCount - 1} workers.
         */
        public Builder setNodeCount(int nodeCount)
        {
            checkArgument(nodeCount >= 1, "nodeCount must be at least 1");
            return setWorkerCount(nodeCount - 1);
        }

        /**
         * A property of every datamesh catalog.
         */
        public Builder addConnectorProperty(String name, String value)
        {
            connectorProperties.put(name, value);
            return this;
        }

        @Override
        public DistributedQueryRunner build()
                throws Exception
        {
            checkState(!catalogs.isEmpty(), "no datamesh catalog added");
            DistributedQueryRunner queryRunner = super.build();
            try {
                queryRunner.installPlugin(new TpchPlugin());
                // money as decimal(12,2), as in the data products: sums compare exactly
                queryRunner.createCatalog("tpch", "tpch", ImmutableMap.of("tpch.double-type-mapping", "DECIMAL"));
                queryRunner.installPlugin(new TestingDatameshPlugin(ImmutableMap.copyOf(catalogs)));
                for (Map.Entry<String, LakeFsClient> catalog : catalogs.entrySet()) {
                    Map<String, String> properties = new HashMap<>(connectorProperties);
                    properties.putIfAbsent("datamesh.lakefs.endpoint", "http://fake-lakefs:8000");
                    properties.put("datamesh.lakefs.repository", catalog.getValue().repositoryName());
                    properties.putIfAbsent("fs.local.enabled", "true");
                    properties.putIfAbsent("local.location", "/");
                    queryRunner.createCatalog(catalog.getKey(), "datamesh", properties);
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
