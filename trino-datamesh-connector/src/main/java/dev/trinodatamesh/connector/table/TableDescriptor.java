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
import dev.trinodatamesh.connector.security.TablePolicy;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A table descriptor, {@code _lakefs_tables/<name>.yaml}: lakeFS's convention for declaring a
 * table ({@code name}, {@code type: hive}, {@code path}, {@code partition_columns}, {@code schema}),
 * extended with the data product's {@code description}, {@code owner}, {@code tags}, column
 * descriptions and policies (owners, readers, column masks and row filters).
 *
 * @param descriptorPath where the descriptor is, such as {@code _lakefs_tables/orders.yaml}
 * @param path the table's directory in the repository, with a trailing slash
 * @param columns the declared columns (partition columns included), or empty when the files' footers define them
 * @param policy who owns and reads the table, and its column masks and row filters
 */
public record TableDescriptor(
        String descriptorPath,
        String name,
        String path,
        List<String> partitionColumns,
        Optional<List<ColumnDefinition>> columns,
        Optional<String> description,
        List<String> owners,
        List<String> tags,
        TablePolicy policy)
{
    public TableDescriptor(String descriptorPath, String name, String path, List<String> partitionColumns, Optional<List<ColumnDefinition>> columns, Optional<String> description, List<String> owners, List<String> tags)
    {
        this(descriptorPath, name, path, partitionColumns, columns, description, owners, tags, TablePolicy.NONE);
    }

    public TableDescriptor
    {
        requireNonNull(descriptorPath, "descriptorPath is null");
        requireNonNull(name, "name is null");
        requireNonNull(path, "path is null");
        partitionColumns = ImmutableList.copyOf(partitionColumns);
        columns = columns.map(ImmutableList::copyOf);
        requireNonNull(description, "description is null");
        owners = ImmutableList.copyOf(owners);
        tags = ImmutableList.copyOf(tags);
        requireNonNull(policy, "policy is null");
    }
}
