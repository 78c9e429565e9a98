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
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.collect.ImmutableMap;
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import dev.trinodatamesh.connector.lakefs.LakeFsObject;
import dev.trinodatamesh.connector.lakefs.LakeFsRepository;
import dev.trinodatamesh.connector.parquet.FileSummary;
import io.airlift.concurrent.BoundedExecutor;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.util.concurrent.Futures.submit;
import static com.google.common.util.concurrent.Futures.successfulAsList;
import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_AMBIGUOUS_TABLE;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_COMMIT_GONE;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_INVALID_VIEW;
import static java.util.Objects.requireNonNull;

/**
 * The data products of the catalog's repository, at any commit, as one transaction sees them:
 * which tables there are ({@link TableDiscovery}), their files ({@link FileListing}), their
 * footers' summaries ({@link FooterSummaries}) and, for tables without declared columns, their
 * columns ({@link SchemaInference}). Everything is keyed by commit ID or physical address and
 * loaded at most once per transaction (see {@link TableCatalogFactory}).
 */
public class TableCatalog
{
    private final LakeFsClient lakeFs;
    private final MetadataCache cache;
    private final TableDiscovery discovery;
    private final FileListing listing;
    private final FooterSummaries summaries;
    private final SchemaInference inference;
    private final Executor executor;
    private final int parallelism;
    private final int inferenceMaxFiles;

    TableCatalog(LakeFsClient lakeFs, MetadataCache cache, TableDiscovery discovery, FileListing listing, FooterSummaries summaries, SchemaInference inference, Executor executor, int parallelism, int inferenceMaxFiles)
    {
        checkArgument(inferenceMaxFiles > 0, "inferenceMaxFiles must be positive");
        this.inferenceMaxFiles = inferenceMaxFiles;
        this.executor = requireNonNull(executor, "executor is null");
        checkArgument(parallelism > 0, "parallelism must be positive");
        this.parallelism = parallelism;
        this.lakeFs = requireNonNull(lakeFs, "lakeFs is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.discovery = requireNonNull(discovery, "discovery is null");
        this.listing = requireNonNull(listing, "listing is null");
        this.summaries = requireNonNull(summaries, "summaries is null");
        this.inference = requireNonNull(inference, "inference is null");
    }

    public String repositoryName()
    {
        return lakeFs.repositoryName();
    }

    /**
     * The repository, with its storage namespace such as {@code s3://bucket/sales}: where lakeFS
     * keeps the objects of its commits.
     */
    public LakeFsRepository repository()
    {
        return repository(cache, lakeFs);
    }

    static LakeFsRepository repository(MetadataCache cache, LakeFsClient lakeFs)
    {
        return cache.get(new RepositoryKey(), lakeFs::getRepository, _ -> 256);
    }

    /**
     * Discovers the tables of these commits in parallel, so that the {@link #listTableNames} calls
     * that follow find them in the cache. A commit whose discovery fails is left for
     * {@link #listTableNames} to fail on.
     */
    public void discoverTables(Set<String> commitIds)
    {
        if (commitIds.size() <= 1) {
            return;
        }
        Executor bounded = new BoundedExecutor(executor, parallelism);
        List<ListenableFuture<?>> futures = new ArrayList<>(commitIds.size());
        for (String commitId : commitIds) {
            futures.add(submit(() -> discovery.tables(commitId), bounded));
        }
        try {
            successfulAsList(futures).get();
        }
        catch (InterruptedException e) {
            futures.forEach(future -> future.cancel(true));
            Thread.currentThread().interrupt();
            throw new RuntimeException("Interrupted while listing the tables of lakeFS repository " + lakeFs.repositoryName(), e);
        }
        catch (ExecutionException e) {
            // successfulAsList does not fail for a failed input
            throw new IllegalStateException(e);
        }
    }

    /**
     * The tables at a commit as discovered, without defining them: for policies, which need the
     * descriptors only.
     */
    public Map<String, TableEntry> tableEntries(String commitId)
    {
        return discovery.tables(commitId);
    }

    public List<String> listTableNames(String commitId)
    {
        return discovery.tables(commitId).keySet().stream().sorted().collect(toImmutableList());
    }

    /**
     * The directories that descriptors at a commit declare as tables' directories.
     */
    public Set<String> declaredDirectories(String commitId)
    {
        return discovery.tables(commitId).values().stream()
                .flatMap(entry -> entry instanceof TableEntry.Declared declared ? Stream.of(declared.descriptor().path()) : Stream.empty())
                .collect(toImmutableSet());
    }

    /**
     * The table named {@code tableName} at a commit, or empty when there is none. Fails with an
     * error naming the descriptor when its descriptor is invalid, and when two sources claim the name.
     */
    public Optional<TableDefinition> getTable(ConnectorSession session, String commitId, String tableName)
    {
        TableEntry entry = discovery.tables(commitId).get(tableName);
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
     *
     * @param path the table's directory
     * @param partitionColumns the table's partition columns, whose values the files' directories give
     */
    public List<DataFile> listFiles(String commitId, String path, List<String> partitionColumns)
    {
        return listing.dataFiles(commitId, path, partitionColumns);
    }

    /**
     * The footer summaries of data files of the commit, in their order.
     */
    public Map<DataFile, FileSummary> summaries(ConnectorSession session, String commitId, List<DataFile> files)
    {
        return summaries.summaries(session, commitId, files);
    }

    /**
     * The names of the views stored at a commit ({@link StoredView}), sorted.
     */
    public List<String> listViewNames(String commitId)
    {
        return views(commitId).keySet().stream().sorted().collect(toImmutableList());
    }

    /**
     * The view named {@code viewName} at a commit, or empty when there is none. Fails with an error
     * naming the file when its definition is invalid, and when two files define the name.
     */
    public Optional<StoredView> getView(String commitId, String viewName)
    {
        ViewFile file = views(commitId).get(viewName);
        if (file == null) {
            return Optional.empty();
        }
        if (file.failure().isPresent()) {
            TrinoException failure = file.failure().orElseThrow();
            throw new TrinoException(failure::getErrorCode, failure.getMessage(), failure);
        }
        return file.view();
    }

    /**
     * The file that defines the view named {@code viewName} at a commit, valid or not.
     */
    public Optional<String> viewPath(String commitId, String viewName)
    {
        return Optional.ofNullable(views(commitId).get(viewName)).map(ViewFile::path);
    }

    private Map<String, ViewFile> views(String commitId)
    {
        return cache.get(new ViewsKey(commitId), () -> discoverViews(commitId), views -> 1024L * views.size());
    }

    private Map<String, ViewFile> discoverViews(String commitId)
    {
        Map<String, List<ViewFile>> files = new LinkedHashMap<>();
        for (Iterator<LakeFsObject> objects = lakeFs.objects(commitId, StoredView.VIEWS_PREFIX); objects.hasNext(); ) {
            String path = objects.next().path();
            if (!StoredView.isViewFile(path)) {
                continue;
            }
            byte[] content = lakeFs.getObject(commitId, path)
                    .orElseThrow(() -> new TrinoException(DATAMESH_COMMIT_GONE, "View definition '%s' of lakeFS repository '%s' was listed at commit %s but cannot be read"
                            .formatted(path, lakeFs.repositoryName(), commitId)));
            ViewFile file;
            try {
                file = new ViewFile(path, Optional.of(StoredView.parse(path, content)), Optional.empty());
            }
            catch (TrinoException e) {
                // listed under its file name, failing with the reason when used
                file = new ViewFile(path, Optional.empty(), Optional.of(e));
            }
            files.computeIfAbsent(StoredView.nameFromPath(path), _ -> new ArrayList<>()).add(file);
        }
        ImmutableMap.Builder<String, ViewFile> views = ImmutableMap.builder();
        files.forEach((name, candidates) -> views.put(name, candidates.size() == 1 ? candidates.getFirst() : new ViewFile(
                candidates.getFirst().path(),
                Optional.empty(),
                Optional.of(new TrinoException(DATAMESH_INVALID_VIEW, "View '%s' of lakeFS repository '%s' at commit %s is defined more than once: %s"
                        .formatted(name, lakeFs.repositoryName(), commitId, candidates.stream().map(ViewFile::path).collect(toImmutableList())))))));
        return views.buildOrThrow();
    }

    private record ViewFile(String path, Optional<StoredView> view, Optional<TrinoException> failure) {}

    private TableDefinition define(ConnectorSession session, String commitId, String tableName, TableEntry entry)
    {
        return switch (entry) {
            case TableEntry.Broken broken -> throw new TrinoException(broken.failure()::getErrorCode, broken.failure().getMessage(), broken.failure());
            case TableEntry.Ambiguous ambiguous -> throw new TrinoException(DATAMESH_AMBIGUOUS_TABLE,
                    "Table '%s' of lakeFS repository '%s' at commit %s is declared more than once: %s; give each a different name"
                            .formatted(tableName, lakeFs.repositoryName(), commitId, ambiguous.source()));
            case TableEntry.Declared declared -> declared.descriptor().columns().isPresent()
                    ? fromDescriptor(tableName, declared.descriptor())
                    : fromFiles(session, commitId, tableName, declared.descriptor().path(), Optional.of(declared.descriptor()));
            case TableEntry.Discovered discovered -> fromFiles(session, commitId, tableName, discovered.directory(), Optional.empty());
        };
    }

    private static TableDefinition fromDescriptor(String tableName, TableDescriptor descriptor)
    {
        List<ColumnDefinition> columns = descriptor.columns().orElseThrow();
        List<ColumnDefinition> partitionColumns = descriptor.partitionColumns().stream()
                .map(name -> columns.stream().filter(column -> column.name().equals(name)).findFirst().orElseThrow())
                .collect(toImmutableList());
        List<ColumnDefinition> dataColumns = columns.stream()
                .filter(column -> !descriptor.partitionColumns().contains(column.name()))
                .collect(toImmutableList());
        return new TableDefinition(tableName, descriptor.path(), Optional.of(descriptor), dataColumns, partitionColumns);
    }

    private TableDefinition fromFiles(ConnectorSession session, String commitId, String tableName, String path, Optional<TableDescriptor> descriptor)
    {
        List<String> partitionColumns = descriptor.map(TableDescriptor::partitionColumns)
                .orElseGet(() -> listing.partitionKeys(commitId, path));
        List<DataFile> files = listing.dataFiles(commitId, path, partitionColumns);
        return inference.infer(tableName, path, descriptor, partitionColumns, files, summaries.summaries(session, commitId, sample(files, inferenceMaxFiles)));
    }

    /**
     * At most {@code size} of the files, spread evenly over them in path order, the first and the
     * last included: new columns usually arrive with new files, which sort last.
     */
    static List<DataFile> sample(List<DataFile> files, int size)
    {
        if (files.size() <= size) {
            return files;
        }
        if (size == 1) {
            return List.of(files.getLast());
        }
        ImmutableList.Builder<DataFile> sample = ImmutableList.builderWithExpectedSize(size);
        for (int i = 0; i < size; i++) {
            sample.add(files.get((int) ((long) i * (files.size() - 1) / (size - 1))));
        }
        return sample.build();
    }

    private record RepositoryKey() {}

    private record DefinitionKey(String commitId, String table) {}

    private record ViewsKey(String commitId) {}
}
