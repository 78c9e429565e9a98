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
import dev.trinodatamesh.connector.lakefs.LakeFsObject;

import java.util.List;
import java.util.Optional;

import static io.airlift.slice.SizeOf.estimatedSizeOf;
import static java.util.Objects.requireNonNull;

/**
 * A data file of a table at one commit, with the raw values of its partition columns (in the
 * order of the table's partition columns; empty for NULL).
 */
public record DataFile(LakeFsObject object, List<Optional<String>> partitionValues)
{
    public DataFile
    {
        requireNonNull(object, "object is null");
        partitionValues = ImmutableList.copyOf(partitionValues);
    }

    public long getRetainedSizeInBytes()
    {
        return 64 + object.getRetainedSizeInBytes() + partitionValues.stream().mapToLong(value -> 24 + value.map(v -> estimatedSizeOf(v)).orElse(0L)).sum();
    }
}
