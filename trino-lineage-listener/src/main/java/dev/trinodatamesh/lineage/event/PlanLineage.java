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
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * How each output column of a query derives from the table columns it reads, from the query's
 * JSON plan (the one {@code EXPLAIN (TYPE DISTRIBUTED, FORMAT JSON)} prints, which the engine
 * hands to event listeners): through identity projections only, through functions
 * (transformation) or through aggregate functions (aggregation); and which table columns decide
 * which rows there are (joins, filters, grouping, sorting, windows).
 * <p>
 * Trino's own lineage (which columns feed which output column) stays the authority on what the
 * sources are; this adds the kind of each dependency, which Trino does not report.
 */
public final class PlanLineage
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*(\\S+) := (.+)$");
    private static final Pattern NAMED_HANDLE = Pattern.compile("\\b(?:name|columnName)=([^,\\]\\s]+)");
    private static final Pattern FUNCTION = Pattern.compile("([A-Za-z_][A-Za-z0-9_$.]*)\\s*\\(");
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern NOT_IDENTIFIER = Pattern.compile("[^A-Za-z0-9_$]+");

    /**
     * The kinds of direct dependency, weakest first.
     */
    public enum Direct
    {
        IDENTITY,
        TRANSFORMATION,
        AGGREGATION,
    }

    /**
     * The kinds of indirect dependency: columns that decide which rows there are.
     */
    public enum Indirect
    {
        JOIN,
        FILTER,
        GROUP_BY,
        SORT,
        WINDOW,
    }

    /**
     * A column of a table scan: the scan's table as the plan prints it ({@code catalog:handle}),
     * and the column handle as the plan prints it (see {@link #columnMatches}).
     */
    public record ScanColumn(String table, String handle)
    {
        public ScanColumn
        {
            requireNonNull(table, "table is null");
            requireNonNull(handle, "handle is null");
        }
    }

    /**
     * @param outputs per output column of the query (in order): the scan columns it derives from, with the kind of derivation
     * @param written per column a table writer writes (CREATE TABLE AS, INSERT), by column name: the scan columns it derives from
     * @param indirect the scan columns that decide rows, with how
     */
    public record Result(List<Map<ScanColumn, Direct>> outputs, Map<String, Map<ScanColumn, Direct>> written, Map<ScanColumn, Set<Indirect>> indirect)
    {
        public static final Result EMPTY = new Result(ImmutableList.of(), ImmutableMap.of(), ImmutableMap.of());

        public Result
        {
            outputs = ImmutableList.copyOf(outputs);
            written = ImmutableMap.copyOf(written);
            indirect = ImmutableMap.copyOf(indirect);
        }
    }

    private final Map<String, JsonNode> fragments;
    // symbol -> where its values come from
    private final Map<String, Map<ScanColumn, Direct>> origins = new HashMap<>();
    private final Map<ScanColumn, Set<Indirect>> indirect = new LinkedHashMap<>();
    private final Map<String, Map<ScanColumn, Direct>> written = new LinkedHashMap<>();
    private final List<Deferred> deferredIndirect = new ArrayList<>();

    private PlanLineage(Map<String, JsonNode> fragments)
    {
        this.fragments = fragments;
    }

    /**
     * Analyzes a JSON plan; an empty result when there is no plan or it cannot be read.
     */
    public static Result analyze(Optional<String> jsonPlan)
    {
        if (jsonPlan.isEmpty()) {
            return Result.EMPTY;
        }
        JsonNode plan;
        try {
            plan = MAPPER.readTree(jsonPlan.orElseThrow());
        }
        catch (IOException e) {
            return Result.EMPTY;
        }
        if (plan == null || !plan.isObject()) {
            return Result.EMPTY;
        }
        Map<String, JsonNode> fragments = new LinkedHashMap<>();
        plan.properties().forEach(entry -> fragments.put(entry.getKey(), entry.getValue()));
        if (fragments.isEmpty()) {
            return Result.EMPTY;
        }
        PlanLineage analysis = new PlanLineage(fragments);
        JsonNode root = fragments.getOrDefault("0", fragments.values().iterator().next());
        analysis.visit(root);
        analysis.resolveIndirect();
        return new Result(analysis.outputs(root), analysis.written, analysis.indirect);
    }

    private List<Map<ScanColumn, Direct>> outputs(JsonNode root)
    {
        ImmutableList.Builder<Map<ScanColumn, Direct>> outputs = ImmutableList.builder();
        for (String symbol : outputSymbols(root)) {
            outputs.add(ImmutableMap.copyOf(origins.getOrDefault(symbol, ImmutableMap.of())));
        }
        return outputs.build();
    }

    /**
     * Computes the origins of every symbol a node produces, children first.
     */
    private void visit(JsonNode node)
    {
        for (JsonNode child : children(node)) {
            visit(child);
        }
        String name = node.path("name").asText("");
        JsonNode descriptor = node.path("descriptor");
        Map<String, String> assignments = assignments(node);

        if (descriptor.has("table") && isScan(name)) {
            String table = descriptor.path("table").asText();
            // the plan prints a merged projection's assignments first, then the scan's: "symbol := <column handle>"
            List<Map.Entry<String, String>> entries = new ArrayList<>(assignments.entrySet());
            int firstScan = entries.size();
            if (name.endsWith("Project")) {
                Set<String> scanSymbols = new LinkedHashSet<>();
                while (firstScan > 0 && !referencesAny(entries.get(firstScan - 1).getValue(), scanSymbols)) {
                    firstScan--;
                    scanSymbols.add(entries.get(firstScan).getKey());
                }
            }
            else {
                firstScan = 0;
            }
            for (Map.Entry<String, String> assignment : entries.subList(firstScan, entries.size())) {
                origins.put(assignment.getKey(), new LinkedHashMap<>(Map.of(new ScanColumn(table, assignment.getValue().trim()), Direct.IDENTITY)));
            }
            for (Map.Entry<String, String> assignment : entries.subList(0, firstScan)) {
                project(assignment.getKey(), assignment.getValue(), Direct.TRANSFORMATION);
            }
        }
        else if (name.equals("Aggregate") || name.equals("Aggregation")) {
            for (Map.Entry<String, String> assignment : assignments.entrySet()) {
                project(assignment.getKey(), assignment.getValue(), Direct.AGGREGATION);
            }
            defer(descriptor.path("keys").asText(""), Indirect.GROUP_BY);
        }
        else if (name.equals("Window")) {
            for (Map.Entry<String, String> assignment : assignments.entrySet()) {
                project(assignment.getKey(), assignment.getValue(), Direct.AGGREGATION);
            }
            defer(descriptor.path("partitionBy").asText("") + " " + descriptor.path("orderBy").asText(""), Indirect.WINDOW);
        }
        else if (name.equals("Output")) {
            // "column := symbol" renames only
            return;
        }
        else if (name.equals("TableWriter")) {
            // "column := symbol": the written table's columns, not new symbols
            for (Map.Entry<String, String> assignment : assignments.entrySet()) {
                written.put(assignment.getKey(), ImmutableMap.copyOf(origins.getOrDefault(assignment.getValue().trim(), ImmutableMap.of())));
            }
            return;
        }
        else {
            for (Map.Entry<String, String> assignment : assignments.entrySet()) {
                project(assignment.getKey(), assignment.getValue(), Direct.TRANSFORMATION);
            }
        }

        if (name.contains("Join")) {
            StringBuilder criteria = new StringBuilder();
            descriptor.properties().forEach(entry -> criteria.append(' ').append(entry.getValue().asText("")));
            defer(criteria.toString(), Indirect.JOIN);
        }
        if (descriptor.has("filterPredicate")) {
            defer(descriptor.path("filterPredicate").asText(""), Indirect.FILTER);
        }
        if (name.equals("Filter") && descriptor.has("predicate")) {
            defer(descriptor.path("predicate").asText(""), Indirect.FILTER);
        }
        if (descriptor.has("orderBy") && !name.equals("Window")) {
            defer(descriptor.path("orderBy").asText(""), Indirect.SORT);
        }
    }

    /**
     * {@code symbol := expression}: an identity when the expression is one symbol, else the given kind
     * over the symbols it references.
     */
    private void project(String symbol, String expression, Direct kind)
    {
        String trimmed = expression.trim();
        Direct step = origins.containsKey(trimmed) ? Direct.IDENTITY : kind;
        if (kind == Direct.AGGREGATION) {
            step = Direct.AGGREGATION;
        }
        else if (step != Direct.IDENTITY && !FUNCTION.matcher(withoutStringLiterals(trimmed)).find()) {
            // arithmetic and casts without a function call are transformations too
            step = Direct.TRANSFORMATION;
        }
        Map<ScanColumn, Direct> result = new LinkedHashMap<>();
        for (String referenced : referencedSymbols(trimmed)) {
            for (Map.Entry<ScanColumn, Direct> origin : origins.getOrDefault(referenced, ImmutableMap.of()).entrySet()) {
                Direct combined = max(origin.getValue(), step);
                result.merge(origin.getKey(), combined, PlanLineage::max);
            }
        }
        origins.put(symbol, result);
    }

    private void defer(String expression, Indirect kind)
    {
        Set<String> symbols = referencedSymbols(expression);
        if (!symbols.isEmpty()) {
            deferredIndirect.add(new Deferred(symbols, kind));
        }
    }

    private void resolveIndirect()
    {
        for (Deferred deferred : deferredIndirect) {
            for (String symbol : deferred.symbols()) {
                for (ScanColumn column : origins.getOrDefault(symbol, ImmutableMap.of()).keySet()) {
                    indirect.computeIfAbsent(column, _ -> EnumSet.noneOf(Indirect.class)).add(deferred.kind());
                }
            }
        }
    }

    private Set<String> referencedSymbols(String expression)
    {
        Set<String> symbols = new LinkedHashSet<>();
        Matcher matcher = IDENTIFIER.matcher(withoutStringLiterals(expression));
        while (matcher.find()) {
            String token = matcher.group();
            if (origins.containsKey(token)) {
                symbols.add(token);
            }
        }
        return symbols;
    }

    private static String withoutStringLiterals(String expression)
    {
        return STRING_LITERAL.matcher(expression).replaceAll("''");
    }

    private static boolean referencesAny(String expression, Set<String> symbols)
    {
        Matcher matcher = IDENTIFIER.matcher(withoutStringLiterals(expression));
        while (matcher.find()) {
            if (symbols.contains(matcher.group())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a column handle, as the plan prints it, is the column {@code column}. Connectors print
     * handles their own way: the datamesh connector and Hive {@code orderkey:bigint:REGULAR}, tpch
     * {@code tpch:orderkey}, records {@code MemoryColumnHandle[name=orderkey, ...]}.
     */
    public static boolean columnMatches(String handle, String column)
    {
        Matcher named = NAMED_HANDLE.matcher(handle);
        if (named.find()) {
            return named.group(1).equalsIgnoreCase(column);
        }
        String[] tokens = NOT_IDENTIFIER.split(handle);
        int first = tokens.length > 0 && tokens[0].isEmpty() ? 1 : 0;
        return (tokens.length > first && tokens[first].equalsIgnoreCase(column))
                || (tokens.length > first + 1 && tokens[first + 1].equalsIgnoreCase(column));
    }

    private static boolean isScan(String name)
    {
        return name.startsWith("Scan") || name.equals("TableScan");
    }

    private static Map<String, String> assignments(JsonNode node)
    {
        Map<String, String> assignments = new LinkedHashMap<>();
        for (JsonNode detail : node.path("details")) {
            Matcher matcher = ASSIGNMENT.matcher(detail.asText(""));
            if (matcher.matches()) {
                assignments.put(matcher.group(1), matcher.group(2));
            }
        }
        return assignments;
    }

    private List<String> outputSymbols(JsonNode root)
    {
        ImmutableList.Builder<String> symbols = ImmutableList.builder();
        Map<String, String> renames = assignments(root);
        List<String> columnNames = parseList(root.path("descriptor").path("columnNames").asText(""));
        if (!columnNames.isEmpty()) {
            for (String column : columnNames) {
                symbols.add(renames.getOrDefault(column, column));
            }
            return symbols.build();
        }
        for (JsonNode output : root.path("outputs")) {
            symbols.add(output.path("name").asText());
        }
        return symbols.build();
    }

    private List<JsonNode> children(JsonNode node)
    {
        List<JsonNode> children = new ArrayList<>();
        for (JsonNode child : node.path("children")) {
            children.add(child);
        }
        String name = node.path("name").asText("");
        if (name.startsWith("Remote")) {
            for (String fragment : parseList(node.path("descriptor").path("sourceFragmentIds").asText(""))) {
                JsonNode source = fragments.get(fragment);
                if (source != null) {
                    children.add(source);
                }
            }
        }
        return children;
    }

    private static List<String> parseList(String text)
    {
        String trimmed = text.trim();
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        if (trimmed.isBlank()) {
            return ImmutableList.of();
        }
        ImmutableList.Builder<String> values = ImmutableList.builder();
        for (String value : trimmed.split(",")) {
            values.add(value.trim());
        }
        return values.build();
    }

    private static Direct max(Direct left, Direct right)
    {
        return left.ordinal() >= right.ordinal() ? left : right;
    }

    private record Deferred(Set<String> symbols, Indirect kind) {}
}
