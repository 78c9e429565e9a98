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

import io.airlift.slice.Slice;
import io.trino.filesystem.TrinoInput;
import io.trino.filesystem.TrinoInputFile;
import io.trino.parquet.AbstractParquetDataSource;
import io.trino.parquet.ParquetDataSourceId;
import io.trino.parquet.ParquetReaderOptions;
import io.trino.plugin.base.metrics.FileFormatDataSourceStats;
import io.trino.spi.metrics.Metrics;

import java.io.IOException;

import static java.util.Objects.requireNonNull;

/**
 * A Parquet file read through Trino's file system (the native S3 client for s3:// addresses).
 * The file's size comes from the lakeFS listing, so opening it costs no request.
 */
public class TrinoInputParquetDataSource
        extends AbstractParquetDataSource
{
    private final FileFormatDataSourceStats stats;
    private final TrinoInput input;

    public TrinoInputParquetDataSource(TrinoInputFile file, long fileSize, ParquetReaderOptions options, FileFormatDataSourceStats stats)
            throws IOException
    {
        super(new ParquetDataSourceId(file.location().toString()), fileSize, options);
        this.stats = requireNonNull(stats, "stats is null");
        this.input = file.newInput();
    }

    @Override
    protected Slice readTailInternal(int length)
            throws IOException
    {
        long start = System.nanoTime();
        Slice tail = input.readTail(length);
        stats.readDataBytesPerSecond(tail.length(), System.nanoTime() - start);
        return tail;
    }

    @Override
    protected void readInternal(long position, byte[] buffer, int bufferOffset, int bufferLength)
            throws IOException
    {
        long start = System.nanoTime();
        input.readFully(position, buffer, bufferOffset, bufferLength);
        stats.readDataBytesPerSecond(bufferLength, System.nanoTime() - start);
    }

    @Override
    public Metrics getMetrics()
    {
        return input.getMetrics();
    }

    @Override
    public void close()
            throws IOException
    {
        input.close();
    }
}
