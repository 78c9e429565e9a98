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
 * A lakeFS ref pinned to one commit: what a schema name or a {@code FOR VERSION AS OF} value
 * resolved to for one query.
 *
 * @param name the ref as lakeFS spells it (case preserved), or the commit ID or expression as given
 * @param kind what the name is
 * @param commitId the full ID of the commit every split of the query reads
 */
public record ResolvedRef(String name, Kind kind, String commitId)
{
    public enum Kind
    {
        BRANCH,
        TAG,
        COMMIT,
        EXPRESSION,
    }

    public ResolvedRef
    {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(commitId, "commitId is null");
    }

    public boolean isMovable()
    {
        return kind == Kind.BRANCH || kind == Kind.EXPRESSION;
    }
}
