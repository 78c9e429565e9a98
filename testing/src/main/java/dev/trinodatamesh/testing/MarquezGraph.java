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
package dev.trinodatamesh.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The graph Marquez (0.51) derives from OpenLineage events, taken in the order they arrived:
 * <ul>
 * <li>a dataset for every input and output, with versions. An output makes a new current version
 * whose fields are those of its {@code schema} facet. An input of a dataset that has no version yet
 * makes one from its {@code schema} facet; an input of one that has a version adds its facet's
 * fields to that version (Marquez maps them to it) and never removes any. The dataset's fields are
 * those of its current version;</li>
 * <li>a job per namespace and name; a run per run ID, whose state is its last event's; the job's
 * inputs and outputs are those of its last finished (COMPLETE or FAIL) run, as Marquez's current
 * job version;</li>
 * <li>a column edge from an input field to an output field for every {@code inputFields} entry of
 * an output's {@code columnLineage} facet, but only when the output dataset's fields name the
 * output field (in that output's own {@code schema} facet) and the version of the input dataset
 * the run read names the input field: Marquez drops the rest. Each edge keeps the output field's
 * {@code transformationType}, the only transformation Marquez 0.51 stores.</li>
 * </ul>
 * Datasets and edges are named without their namespace ({@code catalog.schema.table.column}).
 */
public final class MarquezGraph
{
    // dataset -> fields of its current version (absent: no version yet)
    private final Map<String, Set<String>> datasets = new TreeMap<>();
    private final Map<String, JobState> jobs = new TreeMap<>();
    private final Map<String, String> edges = new TreeMap<>();
    private final Map<String, RunState> runs = new HashMap<>();

    private MarquezGraph() {}

    public static MarquezGraph of(List<JsonNode> events)
    {
        MarquezGraph graph = new MarquezGraph();
        events.forEach(graph::add);
        return graph;
    }

    private void add(JsonNode event)
    {
        String eventType = event.path("eventType").asText();
        String job = event.path("job").path("name").asText();
        String runId = event.path("run").path("runId").asText();
        JobState jobState = jobs.computeIfAbsent(job, _ -> new JobState());
        RunState run = runs.computeIfAbsent(runId, _ -> new RunState());
        jobState.runs.putIfAbsent(runId, run);
        run.state = switch (eventType) {
            case "START", "RUNNING" -> "RUNNING";
            case "COMPLETE" -> "COMPLETED";
            case "FAIL" -> "FAILED";
            case "ABORT" -> "ABORTED";
            default -> run.state;
        };
        for (JsonNode input : event.path("inputs")) {
            String name = input.path("name").asText();
            // the current version, or a new one; the facet's fields are added to it
            Set<String> version = datasets.computeIfAbsent(name, _ -> new LinkedHashSet<>());
            version.addAll(fields(input));
            run.inputs.add(name);
            run.inputFields.put(name, version);
        }
        for (JsonNode output : event.path("outputs")) {
            String name = output.path("name").asText();
            List<String> outputFields = fields(output);
            // a new version with exactly the facet's fields
            datasets.put(name, new LinkedHashSet<>(outputFields));
            run.outputs.add(name);
            output.path("facets").path("columnLineage").path("fields").properties().forEach(entry -> {
                if (!outputFields.contains(entry.getKey())) {
                    return;
                }
                for (JsonNode inputField : entry.getValue().path("inputFields")) {
                    String dataset = inputField.path("name").asText();
                    String field = inputField.path("field").asText();
                    if (run.inputFields.getOrDefault(dataset, Set.of()).contains(field)) {
                        edges.put(dataset + "." + field + " -> " + name + "." + entry.getKey(), entry.getValue().path("transformationType").asText(""));
                    }
                }
            });
        }
        if (eventType.equals("COMPLETE") || eventType.equals("FAIL")) {
            jobState.inputs = ImmutableSet.copyOf(new TreeSet<>(run.inputs));
            jobState.outputs = ImmutableSet.copyOf(new TreeSet<>(run.outputs));
        }
    }

    private static List<String> fields(JsonNode dataset)
    {
        List<String> fields = new ArrayList<>();
        for (JsonNode field : dataset.path("facets").path("schema").path("fields")) {
            fields.add(field.path("name").asText());
        }
        return ImmutableList.copyOf(fields);
    }

    /**
     * Each dataset with the fields of its current version, in the order Marquez learnt them.
     */
    public Map<String, List<String>> datasets()
    {
        ImmutableMap.Builder<String, List<String>> result = ImmutableMap.builder();
        datasets.forEach((name, fields) -> result.put(name, ImmutableList.copyOf(fields)));
        return result.buildOrThrow();
    }

    public Map<String, Job> jobs()
    {
        ImmutableMap.Builder<String, Job> result = ImmutableMap.builder();
        jobs.forEach((name, state) -> result.put(name, new Job(
                state.runs.values().stream().map(run -> run.state).collect(ImmutableList.toImmutableList()),
                state.inputs,
                state.outputs)));
        return result.buildOrThrow();
    }

    /**
     * {@code input.field -> output.field} with the output field's transformation type.
     */
    public Map<String, String> columnEdges()
    {
        return ImmutableMap.copyOf(edges);
    }

    /**
     * A job: the states of its runs in the order they started, and the inputs and outputs of its
     * current version (its last finished run).
     */
    public record Job(List<String> runs, Set<String> inputs, Set<String> outputs)
    {
        public Job
        {
            runs = ImmutableList.copyOf(runs);
            inputs = ImmutableSet.copyOf(requireNonNull(inputs, "inputs is null"));
            outputs = ImmutableSet.copyOf(requireNonNull(outputs, "outputs is null"));
        }
    }

    private static final class JobState
    {
        private final Map<String, RunState> runs = new LinkedHashMap<>();
        private Set<String> inputs = ImmutableSet.of();
        private Set<String> outputs = ImmutableSet.of();
    }

    private static final class RunState
    {
        private String state = "NEW";
        private final Set<String> inputs = new LinkedHashSet<>();
        private final Set<String> outputs = new LinkedHashSet<>();
        private final Map<String, Set<String>> inputFields = new HashMap<>();
    }
}
