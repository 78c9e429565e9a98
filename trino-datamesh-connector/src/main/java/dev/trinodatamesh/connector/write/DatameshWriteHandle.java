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
import dev.trinodatamesh.connector.DatameshColumnHandle;
import io.trino.spi.connector.ConnectorInsertTableHandle;
import io.trino.spi.connector.ConnectorOutputTableHandle;
import io.trino.spi.connector.SchemaTableName;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A table being created with data or appended to, by one statement.
 *
 * @param transaction where the statement writes, and where it lands
 * @param tablePath the table's directory, with a trailing slash
 * @param columns the columns of the pages the writers get, in their order (partition columns included)
 * @param partitionColumns the names of the partition columns, in directory order
 * @param descriptor the table descriptor the statement writes when it finishes (a new table), as YAML
 * @param operation what the statement does, for commit messages: {@code CREATE TABLE AS}, {@code INSERT}
 */
public record DatameshWriteHandle(
        String schemaName,
        String tableName,
        WriteTransaction transaction,
        String tablePath,
        List<DatameshColumnHandle> columns,
        List<String> partitionColumns,
        Optional<String> descriptor,
        String operation)
        implements ConnectorOutputTableHandle, ConnectorInsertTableHandle
{
    public DatameshWriteHandle
    {
        requireNonNull(schemaName, "schemaName is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(transaction, "transaction is null");
        requireNonNull(tablePath, "tablePath is null");
        columns = ImmutableList.copyOf(columns);
        partitionColumns = ImmutableList.copyOf(partitionColumns);
        requireNonNull(descriptor, "descriptor is null");
        requireNonNull(operation, "operation is null");
    }

    public SchemaTableName schemaTableName()
    {
        return new SchemaTableName(schemaName, tableName);
    }

    @Override
    public String toString()
    {
        return "%s:%s@%s".formatted(schemaName, tableName, transaction.transactionBranch());
    }
}
