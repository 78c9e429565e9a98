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

import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Where the parts of the table catalog keep what they load from lakeFS and the footers. Every
 * key names a commit ID or a physical address, so an entry is never stale.
 */
public interface MetadataCache
{
    /**
     * The value for {@code key}, loaded with {@code loader} when absent; a failed load is not kept.
     *
     * @param weigher the value's retained size in bytes, for the memory bound
     */
    <T> T get(Object key, Supplier<T> loader, ToLongFunction<T> weigher);

    /**
     * The value for {@code key}, or null when it is not loaded yet.
     */
    <T> T getIfPresent(Object key);
}
