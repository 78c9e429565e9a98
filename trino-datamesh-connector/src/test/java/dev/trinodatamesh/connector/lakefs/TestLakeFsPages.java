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

import com.google.common.collect.ImmutableList;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

final class TestLakeFsPages
{
    private record Page(List<String> items, Optional<String> next) {}

    @Test
    void iteratesEveryPageInOrder()
    {
        List<Optional<String>> requested = new ArrayList<>();
        Iterator<String> items = LakeFsPages.iterate(after -> {
            requested.add(after);
            return switch (after.orElse("")) {
                case "" -> new Page(List.of("a", "b"), Optional.of("b"));
                // an empty page in the middle does not end the listing
                case "b" -> new Page(List.of(), Optional.of("c"));
                case "c" -> new Page(List.of("d"), Optional.empty());
                default -> throw new AssertionError(after);
            };
        }, Page::items, Page::next);
        assertThat(ImmutableList.copyOf(items)).containsExactly("a", "b", "d");
        assertThat(requested).containsExactly(Optional.empty(), Optional.of("b"), Optional.of("c"));
    }

    @Test
    void fetchesPagesOnlyAsTheIteratorAdvances()
    {
        List<Optional<String>> requested = new ArrayList<>();
        Iterator<String> items = LakeFsPages.iterate(after -> {
            requested.add(after);
            return new Page(List.of("x" + requested.size()), Optional.of("next"));
        }, Page::items, Page::next);
        assertThat(items.next()).isEqualTo("x1");
        assertThat(requested).hasSize(1);
    }
}
