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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import static java.util.Objects.requireNonNull;

/**
 * What one transaction has loaded, over the catalog's shared {@link SnapshotCache}: each table is
 * discovered, defined and listed once per query, even when the shared cache is disabled
 * ({@code datamesh.metadata-cache.max-size=0B}) or has evicted the entry meanwhile. It holds
 * references to the values a query uses anyway and is dropped with the transaction.
 */
final class QueryCache
        implements MetadataCache
{
    private final SnapshotCache shared;
    private final Map<Object, Object> loaded = new ConcurrentHashMap<>();

    QueryCache(SnapshotCache shared)
    {
        this.shared = requireNonNull(shared, "shared is null");
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Supplier<T> loader, ToLongFunction<T> weigher)
    {
        Object value = loaded.get(key);
        if (value == null) {
            // not computeIfAbsent: loaders call back into this cache for other keys
            value = shared.get(key, loader, weigher);
            Object existing = loaded.putIfAbsent(key, value);
            if (existing != null) {
                value = existing;
            }
        }
        return (T) value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getIfPresent(Object key)
    {
        Object value = loaded.get(key);
        return value != null ? (T) value : shared.getIfPresent(key);
    }
}
