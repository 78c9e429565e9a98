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

import com.google.common.collect.ImmutableMap;
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import dev.trinodatamesh.connector.lakefs.LakeFsObject;
import io.trino.spi.TrinoException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_COMMIT_GONE;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_INVALID_DESCRIPTOR;
import static dev.trinodatamesh.connector.table.DescriptorParser.DESCRIPTORS_PREFIX;
import static java.util.Objects.requireNonNull;

/**
 * Which tables a repository has at a commit: those its descriptors under {@code _lakefs_tables/}
 * declare, and the top-level directories that hold Parquet files and no descriptor covers.
 */
final class TableDiscovery
{
    private final LakeFsClient lakeFs;
    private final MetadataCache cache;
    private final DescriptorParser descriptorParser;

    TableDiscovery(LakeFsClient lakeFs, MetadataCache cache, DescriptorParser descriptorParser)
    {
        this.lakeFs = requireNonNull(lakeFs, "lakeFs is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.descriptorParser = requireNonNull(descriptorParser, "descriptorParser is null");
    }

    /**
     * The tables at a commit by lower-case name. A descriptor that does not parse leaves a
     * {@link TableEntry.Broken} entry; a failure to reach lakeFS fails the call and is not kept.
     */
    public Map<String, TableEntry> tables(String commitId)
    {
        return cache.get(new TablesKey(commitId), () -> discover(commitId), tables -> 256L * tables.size());
    }

    private Map<String, TableEntry> discover(String commitId)
    {
        Map<String, List<TableEntry>> candidates = new LinkedHashMap<>();
        List<TableDescriptor> descriptors = new ArrayList<>();
        for (Iterator<LakeFsObject> objects = lakeFs.objects(commitId, DESCRIPTORS_PREFIX); objects.hasNext(); ) {
            String path = objects.next().path();
            if (!DescriptorParser.isDescriptor(path)) {
                continue;
            }
            // read errors (lakeFS unreachable) propagate: only what the descriptor says is kept for the commit
            byte[] content = lakeFs.getObject(commitId, path)
                    .orElseThrow(() -> new TrinoException(DATAMESH_COMMIT_GONE, "Table descriptor '%s' of lakeFS repository '%s' was listed at commit %s but cannot be read"
                            .formatted(path, lakeFs.repositoryName(), commitId)));
            try {
                TableDescriptor descriptor = descriptorParser.parse(path, content);
                descriptors.add(descriptor);
                candidates.computeIfAbsent(descriptor.name(), _ -> new ArrayList<>()).add(new TableEntry.Declared(descriptor));
            }
            catch (TrinoException e) {
                if (!e.getErrorCode().equals(DATAMESH_INVALID_DESCRIPTOR.toErrorCode())) {
                    throw e;
                }
                // keep the table visible under its file name, and fail with the reason when it is used
                candidates.computeIfAbsent(DescriptorParser.nameFromPath(path), _ -> new ArrayList<>()).add(new TableEntry.Broken(path, e));
            }
        }

        for (Iterator<String> directories = lakeFs.directories(commitId, ""); directories.hasNext(); ) {
            String directory = directories.next();
            String name = directory.substring(0, directory.length() - 1);
            if (name.startsWith("_") || name.startsWith(".") || coveredByDescriptor(directory, descriptors)) {
                continue;
            }
            // a descriptor of this name that does not parse (such as a malformed policy) claims the
            // directory: using the table fails with the descriptor's error, not as ambiguous
            if (candidates.getOrDefault(name.toLowerCase(Locale.ENGLISH), List.of()).stream().anyMatch(TableEntry.Broken.class::isInstance)) {
                continue;
            }
            if (holdsParquetFiles(commitId, directory)) {
                candidates.computeIfAbsent(name.toLowerCase(Locale.ENGLISH), _ -> new ArrayList<>()).add(new TableEntry.Discovered(directory));
            }
        }

        ImmutableMap.Builder<String, TableEntry> tables = ImmutableMap.builder();
        candidates.forEach((name, entries) -> tables.put(name, entries.size() == 1
                ? entries.getFirst()
                : new TableEntry.Ambiguous(entries.stream().map(TableEntry::source).collect(toImmutableList()))));
        return tables.buildOrThrow();
    }

    private static boolean coveredByDescriptor(String directory, List<TableDescriptor> descriptors)
    {
        return descriptors.stream().anyMatch(descriptor -> descriptor.path().startsWith(directory) || directory.startsWith(descriptor.path()));
    }

    /**
     * Stops at the first Parquet file: pages after it are not fetched.
     */
    private boolean holdsParquetFiles(String commitId, String directory)
    {
        for (Iterator<LakeFsObject> objects = lakeFs.objects(commitId, directory); objects.hasNext(); ) {
            String path = objects.next().path();
            if (path.endsWith(".parquet") && PartitionPaths.isDataFile(path.substring(directory.length()))) {
                return true;
            }
        }
        return false;
    }

    private record TablesKey(String commitId) {}
}
