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

import com.google.inject.Inject;
import dev.trinodatamesh.connector.table.DataFile;
import dev.trinodatamesh.connector.table.TableCatalog;
import dev.trinodatamesh.connector.table.TableDefinition;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplitManager;
import io.trino.spi.connector.ConnectorSplitSource;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.Constraint;
import io.trino.spi.predicate.TupleDomain;

import java.util.List;
import java.util.Set;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_REF_NOT_FOUND;
import static java.util.Objects.requireNonNull;

/**
 * Lists the files of the pinned commit (from the cache after the first query on that commit),
 * leaves out those the partition predicate excludes, and cuts the rest into byte-range splits.
 */
public class DatameshSplitManager
        implements ConnectorSplitManager
{
    private final TableCatalog tableCatalog;

    @Inject
    public DatameshSplitManager(TableCatalog tableCatalog)
    {
        this.tableCatalog = requireNonNull(tableCatalog, "tableCatalog is null");
    }

    @Override
    public ConnectorSplitSource getSplits(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorTableHandle table, Set<ColumnHandle> dynamicFilterColumns, Constraint constraint)
    {
        DatameshTableHandle handle = (DatameshTableHandle) table;
        TableDefinition definition = tableCatalog.getTable(session, handle.commitId(), handle.tableName())
                .orElseThrow(() -> new TrinoException(DATAMESH_REF_NOT_FOUND, "Table '%s' no longer exists at commit %s".formatted(handle.schemaTableName(), handle.commitId())));
        TupleDomain<DatameshColumnHandle> predicate = handle.enforcedPredicate()
                .intersect(constraint.getSummary().transformKeys(DatameshColumnHandle.class::cast)
                        .filter((column, _) -> column.kind() != DatameshColumnHandle.Kind.REGULAR));
        List<DataFile> files = tableCatalog.listFiles(handle.commitId(), definition).stream()
                .filter(file -> FilePruning.matches(file, handle.partitionColumns(), predicate))
                .collect(toImmutableList());
        boolean prunableByDynamicFilter = dynamicFilterColumns.stream()
                .map(DatameshColumnHandle.class::cast)
                .anyMatch(column -> column.kind() != DatameshColumnHandle.Kind.REGULAR);
        return new DatameshSplitSource(
                files,
                handle.partitionColumns(),
                DatameshSessionProperties.getMaxSplitSize(session).toBytes(),
                prunableByDynamicFilter ? DatameshSessionProperties.getDynamicFilteringWaitTimeout(session).toMillis() : 0);
    }
}
