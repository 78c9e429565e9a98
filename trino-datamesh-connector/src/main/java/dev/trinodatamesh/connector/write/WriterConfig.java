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

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.DataSize;
import io.airlift.units.MaxDataSize;
import io.airlift.units.MinDataSize;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import static io.airlift.units.DataSize.Unit.MEGABYTE;

/**
 * How the connector writes data products: Parquet files of a target size, straight to the
 * physical addresses lakeFS hands out.
 */
public class WriterConfig
{
    public enum Compression
    {
        NONE,
        SNAPPY,
        GZIP,
        LZ4,
        ZSTD,
    }

    private DataSize targetFileSize = DataSize.of(128, MEGABYTE);
    private int maxOpenFiles = 100;
    private DataSize blockSize = DataSize.of(128, MEGABYTE);
    private DataSize pageSize = DataSize.of(1, MEGABYTE);
    private Compression compression = Compression.ZSTD;

    @NotNull
    @MinDataSize("1MB")
    @MaxDataSize("16GB")
    public DataSize getTargetFileSize()
    {
        return targetFileSize;
    }

    @Config("datamesh.writer.target-file-size")
    @ConfigDescription("Size at which a writer closes a data file and starts the next")
    public WriterConfig setTargetFileSize(DataSize targetFileSize)
    {
        this.targetFileSize = targetFileSize;
        return this;
    }

    @Min(1)
    @Max(10_000)
    public int getMaxOpenFiles()
    {
        return maxOpenFiles;
    }

    @Config("datamesh.writer.max-open-files")
    @ConfigDescription("Most data files one writer keeps open at once, one per partition it writes; more partitions fail the statement")
    public WriterConfig setMaxOpenFiles(int maxOpenFiles)
    {
        this.maxOpenFiles = maxOpenFiles;
        return this;
    }

    @NotNull
    @MinDataSize("64kB")
    @MaxDataSize("2GB")
    public DataSize getBlockSize()
    {
        return blockSize;
    }

    @Config("parquet.writer.block-size")
    @ConfigDescription("Parquet row group size, as in Trino's Hive connector")
    public WriterConfig setBlockSize(DataSize blockSize)
    {
        this.blockSize = blockSize;
        return this;
    }

    @NotNull
    @MinDataSize("8kB")
    @MaxDataSize("128MB")
    public DataSize getPageSize()
    {
        return pageSize;
    }

    @Config("parquet.writer.page-size")
    @ConfigDescription("Parquet page size, as in Trino's Hive connector")
    public WriterConfig setPageSize(DataSize pageSize)
    {
        this.pageSize = pageSize;
        return this;
    }

    @NotNull
    public Compression getCompression()
    {
        return compression;
    }

    @Config("datamesh.compression-codec")
    @ConfigDescription("Compression of the Parquet files the connector writes: NONE, SNAPPY, GZIP, LZ4 or ZSTD")
    public WriterConfig setCompression(Compression compression)
    {
        this.compression = compression;
        return this;
    }
}
