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

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import dev.trinodatamesh.connector.parquet.ParquetReaderConfig;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import io.trino.parquet.ParquetReaderOptions;
import io.trino.plugin.base.session.SessionPropertiesProvider;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.session.PropertyMetadata;

import java.util.List;

import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_INVALID_PROPERTY;
import static io.trino.plugin.base.session.PropertyMetadataUtil.dataSizeProperty;
import static io.trino.plugin.base.session.PropertyMetadataUtil.durationProperty;
import static io.trino.spi.session.PropertyMetadata.booleanProperty;
import static io.trino.spi.session.PropertyMetadata.integerProperty;

/**
 * Per-query settings: {@code SET SESSION <catalog>.<name> = ...}. Defaults come from the catalog
 * properties of the same meaning.
 */
public final class DatameshSessionProperties
        implements SessionPropertiesProvider
{
    private static final String MAX_SPLIT_SIZE = "max_split_size";
    private static final String DYNAMIC_FILTERING_WAIT_TIMEOUT = "dynamic_filtering_wait_timeout";
    private static final String STATISTICS_ENABLED = "statistics_enabled";
    private static final String PARQUET_USE_BLOOM_FILTER = "parquet_use_bloom_filter";
    private static final String PARQUET_USE_COLUMN_INDEX = "parquet_use_column_index";
    private static final String PARQUET_IGNORE_STATISTICS = "parquet_ignore_statistics";
    private static final String PARQUET_VECTORIZED_DECODING_ENABLED = "parquet_vectorized_decoding_enabled";
    private static final String PARQUET_MAX_READ_BLOCK_SIZE = "parquet_max_read_block_size";
    private static final String PARQUET_MAX_READ_BLOCK_ROW_COUNT = "parquet_max_read_block_row_count";

    private final List<PropertyMetadata<?>> properties;

    @Inject
    public DatameshSessionProperties(DatameshConfig config, ParquetReaderConfig parquetConfig)
    {
        properties = ImmutableList.of(
                dataSizeProperty(MAX_SPLIT_SIZE, "Largest byte range of a file read by one split", config.getMaxSplitSize(), value -> {
                    if (value.toBytes() < DataSize.of(1, DataSize.Unit.MEGABYTE).toBytes()) {
                        throw new TrinoException(DATAMESH_INVALID_PROPERTY, "%s must be at least 1MB, got %s".formatted(MAX_SPLIT_SIZE, value));
                    }
                }, false),
                durationProperty(DYNAMIC_FILTERING_WAIT_TIMEOUT, "How long split generation waits for dynamic filters", config.getDynamicFilteringWaitTimeout(), false),
                booleanProperty(STATISTICS_ENABLED, "Give the optimizer table statistics from the Parquet footers", config.isStatisticsEnabled(), false),
                booleanProperty(PARQUET_USE_BLOOM_FILTER, "Use Parquet bloom filters to skip row groups", parquetConfig.isUseBloomFilter(), false),
                booleanProperty(PARQUET_USE_COLUMN_INDEX, "Use Parquet page indexes to skip pages", parquetConfig.isUseColumnIndex(), false),
                booleanProperty(PARQUET_IGNORE_STATISTICS, "Ignore Parquet statistics", parquetConfig.isIgnoreStatistics(), false),
                booleanProperty(PARQUET_VECTORIZED_DECODING_ENABLED, "Decode Parquet with the Java Vector API", parquetConfig.isVectorizedDecodingEnabled(), false),
                dataSizeProperty(PARQUET_MAX_READ_BLOCK_SIZE, "Largest block of column values read at once", parquetConfig.getMaxReadBlockSize(), false),
                integerProperty(PARQUET_MAX_READ_BLOCK_ROW_COUNT, "Most rows read in one batch", parquetConfig.getMaxReadBlockRowCount(), value -> {
                    if (value < 128 || value > 65536) {
                        throw new TrinoException(DATAMESH_INVALID_PROPERTY, "%s must be between 128 and 65536, got %s".formatted(PARQUET_MAX_READ_BLOCK_ROW_COUNT, value));
                    }
                }, false));
    }

    @Override
    public List<PropertyMetadata<?>> getSessionProperties()
    {
        return properties;
    }

    public static DataSize getMaxSplitSize(ConnectorSession session)
    {
        return session.getProperty(MAX_SPLIT_SIZE, DataSize.class);
    }

    public static Duration getDynamicFilteringWaitTimeout(ConnectorSession session)
    {
        return session.getProperty(DYNAMIC_FILTERING_WAIT_TIMEOUT, Duration.class);
    }

    public static boolean isStatisticsEnabled(ConnectorSession session)
    {
        return session.getProperty(STATISTICS_ENABLED, Boolean.class);
    }

    public static ParquetReaderOptions parquetReaderOptions(ConnectorSession session, ParquetReaderOptions defaults)
    {
        return ParquetReaderOptions.builder(defaults)
                .withBloomFilter(session.getProperty(PARQUET_USE_BLOOM_FILTER, Boolean.class))
                .withUseColumnIndex(session.getProperty(PARQUET_USE_COLUMN_INDEX, Boolean.class))
                .withIgnoreStatistics(session.getProperty(PARQUET_IGNORE_STATISTICS, Boolean.class))
                .withVectorizedDecodingEnabled(session.getProperty(PARQUET_VECTORIZED_DECODING_ENABLED, Boolean.class))
                .withMaxReadBlockSize(session.getProperty(PARQUET_MAX_READ_BLOCK_SIZE, DataSize.class))
                .withMaxReadBlockRowCount(session.getProperty(PARQUET_MAX_READ_BLOCK_ROW_COUNT, Integer.class))
                .build();
    }
}
