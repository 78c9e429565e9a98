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

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import dev.trinodatamesh.connector.DatameshConfig;
import dev.trinodatamesh.connector.ForDatameshMetadata;
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import dev.trinodatamesh.connector.parquet.ParquetFooters;
import dev.trinodatamesh.connector.parquet.ParquetReaderConfig;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.parquet.ParquetReaderOptions;
import io.trino.plugin.base.metrics.FileFormatDataSourceStats;
import io.trino.spi.type.TypeManager;

import java.util.List;
import java.util.concurrent.ExecutorService;

import static java.util.Objects.requireNonNull;

/**
 * Makes the {@link TableCatalog} of each transaction: its parts share the catalog's bounded
 * {@link SnapshotCache} and a cache of the transaction's own, so that a query resolves each
 * table once, whatever the shared cache holds.
 */
public class TableCatalogFactory
{
    private final LakeFsClient lakeFs;
    private final SnapshotCache sharedCache;
    private final DescriptorParser descriptorParser;
    private final ParquetFooters footers;
    private final TrinoFileSystemFactory fileSystemFactory;
    private final FileFormatDataSourceStats dataSourceStats;
    private final ParquetReaderOptions readerOptions;
    private final ExecutorService executor;
    private final int metadataParallelism;
    private final int maxFilesPerTable;
    private final int inferenceMaxFiles;
    private final List<String> allowedPhysicalPrefixes;

    @Inject
    public TableCatalogFactory(
            LakeFsClient lakeFs,
            SnapshotCache sharedCache,
            ParquetFooters footers,
            TrinoFileSystemFactory fileSystemFactory,
            FileFormatDataSourceStats dataSourceStats,
            ParquetReaderConfig readerConfig,
            TypeManager typeManager,
            @ForDatameshMetadata ExecutorService executor,
            DatameshConfig config)
    {
        this.lakeFs = requireNonNull(lakeFs, "lakeFs is null");
        this.sharedCache = requireNonNull(sharedCache, "sharedCache is null");
        this.descriptorParser = new DescriptorParser(typeManager.getTypeOperators());
        this.footers = requireNonNull(footers, "footers is null");
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.dataSourceStats = requireNonNull(dataSourceStats, "dataSourceStats is null");
        this.readerOptions = readerConfig.toParquetReaderOptions();
        this.executor = requireNonNull(executor, "executor is null");
        this.metadataParallelism = config.getMetadataParallelism();
        this.maxFilesPerTable = config.getMaxFilesPerTable();
        this.inferenceMaxFiles = config.getSchemaInferenceMaxFiles();
        this.allowedPhysicalPrefixes = ImmutableList.copyOf(config.getAllowedPhysicalPrefixes());
    }

    public TableCatalog create()
    {
        MetadataCache cache = new QueryCache(sharedCache);
        String repository = lakeFs.repositoryName();
        return new TableCatalog(
                lakeFs,
                cache,
                new TableDiscovery(lakeFs, cache, descriptorParser),
                new FileListing(lakeFs, cache, maxFilesPerTable, new PhysicalAddresses(repository, Suppliers.memoize(() -> TableCatalog.repository(cache, lakeFs).storageNamespace()), allowedPhysicalPrefixes)),
                new FooterSummaries(repository, cache, footers, fileSystemFactory, dataSourceStats, readerOptions, executor, metadataParallelism),
                new SchemaInference(repository),
                executor,
                metadataParallelism,
                inferenceMaxFiles);
    }
}
