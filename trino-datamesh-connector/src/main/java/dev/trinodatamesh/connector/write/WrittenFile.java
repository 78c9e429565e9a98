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
package dev.trinodatamesh.connector.write;

import com.google.common.collect.ImmutableList;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A data file a writer wrote and linked on the transaction's branch: what a worker reports to the
 * coordinator, as a JSON fragment.
 *
 * @param path the file's path in the repository
 * @param physicalAddress where its bytes are
 * @param partitionValues its partition values, in the table's order, empty for NULL
 */
public record WrittenFile(String path, String physicalAddress, long sizeBytes, long rowCount, List<Optional<String>> partitionValues)
{
    public WrittenFile
    {
        requireNonNull(path, "path is null");
        requireNonNull(physicalAddress, "physicalAddress is null");
        partitionValues = ImmutableList.copyOf(partitionValues);
    }
}
