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
package dev.trinodatamesh.connector.write;

import com.google.inject.Inject;
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import dev.trinodatamesh.connector.parquet.ParquetPageSourceFactory;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.connector.ConnectorInsertTableHandle;
import io.trino.spi.connector.ConnectorMergeSink;
import io.trino.spi.connector.ConnectorMergeTableHandle;
import io.trino.spi.connector.ConnectorOutputTableHandle;
import io.trino.spi.connector.ConnectorPageSink;
import io.trino.spi.connector.ConnectorPageSinkId;
import io.trino.spi.connector.ConnectorPageSinkProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableCredentials;
import io.trino.spi.connector.ConnectorTransactionHandle;
import org.apache.parquet.format.CompressionCodec;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

public class DatameshPageSinkProvider
        implements ConnectorPageSinkProvider
{
    private final LakeFsClient lakeFs;
    private final TrinoFileSystemFactory fileSystemFactory;
    private final ParquetPageSourceFactory pageSourceFactory;
    private final ParquetWriterOptions options;
    private final CompressionCodec compression;
    private final long targetFileSize;
    private final int maxOpenFiles;

    @Inject
    public DatameshPageSinkProvider(LakeFsClient lakeFs, TrinoFileSystemFactory fileSystemFactory, ParquetPageSourceFactory pageSourceFactory, WriterConfig config)
    {
        this.lakeFs = requireNonNull(lakeFs, "lakeFs is null");
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.pageSourceFactory = requireNonNull(pageSourceFactory, "pageSourceFactory is null");
        this.options = ParquetWriterOptions.builder()
                .setMaxBlockSize(config.getBlockSize())
                .setMaxPageSize(config.getPageSize())
                .build();
        this.compression = switch (config.getCompression()) {
            case NONE -> CompressionCodec.UNCOMPRESSED;
            case SNAPPY -> CompressionCodec.SNAPPY;
            case GZIP -> CompressionCodec.GZIP;
            case LZ4 -> CompressionCodec.LZ4_RAW;
            case ZSTD -> CompressionCodec.ZSTD;
        };
        this.targetFileSize = config.getTargetFileSize().toBytes();
        this.maxOpenFiles = config.getMaxOpenFiles();
    }

    @Override
    public ConnectorPageSink createPageSink(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorOutputTableHandle outputTableHandle, Optional<ConnectorTableCredentials> tableCredentials, ConnectorPageSinkId pageSinkId)
    {
        return createPageSink(session, (DatameshWriteHandle) outputTableHandle);
    }

    @Override
    public ConnectorPageSink createPageSink(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorInsertTableHandle insertTableHandle, Optional<ConnectorTableCredentials> tableCredentials, ConnectorPageSinkId pageSinkId)
    {
        return createPageSink(session, (DatameshWriteHandle) insertTableHandle);
    }

    @Override
    public ConnectorMergeSink createMergeSink(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorMergeTableHandle mergeHandle, Optional<ConnectorTableCredentials> tableCredentials, ConnectorPageSinkId pageSinkId)
    {
        return new DatameshMergeSink(lakeFs, fileSystemFactory.create(session), session, pageSourceFactory, (DatameshMergeHandle) mergeHandle, options, compression, targetFileSize, maxOpenFiles);
    }

    private ConnectorPageSink createPageSink(ConnectorSession session, DatameshWriteHandle handle)
    {
        return new DatameshPageSink(lakeFs, fileSystemFactory.create(session), handle, session.getQueryId(), options, compression, targetFileSize, maxOpenFiles);
    }
}
