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
package dev.trinodatamesh.lineage;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.trino.spi.resourcegroups.QueryType;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static java.util.stream.Collectors.joining;

/**
 * What the listener reports and where: transports, names, and which queries and datasets.
 */
public class LineageListenerConfig
{
    public enum TransportType
    {
        HTTP,
        FILE,
        CONSOLE,
        KAFKA,
    }

    private List<TransportType> transports = ImmutableList.of(TransportType.HTTP);
    private URI jobNamespace;
    private URI datasetNamespace;
    private String jobNamePattern = "$JOB_NAME";
    private Set<QueryType> queryTypes = ImmutableSet.copyOf(QueryType.values());
    private String datasetIncludePattern = ".*";
    private String datasetExcludePattern;
    private boolean selectOutputDataset = true;

    @NotNull
    @Size(min = 1)
    public List<TransportType> getTransports()
    {
        return transports;
    }

    @Config("lineage.transports")
    @ConfigDescription("Where events go, comma separated: http (Marquez or any OpenLineage endpoint), file (JSON lines), console, kafka")
    public LineageListenerConfig setTransports(String transports)
    {
        this.transports = Splitter.on(',').trimResults().omitEmptyStrings().splitToStream(transports)
                .map(value -> parse(TransportType.class, value, "lineage.transports"))
                .distinct()
                .collect(toImmutableList());
        return this;
    }

    public Optional<URI> getJobNamespace()
    {
        return Optional.ofNullable(jobNamespace);
    }

    @Config("lineage.job.namespace")
    @ConfigDescription("Namespace of the jobs (queries); default trino://<coordinator host>:<port>")
    public LineageListenerConfig setJobNamespace(URI jobNamespace)
    {
        this.jobNamespace = jobNamespace;
        return this;
    }

    public Optional<URI> getDatasetNamespace()
    {
        return Optional.ofNullable(datasetNamespace);
    }

    @Config("lineage.dataset.namespace")
    @ConfigDescription("Namespace of the datasets (tables); default trino://<coordinator host>:<port>")
    public LineageListenerConfig setDatasetNamespace(URI datasetNamespace)
    {
        this.datasetNamespace = datasetNamespace;
        return this;
    }

    @NotNull
    public String getJobNamePattern()
    {
        return jobNamePattern;
    }

    @Config("lineage.job.name-pattern")
    @ConfigDescription("Job name: text with $JOB_NAME (the session's job name, else the query ID), $QUERY_ID, $USER, $SOURCE, $CLIENT_TAGS, $CATALOG, $SCHEMA")
    public LineageListenerConfig setJobNamePattern(String jobNamePattern)
    {
        this.jobNamePattern = jobNamePattern;
        return this;
    }

    @NotNull
    @Size(min = 1)
    public Set<QueryType> getQueryTypes()
    {
        return queryTypes;
    }

    @Config("lineage.query-types")
    @ConfigDescription("Query types that produce events, comma separated (SELECT, EXPLAIN, DESCRIBE, INSERT, UPDATE, DELETE, ANALYZE, DATA_DEFINITION, ALTER_TABLE_EXECUTE, MERGE); default all")
    public LineageListenerConfig setQueryTypes(String queryTypes)
    {
        this.queryTypes = Splitter.on(',').trimResults().omitEmptyStrings().splitToStream(queryTypes)
                .map(value -> parse(QueryType.class, value, "lineage.query-types"))
                .collect(toImmutableSet());
        return this;
    }

    @NotNull
    public String getDatasetIncludePattern()
    {
        return datasetIncludePattern;
    }

    @Config("lineage.dataset.include-pattern")
    @ConfigDescription("Regular expression on catalog.schema.table: only matching datasets are reported; a query that uses datasets and none matches is not reported")
    public LineageListenerConfig setDatasetIncludePattern(String datasetIncludePattern)
    {
        this.datasetIncludePattern = datasetIncludePattern;
        return this;
    }

    public Optional<String> getDatasetExcludePattern()
    {
        return Optional.ofNullable(datasetExcludePattern);
    }

    @Config("lineage.dataset.exclude-pattern")
    @ConfigDescription("Regular expression on catalog.schema.table: matching datasets are not reported; a query whose datasets all match is not reported")
    public LineageListenerConfig setDatasetExcludePattern(String datasetExcludePattern)
    {
        this.datasetExcludePattern = datasetExcludePattern;
        return this;
    }

    public boolean isSelectOutputDataset()
    {
        return selectOutputDataset;
    }

    @Config("lineage.select.output-dataset")
    @ConfigDescription("Report the result of a SELECT as an output dataset named after the job, with the column lineage of its columns")
    public LineageListenerConfig setSelectOutputDataset(boolean selectOutputDataset)
    {
        this.selectOutputDataset = selectOutputDataset;
        return this;
    }

    @AssertTrue(message = "lineage.dataset.include-pattern and lineage.dataset.exclude-pattern must be valid regular expressions")
    public boolean isPatternsValid()
    {
        try {
            Pattern.compile(datasetIncludePattern);
            if (datasetExcludePattern != null) {
                Pattern.compile(datasetExcludePattern);
            }
            return true;
        }
        catch (PatternSyntaxException | NullPointerException e) {
            return false;
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String property)
    {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ENGLISH));
        }
        catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants())
                    .map(constant -> constant.name().toLowerCase(Locale.ENGLISH))
                    .collect(joining(", "));
            throw new IllegalArgumentException("Unknown value '%s' in %s; use %s".formatted(value, property, allowed), e);
        }
    }
}
