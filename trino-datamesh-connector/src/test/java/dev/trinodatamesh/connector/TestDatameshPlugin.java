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
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.testing.TestingConnectorContext;
import org.junit.jupiter.api.Test;

import static com.google.common.collect.Iterables.getOnlyElement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestDatameshPlugin
{
    @Test
    void createsAConnectorFromCatalogProperties()
    {
        ConnectorFactory factory = getOnlyElement(new DatameshPlugin().getConnectorFactories());
        assertThat(factory.getName()).isEqualTo("datamesh");
        // no lakeFS call at start-up: the catalog starts while lakeFS is unreachable
        Connector connector = factory.create(
                "sales",
                ImmutableMap.of(
                        "datamesh.lakefs.endpoint", "http://127.0.0.1:1",
                        "datamesh.lakefs.repository", "sales",
                        "fs.s3.enabled", "true",
                        "s3.region", "us-east-1",
                        "bootstrap.quiet", "true"),
                new TestingConnectorContext());
        assertThat(connector.getSessionProperties()).isNotEmpty();
        connector.shutdown();
    }

    @Test
    void refusesAnUnknownProperty()
    {
        ConnectorFactory factory = getOnlyElement(new DatameshPlugin().getConnectorFactories());
        assertThatThrownBy(() -> factory.create(
                "sales",
                ImmutableMap.of(
                        "datamesh.lakefs.endpoint", "http://127.0.0.1:1",
                        "datamesh.lakefs.repository", "sales",
                        "datamesh.lakefs.repositroy", "typo",
                        "bootstrap.quiet", "true"),
                new TestingConnectorContext()))
                .hasMessageContaining("Configuration property 'datamesh.lakefs.repositroy' was not used");
    }

    @Test
    void refusesAMissingRepository()
    {
        ConnectorFactory factory = getOnlyElement(new DatameshPlugin().getConnectorFactories());
        assertThatThrownBy(() -> factory.create(
                "sales",
                ImmutableMap.of("datamesh.lakefs.endpoint", "http://127.0.0.1:1", "bootstrap.quiet", "true"),
                new TestingConnectorContext()))
                .hasMessageContaining("datamesh.lakefs.repository");
    }
}
