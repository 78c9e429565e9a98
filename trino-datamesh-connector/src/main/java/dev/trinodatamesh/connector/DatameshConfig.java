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
import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import io.airlift.units.MaxDataSize;
import io.airlift.units.MaxDuration;
import io.airlift.units.MinDataSize;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.SECONDS;

public class DatameshConfig
{
    private Duration refCacheTtl = new Duration(0, SECONDS);
    private DataSize metadataCacheMaxSize = DataSize.of(128, MEGABYTE);
    private DataSize footerCacheMaxSize = DataSize.of(128, MEGABYTE);
    private int metadataParallelism = 16;
    private DataSize maxSplitSize = DataSize.of(64, MEGABYTE);
    private Duration dynamicFilteringWaitTimeout = new Duration(1, SECONDS);
    private int maxFilesPerTable = 1_000_000;
    private boolean statisticsEnabled = true;
    private Duration statisticsPlanningTimeout = new Duration(1, SECONDS);
    private int schemaInferenceMaxFiles = 32;
    private List<String> allowedPhysicalPrefixes = ImmutableList.of();
    private String schemasInclude;
    private String schemasExclude;

    @NotNull
    @MinDuration("0s")
    @MaxDuration("1d")
    public Duration getRefCacheTtl()
    {
        return refCacheTtl;
    }

    @Config("datamesh.ref-cache-ttl")
    @ConfigDescription("How long the commit a branch or tag resolves to is reused across queries; 0s resolves it for every query")
    public DatameshConfig setRefCacheTtl(Duration refCacheTtl)
    {
        this.refCacheTtl = refCacheTtl;
        return this;
    }

    @NotNull
    @MinDataSize("0B")
    public DataSize getMetadataCacheMaxSize()
    {
        return metadataCacheMaxSize;
    }

    @Config("datamesh.metadata-cache.max-size")
    @ConfigDescription("Memory bound of the cache of object listings, table descriptors and table schemas, keyed by commit; 0B disables it")
    public DatameshConfig setMetadataCacheMaxSize(DataSize metadataCacheMaxSize)
    {
        this.metadataCacheMaxSize = metadataCacheMaxSize;
        return this;
    }

    @NotNull
    @MinDataSize("0B")
    public DataSize getFooterCacheMaxSize()
    {
        return footerCacheMaxSize;
    }

    @Config("datamesh.footer-cache.max-size")
    @ConfigDescription("Memory bound of the cache of Parquet footers, on every node, keyed by the file's immutable physical address; 0B disables it")
    public DatameshConfig setFooterCacheMaxSize(DataSize footerCacheMaxSize)
    {
        this.footerCacheMaxSize = footerCacheMaxSize;
        return this;
    }

    @Min(1)
    @Max(1024)
    public int getMetadataParallelism()
    {
        return metadataParallelism;
    }

    @Config("datamesh.metadata-parallelism")
    @ConfigDescription("Parallel reads of Parquet footers on the coordinator when a table's schema is inferred from its files")
    public DatameshConfig setMetadataParallelism(int metadataParallelism)
    {
        this.metadataParallelism = metadataParallelism;
        return this;
    }

    @NotNull
    @MinDataSize("1MB")
    @MaxDataSize("1GB")
    public DataSize getMaxSplitSize()
    {
        return maxSplitSize;
    }

    @Config("datamesh.max-split-size")
    @ConfigDescription("Largest byte range of a file read by one split; larger files become several splits")
    public DatameshConfig setMaxSplitSize(DataSize maxSplitSize)
    {
        this.maxSplitSize = maxSplitSize;
        return this;
    }

    @NotNull
    @MinDuration("0s")
    public Duration getDynamicFilteringWaitTimeout()
    {
        return dynamicFilteringWaitTimeout;
    }

    @Config("datamesh.dynamic-filtering.wait-timeout")
    @ConfigDescription("How long split generation waits for dynamic filters, which can prune partitions and files")
    public DatameshConfig setDynamicFilteringWaitTimeout(Duration dynamicFilteringWaitTimeout)
    {
        this.dynamicFilteringWaitTimeout = dynamicFilteringWaitTimeout;
        return this;
    }

    @Min(1)
    public int getMaxFilesPerTable()
    {
        return maxFilesPerTable;
    }

    @Config("datamesh.max-files-per-table")
    @ConfigDescription("Safety limit on the number of files of one table at one commit")
    public DatameshConfig setMaxFilesPerTable(int maxFilesPerTable)
    {
        this.maxFilesPerTable = maxFilesPerTable;
        return this;
    }

    public boolean isStatisticsEnabled()
    {
        return statisticsEnabled;
    }

    @Config("datamesh.statistics.enabled")
    @ConfigDescription("Give the optimizer table statistics (row counts, nulls, ranges, sizes) from the Parquet footers")
    public DatameshConfig setStatisticsEnabled(boolean statisticsEnabled)
    {
        this.statisticsEnabled = statisticsEnabled;
        return this;
    }

    @NotNull
    @MinDuration("0s")
    @MaxDuration("1h")
    public Duration getStatisticsPlanningTimeout()
    {
        return statisticsPlanningTimeout;
    }

    @Config("datamesh.statistics.planning-timeout")
    @ConfigDescription("Longest time planning waits for a table's statistics from its Parquet footers; slower statistics are computed in the background for later queries")
    public DatameshConfig setStatisticsPlanningTimeout(Duration statisticsPlanningTimeout)
    {
        this.statisticsPlanningTimeout = statisticsPlanningTimeout;
        return this;
    }

    @Min(1)
    public int getSchemaInferenceMaxFiles()
    {
        return schemaInferenceMaxFiles;
    }

    @Config("datamesh.schema-inference.max-files")
    @ConfigDescription("Footers read to infer the columns of a table without declared columns: a sample spread over its files in path order, first and last included")
    public DatameshConfig setSchemaInferenceMaxFiles(int schemaInferenceMaxFiles)
    {
        this.schemaInferenceMaxFiles = schemaInferenceMaxFiles;
        return this;
    }

    @NotNull
    public List<String> getAllowedPhysicalPrefixes()
    {
        return allowedPhysicalPrefixes;
    }

    @Config("datamesh.allowed-physical-prefixes")
    @ConfigDescription("Comma-separated locations (such as s3://bucket/imports/) whose objects the catalog reads besides the repository's storage namespace; objects elsewhere are refused")
    public DatameshConfig setAllowedPhysicalPrefixes(List<String> allowedPhysicalPrefixes)
    {
        this.allowedPhysicalPrefixes = ImmutableList.copyOf(allowedPhysicalPrefixes);
        return this;
    }

    public Optional<String> getSchemasInclude()
    {
        return Optional.ofNullable(schemasInclude);
    }

    @Config("datamesh.schemas.include")
    @ConfigDescription("Regular expression (case-insensitive, whole name) of the branches and tags listed as schemas; unset lists all. Every ref stays reachable by name")
    public DatameshConfig setSchemasInclude(String schemasInclude)
    {
        this.schemasInclude = schemasInclude;
        return this;
    }

    public Optional<String> getSchemasExclude()
    {
        return Optional.ofNullable(schemasExclude);
    }

    @Config("datamesh.schemas.exclude")
    @ConfigDescription("Regular expression (case-insensitive, whole name) of the branches and tags left out of schema listings, such as ephemeral branches; they stay reachable by name")
    public DatameshConfig setSchemasExclude(String schemasExclude)
    {
        this.schemasExclude = schemasExclude;
        return this;
    }

    @AssertTrue(message = "datamesh.schemas.include must be a valid regular expression")
    public boolean isSchemasIncludeValid()
    {
        return isValidPattern(schemasInclude);
    }

    @AssertTrue(message = "datamesh.schemas.exclude must be a valid regular expression")
    public boolean isSchemasExcludeValid()
    {
        return isValidPattern(schemasExclude);
    }

    private static boolean isValidPattern(String pattern)
    {
        if (pattern == null) {
            return true;
        }
        try {
            Pattern.compile(pattern);
            return true;
        }
        catch (PatternSyntaxException e) {
            return false;
        }
    }
}
