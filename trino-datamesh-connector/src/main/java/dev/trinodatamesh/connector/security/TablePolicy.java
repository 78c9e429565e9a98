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

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The policies of a data product, from its descriptor on one branch or tag.
 *
 * @param owners who may write the table; empty when the descriptor names no owners
 * @param readers who may read the table besides its owners; empty: everyone
 * @param columns the column policies, by lower-case column name
 */
public record TablePolicy(Principals owners, Optional<Principals> readers, Map<String, ColumnPolicy> columns, List<RowFilter> rowFilters)
{
    public static final TablePolicy NONE = new TablePolicy(Principals.NONE, Optional.empty(), Map.of(), List.of());

    public TablePolicy
    {
        requireNonNull(owners, "owners is null");
        requireNonNull(readers, "readers is null");
        columns = ImmutableMap.copyOf(columns);
        rowFilters = ImmutableList.copyOf(rowFilters);
    }
}
