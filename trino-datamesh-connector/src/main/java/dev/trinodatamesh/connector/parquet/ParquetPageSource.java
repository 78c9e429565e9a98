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

import io.trino.parquet.reader.ParquetReader;
import io.trino.spi.block.Block;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.metrics.Metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalLong;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Pages of one split, read by Trino's Parquet reader, with constant columns mapped in and at most
 * {@code limit} rows.
 */
public class ParquetPageSource
        implements ConnectorPageSource
{
    private final ParquetReader reader;
    private final int[] readerChannels;
    private final Block[] constants;
    private final int rowNumberChannel;
    private final Block[] rowIdFileFields;
    private final Function<Exception, RuntimeException> errors;
    private long remaining;
    private long completedPositions;
    private boolean closed;

    /**
     * @param rowNumberChannel the reader's channel of row numbers (appended after its columns), or -1
     * @param rowIdFileFields the file's path, physical address and size, for row IDs
     */
    public ParquetPageSource(ParquetReader reader, int[] readerChannels, Block[] constants, int rowNumberChannel, Block[] rowIdFileFields, OptionalLong limit, Function<Exception, RuntimeException> errors)
    {
        this.reader = requireNonNull(reader, "reader is null");
        this.readerChannels = requireNonNull(readerChannels, "readerChannels is null");
        this.constants = requireNonNull(constants, "constants is null");
        this.rowNumberChannel = rowNumberChannel;
        this.rowIdFileFields = requireNonNull(rowIdFileFields, "rowIdFileFields is null");
        this.remaining = limit.orElse(Long.MAX_VALUE);
        this.errors = requireNonNull(errors, "errors is null");
    }

    @Override
    public SourcePage getNextSourcePage()
    {
        if (closed) {
            return null;
        }
        if (remaining <= 0) {
            close();
            return null;
        }
        SourcePage page;
        try {
            page = reader.nextPage();
        }
        catch (IOException | RuntimeException e) {
            RuntimeException failure = errors.apply(e);
            try {
                close();
            }
            catch (RuntimeException closeFailure) {
                failure.addSuppressed(closeFailure);
            }
            throw failure;
        }
        if (page == null) {
            close();
            return null;
        }
        if (page.getPositionCount() > remaining) {
            int[] positions = new int[(int) remaining];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = i;
            }
            page.selectPositions(positions, 0, positions.length);
        }
        remaining -= page.getPositionCount();
        completedPositions += page.getPositionCount();
        return new MappedSourcePage(page, readerChannels, constants, rowNumberChannel, rowIdFileFields, errors);
    }

    @Override
    public long getCompletedBytes()
    {
        return reader.getDataSource().getReadBytes();
    }

    @Override
    public OptionalLong getCompletedPositions()
    {
        return OptionalLong.of(completedPositions);
    }

    @Override
    public long getReadTimeNanos()
    {
        return reader.getDataSource().getReadTimeNanos();
    }

    @Override
    public boolean isFinished()
    {
        return closed;
    }

    @Override
    public long getMemoryUsage()
    {
        return reader.getMemoryContext().getBytes();
    }

    @Override
    public Metrics getMetrics()
    {
        return reader.getMetrics();
    }

    @Override
    public void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        try {
            reader.close();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
