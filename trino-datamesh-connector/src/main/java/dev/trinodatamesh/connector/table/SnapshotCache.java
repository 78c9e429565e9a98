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
package dev.trinodatamesh.connector.table;

import com.google.common.cache.Cache;
import com.google.common.util.concurrent.UncheckedExecutionException;
import com.google.inject.Inject;
import dev.trinodatamesh.connector.DatameshConfig;
import io.trino.cache.CacheStatsMBean;
import io.trino.cache.EvictableCacheBuilder;
import org.weakref.jmx.Managed;
import org.weakref.jmx.Nested;

import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import static com.google.common.base.Throwables.throwIfUnchecked;
import static java.lang.Math.clamp;

/**
 * Metadata that never changes for a given commit ID or physical address: object listings, table
 * descriptors and definitions, Parquet footer summaries. Keys are records that include the
 * commit ID or the immutable physical address, so entries cannot go stale; the cache is bounded
 * by {@code datamesh.metadata-cache.max-size}. Failures are not cached.
 */
public class SnapshotCache
        implements MetadataCache
{
    private final Cache<Object, Entry> cache;
    private final CacheStatsMBean stats;

    @Inject
    public SnapshotCache(DatameshConfig config)
    {
        this.cache = EvictableCacheBuilder.newBuilder()
                .maximumWeight(config.getMetadataCacheMaxSize().toBytes())
                .weigher((Object _, Entry entry) -> (int) clamp(entry.weight(), 1, Integer.MAX_VALUE))
                .shareNothingWhenDisabled()
                .recordStats()
                .build();
        this.stats = new CacheStatsMBean(cache);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Supplier<T> loader, ToLongFunction<T> weigher)
    {
        try {
            return (T) cache.get(key, () -> {
                T value = loader.get();
                return new Entry(value, weigher.applyAsLong(value) + 128);
            }).value();
        }
        catch (ExecutionException | UncheckedExecutionException e) {
            throwIfUnchecked(e.getCause());
            throw new RuntimeException(e.getCause());
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getIfPresent(Object key)
    {
        Entry entry = cache.getIfPresent(key);
        return entry == null ? null : (T) entry.value();
    }

    @Managed
    @Nested
    public CacheStatsMBean getStats()
    {
        return stats;
    }

    private record Entry(Object value, long weight) {}
}
