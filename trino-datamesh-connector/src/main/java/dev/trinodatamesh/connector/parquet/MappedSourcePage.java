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

import io.trino.spi.Page;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.block.RowBlock;
import io.trino.spi.block.RunLengthEncodedBlock;
import io.trino.spi.connector.SourcePage;

import java.util.function.Function;
import java.util.function.ObjLongConsumer;

import static java.util.Objects.requireNonNull;

/**
 * The reader's page with constant columns in between (partition values, file columns, NULL for
 * columns a file lacks). Blocks of the reader stay lazy: only the channels the engine asks for
 * are decoded, and only at the positions it keeps.
 */
final class MappedSourcePage
        implements SourcePage
{
    static final int CONSTANT = -1;
    static final int ROW_ID = -2;

    private final SourcePage delegate;
    // per output channel: the reader channel, CONSTANT or ROW_ID
    private final int[] readerChannels;
    // per output channel: the single-position block of a constant
    private final Block[] constants;
    // the reader's row numbers (the position of each row in the file), when a channel is the row ID
    private final int rowNumberChannel;
    // the row ID's fields that are the same for all rows of the file: path, physical address, size
    private final Block[] rowIdFileFields;
    // names the data file in failures of reading a column, which Trino's reader does lazily
    private final Function<Exception, RuntimeException> errors;

    MappedSourcePage(SourcePage delegate, int[] readerChannels, Block[] constants, int rowNumberChannel, Block[] rowIdFileFields, Function<Exception, RuntimeException> errors)
    {
        this.errors = requireNonNull(errors, "errors is null");
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.readerChannels = requireNonNull(readerChannels, "readerChannels is null");
        this.constants = requireNonNull(constants, "constants is null");
        this.rowNumberChannel = rowNumberChannel;
        this.rowIdFileFields = requireNonNull(rowIdFileFields, "rowIdFileFields is null");
    }

    @Override
    public int getPositionCount()
    {
        return delegate.getPositionCount();
    }

    @Override
    public long getSizeInBytes()
    {
        return delegate.getSizeInBytes();
    }

    @Override
    public long getRetainedSizeInBytes()
    {
        return delegate.getRetainedSizeInBytes();
    }

    @Override
    public void retainedBytesForEachPart(ObjLongConsumer<Object> consumer)
    {
        delegate.retainedBytesForEachPart(consumer);
    }

    @Override
    public int getChannelCount()
    {
        return readerChannels.length;
    }

    @Override
    public Block getBlock(int channel)
    {
        int readerChannel = readerChannels[channel];
        if (readerChannel >= 0) {
            return readerBlock(readerChannel);
        }
        if (readerChannel == ROW_ID) {
            int positions = getPositionCount();
            return RowBlock.fromFieldBlocks(positions, new Block[] {
                    RunLengthEncodedBlock.create(rowIdFileFields[0], positions),
                    RunLengthEncodedBlock.create(rowIdFileFields[1], positions),
                    RunLengthEncodedBlock.create(rowIdFileFields[2], positions),
                    readerBlock(rowNumberChannel)});
        }
        return RunLengthEncodedBlock.create(constants[channel], getPositionCount());
    }

    /**
     * Trino's reader reads a column when its block is first asked for, and translates only the
     * IOExceptions of that read: decoding failures (a footer that lies about value counts) and
     * unchecked I/O failures (a connection reset mid-read) are translated here, so that they name
     * the file instead of surfacing as internal errors.
     */
    private Block readerBlock(int readerChannel)
    {
        try {
            return delegate.getBlock(readerChannel);
        }
        catch (TrinoException e) {
            throw e;
        }
        catch (RuntimeException e) {
            throw errors.apply(e);
        }
    }

    @Override
    public Page getPage()
    {
        Block[] blocks = new Block[readerChannels.length];
        for (int channel = 0; channel < blocks.length; channel++) {
            blocks[channel] = getBlock(channel);
        }
        return new Page(getPositionCount(), blocks);
    }

    @Override
    public void selectPositions(int[] positions, int offset, int size)
    {
        delegate.selectPositions(positions, offset, size);
    }
}
