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

import dev.trinodatamesh.connector.table.DataFile;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.TupleDomain;

import java.util.List;
import java.util.Map;

import static io.airlift.slice.Slices.utf8Slice;

/**
 * Decides from a file's path alone whether it can hold rows matching a predicate on the partition
 * columns and the file columns ({@code $path}, {@code $file_size}).
 */
public final class FilePruning
{
    private FilePruning() {}

    public static boolean matches(DataFile file, List<DatameshColumnHandle> partitionColumns, TupleDomain<DatameshColumnHandle> predicate)
    {
        if (predicate.isNone()) {
            return false;
        }
        if (predicate.isAll()) {
            return true;
        }
        Map<DatameshColumnHandle, Domain> domains = predicate.getDomains().orElseThrow();
        for (Map.Entry<DatameshColumnHandle, Domain> entry : domains.entrySet()) {
            DatameshColumnHandle column = entry.getKey();
            Object value = switch (column.kind()) {
                case PATH -> utf8Slice(file.object().path());
                case FILE_SIZE -> file.object().sizeBytes();
                case PARTITION_KEY -> {
                    int index = partitionColumns.indexOf(column);
                    if (index < 0) {
                        yield Unknown.INSTANCE;
                    }
                    yield PartitionValues.parse(column, file.partitionValues().get(index).orElse(null), file.object().path()).getValue();
                }
                case REGULAR -> Unknown.INSTANCE;
            };
            if (value == Unknown.INSTANCE) {
                continue;
            }
            if (!entry.getValue().includesNullableValue(value)) {
                return false;
            }
        }
        return true;
    }

    private enum Unknown
    {
        INSTANCE
    }
}
