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

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a query read, for event listeners ({@code ConnectorMetadata.getInfo}): the exact lakeFS
 * version, where the data product lives in lakeFS and in the object store, and its ownership.
 * Serialized to JSON by the engine and read by the lineage listener.
 *
 * @param ref the branch, tag, commit or expression the query named
 * @param refType branch, tag, commit or expression
 * @param commitId the commit every split of the query read
 * @param path the table's directory in the repository
 * @param lakeFsUri {@code lakefs://<repository>/<commit>/<path>}
 * @param storageNamespace the repository's storage namespace, such as {@code s3://bucket/sales}
 * @param columns every column of the data product, in table order (the lineage schema of the
 * dataset, whatever columns the query read)
 */
public record DatameshTableInfo(
        String connector,
        String repository,
        String ref,
        String refType,
        String commitId,
        String path,
        String lakeFsUri,
        String storageNamespace,
        String format,
        Optional<String> descriptor,
        Optional<String> description,
        List<String> owners,
        List<String> tags,
        List<Column> columns)
{
    public DatameshTableInfo
    {
        requireNonNull(connector, "connector is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(ref, "ref is null");
        requireNonNull(refType, "refType is null");
        requireNonNull(commitId, "commitId is null");
        requireNonNull(path, "path is null");
        requireNonNull(lakeFsUri, "lakeFsUri is null");
        requireNonNull(storageNamespace, "storageNamespace is null");
        requireNonNull(format, "format is null");
        requireNonNull(descriptor, "descriptor is null");
        requireNonNull(description, "description is null");
        owners = ImmutableList.copyOf(owners);
        tags = ImmutableList.copyOf(tags);
        columns = ImmutableList.copyOf(columns);
    }

    /**
     * @param type the Trino type, such as {@code decimal(12,2)}
     * @param description the column's comment
     */
    public record Column(String name, String type, Optional<String> description)
    {
        public Column
        {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            requireNonNull(description, "description is null");
        }
    }
}
