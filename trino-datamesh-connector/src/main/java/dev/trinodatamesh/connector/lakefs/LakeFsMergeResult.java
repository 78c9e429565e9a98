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

import static java.util.Objects.requireNonNull;

/**
 * What a merge did: the commit it made on the destination, or the conflict that stopped it.
 */
public sealed interface LakeFsMergeResult
{
    /**
     * @param commitId the destination's new head
     */
    record Merged(String commitId)
            implements LakeFsMergeResult
    {
        public Merged
        {
            requireNonNull(commitId, "commitId is null");
        }
    }

    /**
     * @param message lakeFS's explanation
     */
    record Conflict(String message)
            implements LakeFsMergeResult
    {
        public Conflict
        {
            requireNonNull(message, "message is null");
        }
    }
}
