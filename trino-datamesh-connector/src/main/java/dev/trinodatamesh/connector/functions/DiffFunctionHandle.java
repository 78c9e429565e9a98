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
package dev.trinodatamesh.connector.functions;

import com.google.common.collect.ImmutableMap;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A call of {@code system.diff}: both refs pinned to the commits they resolved to when the query
 * was planned.
 *
 * @param tableDirectories each table's directory (with a trailing slash) and descriptor path, to
 * its table name, at either commit
 */
public record DiffFunctionHandle(String fromRef, String toRef, String fromCommit, String toCommit, Map<String, String> tableDirectories)
        implements ConnectorTableFunctionHandle
{
    public DiffFunctionHandle
    {
        requireNonNull(fromRef, "fromRef is null");
        requireNonNull(toRef, "toRef is null");
        requireNonNull(fromCommit, "fromCommit is null");
        requireNonNull(toCommit, "toCommit is null");
        tableDirectories = ImmutableMap.copyOf(tableDirectories);
    }
}
