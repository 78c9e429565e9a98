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

import com.google.common.collect.ImmutableList;
import dev.trinodatamesh.connector.DatameshColumnHandle;
import dev.trinodatamesh.connector.FileValues;
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import dev.trinodatamesh.connector.lakefs.LakeFsStagingLocation;
import dev.trinodatamesh.connector.parquet.DataFileErrors.DataFileName;
import dev.trinodatamesh.connector.parquet.ParquetPageSourceFactory;
import io.airlift.json.JsonCodec;
import io.airlift.log.Logger;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.Page;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.block.RowBlock;
import io.trino.spi.connector.ConnectorMergeSink;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.MergePage;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.Type;
import org.apache.parquet.format.CompressionCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_WRITE_FAILED;
import static io.trino.memory.context.AggregatedMemoryContext.newSimpleAggregatedMemoryContext;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * The rows one merge sink of a DELETE, UPDATE or MERGE changes, copy-on-write: inserted rows (and
 * the new versions of updated ones) go to new files; every file with deleted rows is rewritten
 * without them, at the same path, so that two statements that change one file conflict when they
 * merge. The engine sends all changes of a file to one sink (see {@link DatameshUpdatePartitioning}).
 */
public class DatameshMergeSink
        implements ConnectorMergeSink
{
    private static final Logger log = Logger.get(DatameshMergeSink.class);
    private static final JsonCodec<WrittenFile> WRITTEN_FILE_CODEC = JsonCodec.jsonCodec(WrittenFile.class);
    private static final String WRITER_VERSION = "trino-datamesh";

    private final LakeFsClient lakeFs;
    private final TrinoFileSystem fileSystem;
    private final ConnectorSession session;
    private final ParquetPageSourceFactory pageSourceFactory;
    private final DatameshMergeHandle handle;
    private final DatameshPageSink inserts;
    private final ParquetWriterOptions options;
    private final CompressionCodec compression;
    private final List<DatameshColumnHandle> dataColumns;
    private final Map<String, FileDeletes> deletes = new LinkedHashMap<>();
    private final List<String> rewrittenAddresses = new ArrayList<>();

    public DatameshMergeSink(
            LakeFsClient lakeFs,
            TrinoFileSystem fileSystem,
            ConnectorSession session,
            ParquetPageSourceFactory pageSourceFactory,
            DatameshMergeHandle handle,
            ParquetWriterOptions options,
            CompressionCodec compression,
            long targetFileSize,
            int maxOpenFiles)
    {
        this.lakeFs = requireNonNull(lakeFs, "lakeFs is null");
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.session = requireNonNull(session, "session is null");
        this.pageSourceFactory = requireNonNull(pageSourceFactory, "pageSourceFactory is null");
        this.handle = requireNonNull(handle, "handle is null");
        this.options = requireNonNull(options, "options is null");
        this.compression = requireNonNull(compression, "compression is null");
        this.inserts = new DatameshPageSink(lakeFs, fileSystem, handle.writeHandle(), session.getQueryId(), options, compression, targetFileSize, maxOpenFiles);
        this.dataColumns = handle.writeHandle().columns().stream()
                .filter(column -> !handle.writeHandle().partitionColumns().contains(column.name()))
                .map(column -> new DatameshColumnHandle(column.name(), column.type(), DatameshColumnHandle.Kind.REGULAR))
                .collect(toImmutableList());
    }

    @Override
    public void storeMergedRows(Page page)
    {
        MergePage merge = MergePage.createDeleteAndInsertPages(page, handle.writeHandle().columns().size());
        merge.getInsertionsPage().ifPresent(inserts::appendPage);
        merge.getDeletionsPage().ifPresent(deletions -> {
            List<Block> rowId = RowBlock.getRowFieldsFromBlock(deletions.getBlock(deletions.getChannelCount() - 1));
            for (int position = 0; position < deletions.getPositionCount(); position++) {
                String path = VARCHAR.getSlice(rowId.get(0), position).toStringUtf8();
                FileDeletes file = deletes.get(path);
                if (file == null) {
                    file = new FileDeletes(VARCHAR.getSlice(rowId.get(1), position).toStringUtf8(), BIGINT.getLong(rowId.get(2), position));
                    deletes.put(path, file);
                }
                file.positions().set(Math.toIntExact(BIGINT.getLong(rowId.get(3), position)));
            }
        });
    }

    @Override
    public CompletableFuture<Collection<Slice>> finish()
    {
        ImmutableList.Builder<Slice> fragments = ImmutableList.<Slice>builder().addAll(inserts.finish().join());
        for (Map.Entry<String, FileDeletes> file : deletes.entrySet()) {
            rewrite(file.getKey(), file.getValue()).ifPresent(written -> fragments.add(Slices.wrappedBuffer(WRITTEN_FILE_CODEC.toJsonBytes(written))));
        }
        return CompletableFuture.completedFuture(fragments.build());
    }

    /**
     * Writes the file again without its deleted rows, at the same path; removes it when no row is left.
     */
    private Optional<WrittenFile> rewrite(String path, FileDeletes file)
    {
        String branch = handle.writeHandle().transaction().transactionBranch();
        DataFileName name = new DataFileName(lakeFs.repositoryName(), handle.tableHandle().commitId(), path, file.physicalAddress());
        List<String> names = dataColumns.stream().map(DatameshColumnHandle::name).collect(toImmutableList());
        List<Type> types = dataColumns.stream().map(DatameshColumnHandle::type).collect(toImmutableList());
        LakeFsStagingLocation location = lakeFs.stagingLocation(branch, path);
        ParquetFileWriter writer;
        try {
            writer = new ParquetFileWriter(fileSystem, path, location, names, types, ImmutableList.of(), options, compression, WRITER_VERSION);
        }
        catch (IOException | RuntimeException e) {
            throw writeFailed(path, e);
        }
        rewrittenAddresses.add(location.physicalAddress());
        long kept = 0;
        try (ConnectorPageSource source = pageSourceFactory.createPageSource(
                session,
                name,
                file.physicalAddress(),
                0,
                file.size(),
                file.size(),
                handle.tableHandle().schemaTableName(),
                dataColumns,
                new FileValues(ImmutableList.of(), ImmutableList.of(), path, file.size()),
                TupleDomain.all(),
                OptionalLong.empty(),
                newSimpleAggregatedMemoryContext())) {
            // without a predicate the reader returns every row of the file, in order
            long position = 0;
            while (!source.isFinished()) {
                SourcePage sourcePage = source.getNextSourcePage();
                if (sourcePage == null) {
                    continue;
                }
                Page page = sourcePage.getPage();
                int[] retained = new int[page.getPositionCount()];
                int count = 0;
                for (int i = 0; i < page.getPositionCount(); i++) {
                    if (!file.positions().get(Math.toIntExact(position + i))) {
                        retained[count++] = i;
                    }
                }
                position += page.getPositionCount();
                if (count > 0) {
                    writer.write(count == page.getPositionCount() ? page : page.getPositions(retained, 0, count));
                    kept += count;
                }
            }
            ParquetFileWriter.Closed closed = writer.close();
            if (kept == 0) {
                lakeFs.deleteObjects(branch, ImmutableList.of(path));
                fileSystem.deleteFile(Location.of(location.physicalAddress()));
                return Optional.empty();
            }
            lakeFs.linkStagedObject(branch, path, location, closed.file().sizeBytes(), closed.checksum());
            return Optional.of(closed.file());
        }
        catch (IOException | RuntimeException e) {
            throw writeFailed(path, e);
        }
    }

    private TrinoException writeFailed(String path, Throwable cause)
    {
        if (cause instanceof TrinoException trinoException) {
            return trinoException;
        }
        return new TrinoException(DATAMESH_WRITE_FAILED, "Cannot rewrite data file '%s' of table '%s' (branch '%s' of lakeFS repository '%s'): %s"
                .formatted(path, handle.tableHandle().schemaTableName(), handle.writeHandle().transaction().branch(), lakeFs.repositoryName(), cause.getMessage()), cause);
    }

    @Override
    public void abort()
    {
        inserts.abort();
        for (String address : rewrittenAddresses) {
            try {
                fileSystem.deleteFile(Location.of(address));
            }
            catch (IOException | RuntimeException e) {
                log.warn(e, "Cannot delete %s of an aborted change of %s", address, handle.tableHandle().schemaTableName());
            }
        }
    }

    /**
     * @param positions the deleted rows' positions in the file
     */
    private record FileDeletes(String physicalAddress, long size, BitSet positions)
    {
        FileDeletes(String physicalAddress, long size)
        {
            this(physicalAddress, size, new BitSet());
        }
    }
}
