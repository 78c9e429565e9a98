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
import com.google.common.collect.ImmutableMap;
import dev.trinodatamesh.connector.table.DataFile;
import io.trino.plugin.base.metrics.LongCount;
import io.trino.spi.SplitWeight;
import io.trino.spi.connector.ConnectorSplit;
import io.trino.spi.connector.ConnectorSplitSource;
import io.trino.spi.connector.DynamicFilterSnapshot;
import io.trino.spi.metrics.Metric;
import io.trino.spi.metrics.Metrics;
import io.trino.spi.predicate.TupleDomain;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static java.lang.Math.clamp;
import static java.lang.Math.min;
import static java.util.Objects.requireNonNull;

/**
 * Hands out splits lazily, in batches, so that a LIMIT stops split generation early and each batch
 * is pruned with the dynamic filters known by then.
 */
public class DatameshSplitSource
        implements ConnectorSplitSource
{
    private final Iterator<DataFile> files;
    private final List<DatameshColumnHandle> partitionColumns;
    private final long maxSplitSize;
    private final long dynamicFilteringWaitMillis;
    private final Deque<ConnectorSplit> pending = new ArrayDeque<>();
    private final long filesListed;
    private long filesPrunedByDynamicFilter;
    private long splits;
    private boolean closed;

    public DatameshSplitSource(List<DataFile> files, List<DatameshColumnHandle> partitionColumns, long maxSplitSize, long dynamicFilteringWaitMillis)
    {
        this.files = ImmutableList.copyOf(requireNonNull(files, "files is null")).iterator();
        this.filesListed = files.size();
        this.partitionColumns = ImmutableList.copyOf(partitionColumns);
        this.maxSplitSize = maxSplitSize;
        this.dynamicFilteringWaitMillis = dynamicFilteringWaitMillis;
    }

    @Override
    public CompletableFuture<List<ConnectorSplit>> getNextBatch(int maxSize, DynamicFilterSnapshot dynamicFilter)
    {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("split source is closed"));
        }
        TupleDomain<DatameshColumnHandle> filter = dynamicFilter.currentPredicate()
                .transformKeys(DatameshColumnHandle.class::cast)
                .filter((column, _) -> column.isFileLevel());
        ImmutableList.Builder<ConnectorSplit> batch = ImmutableList.builder();
        int count = 0;
        while (count < maxSize) {
            if (pending.isEmpty()) {
                if (!files.hasNext()) {
                    break;
                }
                DataFile file = files.next();
                if (!FileValues.of(file, partitionColumns).matches(filter)) {
                    filesPrunedByDynamicFilter++;
                    continue;
                }
                addSplits(file);
            }
            batch.add(pending.removeFirst());
            count++;
        }
        splits += count;
        return CompletableFuture.completedFuture(batch.build());
    }

    private void addSplits(DataFile file)
    {
        long size = file.object().sizeBytes();
        int chunks = (int) Math.max(1, (size + maxSplitSize - 1) / maxSplitSize);
        long chunkSize = (size + chunks - 1) / Math.max(1, chunks);
        for (long start = 0; start < size || (start == 0 && size == 0); start += Math.max(1, chunkSize)) {
            long length = min(chunkSize, size - start);
            pending.add(new DatameshSplit(
                    file.object().path(),
                    file.object().physicalAddress(),
                    start,
                    length,
                    size,
                    file.partitionValues(),
                    SplitWeight.fromProportion(clamp((double) length / maxSplitSize, 0.05, 1.0))));
            if (size == 0) {
                break;
            }
        }
    }

    @Override
    public long getRequestedDynamicFilterWaitTimeoutMillis()
    {
        return dynamicFilteringWaitMillis;
    }

    @Override
    public boolean isFinished()
    {
        return pending.isEmpty() && !files.hasNext();
    }

    @Override
    public Metrics getMetrics()
    {
        return new Metrics(ImmutableMap.<String, Metric<?>>of(
                "filesListed", new LongCount(filesListed),
                "filesPrunedByDynamicFilter", new LongCount(filesPrunedByDynamicFilter),
                "splits", new LongCount(splits)));
    }

    @Override
    public void close()
    {
        closed = true;
    }
}
