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
import dev.trinodatamesh.connector.functions.DiffFunctionHandle;
import dev.trinodatamesh.connector.functions.DiffSplit;
import dev.trinodatamesh.connector.table.DataFile;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplitManager;
import io.trino.spi.connector.ConnectorSplitSource;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.Constraint;
import io.trino.spi.connector.FixedSplitSource;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;
import io.trino.spi.predicate.TupleDomain;

import java.util.List;
import java.util.Set;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.util.Objects.requireNonNull;

/**
 * Lists the files of the pinned commit (once per transaction, and from the cache after the first
 * query on that commit), leaves out those the partition predicate excludes, and cuts the rest into
 * byte-range splits. Everything it needs is in the table handle: the commit, the table's directory
 * and its partition columns.
 */
public class DatameshSplitManager
        implements ConnectorSplitManager
{
    private final DatameshTransactionManager transactionManager;

    @Inject
    public DatameshSplitManager(DatameshTransactionManager transactionManager)
    {
        this.transactionManager = requireNonNull(transactionManager, "transactionManager is null");
    }

    @Override
    public ConnectorSplitSource getSplits(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorTableHandle table, Set<ColumnHandle> dynamicFilterColumns, Constraint constraint)
    {
        DatameshTableHandle handle = (DatameshTableHandle) table;
        TupleDomain<DatameshColumnHandle> predicate = handle.enforcedPredicate()
                .intersect(constraint.getSummary().transformKeys(DatameshColumnHandle.class::cast)
                        .filter((column, _) -> column.isFileLevel()));
        List<DataFile> files = transactionManager.get(transaction).dataFiles(handle).stream()
                .filter(file -> FileValues.of(file, handle.partitionColumns()).matches(predicate))
                .collect(toImmutableList());
        boolean prunableByDynamicFilter = dynamicFilterColumns.stream()
                .map(DatameshColumnHandle.class::cast)
                .anyMatch(DatameshColumnHandle::isFileLevel);
        return new DatameshSplitSource(
                files,
                handle.partitionColumns(),
                DatameshSessionProperties.getMaxSplitSize(session).toBytes(),
                prunableByDynamicFilter ? DatameshSessionProperties.getDynamicFilteringWaitTimeout(session).toMillis() : 0);
    }

    @Override
    public ConnectorSplitSource getSplits(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorTableFunctionHandle function)
    {
        if (function instanceof DiffFunctionHandle diff) {
            // one split: lakeFS pages the diff, in path order
            return new FixedSplitSource(new DiffSplit(diff.fromCommit(), diff.toCommit()));
        }
        throw new UnsupportedOperationException("Unsupported table function: " + function);
    }
}
