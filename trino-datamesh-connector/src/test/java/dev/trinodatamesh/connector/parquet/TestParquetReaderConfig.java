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

import com.google.common.collect.ImmutableMap;
import io.airlift.units.DataSize;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.units.DataSize.Unit.KILOBYTE;
import static io.airlift.units.DataSize.Unit.MEGABYTE;

final class TestParquetReaderConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(ParquetReaderConfig.class)
                .setIgnoreStatistics(false)
                .setMaxReadBlockSize(DataSize.of(16, MEGABYTE))
                .setMaxReadBlockRowCount(8192)
                .setMaxMergeDistance(DataSize.of(1, MEGABYTE))
                .setMaxBufferSize(DataSize.of(8, MEGABYTE))
                .setUseColumnIndex(true)
                .setUseBloomFilter(true)
                .setVectorizedDecodingEnabled(true)
                .setMaxFooterReadSize(DataSize.of(15, MEGABYTE)));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("parquet.ignore-statistics", "true")
                .put("parquet.max-read-block-size", "2MB")
                .put("parquet.max-read-block-row-count", "1024")
                .put("parquet.max-merge-distance", "512kB")
                .put("parquet.max-buffer-size", "4MB")
                .put("parquet.use-column-index", "false")
                .put("parquet.use-bloom-filter", "false")
                .put("parquet.experimental.vectorized-decoding.enabled", "false")
                .put("parquet.max-footer-read-size", "3MB")
                .buildOrThrow();

        ParquetReaderConfig expected = new ParquetReaderConfig()
                .setIgnoreStatistics(true)
                .setMaxReadBlockSize(DataSize.of(2, MEGABYTE))
                .setMaxReadBlockRowCount(1024)
                .setMaxMergeDistance(DataSize.of(512, KILOBYTE))
                .setMaxBufferSize(DataSize.of(4, MEGABYTE))
                .setUseColumnIndex(false)
                .setUseBloomFilter(false)
                .setVectorizedDecodingEnabled(false)
                .setMaxFooterReadSize(DataSize.of(3, MEGABYTE));

        assertFullMapping(properties, expected);
    }
}
