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

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.DataSize;
import io.airlift.units.MaxDataSize;
import io.airlift.units.MinDataSize;
import io.trino.parquet.ParquetReaderOptions;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Parquet reader settings, with the property names of Trino's Hive, Iceberg and Delta Lake
 * connectors so that tuned values carry over.
 */
public class ParquetReaderConfig
{
    private ParquetReaderOptions options = ParquetReaderOptions.defaultOptions();

    public boolean isIgnoreStatistics()
    {
        return options.isIgnoreStatistics();
    }

    @Config("parquet.ignore-statistics")
    @ConfigDescription("Ignore Parquet statistics, for files with corrupt or wrong statistics")
    public ParquetReaderConfig setIgnoreStatistics(boolean ignoreStatistics)
    {
        options = ParquetReaderOptions.builder(options).withIgnoreStatistics(ignoreStatistics).build();
        return this;
    }

    @NotNull
    @MaxDataSize("2GB")
    public DataSize getMaxReadBlockSize()
    {
        return options.getMaxReadBlockSize();
    }

    @Config("parquet.max-read-block-size")
    @ConfigDescription("Largest block of column values read at once")
    public ParquetReaderConfig setMaxReadBlockSize(DataSize maxReadBlockSize)
    {
        options = ParquetReaderOptions.builder(options).withMaxReadBlockSize(maxReadBlockSize).build();
        return this;
    }

    @Min(128)
    @Max(65536)
    public int getMaxReadBlockRowCount()
    {
        return options.getMaxReadBlockRowCount();
    }

    @Config("parquet.max-read-block-row-count")
    @ConfigDescription("Most rows read in one batch")
    public ParquetReaderConfig setMaxReadBlockRowCount(int maxReadBlockRowCount)
    {
        options = ParquetReaderOptions.builder(options).withMaxReadBlockRowCount(maxReadBlockRowCount).build();
        return this;
    }

    @NotNull
    @MaxDataSize("256MB")
    public DataSize getMaxMergeDistance()
    {
        return options.getMaxMergeDistance();
    }

    @Config("parquet.max-merge-distance")
    @ConfigDescription("Largest gap between two column chunks that are read with one request")
    public ParquetReaderConfig setMaxMergeDistance(DataSize maxMergeDistance)
    {
        options = ParquetReaderOptions.builder(options).withMaxMergeDistance(maxMergeDistance).build();
        return this;
    }

    @NotNull
    @MinDataSize("1MB")
    @MaxDataSize("512MB")
    public DataSize getMaxBufferSize()
    {
        return options.getMaxBufferSize();
    }

    @Config("parquet.max-buffer-size")
    @ConfigDescription("Largest read of a column chunk buffered at once")
    public ParquetReaderConfig setMaxBufferSize(DataSize maxBufferSize)
    {
        options = ParquetReaderOptions.builder(options).withMaxBufferSize(maxBufferSize).build();
        return this;
    }

    public boolean isUseColumnIndex()
    {
        return options.isUseColumnIndex();
    }

    @Config("parquet.use-column-index")
    @ConfigDescription("Use Parquet page indexes (column and offset indexes) to skip pages")
    public ParquetReaderConfig setUseColumnIndex(boolean useColumnIndex)
    {
        options = ParquetReaderOptions.builder(options).withUseColumnIndex(useColumnIndex).build();
        return this;
    }

    public boolean isUseBloomFilter()
    {
        return options.useBloomFilter();
    }

    @Config("parquet.use-bloom-filter")
    @ConfigDescription("Use Parquet bloom filters to skip row groups")
    public ParquetReaderConfig setUseBloomFilter(boolean useBloomFilter)
    {
        options = ParquetReaderOptions.builder(options).withBloomFilter(useBloomFilter).build();
        return this;
    }

    public boolean isVectorizedDecodingEnabled()
    {
        return options.isVectorizedDecodingEnabled();
    }

    @Config("parquet.experimental.vectorized-decoding.enabled")
    @ConfigDescription("Decode with the Java Vector API")
    public ParquetReaderConfig setVectorizedDecodingEnabled(boolean vectorizedDecodingEnabled)
    {
        options = ParquetReaderOptions.builder(options).withVectorizedDecodingEnabled(vectorizedDecodingEnabled).build();
        return this;
    }

    @NotNull
    @MinDataSize("1MB")
    public DataSize getMaxFooterReadSize()
    {
        return options.getMaxFooterReadSize();
    }

    @Config("parquet.max-footer-read-size")
    @ConfigDescription("Largest Parquet footer read; files with larger footers fail")
    public ParquetReaderConfig setMaxFooterReadSize(DataSize maxFooterReadSize)
    {
        options = ParquetReaderOptions.builder(options).withMaxFooterReadSize(maxFooterReadSize).build();
        return this;
    }

    public ParquetReaderOptions toParquetReaderOptions()
    {
        return options;
    }
}
