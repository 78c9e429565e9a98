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

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

public record LakeFsCommit(
        String id,
        List<String> parents,
        String committer,
        String message,
        Instant creationDate,
        Map<String, String> metadata)
{
    public LakeFsCommit
    {
        requireNonNull(id, "id is null");
        parents = ImmutableList.copyOf(parents);
        requireNonNull(committer, "committer is null");
        requireNonNull(message, "message is null");
        requireNonNull(creationDate, "creationDate is null");
        metadata = ImmutableMap.copyOf(metadata);
    }
}
