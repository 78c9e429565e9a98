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

import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Iterators;
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import dev.trinodatamesh.connector.lakefs.LakeFsCommit;
import dev.trinodatamesh.connector.lakefs.LakeFsObject;
import dev.trinodatamesh.connector.lakefs.RefResolver;
import dev.trinodatamesh.connector.lakefs.RefResolver.RefListing;
import dev.trinodatamesh.connector.lakefs.ResolvedRef;
import dev.trinodatamesh.connector.system.CommitsTable;
import dev.trinodatamesh.connector.system.FilesTable;
import dev.trinodatamesh.connector.parquet.FileSummary;
import dev.trinodatamesh.connector.table.ColumnDefinition;
import dev.trinodatamesh.connector.table.DataFile;
import dev.trinodatamesh.connector.table.DescriptorEditor;
import dev.trinodatamesh.connector.table.DescriptorWriter;
import dev.trinodatamesh.connector.table.StoredView;
import dev.trinodatamesh.connector.table.TableCatalog;
import dev.trinodatamesh.connector.table.TableDefinition;
import dev.trinodatamesh.connector.table.TableDescriptor;
import dev.trinodatamesh.connector.table.TableEntry;
import dev.trinodatamesh.connector.write.DatameshMergeHandle;
import dev.trinodatamesh.connector.write.DatameshUpdatePartitioning;
import dev.trinodatamesh.connector.write.DatameshWriteHandle;
import dev.trinodatamesh.connector.write.PartitionDirectories;
import dev.trinodatamesh.connector.write.RefManager;
import dev.trinodatamesh.connector.write.WriteTransaction;
import dev.trinodatamesh.connector.write.WriteTransactions;
import io.airlift.log.Logger;
import io.airlift.slice.Slice;
import io.trino.plugin.base.classloader.ClassLoaderSafeSystemTable;
import io.trino.spi.TrinoException;
import io.trino.spi.catalog.CatalogName;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ColumnPosition;
import io.trino.spi.connector.ConnectorInsertTableHandle;
import io.trino.spi.connector.ConnectorMergeTableHandle;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorOutputMetadata;
import io.trino.spi.connector.ConnectorOutputTableHandle;
import io.trino.spi.connector.ConnectorPartitioningHandle;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTableLayout;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTableVersion;
import io.trino.spi.connector.ConnectorViewDefinition;
import io.trino.spi.connector.Constraint;
import io.trino.spi.connector.ConstraintApplicationResult;
import io.trino.spi.connector.LimitApplicationResult;
import io.trino.spi.connector.RelationColumnsMetadata;
import io.trino.spi.connector.RelationCommentMetadata;
import io.trino.spi.connector.RetryMode;
import io.trino.spi.connector.RowChangeParadigm;
import io.trino.spi.connector.SaveMode;
import io.trino.spi.connector.SchemaNotFoundException;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.connector.ViewNotFoundException;
import io.trino.spi.predicate.Domain;
import io.trino.spi.security.ConnectorIdentity;
import io.trino.spi.security.TrinoPrincipal;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.statistics.ComputedStatistics;
import io.trino.spi.statistics.TableStatistics;
import io.trino.spi.type.DateType;
import io.trino.spi.type.LongTimestamp;
import io.trino.spi.type.LongTimestampWithTimeZone;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import io.trino.spi.type.VarcharType;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_COMMIT_GONE;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_DIRECTORY_NOT_EMPTY;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_INVALID_PROPERTY;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_NAME_COLLISION;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_NO_COMMIT_AT_TIME;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_REF_NOT_DELETABLE;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_REF_NOT_FOUND;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_UNSUPPORTED_TYPE;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_UNSUPPORTED_WRITE;
import static io.trino.spi.StandardErrorCode.INVALID_ARGUMENTS;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static io.trino.spi.StandardErrorCode.TABLE_ALREADY_EXISTS;
import static io.trino.spi.type.DateTimeEncoding.unpackMillisUtc;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Metadata of one transaction. Each schema name and each version resolves to a commit once per
 * transaction, so that every table of a query that names the same ref reads the same commit; each
 * table at a commit is defined once per transaction ({@link TableCatalog} of the transaction).
 */
public class DatameshMetadata
        implements ConnectorMetadata
{
    private static final Logger log = Logger.get(DatameshMetadata.class);

    private final RefResolver refResolver;
    private final TableCatalog tableCatalog;
    private final LakeFsClient lakeFs;
    private final DatameshStatistics statistics;
    private final TypeManager typeManager;
    private final WriteTransactions writeTransactions;
    private final RefManager refManager;
    private final String catalogName;
    private final Map<WriteTransaction, ConnectorIdentity> openWrites = new ConcurrentHashMap<>();
    private final Map<String, Optional<ResolvedRef>> resolvedSchemas = new ConcurrentHashMap<>();
    private final Map<String, ResolvedRef> resolvedVersions = new ConcurrentHashMap<>();
    // the listing of all branches and tags, made at most once per transaction and only when needed
    private final Supplier<RefListing> refListing;

    /**
     * @param tableCatalog the tables as this transaction sees them
     */
    public DatameshMetadata(RefResolver refResolver, TableCatalog tableCatalog, LakeFsClient lakeFs, DatameshStatistics statistics, WriteTransactions writeTransactions, RefManager refManager, TypeManager typeManager, CatalogName catalogName)
    {
        this.refManager = requireNonNull(refManager, "refManager is null");
        this.catalogName = requireNonNull(catalogName, "catalogName is null").toString();
        this.writeTransactions = requireNonNull(writeTransactions, "writeTransactions is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
        this.refResolver = requireNonNull(refResolver, "refResolver is null");
        this.tableCatalog = requireNonNull(tableCatalog, "tableCatalog is null");
        this.lakeFs = requireNonNull(lakeFs, "lakeFs is null");
        this.statistics = requireNonNull(statistics, "statistics is null");
        this.refListing = Suppliers.memoize(refResolver::listRefs);
    }

    @Override
    public List<String> listSchemaNames(ConnectorSession session)
    {
        return refResolver.listSchemaNames(refListing.get());
    }

    @Override
    public boolean schemaExists(ConnectorSession session, String schemaName)
    {
        return resolveSchema(schemaName).isPresent();
    }

    /**
     * A new branch, from the repository's default branch or {@code WITH (source_ref = ...)}.
     */
    @Override
    public void createSchema(ConnectorSession session, String schemaName, Map<String, Object> properties, TrinoPrincipal owner)
    {
        refManager.createBranch(schemaName, DatameshSchemaProperties.sourceRef(properties));
        resolvedSchemas.remove(schemaName);
    }

    /**
     * Deletes the schema's branch (its commits stay). The engine refuses {@code DROP SCHEMA} of a
     * schema with tables unless {@code CASCADE}; with it, the tables go with the branch.
     */
    @Override
    public void dropSchema(ConnectorSession session, String schemaName, boolean cascade)
    {
        ResolvedRef ref = resolveSchema(schemaName).orElseThrow(() -> schemaNotFound(schemaName));
        switch (ref.kind()) {
            case BRANCH -> refManager.deleteBranch(ref.name());
            case TAG -> throw new TrinoException(DATAMESH_REF_NOT_DELETABLE, "Schema '%s' is tag '%s' of lakeFS repository '%s': DROP SCHEMA deletes branches only; CALL system.delete_tag('%s') deletes the tag"
                    .formatted(schemaName, ref.name(), tableCatalog.repositoryName(), ref.name()));
            case COMMIT, EXPRESSION -> throw new TrinoException(DATAMESH_REF_NOT_DELETABLE, "Schema '%s' is commit %s of lakeFS repository '%s': commits are never deleted; DROP SCHEMA deletes branches"
                    .formatted(schemaName, ref.commitId(), tableCatalog.repositoryName()));
        }
        resolvedSchemas.remove(schemaName);
    }

    @Override
    public List<SchemaTableName> listTables(ConnectorSession session, Optional<String> schemaName)
    {
        ImmutableList.Builder<SchemaTableName> tables = ImmutableList.builder();
        schemaCommits(schemaName).forEach((schema, commitId) -> {
            tableCatalog.listTableNames(commitId).forEach(table -> tables.add(new SchemaTableName(schema, table)));
            // tables and views, as the SPI lists relations
            tableCatalog.listViewNames(commitId).forEach(view -> tables.add(new SchemaTableName(schema, view)));
        });
        return tables.build();
    }

    @Override
    public ConnectorTableHandle getTableHandle(ConnectorSession session, SchemaTableName tableName, Optional<ConnectorTableVersion> startVersion, Optional<ConnectorTableVersion> endVersion)
    {
        if (startVersion.isPresent()) {
            throw new TrinoException(NOT_SUPPORTED, "This connector does not support reading changes between versions (FOR ... AS OF ranges)");
        }
        ResolvedRef schemaRef = resolveSchema(tableName.getSchemaName())
                .orElseThrow(() -> schemaNotFound(tableName.getSchemaName()));
        ResolvedRef ref = endVersion.map(version -> resolveVersion(session, schemaRef, version)).orElse(schemaRef);
        return tableCatalog.getTable(session, ref.commitId(), tableName.getTableName())
                .map(table -> new DatameshTableHandle(
                        tableName.getSchemaName(),
                        tableName.getTableName(),
                        ref,
                        table.path(),
                        partitionHandles(table)))
                .orElse(null);
    }

    @Override
    public Optional<SystemTable> getSystemTable(ConnectorSession session, SchemaTableName tableName)
    {
        String name = tableName.getTableName();
        int separator = name.lastIndexOf('$');
        if (separator <= 0) {
            return Optional.empty();
        }
        String baseName = name.substring(0, separator);
        String suffix = name.substring(separator + 1);
        if (!suffix.equals("files") && !suffix.equals("commits")) {
            return Optional.empty();
        }
        Optional<ResolvedRef> ref = resolveSchema(tableName.getSchemaName());
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        Optional<TableDefinition> table = tableCatalog.getTable(session, ref.orElseThrow().commitId(), baseName);
        if (table.isEmpty()) {
            return Optional.empty();
        }
        SystemTable systemTable = switch (suffix) {
            case "files" -> new FilesTable(tableName, tableCatalog, ref.orElseThrow(), table.orElseThrow(), typeManager);
            case "commits" -> new CommitsTable(tableName, lakeFs, ref.orElseThrow(), table.orElseThrow(), typeManager);
            default -> throw new IllegalStateException(suffix);
        };
        // the engine reads the table's pages outside this metadata's class-loader guard
        return Optional.of(new ClassLoaderSafeSystemTable(systemTable, getClass().getClassLoader()));
    }

    @Override
    public ConnectorTableMetadata getTableMetadata(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        TableDefinition table = table(session, handle);
        return new ConnectorTableMetadata(handle.schemaTableName(), columnsMetadata(table), tableProperties(table), table.description());
    }

    @Override
    public Map<String, ColumnHandle> getColumnHandles(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        ImmutableMap.Builder<String, ColumnHandle> columns = ImmutableMap.builder();
        for (DatameshColumnHandle column : columnHandles(table(session, handle))) {
            columns.put(column.name(), column);
        }
        return columns.buildOrThrow();
    }

    @Override
    public ColumnMetadata getColumnMetadata(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnHandle columnHandle)
    {
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        DatameshColumnHandle column = (DatameshColumnHandle) columnHandle;
        Optional<String> comment = table(session, handle).columns().stream()
                .filter(definition -> definition.name().equals(column.name()))
                .findFirst()
                .flatMap(ColumnDefinition::comment);
        return column.toColumnMetadata(comment);
    }

    @Override
    public Iterator<RelationColumnsMetadata> streamRelationColumns(ConnectorSession session, Optional<String> schemaName, UnaryOperator<Set<SchemaTableName>> relationFilter)
    {
        Map<SchemaTableName, RelationColumnsMetadata> relations = new LinkedHashMap<>();
        forEachTable(session, schemaName, relationFilter, (name, table) -> relations.put(name, RelationColumnsMetadata.forTable(name, columnsMetadata(table))));
        forEachView(schemaName, relationFilter, (name, view) -> relations.put(name, RelationColumnsMetadata.forView(name, view.getColumns())));
        return relations.values().iterator();
    }

    @Override
    public Iterator<RelationCommentMetadata> streamRelationComments(ConnectorSession session, Optional<String> schemaName, UnaryOperator<Set<SchemaTableName>> relationFilter)
    {
        List<RelationCommentMetadata> comments = new ArrayList<>();
        forEachTable(session, schemaName, relationFilter, (name, table) -> comments.add(RelationCommentMetadata.forRelation(name, table.description())));
        forEachView(schemaName, relationFilter, (name, view) -> comments.add(RelationCommentMetadata.forRelation(name, view.getComment())));
        return comments.iterator();
    }

    /**
     * Visits the tables of a listing; a table whose definition fails (such as an invalid descriptor)
     * is left out of bulk listings, as Trino does for other connectors, and fails when queried.
     */
    private void forEachTable(ConnectorSession session, Optional<String> schemaName, UnaryOperator<Set<SchemaTableName>> relationFilter, BiConsumer<SchemaTableName, TableDefinition> consumer)
    {
        Map<SchemaTableName, String> commits = new LinkedHashMap<>();
        schemaCommits(schemaName).forEach((schema, commitId) -> tableCatalog.listTableNames(commitId).forEach(table -> commits.put(new SchemaTableName(schema, table), commitId)));
        for (SchemaTableName name : relationFilter.apply(commits.keySet())) {
            try {
                tableCatalog.getTable(session, commits.get(name), name.getTableName()).ifPresent(table -> consumer.accept(name, table));
            }
            catch (TrinoException e) {
                log.debug(e, "Leaving %s out of a listing", name);
            }
        }
    }

    /**
     * Visits the views of a listing, as they read in their schema; a view whose definition is
     * invalid is left out, and fails when queried.
     */
    private void forEachView(Optional<String> schemaName, UnaryOperator<Set<SchemaTableName>> relationFilter, BiConsumer<SchemaTableName, ConnectorViewDefinition> consumer)
    {
        Map<SchemaTableName, String> commits = new LinkedHashMap<>();
        schemaCommits(schemaName).forEach((schema, commitId) -> tableCatalog.listViewNames(commitId).forEach(view -> commits.put(new SchemaTableName(schema, view), commitId)));
        for (SchemaTableName name : relationFilter.apply(commits.keySet())) {
            try {
                tableCatalog.getView(commits.get(name), name.getTableName())
                        .ifPresent(view -> consumer.accept(name, view.definitionFor(catalogName, name.getSchemaName())));
            }
            catch (TrinoException e) {
                log.debug(e, "Leaving view %s out of a listing", name);
            }
        }
    }

    @Override
    public Optional<Object> getInfo(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        TableDefinition table = table(session, handle);
        ResolvedRef ref = handle.ref();
        return Optional.of(new DatameshTableInfo(
                DatameshConnectorFactory.CONNECTOR_NAME,
                tableCatalog.repositoryName(),
                ref.name(),
                ref.kind().name().toLowerCase(Locale.ENGLISH),
                ref.commitId(),
                handle.tablePath(),
                "lakefs://%s/%s/%s".formatted(tableCatalog.repositoryName(), ref.commitId(), handle.tablePath()),
                tableCatalog.repository().storageNamespace(),
                "parquet",
                table.descriptor().map(TableDescriptor::descriptorPath),
                table.description(),
                table.descriptor().map(TableDescriptor::owners).orElse(ImmutableList.of()),
                table.descriptor().map(TableDescriptor::tags).orElse(ImmutableList.of()),
                table.columns().stream()
                        .map(column -> new DatameshTableInfo.Column(column.name(), column.type().getDisplayName(), column.comment()))
                        .collect(toImmutableList())));
    }

    @Override
    public Optional<ConstraintApplicationResult<ConnectorTableHandle>> applyFilter(ConnectorSession session, ConnectorTableHandle tableHandle, Constraint constraint)
    {
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        TupleDomain<ColumnHandle> summary = constraint.getSummary();
        if (summary.isNone()) {
            DatameshTableHandle none = handle.withPredicates(TupleDomain.none(), TupleDomain.none());
            return none.equals(handle) ? Optional.empty() : Optional.of(new ConstraintApplicationResult<>(none, TupleDomain.all(), constraint.getExpression(), false));
        }
        Map<DatameshColumnHandle, Domain> enforced = new LinkedHashMap<>();
        Map<ColumnHandle, Domain> unenforced = new LinkedHashMap<>();
        summary.getDomains().orElseThrow().forEach((column, domain) -> {
            DatameshColumnHandle datameshColumn = (DatameshColumnHandle) column;
            if (datameshColumn.isFileLevel()) {
                // partition keys and file columns: decided per file, exactly
                enforced.put(datameshColumn, domain);
            }
            else {
                unenforced.put(column, domain);
            }
        });
        TupleDomain<DatameshColumnHandle> newEnforced = handle.enforcedPredicate().intersect(TupleDomain.withColumnDomains(enforced));
        TupleDomain<DatameshColumnHandle> newUnenforced = handle.unenforcedPredicate().intersect(TupleDomain.withColumnDomains(unenforced).transformKeys(DatameshColumnHandle.class::cast));
        if (newEnforced.equals(handle.enforcedPredicate()) && newUnenforced.equals(handle.unenforcedPredicate())) {
            return Optional.empty();
        }
        return Optional.of(new ConstraintApplicationResult<>(
                handle.withPredicates(newEnforced, newUnenforced),
                TupleDomain.withColumnDomains(unenforced),
                constraint.getExpression(),
                false));
    }

    @Override
    public Optional<LimitApplicationResult<ConnectorTableHandle>> applyLimit(ConnectorSession session, ConnectorTableHandle tableHandle, long limit)
    {
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        if (handle.limit().isPresent() && handle.limit().getAsLong() <= limit) {
            return Optional.empty();
        }
        // each split stops after the limit; the engine still applies it across splits
        return Optional.of(new LimitApplicationResult<>(handle.withLimit(limit), false, false));
    }

    @Override
    public TableStatistics getTableStatistics(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        if (!DatameshSessionProperties.isStatisticsEnabled(session)) {
            return TableStatistics.empty();
        }
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        return statistics.getTableStatistics(session, handle, table(session, handle), tableCatalog);
    }

    /**
     * The data files of a table at its pinned commit, as this transaction lists them.
     */
    List<DataFile> dataFiles(DatameshTableHandle handle)
    {
        return tableCatalog.listFiles(handle.commitId(), handle.tablePath(), handle.partitionColumnNames());
    }

    // ---- writes: each statement one commit of its branch (see WriteTransactions)

    @Override
    public Optional<Type> getSupportedType(ConnectorSession session, Map<String, Object> tableProperties, Type type)
    {
        // descriptors declare timestamps of microseconds, as Spark has them
        if (type instanceof TimestampType timestamp && timestamp.getPrecision() != 6) {
            return Optional.of(TimestampType.TIMESTAMP_MICROS);
        }
        if (type instanceof TimestampWithTimeZoneType timestamp && timestamp.getPrecision() != 6) {
            return Optional.of(TimestampWithTimeZoneType.TIMESTAMP_TZ_MICROS);
        }
        return Optional.empty();
    }

    @Override
    public Optional<ConnectorTableLayout> getNewTableLayout(ConnectorSession session, ConnectorTableMetadata tableMetadata)
    {
        List<String> partitionColumns = DatameshTableProperties.partitionedBy(tableMetadata.getProperties());
        // rows of one partition to few writers: fewer, larger files
        return partitionColumns.isEmpty() ? Optional.empty() : Optional.of(new ConnectorTableLayout(partitionColumns));
    }

    @Override
    public Optional<ConnectorTableLayout> getInsertLayout(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        return handle.partitionColumns().isEmpty() ? Optional.empty() : Optional.of(new ConnectorTableLayout(handle.partitionColumnNames()));
    }

    @Override
    public void createTable(ConnectorSession session, ConnectorTableMetadata tableMetadata, SaveMode saveMode)
    {
        SchemaTableName name = tableMetadata.getTable();
        ResolvedRef ref = writableSchema(name.getSchemaName());
        if (saveMode == SaveMode.IGNORE && tableCatalog.listTableNames(ref.commitId()).contains(name.getTableName())) {
            return;
        }
        Optional<TableDefinition> replaced = replacedTable(session, ref, name, saveMode == SaveMode.REPLACE);
        NewTable table = newTable(session, ref, tableMetadata, replaced);
        WriteTransaction transaction = beginWrite(session, ref.name(), ref.commitId(), table.path());
        replaced.ifPresent(old -> deleteReplacedTable(transaction, old, name));
        lakeFs.uploadObject(transaction.transactionBranch(), DescriptorWriter.descriptorPath(name.getTableName()), table.descriptor());
        finishWrite(session, transaction, (saveMode == SaveMode.REPLACE ? "CREATE OR REPLACE TABLE " : "CREATE TABLE ") + name);
    }

    @Override
    public ConnectorOutputTableHandle beginCreateTable(ConnectorSession session, ConnectorTableMetadata tableMetadata, Optional<ConnectorTableLayout> layout, RetryMode retryMode, boolean replace)
    {
        checkRetryMode(retryMode);
        SchemaTableName name = tableMetadata.getTable();
        ResolvedRef ref = writableSchema(name.getSchemaName());
        Optional<TableDefinition> replaced = replacedTable(session, ref, name, replace);
        NewTable table = newTable(session, ref, tableMetadata, replaced);
        WriteTransaction transaction = beginWrite(session, ref.name(), ref.commitId(), table.path());
        // the old table goes on the transaction branch: readers see it until the statement lands
        replaced.ifPresent(old -> deleteReplacedTable(transaction, old, name));
        return new DatameshWriteHandle(
                name.getSchemaName(),
                name.getTableName(),
                transaction,
                table.path(),
                table.columns(),
                table.partitionColumns(),
                Optional.of(new String(table.descriptor(), UTF_8)),
                replace ? "CREATE OR REPLACE TABLE AS" : "CREATE TABLE AS");
    }

    @Override
    public Optional<ConnectorOutputMetadata> finishCreateTable(ConnectorSession session, ConnectorOutputTableHandle tableHandle, Collection<Slice> fragments, Collection<ComputedStatistics> computedStatistics)
    {
        DatameshWriteHandle handle = (DatameshWriteHandle) tableHandle;
        WriteTransaction transaction = handle.transaction();
        lakeFs.uploadObject(transaction.transactionBranch(), DescriptorWriter.descriptorPath(handle.tableName()), handle.descriptor().orElseThrow().getBytes(UTF_8));
        String commit = finishWrite(session, transaction, handle.operation() + " " + handle.schemaTableName());
        return Optional.of(outputMetadata(session, handle, commit));
    }

    @Override
    public ConnectorInsertTableHandle beginInsert(ConnectorSession session, ConnectorTableHandle tableHandle, List<ColumnHandle> columns, RetryMode retryMode)
    {
        checkRetryMode(retryMode);
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        writeTransactions.checkWritable(handle.schemaName(), handle.ref());
        TableDefinition table = table(session, handle);
        if (table.descriptor().isEmpty()) {
            throw new TrinoException(DATAMESH_UNSUPPORTED_WRITE, ("Table '%s' is a directory of Parquet files ('%s') that no table descriptor declares, so its columns are whatever its files hold; " +
                    "declare it with a descriptor (_lakefs_tables/%s.yaml) to write to it, or write a new table: CREATE TABLE ... AS SELECT * FROM %s")
                    .formatted(handle.schemaTableName(), table.path(), handle.tableName(), handle.schemaTableName()));
        }
        WriteTransaction transaction = beginWrite(session, handle.ref().name(), handle.commitId(), table.path());
        return new DatameshWriteHandle(
                handle.schemaName(),
                handle.tableName(),
                transaction,
                table.path(),
                columns.stream().map(DatameshColumnHandle.class::cast).collect(toImmutableList()),
                handle.partitionColumnNames(),
                Optional.empty(),
                "INSERT INTO");
    }

    @Override
    public Optional<ConnectorOutputMetadata> finishInsert(ConnectorSession session, ConnectorInsertTableHandle insertHandle, List<ConnectorTableHandle> sourceTableHandles, Collection<Slice> fragments, Collection<ComputedStatistics> computedStatistics)
    {
        DatameshWriteHandle handle = (DatameshWriteHandle) insertHandle;
        WriteTransaction transaction = handle.transaction();
        if (fragments.isEmpty()) {
            // no rows: no commit
            writeTransactions.abort(transaction, session.getIdentity());
            openWrites.remove(transaction);
            return Optional.of(outputMetadata(session, handle, transaction.baseCommit()));
        }
        String commit = finishWrite(session, transaction, "INSERT INTO " + handle.schemaTableName());
        return Optional.of(outputMetadata(session, handle, commit));
    }

    @Override
    public void dropTable(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        writeTransactions.checkWritable(handle.schemaName(), handle.ref());
        TableDefinition table = table(session, handle);
        ImmutableList.Builder<String> paths = ImmutableList.builder();
        for (Iterator<LakeFsObject> objects = lakeFs.objects(handle.commitId(), table.path()); objects.hasNext(); ) {
            paths.add(objects.next().path());
        }
        table.descriptor().map(TableDescriptor::descriptorPath).ifPresent(paths::add);
        WriteTransaction transaction = beginWrite(session, handle.ref().name(), handle.commitId(), table.path());
        lakeFs.deleteObjects(transaction.transactionBranch(), paths.build());
        finishWrite(session, transaction, "DROP TABLE " + handle.schemaTableName());
    }

    // ---- DDL: each statement one commit of its branch too, on a transaction branch like the writes

    @Override
    public void renameTable(ConnectorSession session, ConnectorTableHandle tableHandle, SchemaTableName newTableName)
    {
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        if (!newTableName.getSchemaName().equals(handle.schemaName())) {
            throw new TrinoException(NOT_SUPPORTED, ("This connector does not support renaming tables across schemas: schemas '%s' and '%s' are refs of lakeFS repository '%s'; " +
                    "copy the table (CREATE TABLE %s AS SELECT * FROM %s), or rename it on one branch and merge that branch into the other")
                    .formatted(handle.schemaName(), newTableName.getSchemaName(), tableCatalog.repositoryName(), newTableName, handle.schemaTableName()));
        }
        writeTransactions.checkWritable(handle.schemaName(), handle.ref());
        TableDefinition table = table(session, handle);
        String newName = newTableName.getTableName();
        checkNameFree(handle.ref(), newTableName, "rename table '%s' to '%s'".formatted(handle.schemaTableName(), newTableName));
        String newDescriptorPath = DescriptorWriter.descriptorPath(newName);
        if (lakeFs.getObject(handle.commitId(), newDescriptorPath).isPresent()) {
            throw new TrinoException(DATAMESH_NAME_COLLISION, "Cannot rename table '%s' to '%s': table descriptor '%s' already exists on branch '%s' of lakeFS repository '%s' (it declares another table)"
                    .formatted(handle.schemaTableName(), newTableName, newDescriptorPath, handle.ref().name(), tableCatalog.repositoryName()));
        }
        // the data stays where it is: the new descriptor declares the same directory
        byte[] descriptor = editDescriptor(handle, table).rename(newName).toYaml();
        commitChange(session, handle.ref(), handle.commitId(), table.path(), "ALTER TABLE %s RENAME TO %s".formatted(handle.schemaTableName(), newTableName), branch -> {
            lakeFs.uploadObject(branch, newDescriptorPath, descriptor);
            table.descriptor().map(TableDescriptor::descriptorPath).ifPresent(old -> lakeFs.deleteObjects(branch, List.of(old)));
        });
    }

    @Override
    public void addColumn(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnMetadata column, ColumnPosition position)
    {
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        writeTransactions.checkWritable(handle.schemaName(), handle.ref());
        TableDefinition table = table(session, handle);
        if (!DescriptorWriter.isSupported(column.getType())) {
            throw new TrinoException(DATAMESH_UNSUPPORTED_TYPE, "Column '%s' of table '%s' has type %s, which this connector cannot write".formatted(column.getName(), handle.schemaTableName(), column.getType().getDisplayName()));
        }
        if (!column.isNullable()) {
            // the files written so far lack the column: it reads NULL in each of their rows
            boolean empty = dataFiles(handle).isEmpty();
            throw new TrinoException(DATAMESH_UNSUPPORTED_WRITE, "Cannot add column '%s' to table '%s' as NOT NULL: %s; add it as a nullable column"
                    .formatted(column.getName(), handle.schemaTableName(), empty ? "table descriptors declare nullable columns only" : "the rows of the table's existing files would read it as NULL"));
        }
        DescriptorEditor editor = editDescriptor(handle, table);
        ColumnDefinition definition = new ColumnDefinition(column.getName(), column.getType(), column.getComment());
        switch (position) {
            case ColumnPosition.First _ -> editor.addColumn(definition, Optional.empty(), false);
            case ColumnPosition.After after -> {
                if (table.partitionColumnNames().contains(after.columnName())) {
                    throw new TrinoException(DATAMESH_INVALID_PROPERTY, "Cannot add column '%s' to table '%s' after partition column '%s': partition columns stay the table's last columns"
                            .formatted(column.getName(), handle.schemaTableName(), after.columnName()));
                }
                editor.addColumn(definition, Optional.of(after.columnName()), false);
            }
            default -> editor.addColumn(definition, Optional.empty(), true);
        }
        updateDescriptor(session, handle, table, editor, "ALTER TABLE %s ADD COLUMN %s".formatted(handle.schemaTableName(), column.getName()));
    }

    @Override
    public void setTableComment(ConnectorSession session, ConnectorTableHandle tableHandle, Optional<String> comment)
    {
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        writeTransactions.checkWritable(handle.schemaName(), handle.ref());
        TableDefinition table = table(session, handle);
        updateDescriptor(session, handle, table, editDescriptor(handle, table).description(comment), "COMMENT ON TABLE " + handle.schemaTableName());
    }

    @Override
    public void setColumnComment(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnHandle columnHandle, Optional<String> comment)
    {
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        DatameshColumnHandle column = (DatameshColumnHandle) columnHandle;
        writeTransactions.checkWritable(handle.schemaName(), handle.ref());
        TableDefinition table = table(session, handle);
        if (column.isHidden()) {
            throw new TrinoException(NOT_SUPPORTED, "Column '%s' of table '%s' is a hidden column of this connector; it has no comment to set".formatted(column.name(), handle.schemaTableName()));
        }
        updateDescriptor(session, handle, table, editDescriptor(handle, table).columnComment(column.name(), comment), "COMMENT ON COLUMN %s.%s".formatted(handle.schemaTableName(), column.name()));
    }

    @Override
    public void createView(ConnectorSession session, SchemaTableName viewName, ConnectorViewDefinition definition, Map<String, Object> viewProperties, boolean replace)
    {
        ResolvedRef ref = writableSchema(viewName.getSchemaName());
        if (tableCatalog.listTableNames(ref.commitId()).contains(viewName.getTableName())) {
            throw new TrinoException(DATAMESH_NAME_COLLISION, "Cannot create view '%s': table '%s' exists on branch '%s' of lakeFS repository '%s'"
                    .formatted(viewName, viewName, ref.name(), tableCatalog.repositoryName()));
        }
        Optional<String> existing = tableCatalog.viewPath(ref.commitId(), viewName.getTableName());
        if (existing.isPresent() && !replace) {
            throw new TrinoException(TABLE_ALREADY_EXISTS, "View '%s' already exists on branch '%s' of lakeFS repository '%s'".formatted(viewName, ref.name(), tableCatalog.repositoryName()));
        }
        String path = StoredView.viewPath(viewName.getTableName());
        byte[] content = new StoredView(viewName.getTableName(), catalogName, viewName.getSchemaName(), definition).toJson();
        commitChange(session, ref, ref.commitId(), StoredView.VIEWS_PREFIX, (replace ? "CREATE OR REPLACE VIEW " : "CREATE VIEW ") + viewName, branch -> {
            existing.filter(old -> !old.equals(path)).ifPresent(old -> lakeFs.deleteObjects(branch, List.of(old)));
            lakeFs.uploadObject(branch, path, content);
        });
    }

    @Override
    public void dropView(ConnectorSession session, SchemaTableName viewName)
    {
        ResolvedRef ref = writableSchema(viewName.getSchemaName());
        String path = tableCatalog.viewPath(ref.commitId(), viewName.getTableName()).orElseThrow(() -> new ViewNotFoundException(viewName));
        commitChange(session, ref, ref.commitId(), StoredView.VIEWS_PREFIX, "DROP VIEW " + viewName, branch -> lakeFs.deleteObjects(branch, List.of(path)));
    }

    @Override
    public void renameView(ConnectorSession session, SchemaTableName source, SchemaTableName target)
    {
        if (!source.getSchemaName().equals(target.getSchemaName())) {
            throw new TrinoException(NOT_SUPPORTED, "This connector does not support renaming views across schemas: schemas '%s' and '%s' are refs of lakeFS repository '%s'"
                    .formatted(source.getSchemaName(), target.getSchemaName(), tableCatalog.repositoryName()));
        }
        ResolvedRef ref = writableSchema(source.getSchemaName());
        StoredView view = storedView(ref, source);
        String oldPath = tableCatalog.viewPath(ref.commitId(), source.getTableName()).orElseThrow();
        checkNameFree(ref, target, "rename view '%s' to '%s'".formatted(source, target));
        byte[] content = view.renamed(target.getTableName()).toJson();
        commitChange(session, ref, ref.commitId(), StoredView.VIEWS_PREFIX, "ALTER VIEW %s RENAME TO %s".formatted(source, target), branch -> {
            lakeFs.uploadObject(branch, StoredView.viewPath(target.getTableName()), content);
            lakeFs.deleteObjects(branch, List.of(oldPath));
        });
    }

    @Override
    public void setViewComment(ConnectorSession session, SchemaTableName viewName, Optional<String> comment)
    {
        ResolvedRef ref = writableSchema(viewName.getSchemaName());
        StoredView view = storedView(ref, viewName);
        ConnectorViewDefinition old = view.definition();
        replaceView(session, ref, viewName, view.withDefinition(new ConnectorViewDefinition(
                old.getOriginalSql(), old.getCatalog(), old.getSchema(), old.getColumns(), comment, old.getOwner(), old.isRunAsInvoker(), old.getPath())), "COMMENT ON VIEW " + viewName);
    }

    @Override
    public void setViewColumnComment(ConnectorSession session, SchemaTableName viewName, String columnName, Optional<String> comment)
    {
        ResolvedRef ref = writableSchema(viewName.getSchemaName());
        StoredView view = storedView(ref, viewName);
        ConnectorViewDefinition old = view.definition();
        List<ConnectorViewDefinition.ViewColumn> columns = old.getColumns().stream()
                .map(column -> column.getName().equals(columnName) ? new ConnectorViewDefinition.ViewColumn(column.getName(), column.getType(), comment) : column)
                .collect(toImmutableList());
        replaceView(session, ref, viewName, view.withDefinition(new ConnectorViewDefinition(
                old.getOriginalSql(), old.getCatalog(), old.getSchema(), columns, old.getComment(), old.getOwner(), old.isRunAsInvoker(), old.getPath())), "COMMENT ON COLUMN %s.%s".formatted(viewName, columnName));
    }

    @Override
    public List<SchemaTableName> listViews(ConnectorSession session, Optional<String> schemaName)
    {
        ImmutableList.Builder<SchemaTableName> views = ImmutableList.builder();
        schemaCommits(schemaName).forEach((schema, commitId) -> tableCatalog.listViewNames(commitId).forEach(view -> views.add(new SchemaTableName(schema, view))));
        return views.build();
    }

    @Override
    public Map<SchemaTableName, ConnectorViewDefinition> getViews(ConnectorSession session, Optional<String> schemaName)
    {
        ImmutableMap.Builder<SchemaTableName, ConnectorViewDefinition> views = ImmutableMap.builder();
        forEachView(schemaName, UnaryOperator.identity(), views::put);
        return views.buildOrThrow();
    }

    @Override
    public Optional<ConnectorViewDefinition> getView(ConnectorSession session, SchemaTableName viewName)
    {
        // a view is read at the commit of its schema: a view on a tag or a commit is that version of it.
        // Trino looks for a view before a table: a table's name is no view's (DDL keeps them apart),
        // so a query of a table does not list the views
        return resolveSchema(viewName.getSchemaName())
                .filter(ref -> !tableCatalog.listTableNames(ref.commitId()).contains(viewName.getTableName()))
                .flatMap(ref -> tableCatalog.getView(ref.commitId(), viewName.getTableName()))
                .map(view -> view.definitionFor(catalogName, viewName.getSchemaName()));
    }

    private StoredView storedView(ResolvedRef ref, SchemaTableName viewName)
    {
        return tableCatalog.getView(ref.commitId(), viewName.getTableName()).orElseThrow(() -> new ViewNotFoundException(viewName));
    }

    private void replaceView(ConnectorSession session, ResolvedRef ref, SchemaTableName viewName, StoredView view, String statement)
    {
        String path = tableCatalog.viewPath(ref.commitId(), viewName.getTableName()).orElseThrow(() -> new ViewNotFoundException(viewName));
        byte[] content = view.toJson();
        if (lakeFs.getObject(ref.commitId(), path).map(old -> Arrays.equals(old, content)).orElse(false)) {
            // nothing changes: no commit
            return;
        }
        commitChange(session, ref, ref.commitId(), StoredView.VIEWS_PREFIX, statement, branch -> lakeFs.uploadObject(branch, path, content));
    }

    /**
     * Fails when another table or view of the branch has the name (names are compared lower-cased,
     * as Trino and the descriptors have them).
     */
    private void checkNameFree(ResolvedRef ref, SchemaTableName name, String action)
    {
        String lowerCase = name.getTableName().toLowerCase(Locale.ENGLISH);
        if (tableCatalog.listTableNames(ref.commitId()).contains(lowerCase)) {
            throw new TrinoException(DATAMESH_NAME_COLLISION, "Cannot %s: table '%s' already exists on branch '%s' of lakeFS repository '%s'".formatted(action, name, ref.name(), tableCatalog.repositoryName()));
        }
        if (tableCatalog.listViewNames(ref.commitId()).contains(lowerCase)) {
            throw new TrinoException(DATAMESH_NAME_COLLISION, "Cannot %s: view '%s' already exists on branch '%s' of lakeFS repository '%s'".formatted(action, name, ref.name(), tableCatalog.repositoryName()));
        }
    }

    /**
     * The table's descriptor, to change: as stored at the handle's commit, or a new one for a
     * directory of Parquet files.
     */
    private DescriptorEditor editDescriptor(DatameshTableHandle handle, TableDefinition table)
    {
        Optional<byte[]> content = table.descriptor().map(descriptor -> lakeFs.getObject(handle.commitId(), descriptor.descriptorPath())
                .orElseThrow(() -> new TrinoException(DATAMESH_COMMIT_GONE, "Table descriptor '%s' of lakeFS repository '%s' cannot be read at commit %s"
                        .formatted(descriptor.descriptorPath(), tableCatalog.repositoryName(), handle.commitId()))));
        return DescriptorEditor.edit(table, content);
    }

    /**
     * Writes the changed descriptor in one commit; a statement that changes nothing (the same
     * comment again) makes no commit.
     */
    private void updateDescriptor(ConnectorSession session, DatameshTableHandle handle, TableDefinition table, DescriptorEditor editor, String statement)
    {
        byte[] descriptor = editor.toYaml();
        String path = descriptorPath(table);
        if (table.descriptor().isPresent() && lakeFs.getObject(handle.commitId(), path).map(old -> Arrays.equals(old, descriptor)).orElse(false)) {
            return;
        }
        commitChange(session, handle.ref(), handle.commitId(), table.path(), statement, branch -> lakeFs.uploadObject(branch, path, descriptor));
    }

    private static String descriptorPath(TableDefinition table)
    {
        return table.descriptor().map(TableDescriptor::descriptorPath).orElseGet(() -> DescriptorWriter.descriptorPath(table.name()));
    }

    /**
     * Makes a metadata change one commit of the branch: staged on a transaction branch from
     * {@code baseCommit}, committed and merged, or dropped when it fails.
     */
    private String commitChange(ConnectorSession session, ResolvedRef ref, String baseCommit, String path, String statement, Consumer<String> change)
    {
        WriteTransaction transaction = beginWrite(session, ref.name(), baseCommit, path);
        try {
            change.accept(transaction.transactionBranch());
        }
        catch (RuntimeException e) {
            writeTransactions.abort(transaction, session.getIdentity());
            openWrites.remove(transaction);
            throw e;
        }
        return finishWrite(session, transaction, statement);
    }

    /**
     * The table a CREATE OR REPLACE TABLE replaces, if there is one.
     */
    private Optional<TableDefinition> replacedTable(ConnectorSession session, ResolvedRef ref, SchemaTableName name, boolean replace)
    {
        if (!replace) {
            return Optional.empty();
        }
        return tableCatalog.getTable(session, ref.commitId(), name.getTableName());
    }

    /**
     * Deletes, on the statement's transaction branch, the objects of the table it replaces and its
     * descriptor; the commits before keep them.
     */
    private void deleteReplacedTable(WriteTransaction transaction, TableDefinition replaced, SchemaTableName name)
    {
        ImmutableList.Builder<String> paths = ImmutableList.builder();
        lakeFs.objects(transaction.baseCommit(), replaced.path()).forEachRemaining(object -> paths.add(object.path()));
        replaced.descriptor().map(TableDescriptor::descriptorPath)
                .filter(path -> !path.equals(DescriptorWriter.descriptorPath(name.getTableName())))
                .ifPresent(paths::add);
        List<String> deleted = paths.build();
        if (!deleted.isEmpty()) {
            lakeFs.deleteObjects(transaction.transactionBranch(), deleted);
        }
    }

    @Override
    public Optional<ConnectorTableHandle> applyDelete(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        // whole files only: the predicate is decided per file (partition keys, $path), nothing is left for the rows
        if (!handle.unenforcedPredicate().isAll() || handle.limit().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(handle);
    }

    @Override
    public OptionalLong executeDelete(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        writeTransactions.checkWritable(handle.schemaName(), handle.ref());
        TableDefinition table = table(session, handle);
        if (table.descriptor().isEmpty()) {
            throw new TrinoException(DATAMESH_UNSUPPORTED_WRITE, "Table '%s' is a directory of Parquet files ('%s') that no table descriptor declares, so its rows cannot be deleted; declare it with a descriptor (_lakefs_tables/%s.yaml) first"
                    .formatted(handle.schemaTableName(), table.path(), handle.tableName()));
        }
        List<DataFile> files = dataFiles(handle).stream()
                .filter(file -> FileValues.of(file, handle.partitionColumns()).matches(handle.enforcedPredicate()))
                .collect(toImmutableList());
        if (files.isEmpty()) {
            return OptionalLong.of(0);
        }
        long rows = tableCatalog.summaries(session, handle.commitId(), files).values().stream().mapToLong(FileSummary::rowCount).sum();
        WriteTransaction transaction = beginWrite(session, handle.ref().name(), handle.commitId(), table.path());
        lakeFs.deleteObjects(transaction.transactionBranch(), files.stream().map(file -> file.object().path()).collect(toImmutableList()));
        finishWrite(session, transaction, "DELETE FROM " + handle.schemaTableName());
        return OptionalLong.of(rows);
    }

    @Override
    public void truncateTable(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        // its files go in one commit; the descriptor stays
        executeDelete(session, handle.withPredicates(TupleDomain.all(), TupleDomain.all()));
    }

    @Override
    public RowChangeParadigm getRowChangeParadigm(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        return RowChangeParadigm.DELETE_ROW_AND_INSERT_ROW;
    }

    @Override
    public ColumnHandle getMergeRowIdColumnHandle(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        return DatameshColumnHandle.ROW_ID_COLUMN;
    }

    @Override
    public Optional<ConnectorPartitioningHandle> getUpdateLayout(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        // every change of a file to one merge sink, which rewrites the file once
        return Optional.of(DatameshUpdatePartitioning.INSTANCE);
    }

    @Override
    public ConnectorMergeTableHandle beginMerge(ConnectorSession session, ConnectorTableHandle tableHandle, Map<Integer, Collection<ColumnHandle>> updateCaseColumns, RetryMode retryMode)
    {
        checkRetryMode(retryMode);
        DatameshTableHandle handle = (DatameshTableHandle) tableHandle;
        writeTransactions.checkWritable(handle.schemaName(), handle.ref());
        TableDefinition table = table(session, handle);
        if (table.descriptor().isEmpty()) {
            throw new TrinoException(DATAMESH_UNSUPPORTED_WRITE, ("Table '%s' is a directory of Parquet files ('%s') that no table descriptor declares, so its rows cannot be changed; " +
                    "declare it with a descriptor (_lakefs_tables/%s.yaml) first")
                    .formatted(handle.schemaTableName(), table.path(), handle.tableName()));
        }
        // the SPI does not say which statement this is: without update cases it deletes; one update
        // case is an UPDATE or a MERGE with one WHEN ... UPDATE clause
        String statement = switch (updateCaseColumns.size()) {
            case 0 -> "DELETE FROM ";
            case 1 -> "UPDATE or MERGE INTO ";
            default -> "MERGE INTO ";
        } + handle.schemaTableName();
        WriteTransaction transaction = beginWrite(session, handle.ref().name(), handle.commitId(), table.path());
        List<DatameshColumnHandle> columns = columnHandles(table).stream().filter(column -> !column.isHidden()).collect(toImmutableList());
        DatameshWriteHandle writeHandle = new DatameshWriteHandle(handle.schemaName(), handle.tableName(), transaction, table.path(), columns, handle.partitionColumnNames(), Optional.empty(), statement);
        return new DatameshMergeHandle(handle, writeHandle, statement);
    }

    @Override
    public void finishMerge(ConnectorSession session, ConnectorMergeTableHandle mergeTableHandle, List<ConnectorTableHandle> sourceTableHandles, Collection<Slice> fragments, Collection<ComputedStatistics> computedStatistics)
    {
        DatameshMergeHandle handle = (DatameshMergeHandle) mergeTableHandle;
        WriteTransaction transaction = handle.writeHandle().transaction();
        if (fragments.isEmpty() && !hasUncommittedChanges(transaction)) {
            // nothing matched: no commit
            writeTransactions.abort(transaction, session.getIdentity());
            openWrites.remove(transaction);
            return;
        }
        finishWrite(session, transaction, handle.statement());
    }

    private boolean hasUncommittedChanges(WriteTransaction transaction)
    {
        // a statement that only deleted files stages deletions: the transaction branch lists fewer objects than its base
        Iterator<LakeFsObject> before = lakeFs.objects(transaction.baseCommit(), transaction.tablePath());
        Iterator<LakeFsObject> after = lakeFs.objects(transaction.transactionBranch(), transaction.tablePath());
        while (before.hasNext() && after.hasNext()) {
            if (!before.next().equals(after.next())) {
                return true;
            }
        }
        return before.hasNext() != after.hasNext();
    }

    /**
     * Aborts the writes of this transaction that did not finish: their transaction branches go.
     */
    void abortUnfinishedWrites()
    {
        for (Map.Entry<WriteTransaction, ConnectorIdentity> write : ImmutableList.copyOf(openWrites.entrySet())) {
            writeTransactions.abort(write.getKey(), write.getValue());
            openWrites.remove(write.getKey());
        }
    }

    @Override
    public void cleanupQuery(ConnectorSession session)
    {
        abortUnfinishedWrites();
    }

    private WriteTransaction beginWrite(ConnectorSession session, String branch, String baseCommit, String tablePath)
    {
        WriteTransaction transaction = writeTransactions.begin(session, branch, baseCommit, tablePath);
        openWrites.put(transaction, session.getIdentity());
        return transaction;
    }

    private String finishWrite(ConnectorSession session, WriteTransaction transaction, String statement)
    {
        try {
            return writeTransactions.finish(session, transaction, statement);
        }
        finally {
            openWrites.remove(transaction);
            // the next statement reads what this one wrote, even with datamesh.ref-cache-ttl
            refResolver.invalidate();
        }
    }

    private ResolvedRef writableSchema(String schemaName)
    {
        ResolvedRef ref = resolveSchema(schemaName).orElseThrow(() -> schemaNotFound(schemaName));
        writeTransactions.checkWritable(schemaName, ref);
        return ref;
    }

    private static void checkRetryMode(RetryMode retryMode)
    {
        if (retryMode != RetryMode.NO_RETRIES) {
            throw new TrinoException(NOT_SUPPORTED, "This connector does not support query retries for writes (retry-policy=%s); each statement is already one atomic lakeFS commit".formatted(retryMode));
        }
    }

    /**
     * Checks a new table and describes it: its directory (empty), its columns (of types a
     * descriptor can declare), its partition columns (the last columns) and its descriptor.
     */
    private NewTable newTable(ConnectorSession session, ResolvedRef ref, ConnectorTableMetadata tableMetadata, Optional<TableDefinition> replaced)
    {
        SchemaTableName name = tableMetadata.getTable();
        if (replaced.isEmpty() && tableCatalog.listTableNames(ref.commitId()).contains(name.getTableName())) {
            throw new TrinoException(TABLE_ALREADY_EXISTS, "Table '%s' already exists on branch '%s' of lakeFS repository '%s'".formatted(name, ref.name(), tableCatalog.repositoryName()));
        }
        if (tableCatalog.listViewNames(ref.commitId()).contains(name.getTableName())) {
            throw new TrinoException(DATAMESH_NAME_COLLISION, "Cannot create table '%s': view '%s' exists on branch '%s' of lakeFS repository '%s'".formatted(name, name, ref.name(), tableCatalog.repositoryName()));
        }
        String path = DatameshTableProperties.location(tableMetadata.getProperties(), name.getTableName());
        // the objects of a replaced table go in the same commit
        Optional<String> replacedPath = replaced.map(TableDefinition::path);
        if (tableMetadata.getProperties().get(DatameshTableProperties.LOCATION) == null && !replacedPath.equals(Optional.of(path)) && tableCatalog.declaredDirectories(ref.commitId()).contains(path)) {
            // a renamed table keeps its directory: a new table of its old name gets a directory of its own
            path = "%s-%s/".formatted(name.getTableName(), HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        }
        if (Iterators.any(lakeFs.objects(ref.commitId(), path), object -> replacedPath.isEmpty() || !object.path().startsWith(replacedPath.orElseThrow()))) {
            throw new TrinoException(DATAMESH_DIRECTORY_NOT_EMPTY, "Cannot create table '%s': directory '%s' of branch '%s' of lakeFS repository '%s' already holds objects; choose another name or WITH (location = '...')"
                    .formatted(name, path, ref.name(), tableCatalog.repositoryName()));
        }
        List<ColumnMetadata> columns = tableMetadata.getColumns().stream().filter(column -> !column.isHidden()).collect(toImmutableList());
        List<String> partitionColumns = DatameshTableProperties.partitionedBy(tableMetadata.getProperties());
        List<String> names = columns.stream().map(ColumnMetadata::getName).collect(toImmutableList());
        for (String partitionColumn : partitionColumns) {
            if (!names.contains(partitionColumn)) {
                throw new TrinoException(DATAMESH_INVALID_PROPERTY, "Partition column '%s' of table '%s' is not one of its columns %s".formatted(partitionColumn, name, names));
            }
        }
        if (!partitionColumns.isEmpty() && !names.subList(names.size() - partitionColumns.size(), names.size()).equals(partitionColumns)) {
            throw new TrinoException(DATAMESH_INVALID_PROPERTY, "Partition columns %s of table '%s' must be its last columns, in that order (as in Hive); the columns are %s".formatted(partitionColumns, name, names));
        }
        if (partitionColumns.size() == names.size()) {
            throw new TrinoException(DATAMESH_INVALID_PROPERTY, "Table '%s' needs at least one column that is not a partition column".formatted(name));
        }
        ImmutableList.Builder<ColumnDefinition> definitions = ImmutableList.builder();
        ImmutableList.Builder<DatameshColumnHandle> handles = ImmutableList.builder();
        for (ColumnMetadata column : columns) {
            if (!DescriptorWriter.isSupported(column.getType())) {
                throw new TrinoException(DATAMESH_UNSUPPORTED_TYPE, "Column '%s' of table '%s' has type %s, which this connector cannot write".formatted(column.getName(), name, column.getType().getDisplayName()));
            }
            boolean partition = partitionColumns.contains(column.getName());
            if (partition && !PartitionDirectories.isSupported(column.getType())) {
                throw new TrinoException(DATAMESH_INVALID_PROPERTY, "Column '%s' of table '%s' has type %s, which cannot partition a table (use a string, integer, decimal, boolean or date column)"
                        .formatted(column.getName(), name, column.getType().getDisplayName()));
            }
            definitions.add(new ColumnDefinition(column.getName(), column.getType(), column.getComment()));
            handles.add(new DatameshColumnHandle(column.getName(), column.getType(), partition ? DatameshColumnHandle.Kind.PARTITION_KEY : DatameshColumnHandle.Kind.REGULAR));
        }
        byte[] descriptor = DescriptorWriter.write(name.getTableName(), path, definitions.build(), partitionColumns, tableMetadata.getComment(), ImmutableList.of(session.getUser()), ImmutableList.of());
        return new NewTable(path, handles.build(), partitionColumns, descriptor);
    }

    private record NewTable(String path, List<DatameshColumnHandle> columns, List<String> partitionColumns, byte[] descriptor) {}

    /**
     * What event listeners learn of a write: the table as it is after the statement, at the commit
     * the statement made (the lineage output's version).
     */
    private ConnectorOutputMetadata outputMetadata(ConnectorSession session, DatameshWriteHandle handle, String commit)
    {
        List<DatameshTableInfo.Column> columns = handle.columns().stream()
                .map(column -> new DatameshTableInfo.Column(column.name(), column.type().getDisplayName(), Optional.empty()))
                .collect(toImmutableList());
        DatameshTableInfo info = new DatameshTableInfo(
                DatameshConnectorFactory.CONNECTOR_NAME,
                tableCatalog.repositoryName(),
                handle.transaction().branch(),
                "branch",
                commit,
                handle.tablePath(),
                "lakefs://%s/%s/%s".formatted(tableCatalog.repositoryName(), commit, handle.tablePath()),
                tableCatalog.repository().storageNamespace(),
                "parquet",
                Optional.of(DescriptorWriter.descriptorPath(handle.tableName())),
                Optional.empty(),
                ImmutableList.of(),
                ImmutableList.of(),
                columns);
        return () -> info;
    }

    private static Map<String, Object> tableProperties(TableDefinition table)
    {
        ImmutableMap.Builder<String, Object> properties = ImmutableMap.builder();
        if (!table.partitionColumns().isEmpty()) {
            properties.put(DatameshTableProperties.PARTITIONED_BY, table.partitionColumnNames());
        }
        if (!table.path().equals(table.name() + "/")) {
            properties.put(DatameshTableProperties.LOCATION, table.path());
        }
        return properties.buildOrThrow();
    }

    private TableDefinition table(ConnectorSession session, DatameshTableHandle handle)
    {
        return tableCatalog.getTable(session, handle.commitId(), handle.tableName())
                .orElseThrow(() -> new TrinoException(DATAMESH_REF_NOT_FOUND, "Table '%s' no longer exists at commit %s".formatted(handle.schemaTableName(), handle.commitId())));
    }

    static List<DatameshColumnHandle> partitionHandles(TableDefinition table)
    {
        return table.partitionColumns().stream()
                .map(column -> new DatameshColumnHandle(column.name(), column.type(), DatameshColumnHandle.Kind.PARTITION_KEY))
                .collect(toImmutableList());
    }

    private static List<DatameshColumnHandle> columnHandles(TableDefinition table)
    {
        ImmutableList.Builder<DatameshColumnHandle> columns = ImmutableList.builder();
        for (ColumnDefinition column : table.dataColumns()) {
            columns.add(new DatameshColumnHandle(column.name(), column.type(), DatameshColumnHandle.Kind.REGULAR));
        }
        columns.addAll(partitionHandles(table));
        columns.add(DatameshColumnHandle.PATH_COLUMN);
        columns.add(DatameshColumnHandle.FILE_SIZE_COLUMN);
        return columns.build();
    }

    private static List<ColumnMetadata> columnsMetadata(TableDefinition table)
    {
        Map<String, Optional<String>> comments = new LinkedHashMap<>();
        table.columns().forEach(column -> comments.put(column.name(), column.comment()));
        return columnHandles(table).stream()
                .map(column -> column.toColumnMetadata(comments.getOrDefault(column.name(), Optional.empty())))
                .collect(toImmutableList());
    }

    /**
     * The commit of each schema of a listing: the named one, or every schema the ref listing shows
     * (resolved from that one listing, with no lakeFS call per schema). A schema that cannot be
     * resolved (two refs map to its name) is left out of a listing of all schemas, and fails with
     * its reason when named. The tables of the distinct commits are discovered in parallel, once
     * per commit however many refs point at it.
     */
    private Map<String, String> schemaCommits(Optional<String> schemaName)
    {
        Map<String, String> commits = new LinkedHashMap<>();
        if (schemaName.isPresent()) {
            resolveSchema(schemaName.orElseThrow()).ifPresent(ref -> commits.put(schemaName.orElseThrow(), ref.commitId()));
            return commits;
        }
        refResolver.listedSchemas(refListing.get()).entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> {
                    try {
                        ResolvedRef ref = entry.getValue().get();
                        resolvedSchemas.putIfAbsent(entry.getKey(), Optional.of(ref));
                        commits.put(entry.getKey(), ref.commitId());
                    }
                    catch (TrinoException e) {
                        log.debug(e, "Leaving schema %s out of a listing", entry.getKey());
                    }
                });
        tableCatalog.discoverTables(ImmutableSet.copyOf(commits.values()));
        return commits;
    }

    /**
     * For access control: the tables of a schema as discovered at the commit this transaction
     * reads, or empty when there is no such schema.
     */
    public Optional<Map<String, TableEntry>> tableEntries(String schemaName)
    {
        return resolveSchema(schemaName).map(ref -> tableCatalog.tableEntries(ref.commitId()));
    }

    /**
     * For access control: the repository's default branch, whose descriptors name the domain's owners.
     */
    public String defaultBranch()
    {
        return tableCatalog.repository().defaultBranch();
    }

    Optional<ResolvedRef> resolveSchema(String schemaName)
    {
        Optional<ResolvedRef> cached = resolvedSchemas.get(schemaName);
        if (cached != null) {
            return cached;
        }
        Optional<ResolvedRef> resolved = refResolver.resolveSchema(schemaName, refListing);
        resolvedSchemas.putIfAbsent(schemaName, resolved);
        return resolvedSchemas.get(schemaName);
    }

    private ResolvedRef resolveVersion(ConnectorSession session, ResolvedRef schemaRef, ConnectorTableVersion version)
    {
        return switch (version.getPointerType()) {
            case TARGET_ID -> {
                if (!(version.getVersionType() instanceof VarcharType)) {
                    throw new TrinoException(INVALID_ARGUMENTS, "FOR VERSION AS OF takes a branch, tag or commit ID as a string, such as FOR VERSION AS OF 'v1'; got a value of type %s"
                            .formatted(version.getVersionType().getDisplayName()));
                }
                String name = ((Slice) version.getVersion()).toStringUtf8();
                yield resolvedVersions.computeIfAbsent(name, value -> refResolver.resolveVersion(value, refListing));
            }
            case TEMPORAL -> {
                Instant pointInTime = toInstant(session, version.getVersionType(), version.getVersion());
                yield commitAt(schemaRef, pointInTime);
            }
        };
    }

    /**
     * The latest commit of the schema's ref made at or before {@code pointInTime}.
     */
    private ResolvedRef commitAt(ResolvedRef schemaRef, Instant pointInTime)
    {
        for (Iterator<LakeFsCommit> commits = lakeFs.commits(schemaRef.commitId(), List.of()); commits.hasNext(); ) {
            LakeFsCommit commit = commits.next();
            if (!commit.creationDate().isAfter(pointInTime)) {
                return new ResolvedRef(commit.id(), ResolvedRef.Kind.COMMIT, commit.id());
            }
        }
        throw new TrinoException(DATAMESH_NO_COMMIT_AT_TIME, "%s '%s' of lakeFS repository '%s' has no commit at or before %s"
                .formatted(schemaRef.kind().name().toLowerCase(Locale.ENGLISH), schemaRef.name(), tableCatalog.repositoryName(), pointInTime));
    }

    private static Instant toInstant(ConnectorSession session, Type type, Object value)
    {
        ZoneId zone = session.getTimeZoneKey().getZoneId();
        if (type instanceof TimestampWithTimeZoneType timestampWithTimeZone) {
            long millis = timestampWithTimeZone.isShort() ? unpackMillisUtc((long) value) : ((LongTimestampWithTimeZone) value).getEpochMillis();
            return Instant.ofEpochMilli(millis);
        }
        if (type instanceof TimestampType timestamp) {
            long micros = timestamp.isShort() ? (long) value : ((LongTimestamp) value).getEpochMicros();
            LocalDateTime local = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000), (int) Math.floorMod(micros, 1_000_000) * 1000, ZoneOffset.UTC);
            return local.atZone(zone).toInstant();
        }
        if (type instanceof DateType) {
            return LocalDate.ofEpochDay((long) value).atStartOfDay(zone).toInstant();
        }
        throw new TrinoException(INVALID_ARGUMENTS, "FOR TIMESTAMP AS OF takes a timestamp; got a value of type " + type.getDisplayName());
    }

    private SchemaNotFoundException schemaNotFound(String schemaName)
    {
        return new SchemaNotFoundException(schemaName, "Schema '%s' does not exist: lakeFS repository '%s' has no branch, tag or commit '%s'".formatted(schemaName, tableCatalog.repositoryName(), schemaName));
    }
}
