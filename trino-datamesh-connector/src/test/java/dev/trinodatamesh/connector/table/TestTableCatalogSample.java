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

import dev.trinodatamesh.connector.lakefs.LakeFsObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static org.assertj.core.api.Assertions.assertThat;

final class TestTableCatalogSample
{
    @Test
    void theSampleSpreadsOverTheFilesWithTheFirstAndTheLast()
    {
        List<DataFile> files = files(1000);
        List<DataFile> sample = TableCatalog.sample(files, 5);
        assertThat(sample).extracting(file -> file.object().path())
                .containsExactly("t/part-0000", "t/part-0249", "t/part-0499", "t/part-0749", "t/part-0999");
        assertThat(TableCatalog.sample(files, 1)).containsExactly(files.getLast());
        assertThat(TableCatalog.sample(files(3), 5)).hasSize(3);
        assertThat(TableCatalog.sample(files(33), 32)).doesNotHaveDuplicates().hasSize(32);
    }

    private static List<DataFile> files(int count)
    {
        return IntStream.range(0, count)
                .mapToObj(i -> new DataFile(new LakeFsObject("t/part-%04d".formatted(i), "s3://bucket/t/%s".formatted(i), 100, 0, "etag"), List.of()))
                .collect(toImmutableList());
    }
}
