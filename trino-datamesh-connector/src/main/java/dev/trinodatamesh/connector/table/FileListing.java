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
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import dev.trinodatamesh.connector.lakefs.LakeFsObject;
import io.trino.spi.TrinoException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_LIMIT_EXCEEDED;
import static java.util.Objects.requireNonNull;

/**
 * The data files of a table's directory at a commit, with their Hive-style partition values.
 */
final class FileListing
{
    private final LakeFsClient lakeFs;
    private final MetadataCache cache;
    private final int maxFilesPerTable;
    private final PhysicalAddresses physicalAddresses;

    FileListing(LakeFsClient lakeFs, MetadataCache cache, int maxFilesPerTable, PhysicalAddresses physicalAddresses)
    {
        this.physicalAddresses = requireNonNull(physicalAddresses, "physicalAddresses is null");
        this.lakeFs = requireNonNull(lakeFs, "lakeFs is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.maxFilesPerTable = maxFilesPerTable;
    }

    /**
     * The data files under {@code path}, in path order, with the values of {@code partitionColumns}
     * from their directories. Files and directories whose names start with {@code _} or {@code .}
     * are not data. Fails when a data file's physical address is outside what the catalog reads.
     */
    public List<DataFile> dataFiles(String commitId, String path, List<String> partitionColumns)
    {
        return cache.get(
                new FilesKey(commitId, path, partitionColumns),
                () -> objects(commitId, path).stream()
                        .filter(object -> PartitionPaths.isDataFile(object.path().substring(path.length())))
                        .map(object -> {
                            physicalAddresses.check(commitId, object);
                            return new DataFile(object, PartitionPaths.values(object.path().substring(path.length()), partitionColumns));
                        })
                        .collect(toImmutableList()),
                files -> files.stream().mapToLong(DataFile::getRetainedSizeInBytes).sum());
    }

    /**
     * The partition keys that the directories under {@code path} use, in the order they first appear.
     */
    public List<String> partitionKeys(String commitId, String path)
    {
        List<String> keys = new ArrayList<>();
        for (LakeFsObject object : objects(commitId, path)) {
            String relative = object.path().substring(path.length());
            if (!PartitionPaths.isDataFile(relative)) {
                continue;
            }
            for (PartitionPaths.KeyValue keyValue : PartitionPaths.keyValues(relative)) {
                if (!keys.contains(keyValue.key())) {
                    keys.add(keyValue.key());
                }
            }
        }
        return ImmutableList.copyOf(keys);
    }

    /**
     * Every object under a prefix, recursively, up to {@code datamesh.max-files-per-table}.
     */
    private List<LakeFsObject> objects(String commitId, String prefix)
    {
        return cache.get(new ListingKey(commitId, prefix), () -> {
            ImmutableList.Builder<LakeFsObject> objects = ImmutableList.builder();
            int count = 0;
            for (Iterator<LakeFsObject> iterator = lakeFs.objects(commitId, prefix); iterator.hasNext(); ) {
                objects.add(iterator.next());
                count++;
                if (count > maxFilesPerTable) {
                    throw new TrinoException(DATAMESH_LIMIT_EXCEEDED, "Directory '%s' of lakeFS repository '%s' holds more than %s files at commit %s (datamesh.max-files-per-table)"
                            .formatted(prefix, lakeFs.repositoryName(), maxFilesPerTable, commitId));
                }
            }
            return objects.build();
        }, objects -> objects.stream().mapToLong(LakeFsObject::getRetainedSizeInBytes).sum());
    }

    private record ListingKey(String commitId, String prefix) {}

    private record FilesKey(String commitId, String path, List<String> partitionColumns) {}
}
