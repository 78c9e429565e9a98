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
package dev.trinodatamesh.connector.table;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.inject.Inject;
import dev.trinodatamesh.connector.DatameshConfig;
import dev.trinodatamesh.connector.ForDatameshMetadata;
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import dev.trinodatamesh.connector.lakefs.LakeFsObject;
import dev.trinodatamesh.connector.lakefs.LakeFsObjectPage;
import dev.trinodatamesh.connector.lakefs.LakeFsRepository;
import dev.trinodatamesh.connector.parquet.DataFileErrors;
import dev.trinodatamesh.connector.parquet.DataFileErrors.DataFileName;
import dev.trinodatamesh.connector.parquet.FileSummary;
import dev.trinodatamesh.connector.parquet.FileSummary.FileColumn;
import dev.trinodatamesh.connector.parquet.ParquetFooters;
import dev.trinodatamesh.connector.parquet.ParquetReaderConfig;
import dev.trinodatamesh.connector.parquet.TrinoInputParquetDataSource;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.parquet.ParquetReaderOptions;
import io.trino.plugin.base.metrics.FileFormatDataSourceStats;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

import static com.google.common.base.Throwables.throwIfUnchecked;
import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.util.concurrent.Futures.allAsList;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_AMBIGUOUS_TABLE;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_LIMIT_EXCEEDED;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_SCHEMA_MISMATCH;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_UNSUPPORTED_TYPE;
import static dev.trinodatamesh.connector.table.DescriptorParser.DESCRIPTORS_PREFIX;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * The data products of a repository at one commit, all cached by commit ID:
 * <ul>
 * <li>tables declared by descriptors under {@code _lakefs_tables/}, and top-level directories that
 * hold Parquet files and no descriptor covers;</li>
 * <li>each table's data files, with their Hive-style partition values;</li>
 * <li>each table's columns: from its descriptor, else merged by name from the files' footers.</li>
 * </ul>
 */
public class TableCatalog
{
    private final LakeFsClient lakeFs;
    private final SnapshotCache cache;
    private final DescriptorParser descriptorParser;
    private final ParquetFooters footers;
    private final TrinoFileSystemFactory fileSystemFactory;
    private final FileFormatDataSourceStats dataSourceStats;
    private final ParquetReaderOptions readerOptions;
    private final ListeningExecutorService executor;
    private final int metadataParallelism;
    private final int maxFilesPerTable;

    @Inject
    public TableCatalog(
            LakeFsClient lakeFs,
            SnapshotCache cache,
            ParquetFooters footers,
            TrinoFileSystemFactory fileSystemFactory,
            FileFormatDataSourceStats dataSourceStats,
            ParquetReaderConfig readerConfig,
            TypeManager typeManager,
            @ForDatameshMetadata ListeningExecutorService executor,
            DatameshConfig config)
    {
        this.lakeFs = requireNonNull(lakeFs, "lakeFs is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.descriptorParser = new DescriptorParser(typeManager.getTypeOperators());
        this.footers = requireNonNull(footers, "footers is null");
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.dataSourceStats = requireNonNull(dataSourceStats, "dataSourceStats is null");
        this.readerOptions = readerConfig.toParquetReaderOptions();
        this.executor = requireNonNull(executor, "executor is null");
        this.metadataParallelism = config.getMetadataParallelism();
        this.maxFilesPerTable = config.getMaxFilesPerTable();
    }

    public String repositoryName()
    {
        return lakeFs.repositoryName();
    }

    /**
     * The repository's storage namespace, such as {@code s3://bucket/sales}: where lakeFS keeps the
     * objects of its commits.
     */
    public LakeFsRepository repository()
    {
        return cache.get(new RepositoryKey(), lakeFs::getRepository, _ -> 256);
    }

    public List<String> listTableNames(String commitId)
    {
        return tables(commitId).keySet().stream().sorted().collect(toImmutableList());
    }

    /**
     * The table named {@code tableName} at a commit, or empty when there is none. Fails with an
     * error naming the descriptor when its descriptor is invalid, and when two sources claim the name.
     */
    public Optional<TableDefinition> getTable(ConnectorSession session, String commitId, String tableName)
    {
        TableEntry entry = tables(commitId).get(tableName);
        if (entry == null) {
            return Optional.empty();
        }
        return Optional.of(cache.get(
                new DefinitionKey(commitId, tableName),
                () -> define(session, commitId, tableName, entry),
                TableDefinition::getRetainedSizeInBytes));
    }

    /**
     * The data files of a table at a commit, in path order.
     */
    public List<DataFile> listFiles(String commitId, TableDefinition table)
    {
        List<String> partitionNames = table.partitionColumns().stream().map(ColumnDefinition::name).collect(toImmutableList());
        return listFiles(commitId, table.path(), partitionNames);
    }

    /**
     * Footer summaries of data files, read in parallel and cached by physical address.
     */
    public Map<DataFile, FileSummary> summaries(ConnectorSession session, String commitId, List<DataFile> files)
    {
        TrinoFileSystem fileSystem = fileSystemFactory.create(session);
        Map<DataFile, FileSummary> result = new LinkedHashMap<>();
        List<DataFile> missing = new ArrayList<>();
        for (DataFile file : files) {
            FileSummary cached = cache.getIfPresent(summaryKey(file));
            if (cached != null) {
                result.put(file, cached);
            }
            else {
                missing.add(file);
            }
        }
        if (missing.isEmpty()) {
            return result;
        }
        List<ListenableFuture<FileSummary>> futures = new ArrayList<>();
        // bound the reads of this call; the executor is shared by all queries of the catalog
        Semaphore permits = new Semaphore(metadataParallelism);
        for (DataFile file : missing) {
            futures.add(executor.submit(() -> {
                permits.acquireUninterruptibly();
                try {
                    return summary(fileSystem, commitId, file);
                }
                finally {
                    permits.release();
                }
            }));
        }
        try {
            List<FileSummary> summaries = allAsList(futures).get();
            for (int i = 0; i < missing.size(); i++) {
                result.put(missing.get(i), summaries.get(i));
            }
        }
        catch (InterruptedException e) {
            futures.forEach(future -> future.cancel(true));
            Thread.currentThread().interrupt();
            throw new RuntimeException("Interrupted while reading Parquet footers", e);
        }
        catch (ExecutionException e) {
            futures.forEach(future -> future.cancel(true));
            throwIfUnchecked(e.getCause());
            throw new RuntimeException(e.getCause());
        }
        return result;
    }

    private FileSummary summary(TrinoFileSystem fileSystem, String commitId, DataFile file)
    {
        LakeFsObject object = file.object();
        return cache.get(summaryKey(file), () -> {
            try (TrinoInputParquetDataSource dataSource = new TrinoInputParquetDataSource(
                    fileSystem.newInputFile(Location.of(object.physicalAddress()), object.sizeBytes()), object.sizeBytes(), readerOptions, dataSourceStats)) {
                return footers.summarize(footers.read(dataSource, object.physicalAddress(), object.sizeBytes()));
            }
            catch (Exception e) {
                throw DataFileErrors.translate(e, new DataFileName(lakeFs.repositoryName(), commitId, object.path(), object.physicalAddress()));
            }
        }, FileSummary::getRetainedSizeInBytes);
    }

    private static SummaryKey summaryKey(DataFile file)
    {
        return new SummaryKey(file.object().physicalAddress(), file.object().sizeBytes());
    }

    private Map<String, TableEntry> tables(String commitId)
    {
        return cache.get(new TablesKey(commitId), () -> discoverTables(commitId), tables -> 256L * tables.size());
    }

    private Map<String, TableEntry> discoverTables(String commitId)
    {
        Map<String, List<TableEntry>> candidates = new LinkedHashMap<>();
        List<TableDescriptor> descriptors = new ArrayList<>();
        for (LakeFsObject object : listAll(commitId, DESCRIPTORS_PREFIX, Integer.MAX_VALUE)) {
            if (!DescriptorParser.isDescriptor(object.path())) {
                continue;
            }
            try {
                byte[] content = lakeFs.getObject(commitId, object.path())
                        .orElseThrow(() -> new IllegalStateException("descriptor listed but not readable: " + object.path()));
                TableDescriptor descriptor = descriptorParser.parse(object.path(), content);
                descriptors.add(descriptor);
                candidates.computeIfAbsent(descriptor.name(), _ -> new ArrayList<>()).add(new TableEntry.Declared(descriptor));
            }
            catch (TrinoException e) {
                // keep the table visible under its file name, and fail with the reason when it is used
                candidates.computeIfAbsent(DescriptorParser.nameFromPath(object.path()), _ -> new ArrayList<>())
                        .add(new TableEntry.Broken(object.path(), e.getErrorCode().getName(), e.getMessage()));
            }
        }

        LakeFsObjectPage root;
        Optional<String> after = Optional.empty();
        do {
            root = lakeFs.listObjects(commitId, "", Optional.of("/"), after, LakeFsClient.MAX_PAGE_SIZE);
            for (String directory : root.commonPrefixes()) {
                String name = directory.substring(0, directory.length() - 1);
                if (name.startsWith("_") || name.startsWith(".") || coveredByDescriptor(directory, descriptors)) {
                    continue;
                }
                if (holdsParquetFiles(commitId, directory)) {
                    candidates.computeIfAbsent(name.toLowerCase(Locale.ENGLISH), _ -> new ArrayList<>()).add(new TableEntry.Discovered(directory));
                }
            }
            after = root.nextOffset();
        }
        while (after.isPresent());

        ImmutableMap.Builder<String, TableEntry> tables = ImmutableMap.builder();
        candidates.forEach((name, entries) -> tables.put(name, entries.size() == 1 ? entries.getFirst() : new TableEntry.Ambiguous(entries.stream().map(TableEntry::source).collect(toImmutableList()))));
        return tables.buildOrThrow();
    }

    private static boolean coveredByDescriptor(String directory, List<TableDescriptor> descriptors)
    {
        return descriptors.stream().anyMatch(descriptor -> descriptor.path().startsWith(directory) || directory.startsWith(descriptor.path()));
    }

    private boolean holdsParquetFiles(String commitId, String directory)
    {
        Optional<String> after = Optional.empty();
        do {
            LakeFsObjectPage page = lakeFs.listObjects(commitId, directory, Optional.empty(), after, LakeFsClient.MAX_PAGE_SIZE);
            for (LakeFsObject object : page.objects()) {
                String relative = object.path().substring(directory.length());
                if (PartitionPaths.isDataFile(relative) && object.path().endsWith(".parquet")) {
                    return true;
                }
            }
            after = page.nextOffset();
        }
        while (after.isPresent());
        return false;
    }

    private TableDefinition define(ConnectorSession session, String commitId, String tableName, TableEntry entry)
    {
        return switch (entry) {
            case TableEntry.Broken broken -> throw new TrinoException(errorCode(broken.errorCode()), broken.message());
            case TableEntry.Ambiguous ambiguous -> throw new TrinoException(DATAMESH_AMBIGUOUS_TABLE,
                    "Table '%s' of lakeFS repository '%s' at commit %s is declared more than once: %s; give each a different name"
                            .formatted(tableName, lakeFs.repositoryName(), commitId, String.join(" and ", ambiguous.sources())));
            case TableEntry.Declared declared -> defineDeclared(session, commitId, tableName, declared.descriptor());
            case TableEntry.Discovered discovered -> defineFromFiles(session, commitId, tableName, discovered.directory(), Optional.empty(), Optional.empty());
        };
    }

    private TableDefinition defineDeclared(ConnectorSession session, String commitId, String tableName, TableDescriptor descriptor)
    {
        if (descriptor.columns().isEmpty()) {
            return defineFromFiles(session, commitId, tableName, descriptor.path(), Optional.of(descriptor.partitionColumns()), Optional.of(descriptor));
        }
        List<ColumnDefinition> columns = descriptor.columns().get();
        List<ColumnDefinition> partitionColumns = descriptor.partitionColumns().stream()
                .map(name -> columns.stream().filter(column -> column.name().equals(name)).findFirst().orElseThrow())
                .collect(toImmutableList());
        List<ColumnDefinition> dataColumns = columns.stream()
                .filter(column -> !descriptor.partitionColumns().contains(column.name()))
                .collect(toImmutableList());
        return new TableDefinition(tableName, descriptor.path(), Optional.of(descriptor), dataColumns, partitionColumns);
    }

    /**
     * Columns from the footers of all files, merged by name; partition columns from the paths,
     * typed by their values.
     */
    private TableDefinition defineFromFiles(ConnectorSession session, String commitId, String tableName, String path, Optional<List<String>> declaredPartitions, Optional<TableDescriptor> descriptor)
    {
        List<String> partitionNames = declaredPartitions.orElseGet(() -> discoverPartitionKeys(commitId, path));
        List<DataFile> files = listFiles(commitId, path, partitionNames);
        Map<DataFile, FileSummary> summaries = summaries(session, commitId, files);

        Map<String, MergedColumn> merged = new LinkedHashMap<>();
        for (Map.Entry<DataFile, FileSummary> entry : summaries.entrySet()) {
            String filePath = entry.getKey().object().path();
            for (FileColumn column : entry.getValue().columns()) {
                if (partitionNames.contains(column.name())) {
                    // the directory's value wins over a copy in the file
                    continue;
                }
                if (column.type().isEmpty()) {
                    throw new TrinoException(DATAMESH_UNSUPPORTED_TYPE, "Column '%s' of data file '%s' (table '%s' of lakeFS repository '%s') has a Parquet type Trino cannot read: %s"
                            .formatted(column.parquetName(), filePath, tableName, lakeFs.repositoryName(), column.typeDescription()));
                }
                Type type = column.type().get();
                MergedColumn existing = merged.get(column.name());
                if (existing == null) {
                    merged.put(column.name(), new MergedColumn(type, filePath));
                    continue;
                }
                Optional<Type> common = TypeWidening.commonType(existing.type(), type);
                if (common.isEmpty()) {
                    throw new TrinoException(DATAMESH_SCHEMA_MISMATCH, "Column '%s' of table '%s' has incompatible types in its data files: %s in '%s' and %s in '%s'"
                            .formatted(column.name(), tableName, existing.type().getDisplayName(), existing.firstFile(), type.getDisplayName(), filePath));
                }
                merged.put(column.name(), new MergedColumn(common.get(), existing.firstFile()));
            }
        }
        List<ColumnDefinition> dataColumns = merged.entrySet().stream()
                .map(entry -> new ColumnDefinition(entry.getKey(), entry.getValue().type(), Optional.empty()))
                .collect(toImmutableList());
        List<ColumnDefinition> partitionColumns = new ArrayList<>();
        for (int i = 0; i < partitionNames.size(); i++) {
            int index = i;
            partitionColumns.add(new ColumnDefinition(partitionNames.get(i), inferPartitionType(files.stream().map(file -> file.partitionValues().get(index)).toList()), Optional.empty()));
        }
        return new TableDefinition(tableName, path, descriptor, dataColumns, partitionColumns);
    }

    private List<String> discoverPartitionKeys(String commitId, String path)
    {
        List<String> keys = new ArrayList<>();
        for (LakeFsObject object : listAll(commitId, path, maxFilesPerTable)) {
            String relative = object.path().substring(path.length());
            if (!PartitionPaths.isDataFile(relative)) {
                continue;
            }
            for (PartitionPaths.KeyValue keyValue : PartitionPaths.keyValues(relative)) {
                if (!keys.contains(keyValue.key())) {
                    keys.add(keyValue.key());
                }
            }
        }
        return ImmutableList.copyOf(keys);
    }

    private List<DataFile> listFiles(String commitId, String path, List<String> partitionNames)
    {
        return cache.get(
                new FilesKey(commitId, path, partitionNames),
                () -> listAll(commitId, path, maxFilesPerTable).stream()
                        .filter(object -> PartitionPaths.isDataFile(object.path().substring(path.length())))
                        .map(object -> new DataFile(object, PartitionPaths.values(object.path().substring(path.length()), partitionNames)))
                        .collect(toImmutableList()),
                files -> files.stream().mapToLong(DataFile::getRetainedSizeInBytes).sum());
    }

    /**
     * Every object under a prefix (recursively without a delimiter), page after page.
     */
    private List<LakeFsObject> listAll(String commitId, String prefix, int limit)
    {
        return cache.get(new ListingKey(commitId, prefix), () -> {
            ImmutableList.Builder<LakeFsObject> objects = ImmutableList.builder();
            int count = 0;
            Optional<String> after = Optional.empty();
            do {
                LakeFsObjectPage page = lakeFs.listObjects(commitId, prefix, Optional.empty(), after, LakeFsClient.MAX_PAGE_SIZE);
                objects.addAll(page.objects());
                count += page.objects().size();
                if (count > limit) {
                    throw new TrinoException(DATAMESH_LIMIT_EXCEEDED, "Directory '%s' of lakeFS repository '%s' holds more than %s files at commit %s (datamesh.max-files-per-table)"
                            .formatted(prefix, lakeFs.repositoryName(), limit, commitId));
                }
                after = page.nextOffset();
            }
            while (after.isPresent());
            return objects.build();
        }, objects -> objects.stream().mapToLong(LakeFsObject::getRetainedSizeInBytes).sum());
    }

    /**
     * bigint when every value is an integer, date when every value is an ISO date, else varchar.
     */
    static Type inferPartitionType(List<Optional<String>> values)
    {
        List<String> present = values.stream().flatMap(Optional::stream).toList();
        if (present.isEmpty()) {
            return VARCHAR;
        }
        if (present.stream().allMatch(TableCatalog::isLong)) {
            return BIGINT;
        }
        if (present.stream().allMatch(TableCatalog::isDate)) {
            return DATE;
        }
        return VARCHAR;
    }

    private static boolean isLong(String value)
    {
        if (value.isEmpty() || value.length() > 19 || (value.length() > 1 && value.startsWith("0"))) {
            return false;
        }
        try {
            Long.parseLong(value);
            return true;
        }
        catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDate(String value)
    {
        if (value.length() != 10) {
            return false;
        }
        try {
            LocalDate.parse(value);
            return true;
        }
        catch (DateTimeParseException e) {
            return false;
        }
    }

    private static dev.trinodatamesh.connector.DatameshErrorCode errorCode(String name)
    {
        return dev.trinodatamesh.connector.DatameshErrorCode.valueOf(name);
    }

    private record MergedColumn(Type type, String firstFile) {}

    private record RepositoryKey() {}

    private record TablesKey(String commitId) {}

    private record DefinitionKey(String commitId, String table) {}

    private record ListingKey(String commitId, String prefix) {}

    private record FilesKey(String commitId, String path, List<String> partitionColumns) {}

    private record SummaryKey(String physicalAddress, long size) {}

    /**
     * What claims a table name at a commit.
     */
    private sealed interface TableEntry
    {
        String source();

        record Declared(TableDescriptor descriptor)
                implements TableEntry
        {
            @Override
            public String source()
            {
                return "descriptor '%s'".formatted(descriptor.descriptorPath());
            }
        }

        record Discovered(String directory)
                implements TableEntry
        {
            @Override
            public String source()
            {
                return "directory '%s'".formatted(directory);
            }
        }

        record Broken(String descriptorPath, String errorCode, String message)
                implements TableEntry
        {
            @Override
            public String source()
            {
                return "descriptor '%s'".formatted(descriptorPath);
            }
        }

        record Ambiguous(List<String> sources)
                implements TableEntry
        {
            @Override
            public String source()
            {
                return String.join(" and ", sources);
            }
        }
    }

}
