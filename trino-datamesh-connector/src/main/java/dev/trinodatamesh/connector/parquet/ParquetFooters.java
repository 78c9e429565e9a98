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

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import com.google.inject.Inject;
import dev.trinodatamesh.connector.DatameshConfig;
import dev.trinodatamesh.connector.parquet.FileSummary.ColumnStatistics;
import dev.trinodatamesh.connector.parquet.FileSummary.FileColumn;
import io.airlift.slice.Slice;
import io.trino.parquet.ParquetDataSource;
import io.trino.parquet.ParquetReaderOptions;
import io.trino.parquet.cache.MemoryParquetFooterCache;
import io.trino.parquet.cache.ParquetFooterCache;
import io.trino.parquet.cache.ParquetFooterCacheKey;
import io.trino.parquet.metadata.BlockMetadata;
import io.trino.parquet.metadata.ColumnChunkMetadata;
import io.trino.parquet.metadata.ParquetMetadata;
import io.trino.parquet.reader.MetadataReader;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.weakref.jmx.Managed;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;

import static java.lang.Math.max;
import static java.lang.Math.min;
import static java.util.Objects.requireNonNull;

/**
 * Reads Parquet footers through a cache of their bytes keyed by the file's physical address and
 * size. A lakeFS physical address is written once and never overwritten, so a cached footer can
 * never be stale, and files shared by many commits and branches share one entry.
 */
public class ParquetFooters
{
    private final ParquetFooterCache footerCache;
    private final ParquetReaderOptions options;
    private final TypeManager typeManager;
    private final Interner<List<FileColumn>> schemas = Interners.newWeakInterner();
    private final AtomicLong footerCacheHits = new AtomicLong();
    private final AtomicLong footerCacheMisses = new AtomicLong();

    @Inject
    public ParquetFooters(DatameshConfig config, ParquetReaderConfig readerConfig, TypeManager typeManager)
    {
        long cacheBytes = config.getFooterCacheMaxSize().toBytes();
        ParquetFooterCache cache = cacheBytes == 0 ? ParquetFooterCache.noop() : new MemoryParquetFooterCache(config.getFooterCacheMaxSize());
        this.footerCache = new ParquetFooterCache()
        {
            @Override
            public Optional<Slice> get(ParquetFooterCacheKey key)
                    throws IOException
            {
                Optional<Slice> footer = cache.get(key);
                (footer.isPresent() ? footerCacheHits : footerCacheMisses).incrementAndGet();
                return footer;
            }

            @Override
            public void put(ParquetFooterCacheKey key, Slice footerBytes)
            {
                cache.put(key, footerBytes);
            }

            @Override
            public void invalidate(ParquetFooterCacheKey key)
            {
                cache.invalidate(key);
            }
        };
        this.options = requireNonNull(readerConfig, "readerConfig is null").toParquetReaderOptions();
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
    }

    @Managed(description = "Parquet footers found in the footer cache")
    public long getFooterCacheHits()
    {
        return footerCacheHits.get();
    }

    @Managed(description = "Parquet footers read from the object store")
    public long getFooterCacheMisses()
    {
        return footerCacheMisses.get();
    }

    public ParquetMetadata read(ParquetDataSource dataSource, String physicalAddress, long fileSize)
            throws IOException
    {
        return MetadataReader.readFooter(dataSource, options, Optional.empty(), Optional.empty(), footerCache, new ParquetFooterCacheKey(physicalAddress, fileSize));
    }

    public FileSummary summarize(ParquetMetadata metadata)
            throws IOException
    {
        MessageType schema = metadata.getFileMetaData().getSchema();
        ImmutableList.Builder<FileColumn> columns = ImmutableList.builder();
        Map<String, Integer> ordinals = new HashMap<>();
        for (org.apache.parquet.schema.Type field : schema.getFields()) {
            StringBuilder reason = new StringBuilder();
            Optional<Type> type = ParquetTypes.toTrinoType(field, typeManager.getTypeOperators(), reason);
            String name = field.getName().toLowerCase(Locale.ENGLISH);
            ordinals.putIfAbsent(name, ordinals.size());
            columns.add(new FileColumn(name, field.getName(), type, type.map(Type::getDisplayName).orElse(reason.toString())));
        }
        List<FileColumn> fileColumns = schemas.intern(columns.build());

        long rowCount = 0;
        long[] nulls = new long[fileColumns.size()];
        double[] minimums = new double[fileColumns.size()];
        double[] maximums = new double[fileColumns.size()];
        boolean[] hasRange = new boolean[fileColumns.size()];
        boolean[] rangeUnknown = new boolean[fileColumns.size()];
        long[] sizes = new long[fileColumns.size()];
        Arrays.fill(minimums, Double.POSITIVE_INFINITY);
        Arrays.fill(maximums, Double.NEGATIVE_INFINITY);
        for (BlockMetadata block : metadata.getBlocks()) {
            rowCount += block.rowCount();
            for (ColumnChunkMetadata chunk : block.columns()) {
                Integer ordinal = ordinals.get(chunk.getPath().toArray()[0].toLowerCase(Locale.ENGLISH));
                if (ordinal == null) {
                    continue;
                }
                sizes[ordinal] += chunk.getTotalUncompressedSize();
                if (chunk.getPath().size() != 1) {
                    // nested: sizes only
                    nulls[ordinal] = -1;
                    rangeUnknown[ordinal] = true;
                    continue;
                }
                Statistics<?> statistics = chunk.getStatistics();
                if (statistics == null || statistics.isEmpty()) {
                    nulls[ordinal] = -1;
                    rangeUnknown[ordinal] = true;
                    continue;
                }
                if (nulls[ordinal] >= 0 && statistics.isNumNullsSet()) {
                    nulls[ordinal] += statistics.getNumNulls();
                }
                else {
                    nulls[ordinal] = -1;
                }
                if (statistics.hasNonNullValue()) {
                    OptionalDouble low = toDouble(chunk.getPrimitiveType(), statistics.genericGetMin());
                    OptionalDouble high = toDouble(chunk.getPrimitiveType(), statistics.genericGetMax());
                    if (low.isPresent() && high.isPresent()) {
                        minimums[ordinal] = min(minimums[ordinal], low.getAsDouble());
                        maximums[ordinal] = max(maximums[ordinal], high.getAsDouble());
                        hasRange[ordinal] = true;
                    }
                    else {
                        rangeUnknown[ordinal] = true;
                    }
                }
            }
        }
        ImmutableList.Builder<ColumnStatistics> statistics = ImmutableList.builder();
        for (int i = 0; i < fileColumns.size(); i++) {
            boolean knownRange = hasRange[i] && !rangeUnknown[i];
            statistics.add(new ColumnStatistics(
                    nulls[i],
                    knownRange ? OptionalDouble.of(minimums[i]) : OptionalDouble.empty(),
                    knownRange ? OptionalDouble.of(maximums[i]) : OptionalDouble.empty(),
                    sizes[i]));
        }
        return new FileSummary(fileColumns, rowCount, statistics.build());
    }

    /**
     * A statistics value as the double Trino's table statistics use for ranges: numbers as they are,
     * decimals scaled, dates as days. Empty for other types.
     */
    private static OptionalDouble toDouble(PrimitiveType type, Object value)
    {
        LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
        if (annotation instanceof DecimalLogicalTypeAnnotation decimal) {
            BigInteger unscaled = switch (value) {
                case Integer integer -> BigInteger.valueOf(integer);
                case Long longValue -> BigInteger.valueOf(longValue);
                case Binary binary -> new BigInteger(binary.getBytes());
                default -> null;
            };
            return unscaled == null ? OptionalDouble.empty() : OptionalDouble.of(new BigDecimal(unscaled, decimal.getScale()).doubleValue());
        }
        boolean plainOrDate = annotation == null
                || annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
                || (annotation instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation intType && intType.isSigned());
        if (!plainOrDate) {
            return OptionalDouble.empty();
        }
        return switch (value) {
            case Integer integer -> OptionalDouble.of(integer);
            case Long longValue -> OptionalDouble.of(longValue);
            case Float floatValue when !floatValue.isNaN() -> OptionalDouble.of(floatValue);
            case Double doubleValue when !doubleValue.isNaN() -> OptionalDouble.of(doubleValue);
            default -> OptionalDouble.empty();
        };
    }
}
