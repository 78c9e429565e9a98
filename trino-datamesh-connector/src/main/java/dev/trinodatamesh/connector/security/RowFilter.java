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

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A row filter of a data product: a SQL boolean expression over the table's columns.
 *
 * @param groups the groups whose members see only the rows the filter keeps; empty: every reader
 * who is neither an owner nor an administrator
 */
public record RowFilter(String filter, Set<String> groups)
{
    public RowFilter
    {
        requireNonNull(filter, "filter is null");
        groups = ImmutableSet.copyOf(groups);
    }

    public boolean appliesTo(ConnectorIdentity identity)
    {
        return groups.isEmpty() || identity.getGroups().stream().anyMatch(groups::contains);
    }
}
