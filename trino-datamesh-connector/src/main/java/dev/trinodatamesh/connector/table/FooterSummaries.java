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

import com.google.common.util.concurrent.ListenableFuture;
import dev.trinodatamesh.connector.lakefs.LakeFsObject;
import dev.trinodatamesh.connector.parquet.DataFileErrors;
import dev.trinodatamesh.connector.parquet.DataFileErrors.DataFileName;
import dev.trinodatamesh.connector.parquet.FileSummary;
import dev.trinodatamesh.connector.parquet.ParquetFooters;
import dev.trinodatamesh.connector.parquet.TrinoInputParquetDataSource;
import io.airlift.concurrent.BoundedExecutor;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.parquet.ParquetReaderOptions;
import io.trino.plugin.base.metrics.FileFormatDataSourceStats;
import io.trino.spi.connector.ConnectorSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

import static com.google.common.base.Throwables.throwIfUnchecked;
import static com.google.common.util.concurrent.Futures.allAsList;
import static com.google.common.util.concurrent.Futures.submit;
import static java.util.Objects.requireNonNull;

/**
 * Summaries of data files' Parquet footers (columns, row counts, statistics), read in parallel on
 * a bounded number of the catalog's metadata threads and cached by physical address, which lakeFS
 * never rewrites.
 */
final class FooterSummaries
{
    private final String repository;
    private final MetadataCache cache;
    private final ParquetFooters footers;
    private final TrinoFileSystemFactory fileSystemFactory;
    private final FileFormatDataSourceStats dataSourceStats;
    private final ParquetReaderOptions readerOptions;
    private final Executor executor;
    private final int parallelism;

    FooterSummaries(
            String repository,
            MetadataCache cache,
            ParquetFooters footers,
            TrinoFileSystemFactory fileSystemFactory,
            FileFormatDataSourceStats dataSourceStats,
            ParquetReaderOptions readerOptions,
            Executor executor,
            int parallelism)
    {
        this.repository = requireNonNull(repository, "repository is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.footers = requireNonNull(footers, "footers is null");
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.dataSourceStats = requireNonNull(dataSourceStats, "dataSourceStats is null");
        this.readerOptions = requireNonNull(readerOptions, "readerOptions is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.parallelism = parallelism;
    }

    /**
     * The summaries of {@code files}, in their order. At most {@code datamesh.metadata-parallelism}
     * footers of one call are read at a time; a failure cancels the reads not started yet.
     */
    public Map<DataFile, FileSummary> summaries(ConnectorSession session, String commitId, List<DataFile> files)
    {
        Map<DataFile, FileSummary> result = new LinkedHashMap<>();
        List<DataFile> missing = new ArrayList<>();
        for (DataFile file : files) {
            FileSummary cached = cache.getIfPresent(new SummaryKey(file.object().physicalAddress(), file.object().sizeBytes()));
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
        TrinoFileSystem fileSystem = fileSystemFactory.create(session);
        if (missing.size() == 1) {
            result.put(missing.getFirst(), summary(fileSystem, commitId, missing.getFirst()));
            return result;
        }
        Executor bounded = new BoundedExecutor(executor, parallelism);
        List<ListenableFuture<FileSummary>> futures = new ArrayList<>(missing.size());
        for (DataFile file : missing) {
            futures.add(submit(() -> summary(fileSystem, commitId, file), bounded));
        }
        try {
            List<FileSummary> summaries = allAsList(futures).get();
            for (int i = 0; i < missing.size(); i++) {
                result.put(missing.get(i), summaries.get(i));
            }
            return result;
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
    }

    private FileSummary summary(TrinoFileSystem fileSystem, String commitId, DataFile file)
    {
        LakeFsObject object = file.object();
        return cache.get(new SummaryKey(object.physicalAddress(), object.sizeBytes()), () -> {
            try (TrinoInputParquetDataSource dataSource = new TrinoInputParquetDataSource(
                    fileSystem.newInputFile(Location.of(object.physicalAddress()), object.sizeBytes()), object.sizeBytes(), readerOptions, dataSourceStats)) {
                return footers.summarize(footers.read(dataSource, object.physicalAddress(), object.sizeBytes()));
            }
            catch (Exception e) {
                throw DataFileErrors.translate(e, new DataFileName(repository, commitId, object.path(), object.physicalAddress()));
            }
        }, FileSummary::getRetainedSizeInBytes);
    }

    private record SummaryKey(String physicalAddress, long size) {}
}
