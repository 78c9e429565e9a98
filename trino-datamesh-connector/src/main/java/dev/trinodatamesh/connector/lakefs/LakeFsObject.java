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
package dev.trinodatamesh.connector.lakefs;

import static io.airlift.slice.SizeOf.estimatedSizeOf;
import static io.airlift.slice.SizeOf.instanceSize;
import static java.util.Objects.requireNonNull;

/**
 * An object of a lakeFS commit: its logical path in the repository and the physical address
 * of its bytes in the object store.
 */
public record LakeFsObject(String path, String physicalAddress, long sizeBytes, long modificationTimeMillis, String checksum)
{
    private static final int INSTANCE_SIZE = instanceSize(LakeFsObject.class);

    public LakeFsObject
    {
        requireNonNull(path, "path is null");
        requireNonNull(physicalAddress, "physicalAddress is null");
        requireNonNull(checksum, "checksum is null");
    }

    public long getRetainedSizeInBytes()
    {
        return INSTANCE_SIZE + estimatedSizeOf(path) + estimatedSizeOf(physicalAddress) + estimatedSizeOf(checksum);
    }
}
