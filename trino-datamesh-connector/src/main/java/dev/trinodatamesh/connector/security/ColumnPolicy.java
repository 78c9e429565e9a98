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
package dev.trinodatamesh.connector.security;

import com.google.common.collect.ImmutableSet;
import io.trino.spi.security.ConnectorIdentity;

import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What a descriptor says about one column: its classification (a label such as {@code pii}) and
 * how it is masked for readers outside the groups allowed to see it.
 *
 * @param unmaskedGroups groups whose members see the column's values; owners and administrators always do
 */
public record ColumnPolicy(String column, Optional<String> classification, Optional<ColumnMask> mask, Set<String> unmaskedGroups)
{
    public ColumnPolicy
    {
        requireNonNull(column, "column is null");
        requireNonNull(classification, "classification is null");
        requireNonNull(mask, "mask is null");
        unmaskedGroups = ImmutableSet.copyOf(unmaskedGroups);
    }

    public boolean isUnmaskedFor(ConnectorIdentity identity)
    {
        return identity.getGroups().stream().anyMatch(unmaskedGroups::contains);
    }
}
