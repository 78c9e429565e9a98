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
package dev.trinodatamesh.connector.table;

import com.google.common.collect.ImmutableList;

import java.util.List;
import java.util.Optional;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.util.Objects.requireNonNull;

/**
 * A data product at one commit: where its files are and what its columns are.
 *
 * @param path the table's directory in the repository, with a trailing slash
 * @param descriptor the table descriptor that declares it, if any
 * @param dataColumns columns read from the Parquet files
 * @param partitionColumns columns whose values come from Hive-style directories ({@code key=value/})
 */
public record TableDefinition(
        String name,
        String path,
        Optional<TableDescriptor> descriptor,
        List<ColumnDefinition> dataColumns,
        List<ColumnDefinition> partitionColumns)
{
    public TableDefinition
    {
        requireNonNull(name, "name is null");
        requireNonNull(path, "path is null");
        requireNonNull(descriptor, "descriptor is null");
        dataColumns = ImmutableList.copyOf(dataColumns);
        partitionColumns = ImmutableList.copyOf(partitionColumns);
    }

    public Optional<String> description()
    {
        return descriptor.flatMap(TableDescriptor::description);
    }

    public List<String> partitionColumnNames()
    {
        return partitionColumns.stream().map(ColumnDefinition::name).collect(toImmutableList());
    }

    public List<ColumnDefinition> columns()
    {
        return ImmutableList.<ColumnDefinition>builder().addAll(dataColumns).addAll(partitionColumns).build();
    }

    public long getRetainedSizeInBytes()
    {
        // names, comments and descriptor fields; types are shared
        return 1024 + columns().stream().mapToLong(column -> 96 + 2L * column.name().length() + column.comment().map(comment -> 2L * comment.length()).orElse(0L)).sum();
    }
}
