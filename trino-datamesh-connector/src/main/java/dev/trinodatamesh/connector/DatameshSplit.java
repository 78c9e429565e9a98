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
import io.airlift.slice.SizeOf;
import io.trino.spi.SplitWeight;
import io.trino.spi.connector.ConnectorSplit;

import java.util.List;
import java.util.Optional;

import static com.google.common.base.MoreObjects.toStringHelper;
import static io.airlift.slice.SizeOf.estimatedSizeOf;
import static io.airlift.slice.SizeOf.instanceSize;
import static java.util.Objects.requireNonNull;

/**
 * A byte range of one data file. The split carries the physical address of the bytes, so a worker
 * reads them from the object store without asking lakeFS.
 *
 * @param path the file's path in the repository (for messages and the $path column)
 * @param physicalAddress where the bytes are, such as {@code s3://bucket/namespace/data/...}
 * @param partitionValues raw values of the table's partition columns, empty for NULL
 */
public record DatameshSplit(
        String path,
        String physicalAddress,
        long start,
        long length,
        long fileSize,
        List<Optional<String>> partitionValues,
        SplitWeight splitWeight)
        implements ConnectorSplit
{
    private static final int INSTANCE_SIZE = instanceSize(DatameshSplit.class);
    private static final int OPTIONAL_SIZE = instanceSize(Optional.class);

    public DatameshSplit
    {
        requireNonNull(path, "path is null");
        requireNonNull(physicalAddress, "physicalAddress is null");
        partitionValues = ImmutableList.copyOf(partitionValues);
        requireNonNull(splitWeight, "splitWeight is null");
    }

    @Override
    public SplitWeight getSplitWeight()
    {
        return splitWeight;
    }

    @Override
    public long getRetainedSizeInBytes()
    {
        return INSTANCE_SIZE
                + estimatedSizeOf(path)
                + estimatedSizeOf(physicalAddress)
                + estimatedSizeOf(partitionValues, value -> OPTIONAL_SIZE + value.map(SizeOf::estimatedSizeOf).orElse(0L))
                + splitWeight.getRetainedSizeInBytes();
    }

    public FileValues fileValues(List<DatameshColumnHandle> partitionColumns)
    {
        return new FileValues(partitionColumns, partitionValues, path, fileSize);
    }

    @Override
    public String toString()
    {
        return toStringHelper(this)
                .add("path", path)
                .add("start", start)
                .add("length", length)
                .toString();
    }
}
