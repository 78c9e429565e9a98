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
package dev.trinodatamesh.lineage.event;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the events say: namespaces, job names, which datasets, and when a SELECT's result is a dataset.
 */
public class EventConfig
{
    /**
     * Which SELECTs report their result as an output dataset.
     */
    public enum SelectOutput
    {
        /**
         * none: the job and its input datasets only
         */
        NONE,
        /**
         * SELECTs of named jobs (client tag {@code job:}, dbt node): their result is a dataset the job produces
         */
        NAMED_JOBS,
        /**
         * every SELECT, ad-hoc ones too (one dataset per query)
         */
        ALL,
    }

    private URI jobNamespace;
    private URI datasetNamespace;
    private String jobNamePattern = "$JOB_NAME";
    private String adhocJobNamePattern = "adhoc.$USER.$SOURCE";
    private String datasetIncludePattern = ".*";
    private String datasetExcludePattern;
    private SelectOutput selectOutputDataset = SelectOutput.NAMED_JOBS;

    public Optional<URI> getJobNamespace()
    {
        return Optional.ofNullable(jobNamespace);
    }

    @Config("lineage.job.namespace")
    @ConfigDescription("Namespace of the jobs (queries); default trino://<coordinator host>:<port>")
    public EventConfig setJobNamespace(URI jobNamespace)
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
    public EventConfig setDatasetNamespace(URI datasetNamespace)
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
    @ConfigDescription("Name of a named job (client tag job:<name>, dbt node): text with $JOB_NAME (that name), $QUERY_ID, $USER, $SOURCE, $CLIENT_TAGS, $CATALOG, $SCHEMA")
    public EventConfig setJobNamePattern(String jobNamePattern)
    {
        this.jobNamePattern = jobNamePattern;
        return this;
    }

    @NotNull
    public String getAdhocJobNamePattern()
    {
        return adhocJobNamePattern;
    }

    @Config("lineage.job.adhoc-name-pattern")
    @ConfigDescription("Name of the job of an ad-hoc query (no job name from the session): text with $USER, $SOURCE, $QUERY_ID, $CLIENT_TAGS, $CATALOG, $SCHEMA; each query is one run of it")
    public EventConfig setAdhocJobNamePattern(String adhocJobNamePattern)
    {
        this.adhocJobNamePattern = adhocJobNamePattern;
        return this;
    }

    @NotNull
    public String getDatasetIncludePattern()
    {
        return datasetIncludePattern;
    }

    @Config("lineage.dataset.include-pattern")
    @ConfigDescription("Regular expression on catalog.schema.table: only matching datasets are reported; a query that uses datasets and none matches is not reported")
    public EventConfig setDatasetIncludePattern(String datasetIncludePattern)
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
    public EventConfig setDatasetExcludePattern(String datasetExcludePattern)
    {
        this.datasetExcludePattern = datasetExcludePattern;
        return this;
    }

    @NotNull
    public SelectOutput getSelectOutputDataset()
    {
        return selectOutputDataset;
    }

    @Config("lineage.select.output-dataset")
    @ConfigDescription("Which SELECTs report their result as an output dataset named after the job, with column lineage: named-jobs, all or none (true and false mean all and none)")
    public EventConfig setSelectOutputDataset(String selectOutputDataset)
    {
        String value = selectOutputDataset.trim().toUpperCase(Locale.ENGLISH).replace('-', '_');
        this.selectOutputDataset = switch (value) {
            case "TRUE" -> SelectOutput.ALL;
            case "FALSE" -> SelectOutput.NONE;
            default -> {
                try {
                    yield SelectOutput.valueOf(value);
                }
                catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Unknown value '%s' in lineage.select.output-dataset; use named-jobs, all or none".formatted(selectOutputDataset), e);
                }
            }
        };
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
}
