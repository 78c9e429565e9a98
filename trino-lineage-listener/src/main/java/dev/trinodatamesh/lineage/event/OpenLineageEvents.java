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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.trinodatamesh.lineage.event.PlanLineage.Direct;
import dev.trinodatamesh.lineage.event.PlanLineage.Indirect;
import dev.trinodatamesh.lineage.event.PlanLineage.ScanColumn;
import io.airlift.log.Logger;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.DatasetFacetsBuilder;
import io.openlineage.client.OpenLineage.InputDataset;
import io.openlineage.client.OpenLineage.InputField;
import io.openlineage.client.OpenLineage.OutputDataset;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineage.RunFacetsBuilder;
import io.trino.spi.eventlistener.ColumnDetail;
import io.trino.spi.eventlistener.ColumnLineageInfo;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryContext;
import io.trino.spi.eventlistener.QueryCreatedEvent;
import io.trino.spi.eventlistener.QueryFailureInfo;
import io.trino.spi.eventlistener.QueryInputMetadata;
import io.trino.spi.eventlistener.QueryMetadata;
import io.trino.spi.eventlistener.QueryOutputMetadata;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.util.Objects.requireNonNull;

/**
 * Turns Trino's query events into OpenLineage run events: START when a query is created, COMPLETE or
 * FAIL when it completes, with standard facets only.
 */
public class OpenLineageEvents
{
    private static final Logger log = Logger.get(OpenLineageEvents.class);
    public static final String PRODUCER = "https://github.com/trino-datamesh/trino-datamesh/tree/main/trino-lineage-listener";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern DBT_COMMENT = Pattern.compile("^\\s*/\\*\\s*(\\{.*?})\\s*\\*/", Pattern.DOTALL);
    private static final Pattern PLAN_TABLE_SEPARATOR = Pattern.compile("[^a-z0-9_$~-]+");
    private static final int MAX_STACK_TRACE = 16 * 1024;

    private final OpenLineage openLineage = new OpenLineage(URI.create(PRODUCER));
    private final EventConfig config;
    private final String adapterVersion;
    private final Pattern includePattern;
    private final Optional<Pattern> excludePattern;
    private final boolean filtersDatasets;
    private final Optional<String> jobNamespace;
    private final Optional<String> datasetNamespace;

    public OpenLineageEvents(EventConfig config, String adapterVersion)
    {
        this.config = requireNonNull(config, "config is null");
        this.adapterVersion = requireNonNull(adapterVersion, "adapterVersion is null");
        this.includePattern = Pattern.compile(config.getDatasetIncludePattern());
        this.excludePattern = config.getDatasetExcludePattern().map(Pattern::compile);
        this.jobNamespace = config.getJobNamespace().map(URI::toString);
        this.datasetNamespace = config.getDatasetNamespace().map(URI::toString);
        this.filtersDatasets = !config.getDatasetIncludePattern().equals(".*") || excludePattern.isPresent();
    }

    /**
     * Whether dataset patterns can leave a query out: then its START is only known to be wanted when it completes.
     */
    public boolean filtersDatasets()
    {
        return filtersDatasets;
    }

    public RunEvent start(QueryCreatedEvent event)
    {
        return start(event.getMetadata(), event.getContext(), event.getCreateTime());
    }

    public RunEvent start(QueryMetadata metadata, QueryContext context, Instant createTime)
    {
        SessionTags tags = SessionTags.of(context.getClientTags());
        Names names = names(metadata, context, tags);
        return openLineage.newRunEventBuilder()
                .eventType(EventType.START)
                .eventTime(time(createTime))
                .run(openLineage.newRun(RunIds.runId(metadata.getQueryId(), createTime), runFacets(metadata, context, tags).build()))
                .job(job(metadata, context, names))
                .inputs(ImmutableList.of())
                .outputs(ImmutableList.of())
                .build();
    }

    /**
     * COMPLETE for a finished query, FAIL for a failed one; empty when dataset patterns leave it out.
     */
    public Optional<RunEvent> complete(QueryCompletedEvent event)
    {
        QueryMetadata metadata = event.getMetadata();
        QueryContext context = event.getContext();
        SessionTags tags = SessionTags.of(context.getClientTags());
        Names names = names(metadata, context, tags);

        List<QueryInputMetadata> inputs = event.getIoMetadata().getInputs().stream()
                .filter(input -> included(input.getCatalogName(), input.getSchema(), input.getTable()))
                .collect(toImmutableList());
        Optional<QueryOutputMetadata> output = event.getIoMetadata().getOutput()
                .filter(out -> included(out.getCatalogName(), out.getSchema(), out.getTable()));
        boolean hadDatasets = !event.getIoMetadata().getInputs().isEmpty() || event.getIoMetadata().getOutput().isPresent();
        if (hadDatasets && inputs.isEmpty() && output.isEmpty()) {
            return Optional.empty();
        }

        RunFacetsBuilder runFacets = runFacets(metadata, context, tags);
        event.getFailureInfo().ifPresent(failure -> runFacets.errorMessage(openLineage.newErrorMessageRunFacet(
                failureMessage(failure),
                "JAVA",
                failure.getFailuresJson().length() > MAX_STACK_TRACE ? failure.getFailuresJson().substring(0, MAX_STACK_TRACE) : failure.getFailuresJson())));

        // the plan is read only for column lineage: a written table, or the result of a named job's SELECT
        Supplier<PlanLineage.Result> plan = Suppliers.memoize(() -> PlanLineage.analyze(metadata.getJsonPlan()));
        List<InputDataset> inputDatasets = new ArrayList<>();
        for (QueryInputMetadata input : inputs) {
            inputDatasets.add(inputDataset(input, names));
        }
        List<OutputDataset> outputDatasets = new ArrayList<>();
        output.ifPresent(out -> outputDatasets.add(outputDataset(out, event, plan, inputs, names)));
        if (output.isPresent() && inputs.isEmpty()) {
            // CREATE VIEW and other statements whose sources only the output's column lineage names
            inputDatasets.addAll(sourcesOf(output.orElseThrow(), names));
        }
        if (output.isEmpty() && reportsSelectResult(names) && event.getSelectColumnsLineageInfo().isPresent() && !event.getSelectColumnsLineageInfo().orElseThrow().isEmpty()) {
            outputDatasets.add(selectResult(event.getSelectColumnsLineageInfo().orElseThrow(), plan.get(), inputs, names));
        }

        Instant endTime = event.getEndTime();
        return Optional.of(openLineage.newRunEventBuilder()
                .eventType(event.getFailureInfo().isPresent() ? EventType.FAIL : EventType.COMPLETE)
                .eventTime(time(endTime))
                .run(openLineage.newRun(RunIds.runId(metadata.getQueryId(), event.getCreateTime()), runFacets.build()))
                .job(job(metadata, context, names))
                .inputs(inputDatasets)
                .outputs(outputDatasets)
                .build());
    }

    private boolean included(String catalog, String schema, String table)
    {
        String name = catalog + "." + schema + "." + table;
        return includePattern.matcher(name).matches() && excludePattern.map(pattern -> !pattern.matcher(name).matches()).orElse(true);
    }

    private boolean reportsSelectResult(Names names)
    {
        return switch (config.getSelectOutputDataset()) {
            case NONE -> false;
            case NAMED_JOBS -> names.named();
            case ALL -> true;
        };
    }

    private RunFacetsBuilder runFacets(QueryMetadata metadata, QueryContext context, SessionTags tags)
    {
        RunFacetsBuilder facets = openLineage.newRunFacetsBuilder()
                .processing_engine(openLineage.newProcessingEngineRunFacetBuilder()
                        .name("trino")
                        .version(context.getServerVersion())
                        .openlineageAdapterVersion(adapterVersion)
                        .build())
                .externalQuery(openLineage.newExternalQueryRunFacet(metadata.getQueryId(), "trino"));
        tags.parent().ifPresent(parent -> facets.parent(openLineage.newParentRunFacetBuilder()
                .run(openLineage.newParentRunFacetRun(parent.runId(), null))
                .job(openLineage.newParentRunFacetJob(parent.jobNamespace(), parent.jobName(), null))
                .build()));
        if (!context.getClientTags().isEmpty()) {
            facets.tags(openLineage.newTagsRunFacet(context.getClientTags().stream().sorted()
                    .map(tag -> openLineage.newTagsRunFacetFields("client_tag", tag, "TRINO_SESSION"))
                    .collect(toImmutableList())));
        }
        return facets;
    }

    private OpenLineage.Job job(QueryMetadata metadata, QueryContext context, Names names)
    {
        OpenLineage.JobFacetsBuilder facets = openLineage.newJobFacetsBuilder()
                .jobType(openLineage.newJobTypeJobFacetBuilder()
                        .processingType("BATCH")
                        .integration("TRINO")
                        .jobType("QUERY")
                        .build())
                .sql(openLineage.newSQLJobFacet(metadata.getQuery(), "trino"))
                .ownership(openLineage.newOwnershipJobFacet(List.of(openLineage.newOwnershipJobFacetOwners("user:" + context.getUser(), "USER"))));
        return openLineage.newJob(names.jobNamespace(), names.jobName(), facets.build());
    }

    private InputDataset inputDataset(QueryInputMetadata input, Names names)
    {
        DatasetFacetsBuilder facets = datasetFacets(input.getCatalogName(), names);
        Optional<DatameshInfo> info = DatameshInfo.from(input.getConnectorInfo());
        if (info.isPresent() && !info.orElseThrow().columns().isEmpty()) {
            // the data product's whole schema, whatever the query read: what it read is in the column
            // lineage and the input statistics
            facets.schema(schema(info.orElseThrow().columns()));
        }
        else {
            // other connectors tell only the columns the query read
            facets.schema(openLineage.newSchemaDatasetFacet(input.getColumns().stream()
                    .map(column -> openLineage.newSchemaDatasetFacetFields(column.name(), column.type(), null, null, null))
                    .collect(toImmutableList())));
        }
        info.ifPresent(value -> describeDataProduct(facets, value));
        OpenLineage.InputDatasetInputFacetsBuilder inputFacets = openLineage.newInputDatasetInputFacetsBuilder();
        if (input.getPhysicalInputRows().isPresent() || input.getPhysicalInputBytes().isPresent()) {
            inputFacets.inputStatistics(openLineage.newInputStatisticsInputDatasetFacetBuilder()
                    .rowCount(input.getPhysicalInputRows().isPresent() ? input.getPhysicalInputRows().getAsLong() : null)
                    .size(input.getPhysicalInputBytes().isPresent() ? input.getPhysicalInputBytes().getAsLong() : null)
                    .build());
        }
        return openLineage.newInputDatasetBuilder()
                .namespace(names.datasetNamespace())
                .name(datasetName(input.getCatalogName(), input.getSchema(), input.getTable()))
                .facets(facets.build())
                .inputFacets(inputFacets.build())
                .build();
    }

    private OpenLineage.SchemaDatasetFacet schema(List<DatameshInfo.Column> columns)
    {
        return openLineage.newSchemaDatasetFacet(columns.stream()
                .map(column -> openLineage.newSchemaDatasetFacetFields(column.name(), column.type(), column.description().orElse(null), null, null))
                .collect(toImmutableList()));
    }

    /**
     * A dataset for each table the output's column lineage names: the sources of a view.
     */
    private List<InputDataset> sourcesOf(QueryOutputMetadata output, Names names)
    {
        Set<String> tables = new TreeSet<>();
        output.getColumns().ifPresent(columns -> columns.forEach(column -> column.getSourceColumns().forEach(source ->
                tables.add(datasetName(source.getCatalog(), source.getSchema(), source.getTable())))));
        return tables.stream()
                .filter(includePattern.asMatchPredicate())
                .filter(name -> excludePattern.map(pattern -> !pattern.matcher(name).matches()).orElse(true))
                .map(name -> openLineage.newInputDatasetBuilder()
                        .namespace(names.datasetNamespace())
                        .name(name)
                        .build())
                .collect(toImmutableList());
    }

    /**
     * The version, locations, storage, ownership and documentation the datamesh connector reports.
     */
    private void describeDataProduct(DatasetFacetsBuilder facets, DatameshInfo info)
    {
        facets.version(openLineage.newDatasetVersionDatasetFacet(info.commitId()));
        List<OpenLineage.SymlinksDatasetFacetIdentifiers> identifiers = new ArrayList<>();
        identifiers.add(openLineage.newSymlinksDatasetFacetIdentifiers("lakefs://" + info.repository(), info.commitId() + "/" + trimSlash(info.path()), "TABLE"));
        info.storageLocation().ifPresent(location -> identifiers.add(openLineage.newSymlinksDatasetFacetIdentifiers(location.namespace(), location.name(), "LOCATION")));
        facets.symlinks(openLineage.newSymlinksDatasetFacet(identifiers));
        facets.storage(openLineage.newStorageDatasetFacet("lakefs", info.format()));
        facets.dataSource(openLineage.newDatasourceDatasetFacet(info.repository(), URI.create("lakefs://" + info.repository())));
        if (!info.owners().isEmpty()) {
            facets.ownership(openLineage.newOwnershipDatasetFacet(info.owners().stream()
                    .map(owner -> openLineage.newOwnershipDatasetFacetOwners(owner, "OWNER"))
                    .collect(toImmutableList())));
        }
        info.description().ifPresent(description -> facets.documentation(openLineage.newDocumentationDatasetFacet(description, "text/plain")));
    }

    private OutputDataset outputDataset(QueryOutputMetadata output, QueryCompletedEvent event, Supplier<PlanLineage.Result> plan, List<QueryInputMetadata> inputs, Names names)
    {
        DatasetFacetsBuilder facets = datasetFacets(output.getCatalogName(), names);
        // a datamesh write: the table after the statement, at the commit it made (the output's version)
        Optional<DatameshInfo> info = DatameshInfo.fromJson(output.getConnectorOutputMetadata());
        info.ifPresent(value -> describeDataProduct(facets, value));
        output.getColumns().ifPresent(columns -> {
            if (info.isPresent() && !info.orElseThrow().columns().isEmpty()) {
                facets.schema(schema(info.orElseThrow().columns()));
            }
            else {
                facets.schema(openLineage.newSchemaDatasetFacet(columns.stream()
                        .map(column -> openLineage.newSchemaDatasetFacetFields(column.getColumnName(), column.getColumnType(), null, null, null))
                        .collect(toImmutableList())));
            }
            List<OutputColumn> outputColumns = columns.stream()
                    .map(column -> new OutputColumn(column.getColumnName(), column.getSourceColumns()))
                    .collect(toImmutableList());
            facets.columnLineage(columnLineage(outputColumns, plan.get(), inputs, names));
        });
        var statistics = event.getStatistics();
        return openLineage.newOutputDatasetBuilder()
                .namespace(names.datasetNamespace())
                .name(datasetName(output.getCatalogName(), output.getSchema(), output.getTable()))
                .facets(facets.build())
                .outputFacets(openLineage.newOutputDatasetOutputFacetsBuilder()
                        .outputStatistics(openLineage.newOutputStatisticsOutputDatasetFacetBuilder()
                                .rowCount(statistics.getWrittenRows())
                                .size(statistics.getWrittenBytes())
                                .build())
                        .build())
                .build();
    }

    /**
     * The result of a SELECT, as a dataset named after the job: where each of its columns comes from.
     */
    private OutputDataset selectResult(List<ColumnLineageInfo> columns, PlanLineage.Result plan, List<QueryInputMetadata> inputs, Names names)
    {
        // unnamed result columns get the names clients see: _col0, _col1, ...
        List<OutputColumn> outputColumns = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).name();
            outputColumns.add(new OutputColumn(name.isEmpty() ? "_col" + i : name, columns.get(i).sourceColumns()));
        }
        DatasetFacetsBuilder facets = openLineage.newDatasetFacetsBuilder();
        facets.schema(openLineage.newSchemaDatasetFacet(outputColumns.stream()
                .map(column -> openLineage.newSchemaDatasetFacetFields(column.name(), null, null, null, null))
                .collect(toImmutableList())));
        facets.columnLineage(columnLineage(
                outputColumns,
                plan,
                inputs,
                names));
        return openLineage.newOutputDatasetBuilder()
                .namespace(names.jobNamespace())
                .name(names.jobName())
                .facets(facets.build())
                .build();
    }

    /**
     * Trino's lineage says which columns feed each output column; the plan says how: DIRECT
     * (IDENTITY, TRANSFORMATION, AGGREGATION) per input field, and INDIRECT (JOIN, FILTER, GROUP_BY,
     * SORT, WINDOW) for the columns that decide which rows there are.
     */
    private OpenLineage.ColumnLineageDatasetFacet columnLineage(List<OutputColumn> columns, PlanLineage.Result plan, List<QueryInputMetadata> inputs, Names names)
    {
        try {
            return buildColumnLineage(columns, plan, inputs, names);
        }
        catch (RuntimeException e) {
            // the event still goes out, without column lineage
            log.warn(e, "Cannot compute the column lineage of %s", names.jobName());
            return null;
        }
    }

    private OpenLineage.ColumnLineageDatasetFacet buildColumnLineage(List<OutputColumn> columns, PlanLineage.Result plan, List<QueryInputMetadata> inputs, Names names)
    {
        boolean planMatchesOutputs = plan.outputs().size() == columns.size();
        boolean written = !plan.written().isEmpty();
        OpenLineage.ColumnLineageDatasetFacetFieldsBuilder fields = openLineage.newColumnLineageDatasetFacetFieldsBuilder();
        for (int i = 0; i < columns.size(); i++) {
            OutputColumn column = columns.get(i);
            Map<ScanColumn, Direct> derivations;
            if (written) {
                derivations = plan.written().getOrDefault(column.name(), Map.of());
            }
            else {
                derivations = planMatchesOutputs ? plan.outputs().get(i) : Map.of();
            }
            List<InputField> inputFields = column.sources().stream()
                    .sorted(Comparator.comparing(ColumnDetail::getCatalog).thenComparing(ColumnDetail::getSchema).thenComparing(ColumnDetail::getTable).thenComparing(ColumnDetail::getColumnName))
                    .map(source -> {
                        Optional<Direct> kind = derivations.entrySet().stream()
                                .filter(entry -> PlanLineage.columnMatches(entry.getKey().handle(), source.getColumnName()) && tableMatches(entry.getKey().table(), source.getCatalog(), source.getSchema(), source.getTable()))
                                .map(Map.Entry::getValue)
                                .max(Comparator.naturalOrder());
                        return openLineage.newInputField(
                                names.datasetNamespace(),
                                datasetName(source.getCatalog(), source.getSchema(), source.getTable()),
                                source.getColumnName(),
                                kind.map(direct -> List.of(openLineage.newInputFieldTransformations("DIRECT", direct.name(), null, false))).orElse(null));
                    })
                    .collect(toImmutableList());
            fields.put(column.name(), openLineage.newColumnLineageDatasetFacetFieldsAdditional(inputFields, transformationDescription(inputFields), transformationType(inputFields)));
        }

        List<InputField> dataset = new ArrayList<>();
        for (Map.Entry<ScanColumn, Set<Indirect>> entry : plan.indirect().entrySet()) {
            ScanColumn scan = entry.getKey();
            for (QueryInputMetadata input : inputs) {
                if (!tableMatches(scan.table(), input.getCatalogName(), input.getSchema(), input.getTable())) {
                    continue;
                }
                Optional<String> column = input.getColumns().stream()
                        .map(QueryInputMetadata.Column::name)
                        .filter(name -> PlanLineage.columnMatches(scan.handle(), name))
                        .findFirst();
                if (column.isPresent()) {
                    dataset.add(openLineage.newInputField(
                            names.datasetNamespace(),
                            datasetName(input.getCatalogName(), input.getSchema(), input.getTable()),
                            column.orElseThrow(),
                            entry.getValue().stream()
                                    .map(kind -> openLineage.newInputFieldTransformations("INDIRECT", kind.name(), null, false))
                                    .collect(toImmutableList())));
                    break;
                }
            }
        }
        return openLineage.newColumnLineageDatasetFacet(fields.build(), dataset.isEmpty() ? null : dataset);
    }

    /**
     * The deprecated output-level {@code transformationType}, which Marquez 0.51 keeps (it ignores
     * the per-input {@code transformations}): the strongest direct kind of the column's inputs.
     */
    private static String transformationType(List<InputField> inputFields)
    {
        Direct strongest = null;
        for (InputField field : inputFields) {
            if (field.getTransformations() != null) {
                for (OpenLineage.InputFieldTransformations transformation : field.getTransformations()) {
                    Direct kind = Direct.valueOf(transformation.getSubtype());
                    strongest = strongest == null || kind.compareTo(strongest) > 0 ? kind : strongest;
                }
            }
        }
        return strongest == null ? null : strongest.name();
    }

    /**
     * The deprecated output-level {@code transformationDescription}: each input and how it is used,
     * such as {@code AGGREGATION of sales.main.orders.totalprice}.
     */
    private static String transformationDescription(List<InputField> inputFields)
    {
        StringBuilder description = new StringBuilder();
        for (InputField field : inputFields) {
            if (field.getTransformations() == null || field.getTransformations().isEmpty()) {
                continue;
            }
            if (!description.isEmpty()) {
                description.append(", ");
            }
            description.append(field.getTransformations().getFirst().getSubtype()).append(" of ").append(field.getName()).append('.').append(field.getField());
        }
        return description.isEmpty() ? null : description.toString();
    }

    /**
     * Whether a table as the plan prints it ({@code catalog:handle}, such as {@code tpch:tiny:nation} or
     * {@code sales:main:orders}) is the table catalog.schema.table.
     */
    static boolean tableMatches(String planTable, String catalog, String schema, String table)
    {
        if (!planTable.startsWith(catalog + ":")) {
            return false;
        }
        Set<String> tokens = ImmutableSet.copyOf(PLAN_TABLE_SEPARATOR.split(planTable.substring(catalog.length() + 1).toLowerCase(Locale.ENGLISH)));
        return tokens.contains(table.toLowerCase(Locale.ENGLISH));
    }

    private DatasetFacetsBuilder datasetFacets(String catalog, Names names)
    {
        return openLineage.newDatasetFacetsBuilder()
                .dataSource(openLineage.newDatasourceDatasetFacet(catalog, URI.create(names.datasetNamespace() + "/" + catalog)));
    }

    private Names names(QueryMetadata metadata, QueryContext context, SessionTags tags)
    {
        String defaultNamespace = jobNamespace.isPresent() && datasetNamespace.isPresent() ? "" : defaultNamespace(metadata.getUri());
        Optional<String> sessionJobName = sessionJobName(metadata, tags);
        return new Names(
                jobNamespace.orElse(defaultNamespace),
                datasetNamespace.orElse(defaultNamespace),
                jobName(metadata, context, sessionJobName),
                sessionJobName.isPresent());
    }

    /**
     * {@code trino://host:port} of the coordinator, from the query's URI.
     */
    static String defaultNamespace(URI queryUri)
    {
        int port = queryUri.getPort() == -1 ? ("https".equals(queryUri.getScheme()) ? 443 : 80) : queryUri.getPort();
        return "trino://%s:%s".formatted(queryUri.getHost(), port);
    }

    /**
     * The job's name: {@code lineage.job.name-pattern} for a job the session names (client tag
     * {@code job:<name>}, dbt node), else {@code lineage.job.adhoc-name-pattern}, one job per user
     * and client whose runs are the queries.
     */
    String jobName(QueryMetadata metadata, QueryContext context)
    {
        return jobName(metadata, context, sessionJobName(metadata, SessionTags.of(context.getClientTags())));
    }

    private static Optional<String> sessionJobName(QueryMetadata metadata, SessionTags tags)
    {
        return tags.jobName().or(() -> dbtNodeId(metadata.getQuery()));
    }

    private String jobName(QueryMetadata metadata, QueryContext context, Optional<String> sessionJobName)
    {
        String pattern = sessionJobName.isPresent() ? config.getJobNamePattern() : config.getAdhocJobNamePattern();
        if (pattern.indexOf('$') < 0) {
            return pattern;
        }
        return pattern
                .replace("$JOB_NAME", sessionJobName.orElse(metadata.getQueryId()))
                .replace("$QUERY_ID", metadata.getQueryId())
                .replace("$USER", context.getUser())
                .replace("$SOURCE", context.getSource().orElse("unknown"))
                .replace("$CLIENT_TAGS", String.join(",", context.getClientTags().stream().sorted().toList()))
                .replace("$CATALOG", context.getCatalog().orElse(""))
                .replace("$SCHEMA", context.getSchema().orElse(""));
    }

    /**
     * dbt starts every query with a comment such as {@code /* {"app": "dbt", "node_id": "model.shop.orders"} *\/}:
     * the node ID names the job.
     */
    static Optional<String> dbtNodeId(String query)
    {
        if (!query.startsWith("/*", firstNonBlank(query))) {
            return Optional.empty();
        }
        Matcher matcher = DBT_COMMENT.matcher(query);
        if (!matcher.find()) {
            return Optional.empty();
        }
        try {
            JsonNode comment = MAPPER.readTree(matcher.group(1));
            if ("dbt".equals(comment.path("app").asText()) && comment.hasNonNull("node_id")) {
                return Optional.of(comment.get("node_id").asText());
            }
        }
        catch (Exception e) {
            // not dbt's comment
        }
        return Optional.empty();
    }

    private static int firstNonBlank(String text)
    {
        int index = 0;
        while (index < text.length() && Character.isWhitespace(text.charAt(index))) {
            index++;
        }
        return index;
    }

    /**
     * What the user saw, with the error code: {@code Division by zero (DIVISION_BY_ZERO)}; the
     * exception's class is in the stack trace.
     */
    static String failureMessage(QueryFailureInfo failure)
    {
        String code = failure.getErrorCode().getName();
        return failure.getFailureMessage()
                .filter(message -> !message.isBlank())
                .map(message -> message + " (" + code + ")")
                .orElse(code);
    }

    private static String datasetName(String catalog, String schema, String table)
    {
        return catalog + "." + schema + "." + table;
    }

    private static ZonedDateTime time(Instant instant)
    {
        return instant.atZone(ZoneOffset.UTC);
    }

    private static String trimSlash(String path)
    {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /**
     * @param named whether the session names the job (client tag {@code job:}, dbt node), rather than it being ad hoc
     */
    private record Names(String jobNamespace, String datasetNamespace, String jobName, boolean named) {}

    private record OutputColumn(String name, Set<ColumnDetail> sources) {}
}
