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

import com.google.inject.Binder;
import com.google.inject.Inject;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.trinodatamesh.connector.functions.DatameshFunctionProvider;
import dev.trinodatamesh.connector.functions.DiffFunctionProcessorProvider;
import dev.trinodatamesh.connector.functions.DiffTableFunction;
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import dev.trinodatamesh.connector.lakefs.LakeFsConfig;
import dev.trinodatamesh.connector.lakefs.LakeFsSdkClient;
import dev.trinodatamesh.connector.lakefs.LakeFsStats;
import dev.trinodatamesh.connector.lakefs.RefResolver;
import dev.trinodatamesh.connector.parquet.ParquetFooters;
import dev.trinodatamesh.connector.procedures.CleanupTransactionsProcedure;
import dev.trinodatamesh.connector.procedures.CreateBranchProcedure;
import dev.trinodatamesh.connector.procedures.CreateTagProcedure;
import dev.trinodatamesh.connector.procedures.DeleteBranchProcedure;
import dev.trinodatamesh.connector.procedures.DeleteTagProcedure;
import dev.trinodatamesh.connector.procedures.MergeProcedure;
import dev.trinodatamesh.connector.procedures.RevertProcedure;
import dev.trinodatamesh.connector.parquet.ParquetPageSourceFactory;
import dev.trinodatamesh.connector.parquet.PhysicalAddressCacheKeyProvider;
import dev.trinodatamesh.connector.parquet.ParquetReaderConfig;
import dev.trinodatamesh.connector.security.DatameshAccessControl;
import dev.trinodatamesh.connector.security.SecurityConfig;
import dev.trinodatamesh.connector.table.SnapshotCache;
import dev.trinodatamesh.connector.table.TableCatalogFactory;
import dev.trinodatamesh.connector.write.DatameshNodePartitioningProvider;
import dev.trinodatamesh.connector.write.DatameshPageSinkProvider;
import dev.trinodatamesh.connector.write.RefManager;
import dev.trinodatamesh.connector.write.WriteTransactions;
import dev.trinodatamesh.connector.write.WriterConfig;
import io.trino.filesystem.cache.CacheKeyProvider;
import io.trino.plugin.base.metrics.FileFormatDataSourceStats;
import io.trino.plugin.base.session.SessionPropertiesProvider;
import io.trino.spi.catalog.CatalogName;
import io.trino.spi.connector.ConnectorNodePartitioningProvider;
import io.trino.spi.connector.ConnectorPageSinkProvider;
import io.trino.spi.connector.ConnectorPageSourceProvider;
import io.trino.spi.connector.ConnectorSplitManager;
import io.trino.spi.function.FunctionProvider;
import io.trino.spi.function.table.ConnectorTableFunction;
import io.trino.spi.procedure.Procedure;
import jakarta.annotation.PreDestroy;

import java.util.concurrent.ExecutorService;

import static com.google.inject.multibindings.Multibinder.newSetBinder;
import static com.google.inject.multibindings.OptionalBinder.newOptionalBinder;
import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static io.airlift.configuration.ConfigBinder.configBinder;
import static java.util.concurrent.Executors.newCachedThreadPool;
import static org.weakref.jmx.guice.ExportBinder.newExporter;

public class DatameshModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(DatameshConfig.class);
        configBinder(binder).bindConfig(LakeFsConfig.class);
        configBinder(binder).bindConfig(ParquetReaderConfig.class);
        configBinder(binder).bindConfig(WriterConfig.class);
        configBinder(binder).bindConfig(SecurityConfig.class);

        binder.bind(LakeFsStats.class).in(Scopes.SINGLETON);
        newExporter(binder).export(LakeFsStats.class).withGeneratedName();
        binder.bind(LakeFsClient.class).to(LakeFsSdkClient.class).in(Scopes.SINGLETON);
        binder.bind(RefResolver.class).in(Scopes.SINGLETON);

        binder.bind(SnapshotCache.class).in(Scopes.SINGLETON);
        newExporter(binder).export(SnapshotCache.class).withGeneratedName();
        binder.bind(ParquetFooters.class).in(Scopes.SINGLETON);
        // fs.cache.enabled=true: Trino's file system cache, keyed by immutable physical address
        newOptionalBinder(binder, CacheKeyProvider.class).setBinding().to(PhysicalAddressCacheKeyProvider.class).in(Scopes.SINGLETON);
        newExporter(binder).export(ParquetFooters.class).withGeneratedName();
        binder.bind(TableCatalogFactory.class).in(Scopes.SINGLETON);
        binder.bind(ParquetPageSourceFactory.class).in(Scopes.SINGLETON);
        binder.bind(FileFormatDataSourceStats.class).in(Scopes.SINGLETON);
        newExporter(binder).export(FileFormatDataSourceStats.class).withGeneratedName();

        binder.bind(DatameshStatistics.class).in(Scopes.SINGLETON);
        newExporter(binder).export(DatameshStatistics.class).withGeneratedName();
        binder.bind(DatameshMetadataFactory.class).in(Scopes.SINGLETON);
        binder.bind(DatameshTransactionManager.class).in(Scopes.SINGLETON);
        binder.bind(ConnectorSplitManager.class).to(DatameshSplitManager.class).in(Scopes.SINGLETON);
        binder.bind(ConnectorPageSourceProvider.class).to(DatameshPageSourceProvider.class).in(Scopes.SINGLETON);
        binder.bind(WriteTransactions.class).in(Scopes.SINGLETON);
        binder.bind(RefManager.class).in(Scopes.SINGLETON);
        Multibinder<Procedure> procedures = newSetBinder(binder, Procedure.class);
        procedures.addBinding().toProvider(CreateBranchProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(DeleteBranchProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(CreateTagProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(DeleteTagProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(MergeProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(RevertProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(CleanupTransactionsProcedure.class).in(Scopes.SINGLETON);
        newSetBinder(binder, ConnectorTableFunction.class).addBinding().to(DiffTableFunction.class).in(Scopes.SINGLETON);
        binder.bind(DiffFunctionProcessorProvider.class).in(Scopes.SINGLETON);
        binder.bind(FunctionProvider.class).to(DatameshFunctionProvider.class).in(Scopes.SINGLETON);
        binder.bind(ConnectorPageSinkProvider.class).to(DatameshPageSinkProvider.class).in(Scopes.SINGLETON);
        binder.bind(ConnectorNodePartitioningProvider.class).to(DatameshNodePartitioningProvider.class).in(Scopes.SINGLETON);
        newSetBinder(binder, SessionPropertiesProvider.class).addBinding().to(DatameshSessionProperties.class).in(Scopes.SINGLETON);
        binder.bind(MetadataExecutor.class).in(Scopes.SINGLETON);
        binder.bind(DatameshAccessControl.class).in(Scopes.SINGLETON);
        binder.bind(DatameshConnector.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    @ForDatameshMetadata
    public static ExecutorService createMetadataExecutor(MetadataExecutor executor)
    {
        return executor.executor();
    }

    /**
     * The catalog's metadata threads (footer reads on the coordinator), shut down with the catalog.
     * Each use bounds its own parallelism ({@code datamesh.metadata-parallelism}), so a cold table
     * of many files takes that many threads, not one per file.
     */
    public static final class MetadataExecutor
    {
        private final ExecutorService executor;

        @Inject
        public MetadataExecutor(CatalogName catalogName)
        {
            this.executor = newCachedThreadPool(daemonThreadsNamed("datamesh-metadata-" + catalogName + "-%s"));
        }

        ExecutorService executor()
        {
            return executor;
        }

        @PreDestroy
        public void shutdown()
        {
            executor.shutdownNow();
        }
    }
}
