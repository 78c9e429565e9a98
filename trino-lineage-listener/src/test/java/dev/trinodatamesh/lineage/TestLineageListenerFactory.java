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

import com.google.common.collect.ImmutableMap;
import io.trino.spi.eventlistener.EventListener;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestLineageListenerFactory
{
    @Test
    void createsTheListenerFromItsProperties()
    {
        EventListener listener = new LineageListenerFactory().create(ImmutableMap.of("lineage.namespace", "trino://trino:8080"), null);
        assertThat(listener).isInstanceOf(LineageListener.class);
    }

    @Test
    void unknownPropertyIsNamed()
    {
        assertThatThrownBy(() -> new LineageListenerFactory().create(ImmutableMap.of("lineage.namespce", "x"), null))
                .hasMessageContaining("lineage.namespce");
    }
}
