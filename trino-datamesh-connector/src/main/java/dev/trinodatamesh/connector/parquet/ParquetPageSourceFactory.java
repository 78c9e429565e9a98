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
package dev.trinodatamesh.connector.parquet;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import dev.trinodatamesh.connector.DatameshColumnHandle;
import dev.trinodatamesh.connector.DatameshSessionProperties;
import dev.trinodatamesh.connector.FileValues;
import dev.trinodatamesh.connector.parquet.DataFileErrors.DataFileName;
import dev.trinodatamesh.connector.table.TypeWidening;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.memory.context.AggregatedMemoryContext;
import io.trino.parquet.Column;
import io.trino.parquet.Field;
import io.trino.parquet.ParquetDataSource;
import io.trino.parquet.ParquetReaderOptions;
import io.trino.parquet.metadata.BlockMetadata;
import io.trino.parquet.metadata.ColumnChunkMetadata;
import io.trino.parquet.metadata.ParquetMetadata;
import io.trino.parquet.predicate.TupleDomainParquetPredicate;
import io.trino.parquet.reader.ParquetReader;
import io.trino.parquet.reader.RowGroupInfo;
import io.trino.plugin.base.metrics.FileFormatDataSourceStats;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.ColumnIO;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.schema.MessageType;
import org.joda.time.DateTimeZone;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_BAD_DATA;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_SCHEMA_MISMATCH;
import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.parquet.ParquetTypeUtils.constructField;
import static io.trino.parquet.ParquetTypeUtils.getColumnIO;
import static io.trino.parquet.ParquetTypeUtils.getDescriptors;
import static io.trino.parquet.ParquetTypeUtils.getParquetTypeByName;
import static io.trino.parquet.ParquetTypeUtils.lookupColumnByName;
import static io.trino.parquet.predicate.PredicateUtils.buildPredicate;
import static io.trino.parquet.predicate.PredicateUtils.getFilteredRowGroups;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.TypeUtils.writeNativeValue;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * Opens a byte range of a Parquet data file with Trino's Parquet reader, straight from the object
 * store: only the requested columns, only the row groups and pages the predicate can match, with
 * statistics, dictionaries, bloom filters and page indexes. Columns the file lacks read as NULL;
 * partition and file columns are constants of the file.
 */
public class ParquetPageSourceFactory
{
    private static final int DOMAIN_COMPACTION_THRESHOLD = 1000;

    private final TrinoFileSystemFactory fileSystemFactory;
    private final ParquetFooters footers;
    private final FileFormatDataSourceStats dataSourceStats;
    private final ParquetReaderOptions readerOptions;
    private final TypeManager typeManager;

    @Inject
    public ParquetPageSourceFactory(
            TrinoFileSystemFactory fileSystemFactory,
            ParquetFooters footers,
            FileFormatDataSourceStats dataSourceStats,
            ParquetReaderConfig readerConfig,
            TypeManager typeManager)
    {
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.footers = requireNonNull(footers, "footers is null");
        this.dataSourceStats = requireNonNull(dataSourceStats, "dataSourceStats is null");
        this.readerOptions = readerConfig.toParquetReaderOptions();
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
    }

    /**
     * @param file the data file, for messages
     * @param physicalAddress where its bytes are
     * @param table the table it belongs to, for messages
     * @param fileValues the values of the partition and file columns for this file
     * @param dataPredicate domains of the data columns, for row group and page pruning
     * @param limit at most this many rows are needed
     * @param memoryContext the engine's memory accounting for this page source
     */
    public ConnectorPageSource createPageSource(
            ConnectorSession session,
            DataFileName file,
            String physicalAddress,
            long start,
            long length,
            long fileSize,
            SchemaTableName table,
            List<DatameshColumnHandle> columns,
            FileValues fileValues,
            TupleDomain<DatameshColumnHandle> dataPredicate,
            OptionalLong limit,
            AggregatedMemoryContext memoryContext)
    {
        ParquetReaderOptions options = DatameshSessionProperties.parquetReaderOptions(session, readerOptions);
        ParquetDataSource dataSource = null;
        try {
            TrinoFileSystem fileSystem = fileSystemFactory.create(session);
            dataSource = new TrinoInputParquetDataSource(
                    fileSystem.newInputFile(Location.of(physicalAddress), fileSize),
                    fileSize,
                    options,
                    dataSourceStats);
            ParquetMetadata metadata = footers.read(dataSource, physicalAddress, fileSize);
            checkChunksInFile(metadata, fileSize, file, physicalAddress);
            MessageType fileSchema = metadata.getFileMetaData().getSchema();

            // the file's columns the query reads, looked up by name ignoring case
            List<org.apache.parquet.schema.Type> requestedFields = new ArrayList<>();
            Map<String, org.apache.parquet.schema.Type> fileFields = new HashMap<>();
            for (DatameshColumnHandle column : columns) {
                if (column.kind() != DatameshColumnHandle.Kind.REGULAR || fileFields.containsKey(column.name())) {
                    continue;
                }
                org.apache.parquet.schema.Type field = getParquetTypeByName(column.name(), fileSchema);
                if (field != null) {
                    checkReadable(column, field, file, table);
                    fileFields.put(column.name(), field);
                    requestedFields.add(field);
                }
            }
            for (DatameshColumnHandle column : dataPredicate.getDomains().orElse(ImmutableMap.of()).keySet()) {
                // predicate columns are pushed into row group and page filtering even when not projected
                if (!fileFields.containsKey(column.name())) {
                    org.apache.parquet.schema.Type field = getParquetTypeByName(column.name(), fileSchema);
                    if (field != null) {
                        checkReadable(column, field, file, table);
                        fileFields.put(column.name(), field);
                        requestedFields.add(field);
                    }
                }
            }
            MessageType requestedSchema = new MessageType(fileSchema.getName(), requestedFields);
            MessageColumnIO messageColumn = getColumnIO(fileSchema, requestedSchema);
            Map<List<String>, ColumnDescriptor> descriptorsByPath = getDescriptors(fileSchema, requestedSchema);

            TupleDomain<ColumnDescriptor> parquetDomain = options.isIgnoreStatistics() ? TupleDomain.all() : toParquetDomain(dataPredicate, fileFields, descriptorsByPath);
            DateTimeZone timeZone = DateTimeZone.UTC;
            TupleDomainParquetPredicate parquetPredicate = buildPredicate(requestedSchema, parquetDomain, descriptorsByPath, timeZone);
            List<RowGroupInfo> rowGroups = getFilteredRowGroups(
                    start,
                    length,
                    dataSource,
                    metadata,
                    ImmutableList.of(parquetDomain),
                    ImmutableList.of(parquetPredicate),
                    descriptorsByPath,
                    timeZone,
                    DOMAIN_COMPACTION_THRESHOLD,
                    options);
            if (limit.isPresent() && parquetDomain.isAll()) {
                // every row of a row group is returned: read only the row groups the limit needs
                rowGroups = rowGroupsForLimit(rowGroups, limit.getAsLong());
            }

            // output channels: reader columns in the order they are first needed, constants in between
            List<Column> readerColumns = new ArrayList<>();
            Map<String, Integer> readerChannelByName = new HashMap<>();
            int[] readerChannels = new int[columns.size()];
            Block[] constants = new Block[columns.size()];
            for (int channel = 0; channel < columns.size(); channel++) {
                DatameshColumnHandle column = columns.get(channel);
                readerChannels[channel] = MappedSourcePage.CONSTANT;
                switch (column.kind()) {
                    case REGULAR -> {
                        Integer readerChannel = readerChannelByName.get(column.name());
                        if (readerChannel == null && fileFields.containsKey(column.name())) {
                            ColumnIO columnIO = lookupColumnByName(messageColumn, fileFields.get(column.name()).getName());
                            Optional<Field> field = constructField(column.type(), columnIO);
                            if (field.isPresent()) {
                                readerChannel = readerColumns.size();
                                readerColumns.add(new Column(column.name(), field.orElseThrow()));
                                readerChannelByName.put(column.name(), readerChannel);
                            }
                        }
                        if (readerChannel != null) {
                            readerChannels[channel] = readerChannel;
                        }
                        else {
                            // a file written before the column existed: NULL
                            constants[channel] = column.type().createNullBlock();
                        }
                    }
                    case PARTITION_KEY, PATH, FILE_SIZE -> constants[channel] = writeNativeValue(column.type(), fileValues.get(column).orElseThrow().getValue());
                    case ROW_ID -> readerChannels[channel] = MappedSourcePage.ROW_ID;
                }
            }
            // the reader appends the rows' positions in the file after its columns
            boolean rowIds = columns.contains(DatameshColumnHandle.ROW_ID_COLUMN);
            int rowNumberChannel = rowIds ? readerColumns.size() : -1;
            Block[] rowIdFileFields = rowIds
                    ? new Block[] {writeNativeValue(VARCHAR, utf8Slice(file.path())), writeNativeValue(VARCHAR, utf8Slice(physicalAddress)), writeNativeValue(BIGINT, fileSize)}
                    : new Block[0];

            ParquetDataSource finalDataSource = dataSource;
            ParquetReader reader = new ParquetReader(
                    Optional.ofNullable(metadata.getFileMetaData().getCreatedBy()),
                    readerColumns,
                    rowIds,
                    rowGroups,
                    finalDataSource,
                    timeZone,
                    memoryContext,
                    options,
                    exception -> DataFileErrors.translate(exception, file),
                    Optional.of(parquetPredicate),
                    Optional.empty(),
                    metadata.getDecryptionContext());
            return new ParquetPageSource(reader, readerChannels, constants, rowNumberChannel, rowIdFileFields, limit, exception -> DataFileErrors.translate(exception, file));
        }
        catch (Exception e) {
            if (dataSource != null) {
                try {
                    dataSource.close();
                }
                catch (Exception closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            throw DataFileErrors.translate(e, file);
        }
    }

    /**
     * The first row groups whose rows reach {@code limit}. The reader plans its reads over all the
     * row groups it is given, so without this a small limit would read the whole split.
     */
    /**
     * Row groups are assigned to splits by where their column chunks start: a footer that puts a
     * chunk beyond the end of the file would silently leave its rows out of every split.
     */
    private static void checkChunksInFile(ParquetMetadata metadata, long fileSize, DataFileName file, String physicalAddress)
            throws IOException
    {
        for (BlockMetadata block : metadata.getBlocks()) {
            for (ColumnChunkMetadata column : block.columns()) {
                long chunkStart = column.getStartingPos();
                long chunkEnd = chunkStart + column.getTotalSize();
                if (chunkStart < 0 || column.getTotalSize() < 0 || chunkEnd > fileSize) {
                    throw new TrinoException(DATAMESH_BAD_DATA, "Data file '%s' of lakeFS repository '%s' at commit %s is not a valid Parquet file (%s): its footer puts column chunk '%s' at bytes %s to %s, beyond the file's %s bytes"
                            .formatted(file.path(), file.repository(), file.commitId(), physicalAddress, column.getPath().toDotString(), chunkStart, chunkEnd, fileSize));
                }
            }
        }
    }

    private static List<RowGroupInfo> rowGroupsForLimit(List<RowGroupInfo> rowGroups, long limit)
    {
        long rows = 0;
        for (int i = 0; i < rowGroups.size(); i++) {
            rows += rowGroups.get(i).prunedBlockMetadata().getRowCount();
            if (rows >= limit) {
                return rowGroups.subList(0, i + 1);
            }
        }
        return rowGroups;
    }

    private static TupleDomain<ColumnDescriptor> toParquetDomain(
            TupleDomain<DatameshColumnHandle> predicate,
            Map<String, org.apache.parquet.schema.Type> fileFields,
            Map<List<String>, ColumnDescriptor> descriptorsByPath)
    {
        if (predicate.isNone()) {
            return TupleDomain.none();
        }
        ImmutableMap.Builder<ColumnDescriptor, Domain> domains = ImmutableMap.builder();
        predicate.getDomains().orElseThrow().forEach((column, domain) -> {
            org.apache.parquet.schema.Type field = fileFields.get(column.name());
            // statistics exist for primitive columns only
            if (field != null && field.isPrimitive()) {
                ColumnDescriptor descriptor = descriptorsByPath.get(ImmutableList.of(field.getName()));
                if (descriptor != null) {
                    domains.put(descriptor, domain);
                }
            }
        });
        return TupleDomain.withColumnDomains(domains.buildKeepingLast());
    }

    /**
     * Fails with the column, the file and both types when the file's values cannot be read as the
     * table's type (a descriptor that declares another type than the file has).
     */
    private void checkReadable(DatameshColumnHandle column, org.apache.parquet.schema.Type field, DataFileName file, SchemaTableName table)
    {
        StringBuilder reason = new StringBuilder();
        Optional<Type> fileType = ParquetTypes.toTrinoType(field, typeManager.getTypeOperators(), reason);
        if (fileType.isPresent() && TypeWidening.isReadableAs(fileType.orElseThrow(), column.type())) {
            return;
        }
        throw new TrinoException(DATAMESH_SCHEMA_MISMATCH, "Column '%s' of table '%s' is %s, but data file '%s' stores it as %s"
                .formatted(column.name(), table, column.type().getDisplayName(), file.path(), fileType.map(Type::getDisplayName).orElse("Parquet " + field + " (" + reason + ")")));
    }
}
