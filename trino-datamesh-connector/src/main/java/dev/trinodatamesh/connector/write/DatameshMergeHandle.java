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

import dev.trinodatamesh.connector.DatameshTableHandle;
import io.trino.spi.connector.ConnectorMergeTableHandle;

import static java.util.Objects.requireNonNull;

/**
 * A DELETE, UPDATE or MERGE of one statement: the table as the statement read it, and where its
 * rewritten and new files go.
 *
 * @param statement what the statement does, for commit messages, such as {@code DELETE FROM dev.orders}
 */
public record DatameshMergeHandle(DatameshTableHandle tableHandle, DatameshWriteHandle writeHandle, String statement)
        implements ConnectorMergeTableHandle
{
    public DatameshMergeHandle
    {
        requireNonNull(tableHandle, "tableHandle is null");
        requireNonNull(writeHandle, "writeHandle is null");
        requireNonNull(statement, "statement is null");
    }

    @Override
    public DatameshTableHandle getTableHandle()
    {
        return tableHandle;
    }
}
