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
package dev.trinodatamesh.connector.lakefs;

import com.google.common.collect.AbstractIterator;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The one loop over lakeFS's paginated listings ({@code after} = the previous page's
 * {@code next_offset}): pages are fetched lazily, so a caller that stops early, such as one that
 * only needs to know whether a directory holds a Parquet file, fetches no more of them.
 */
public final class LakeFsPages
{
    private LakeFsPages() {}

    /**
     * The items of every page, in order.
     *
     * @param loader the page that starts after an offset (empty for the first page)
     * @param items what a page holds
     * @param nextOffset the offset of the next page, empty after the last page
     */
    public static <P, T> Iterator<T> iterate(Function<Optional<String>, P> loader, Function<P, List<T>> items, Function<P, Optional<String>> nextOffset)
    {
        requireNonNull(loader, "loader is null");
        requireNonNull(items, "items is null");
        requireNonNull(nextOffset, "nextOffset is null");
        return new AbstractIterator<>()
        {
            private Iterator<T> current = List.<T>of().iterator();
            private Optional<String> after = Optional.empty();
            private boolean lastPageLoaded;

            @Override
            protected T computeNext()
            {
                while (!current.hasNext()) {
                    if (lastPageLoaded) {
                        return endOfData();
                    }
                    P page = loader.apply(after);
                    current = items.apply(page).iterator();
                    after = nextOffset.apply(page);
                    lastPageLoaded = after.isEmpty();
                }
                return current.next();
            }
        };
    }
}
