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
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import dev.trinodatamesh.connector.lakefs.LakeFsStagingLocation;
import io.airlift.json.JsonCodec;
import io.airlift.log.Logger;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.Page;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorPageSink;
import io.trino.spi.type.Type;
import org.apache.parquet.format.CompressionCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_LIMIT_EXCEEDED;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_WRITE_FAILED;
import static java.util.Objects.requireNonNull;

/**
 * Writes the rows one writer of a statement gets into Parquet files of the table's directory (one
 * open file per partition, each closed at the target size), straight to physical addresses lakeFS
 * hands out for the statement's transaction branch, and links each file on that branch when it
 * is closed. The files become visible on the target branch only when the coordinator merges the
 * transaction.
 */
public class DatameshPageSink
        implements ConnectorPageSink
{
    private static final Logger log = Logger.get(DatameshPageSink.class);
    private static final JsonCodec<WrittenFile> WRITTEN_FILE_CODEC = JsonCodec.jsonCodec(WrittenFile.class);
    private static final String WRITER_VERSION = "trino-datamesh";

    private final LakeFsClient lakeFs;
    private final TrinoFileSystem fileSystem;
    private final DatameshWriteHandle handle;
    private final String filePrefix;
    private final ParquetWriterOptions options;
    private final CompressionCodec compression;
    private final long targetFileSize;
    private final int maxOpenFiles;
    private final int[] dataChannels;
    private final int[] partitionChannels;
    private final List<Type> partitionTypes;
    private final List<String> dataNames;
    private final List<Type> dataTypes;
    private final Map<List<Optional<String>>, ParquetFileWriter> writers = new LinkedHashMap<>();
    private final List<WrittenFile> written = new ArrayList<>();
    private long closedBytes;
    private int filesOpened;

    public DatameshPageSink(LakeFsClient lakeFs, TrinoFileSystem fileSystem, DatameshWriteHandle handle, String queryId, ParquetWriterOptions options, CompressionCodec compression, long targetFileSize, int maxOpenFiles)
    {
        this.lakeFs = requireNonNull(lakeFs, "lakeFs is null");
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.handle = requireNonNull(handle, "handle is null");
        // files of one statement sort together and never collide with another's
        this.filePrefix = queryId + "-" + UUID.randomUUID();
        this.options = requireNonNull(options, "options is null");
        this.compression = requireNonNull(compression, "compression is null");
        this.targetFileSize = targetFileSize;
        this.maxOpenFiles = maxOpenFiles;

        List<DatameshColumnHandle> columns = handle.columns();
        int[] partitions = new int[handle.partitionColumns().size()];
        ImmutableList.Builder<Type> partitionTypes = ImmutableList.builder();
        for (int i = 0; i < partitions.length; i++) {
            String name = handle.partitionColumns().get(i);
            partitions[i] = indexOf(columns, name);
            partitionTypes.add(columns.get(partitions[i]).type());
        }
        this.partitionChannels = partitions;
        this.partitionTypes = partitionTypes.build();
        ImmutableList.Builder<String> dataNames = ImmutableList.builder();
        ImmutableList.Builder<Type> dataTypes = ImmutableList.builder();
        List<Integer> dataChannels = new ArrayList<>();
        for (int channel = 0; channel < columns.size(); channel++) {
            if (!handle.partitionColumns().contains(columns.get(channel).name())) {
                dataChannels.add(channel);
                dataNames.add(columns.get(channel).name());
                dataTypes.add(columns.get(channel).type());
            }
        }
        this.dataChannels = dataChannels.stream().mapToInt(Integer::intValue).toArray();
        this.dataNames = dataNames.build();
        this.dataTypes = dataTypes.build();
    }

    private static int indexOf(List<DatameshColumnHandle> columns, String name)
    {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + name);
    }

    @Override
    public CompletableFuture<?> appendPage(Page page)
    {
        if (page.getPositionCount() == 0) {
            return NOT_BLOCKED;
        }
        Page data = page.getColumns(dataChannels);
        if (partitionChannels.length == 0) {
            write(ImmutableList.of(), data);
            return NOT_BLOCKED;
        }
        // the positions of each partition, in the order partitions first appear
        Map<List<Optional<String>>, int[]> positions = new LinkedHashMap<>();
        Map<List<Optional<String>>, Integer> counts = new LinkedHashMap<>();
        for (int position = 0; position < page.getPositionCount(); position++) {
            List<Optional<String>> key = new ArrayList<>(partitionChannels.length);
            for (int i = 0; i < partitionChannels.length; i++) {
                key.add(PartitionDirectories.value(partitionTypes.get(i), page.getBlock(partitionChannels[i]), position));
            }
            int[] partition = positions.computeIfAbsent(key, _ -> new int[16]);
            int count = counts.getOrDefault(key, 0);
            if (count == partition.length) {
                partition = Arrays.copyOf(partition, partition.length * 2);
                positions.put(key, partition);
            }
            partition[count] = position;
            counts.put(key, count + 1);
        }
        for (Map.Entry<List<Optional<String>>, int[]> entry : positions.entrySet()) {
            write(entry.getKey(), data.getPositions(entry.getValue(), 0, counts.get(entry.getKey())));
        }
        return NOT_BLOCKED;
    }

    private void write(List<Optional<String>> partition, Page data)
    {
        ParquetFileWriter writer = writers.get(partition);
        if (writer == null) {
            if (writers.size() >= maxOpenFiles) {
                throw new TrinoException(DATAMESH_LIMIT_EXCEEDED, "Writing table '%s' on branch '%s' would keep more than %s files open at once, one per partition (datamesh.writer.max-open-files); write fewer partitions per statement"
                        .formatted(handle.schemaTableName(), handle.transaction().branch(), maxOpenFiles));
            }
            writer = open(partition);
            writers.put(ImmutableList.copyOf(partition), writer);
        }
        try {
            writer.write(data);
        }
        catch (IOException | RuntimeException e) {
            throw writeFailed(writer.path(), e);
        }
        if (writer.getWrittenBytes() >= targetFileSize) {
            writers.remove(partition);
            closeAndLink(writer);
        }
    }

    private ParquetFileWriter open(List<Optional<String>> partition)
    {
        String path = handle.tablePath() + PartitionDirectories.directories(handle.partitionColumns(), partition) + filePrefix + "-" + filesOpened++ + ".parquet";
        LakeFsStagingLocation location = lakeFs.stagingLocation(handle.transaction().transactionBranch(), path);
        try {
            return new ParquetFileWriter(fileSystem, path, location, dataNames, dataTypes, partition, options, compression, WRITER_VERSION);
        }
        catch (IOException | RuntimeException e) {
            throw writeFailed(path, e);
        }
    }

    private void closeAndLink(ParquetFileWriter writer)
    {
        ParquetFileWriter.Closed closed;
        try {
            closed = writer.close();
        }
        catch (IOException | RuntimeException e) {
            throw writeFailed(writer.path(), e);
        }
        written.add(closed.file());
        closedBytes += closed.file().sizeBytes();
        lakeFs.linkStagedObject(handle.transaction().transactionBranch(), writer.path(), writer.location(), closed.file().sizeBytes(), closed.checksum());
    }

    private TrinoException writeFailed(String path, Throwable cause)
    {
        if (cause instanceof TrinoException trinoException) {
            return trinoException;
        }
        return new TrinoException(DATAMESH_WRITE_FAILED, "Cannot write data file '%s' of table '%s' (branch '%s' of lakeFS repository '%s'): %s"
                .formatted(path, handle.schemaTableName(), handle.transaction().branch(), lakeFs.repositoryName(), cause.getMessage()), cause);
    }

    @Override
    public CompletableFuture<Collection<Slice>> finish()
    {
        for (ParquetFileWriter writer : ImmutableList.copyOf(writers.values())) {
            closeAndLink(writer);
        }
        writers.clear();
        ImmutableList.Builder<Slice> fragments = ImmutableList.builder();
        for (WrittenFile file : written) {
            fragments.add(Slices.wrappedBuffer(WRITTEN_FILE_CODEC.toJsonBytes(file)));
        }
        return CompletableFuture.completedFuture(fragments.build());
    }

    /**
     * Removes what this writer wrote: the statement fails, its transaction branch is deleted, and its
     * bytes in the object store go too.
     */
    @Override
    public void abort()
    {
        List<String> addresses = new ArrayList<>();
        for (ParquetFileWriter writer : writers.values()) {
            try {
                writer.close();
            }
            catch (IOException | RuntimeException e) {
                log.debug(e, "Closing %s of an aborted write", writer.path());
            }
            addresses.add(writer.location().physicalAddress());
        }
        writers.clear();
        written.forEach(file -> addresses.add(file.physicalAddress()));
        for (String address : addresses) {
            try {
                fileSystem.deleteFile(Location.of(address));
            }
            catch (IOException | RuntimeException e) {
                // lakeFS's garbage collection of uncommitted objects removes what is left
                log.warn(e, "Cannot delete %s of an aborted write to %s", address, handle.schemaTableName());
            }
        }
    }

    @Override
    public long getCompletedBytes()
    {
        return closedBytes + writers.values().stream().mapToLong(ParquetFileWriter::getWrittenBytes).sum();
    }

    @Override
    public long getMemoryUsage()
    {
        return writers.values().stream().mapToLong(ParquetFileWriter::getRetainedBytes).sum();
    }

    public static WrittenFile parseFragment(Slice fragment)
    {
        return WRITTEN_FILE_CODEC.fromJson(fragment.getBytes());
    }
}
