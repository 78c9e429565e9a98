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
 * One path that differs between two refs.
 *
 * @param sizeBytes the object's size on the right side, or -1 when it was removed or lakeFS does not say
 */
public record LakeFsDiff(Type type, String path, long sizeBytes)
{
    public enum Type
    {
        ADDED,
        REMOVED,
        CHANGED,
        CONFLICT,
    }

    public LakeFsDiff
    {
        requireNonNull(type, "type is null");
        requireNonNull(path, "path is null");
    }
}
