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
import dev.trinodatamesh.connector.lakefs.LakeFsConfig;
import dev.trinodatamesh.connector.parquet.DataFileErrors.DataFileName;
import dev.trinodatamesh.connector.parquet.ParquetPageSourceFactory;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorPageSourceProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplit;
import io.trino.spi.connector.ConnectorTableCredentials;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.DynamicFilter;
import io.trino.spi.connector.EmptyPageSource;
import io.trino.spi.connector.MemoryContext;
import io.trino.spi.predicate.TupleDomain;

import java.util.List;
import java.util.Optional;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static io.trino.memory.context.AggregatedMemoryContext.newAggregatedMemoryContext;
import static java.util.Objects.requireNonNull;

/**
 * A page source per split: a file whose partition or file columns cannot match the query's
 * predicate and the dynamic filters known now reads nothing; the others are read by
 * {@link ParquetPageSourceFactory}, with the engine's memory accounting.
 */
public class DatameshPageSourceProvider
        implements ConnectorPageSourceProvider
{
    private final ParquetPageSourceFactory parquetPageSourceFactory;
    private final String repository;

    @Inject
    public DatameshPageSourceProvider(ParquetPageSourceFactory parquetPageSourceFactory, LakeFsConfig lakeFsConfig)
    {
        this.parquetPageSourceFactory = requireNonNull(parquetPageSourceFactory, "parquetPageSourceFactory is null");
        this.repository = lakeFsConfig.getRepository();
    }

    @Override
    public ConnectorPageSource createPageSource(
            ConnectorTransactionHandle transaction,
            ConnectorSession session,
            ConnectorSplit connectorSplit,
            ConnectorTableHandle connectorTable,
            Optional<ConnectorTableCredentials> tableCredentials,
            List<ColumnHandle> columnHandles,
            DynamicFilter dynamicFilter,
            MemoryContext memoryContext)
    {
        DatameshSplit split = (DatameshSplit) connectorSplit;
        DatameshTableHandle table = (DatameshTableHandle) connectorTable;
        List<DatameshColumnHandle> columns = columnHandles.stream().map(DatameshColumnHandle.class::cast).collect(toImmutableList());

        FileValues fileValues = split.fileValues(table.partitionColumns());
        TupleDomain<DatameshColumnHandle> predicate = table.unenforcedPredicate()
                .intersect(dynamicFilter.getCurrentPredicate().transformKeys(DatameshColumnHandle.class::cast));
        if (!fileValues.matches(predicate)) {
            return new EmptyPageSource();
        }
        return parquetPageSourceFactory.createPageSource(
                session,
                new DataFileName(repository, table.commitId(), split.path(), split.physicalAddress()),
                split.physicalAddress(),
                split.start(),
                split.length(),
                split.fileSize(),
                table.schemaTableName(),
                columns,
                fileValues,
                predicate.filter((column, _) -> !column.isFileLevel()),
                table.limit(),
                newAggregatedMemoryContext(memoryContext));
    }
}
