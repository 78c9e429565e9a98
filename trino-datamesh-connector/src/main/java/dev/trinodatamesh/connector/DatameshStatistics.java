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

import com.google.common.cache.Cache;
import com.google.common.collect.ImmutableList;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import com.google.common.util.concurrent.UncheckedExecutionException;
import com.google.inject.Inject;
import io.airlift.log.Logger;
import io.airlift.stats.CounterStat;
import dev.trinodatamesh.connector.parquet.FileSummary;
import dev.trinodatamesh.connector.table.ColumnDefinition;
import dev.trinodatamesh.connector.table.DataFile;
import dev.trinodatamesh.connector.table.TableCatalog;
import dev.trinodatamesh.connector.table.TableDefinition;
import io.trino.cache.CacheStatsMBean;
import io.trino.cache.EvictableCacheBuilder;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.predicate.NullableValue;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.statistics.ColumnStatistics;
import io.trino.spi.statistics.DoubleRange;
import io.trino.spi.statistics.Estimate;
import io.trino.spi.statistics.TableStatistics;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.FixedWidthType;
import io.trino.spi.type.Type;
import org.weakref.jmx.Managed;
import org.weakref.jmx.Nested;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;

import static com.google.common.base.Throwables.throwIfUnchecked;
import static com.google.common.util.concurrent.Futures.getDone;
import static com.google.common.util.concurrent.Futures.submit;
import static com.google.common.util.concurrent.MoreExecutors.directExecutor;
import static io.trino.cache.CacheUtils.uncheckedCacheGet;
import static io.trino.spi.statistics.StatsUtil.toStatsRepresentation;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TinyintType.TINYINT;
import static java.lang.Math.max;
import static java.lang.Math.min;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

/**
 * Table statistics from the Parquet footers of the files a query reads (after partition pruning):
 * row count, and per column the fraction of NULLs, the value range and the data size. The footers
 * are read once per physical address and cached.
 */
public class DatameshStatistics
{
    private static final Logger log = Logger.get(DatameshStatistics.class);

    // the statistics of a table at a commit, for one partition predicate, never change; the
    // optimizer asks for them many times per query, and every query of a dashboard asks again
    private final Cache<StatisticsKey, TableStatistics> cache = EvictableCacheBuilder.newBuilder()
            .maximumSize(4096)
            .recordStats()
            .build();
    private final CacheStatsMBean cacheStats = new CacheStatsMBean(cache);
    private final Map<StatisticsKey, Computation> computing = new ConcurrentHashMap<>();
    private final ExecutorService executor;
    private final long planningTimeoutMillis;
    private final CounterStat timeouts = new CounterStat();

    @Inject
    public DatameshStatistics(@ForDatameshMetadata ExecutorService executor, DatameshConfig config)
    {
        this.executor = requireNonNull(executor, "executor is null");
        this.planningTimeoutMillis = config.getStatisticsPlanningTimeout().toMillis();
    }

    /**
     * The table's statistics, or unknown statistics when computing them (reading the footers of a
     * large table for the first time) takes longer than {@code datamesh.statistics.planning-timeout}:
     * planning does not wait for them. Their computation goes on in the background, and later
     * queries get them from the cache.
     *
     * @param tables the transaction's view of the tables, which lists the files and reads their footers
     */
    public TableStatistics getTableStatistics(ConnectorSession session, DatameshTableHandle handle, TableDefinition table, TableCatalog tables)
    {
        StatisticsKey key = new StatisticsKey(handle.commitId(), handle.tableName(), handle.partitionColumns(), handle.enforcedPredicate());
        try {
            return uncheckedCacheGet(cache, key, () -> computation(key, session, handle, table, tables).await(key));
        }
        catch (UncheckedExecutionException e) {
            if (e.getCause() instanceof StatisticsPending) {
                timeouts.update(1);
                log.debug("Statistics of %s at commit %s take longer than %s ms; planning without them", handle.schemaTableName(), handle.commitId(), planningTimeoutMillis);
                return TableStatistics.empty();
            }
            throwIfUnchecked(e.getCause());
            throw e;
        }
    }

    /**
     * The running computation of these statistics, started when there is none; when it ends
     * after planning stopped waiting for it, its result goes to the cache for later queries.
     */
    private Computation computation(StatisticsKey key, ConnectorSession session, DatameshTableHandle handle, TableDefinition table, TableCatalog tables)
    {
        Computation running = computing.get(key);
        if (running != null) {
            return running;
        }
        SettableFuture<TableStatistics> created = SettableFuture.create();
        Computation computation = new Computation(created, System.nanoTime() + MILLISECONDS.toNanos(planningTimeoutMillis));
        running = computing.putIfAbsent(key, computation);
        if (running != null) {
            return running;
        }
        created.addListener(() -> {
            computing.remove(key, computation);
            try {
                TableStatistics statistics = getDone(created);
                uncheckedCacheGet(cache, key, () -> statistics);
            }
            catch (ExecutionException | RuntimeException e) {
                log.debug(e, "Statistics of %s at commit %s failed", handle.schemaTableName(), handle.commitId());
            }
        }, directExecutor());
        created.setFuture(submit(() -> computeTableStatistics(session, handle, table, tables), executor));
        return computation;
    }

    /**
     * A computation of statistics and the time until which planning waits for it: the optimizer
     * asks for a table's statistics many times while planning one query, and all those asks
     * together wait no longer than the planning timeout.
     */
    private record Computation(ListenableFuture<TableStatistics> future, long waitUntilNanos)
    {
        TableStatistics await(StatisticsKey key)
        {
            try {
                return future.get(Math.max(0, waitUntilNanos - System.nanoTime()), NANOSECONDS);
            }
            catch (TimeoutException e) {
                throw new StatisticsPending(key);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeException("Interrupted while computing statistics", e);
            }
            catch (ExecutionException e) {
                throwIfUnchecked(e.getCause());
                throw new RuntimeException(e.getCause());
            }
        }
    }

    private static final class StatisticsPending
            extends RuntimeException
    {
        StatisticsPending(StatisticsKey key)
        {
            super("statistics pending: " + key, null, false, false);
        }
    }

    /**
     * Tables whose statistics planning did not wait for.
     */
    @Managed
    @Nested
    public CounterStat getPlanningTimeouts()
    {
        return timeouts;
    }

    @Managed
    @Nested
    public CacheStatsMBean getCacheStats()
    {
        return cacheStats;
    }

    private static TableStatistics computeTableStatistics(ConnectorSession session, DatameshTableHandle handle, TableDefinition table, TableCatalog tables)
    {
        Map<DataFile, FileValues> fileValues = new LinkedHashMap<>();
        for (DataFile file : tables.listFiles(handle.commitId(), handle.tablePath(), handle.partitionColumnNames())) {
            FileValues values = FileValues.of(file, handle.partitionColumns());
            if (values.matches(handle.enforcedPredicate())) {
                fileValues.put(file, values);
            }
        }
        List<DataFile> files = ImmutableList.copyOf(fileValues.keySet());
        if (files.isEmpty()) {
            return TableStatistics.builder().setRowCount(Estimate.zero()).build();
        }
        Map<DataFile, FileSummary> summaries = tables.summaries(session, handle.commitId(), files);
        long rowCount = summaries.values().stream().mapToLong(FileSummary::rowCount).sum();
        TableStatistics.Builder statistics = TableStatistics.builder().setRowCount(Estimate.of(rowCount));
        if (rowCount == 0) {
            return statistics.build();
        }

        Map<List<FileSummary.FileColumn>, Map<String, Integer>> ordinals = new IdentityHashMap<>();
        for (ColumnDefinition column : table.dataColumns()) {
            long nulls = 0;
            boolean nullsKnown = true;
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            boolean rangeKnown = true;
            long dataSize = 0;
            for (FileSummary summary : summaries.values()) {
                Integer ordinal = ordinals.computeIfAbsent(summary.columns(), DatameshStatistics::ordinals).get(column.name());
                if (ordinal == null) {
                    // the file lacks the column: all its rows read as NULL
                    nulls += summary.rowCount();
                    continue;
                }
                FileSummary.ColumnStatistics fileStatistics = summary.statistics().get(ordinal);
                if (fileStatistics.nullCount() < 0) {
                    nullsKnown = false;
                }
                else {
                    nulls += fileStatistics.nullCount();
                }
                OptionalDouble fileLow = fileStatistics.min();
                OptionalDouble fileHigh = fileStatistics.max();
                if (fileLow.isPresent() && fileHigh.isPresent()) {
                    low = min(low, fileLow.getAsDouble());
                    high = max(high, fileHigh.getAsDouble());
                }
                else if (fileStatistics.nullCount() != summary.rowCount()) {
                    rangeKnown = false;
                }
                dataSize += fileStatistics.dataSize();
            }
            ColumnStatistics.Builder columnStatistics = ColumnStatistics.builder();
            if (nullsKnown) {
                columnStatistics.setNullsFraction(Estimate.of(min(1.0, (double) nulls / rowCount)));
            }
            if (rangeKnown && low <= high && isNumericLike(column.type())) {
                columnStatistics.setRange(new DoubleRange(low, high));
            }
            if (!(column.type() instanceof FixedWidthType)) {
                columnStatistics.setDataSize(Estimate.of(dataSize));
            }
            statistics.setColumnStatistics(new DatameshColumnHandle(column.name(), column.type(), DatameshColumnHandle.Kind.REGULAR), columnStatistics.build());
        }

        for (DatameshColumnHandle column : handle.partitionColumns()) {
            Set<Object> distinct = new HashSet<>();
            long nullRows = 0;
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            boolean rangeKnown = true;
            for (Map.Entry<DataFile, FileSummary> entry : summaries.entrySet()) {
                NullableValue value = fileValues.get(entry.getKey()).get(column).orElseThrow();
                if (value.isNull()) {
                    nullRows += entry.getValue().rowCount();
                    continue;
                }
                distinct.add(value.getValue());
                OptionalDouble number = toStatsRepresentation(column.type(), value.getValue());
                if (number.isPresent()) {
                    low = min(low, number.getAsDouble());
                    high = max(high, number.getAsDouble());
                }
                else {
                    rangeKnown = false;
                }
            }
            ColumnStatistics.Builder columnStatistics = ColumnStatistics.builder()
                    .setNullsFraction(Estimate.of((double) nullRows / rowCount))
                    .setDistinctValuesCount(Estimate.of(distinct.size()));
            if (rangeKnown && low <= high) {
                columnStatistics.setRange(new DoubleRange(low, high));
            }
            statistics.setColumnStatistics(column, columnStatistics.build());
        }
        return statistics.build();
    }

    private static Map<String, Integer> ordinals(List<FileSummary.FileColumn> columns)
    {
        Map<String, Integer> ordinals = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            ordinals.putIfAbsent(columns.get(i).name(), i);
        }
        return ordinals;
    }

    /**
     * Types whose ranges Trino's statistics express as doubles and whose footer ranges we read.
     */
    private static boolean isNumericLike(Type type)
    {
        return type instanceof DecimalType
                || type.equals(DATE)
                || type.equals(TINYINT) || type.equals(SMALLINT) || type.equals(INTEGER) || type.equals(BIGINT)
                || type.equals(REAL) || type.equals(DOUBLE);
    }

    private record StatisticsKey(String commitId, String tableName, List<DatameshColumnHandle> partitionColumns, TupleDomain<DatameshColumnHandle> enforcedPredicate) {}
}
