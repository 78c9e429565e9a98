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
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

final class TestDatameshConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(DatameshConfig.class)
                .setRefCacheTtl(new Duration(0, SECONDS))
                .setMetadataCacheMaxSize(DataSize.of(128, MEGABYTE))
                .setFooterCacheMaxSize(DataSize.of(128, MEGABYTE))
                .setMetadataParallelism(16)
                .setMaxSplitSize(DataSize.of(64, MEGABYTE))
                .setDynamicFilteringWaitTimeout(new Duration(1, SECONDS))
                .setMaxFilesPerTable(1_000_000)
                .setStatisticsEnabled(true)
                .setStatisticsPlanningTimeout(new Duration(1, SECONDS))
                .setSchemaInferenceMaxFiles(32)
                .setAllowedPhysicalPrefixes(ImmutableList.of())
                .setSchemasInclude(null)
                .setSchemasExclude(null));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("datamesh.ref-cache-ttl", "1m")
                .put("datamesh.metadata-cache.max-size", "1MB")
                .put("datamesh.footer-cache.max-size", "2MB")
                .put("datamesh.metadata-parallelism", "4")
                .put("datamesh.max-split-size", "32MB")
                .put("datamesh.dynamic-filtering.wait-timeout", "250ms")
                .put("datamesh.max-files-per-table", "1000")
                .put("datamesh.statistics.enabled", "false")
                .put("datamesh.statistics.planning-timeout", "5s")
                .put("datamesh.schema-inference.max-files", "8")
                .put("datamesh.allowed-physical-prefixes", "s3://imports/a/, s3://imports/b/")
                .put("datamesh.schemas.include", "main|v\\d+")
                .put("datamesh.schemas.exclude", "dbt_tmp_.*")
                .buildOrThrow();

        DatameshConfig expected = new DatameshConfig()
                .setRefCacheTtl(new Duration(1, MINUTES))
                .setMetadataCacheMaxSize(DataSize.of(1, MEGABYTE))
                .setFooterCacheMaxSize(DataSize.of(2, MEGABYTE))
                .setMetadataParallelism(4)
                .setMaxSplitSize(DataSize.of(32, MEGABYTE))
                .setDynamicFilteringWaitTimeout(new Duration(250, MILLISECONDS))
                .setMaxFilesPerTable(1000)
                .setStatisticsEnabled(false)
                .setStatisticsPlanningTimeout(new Duration(5, SECONDS))
                .setSchemaInferenceMaxFiles(8)
                .setAllowedPhysicalPrefixes(ImmutableList.of("s3://imports/a/", "s3://imports/b/"))
                .setSchemasInclude("main|v\\d+")
                .setSchemasExclude("dbt_tmp_.*");

        assertFullMapping(properties, expected);
    }

    @Test
    void invalidSchemaPatternsAreRefused()
    {
        assertThat(new DatameshConfig().setSchemasExclude("dbt_tmp_(").isSchemasExcludeValid()).isFalse();
        assertThat(new DatameshConfig().setSchemasInclude("[").isSchemasIncludeValid()).isFalse();
        assertThat(new DatameshConfig().setSchemasInclude("main|dev").isSchemasIncludeValid()).isTrue();
    }
}
