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
package dev.trinodatamesh.tests.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * {@code ./datamesh lineage}: the lineage events the local stack's listener wrote to its JSON-lines
 * file, one line per query (time, state, job, inputs with the version read, outputs), or the raw
 * events with {@code --json}.
 */
public final class LineageLog
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LineageLog() {}

    public static void main(String[] args)
            throws IOException
    {
        boolean json = false;
        int limit = 50;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--all" -> limit = Integer.MAX_VALUE;
                case "--limit" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--limit needs a number of queries");
                    }
                    limit = Integer.parseInt(args[++i]);
                }
                default -> throw new IllegalArgumentException("unknown option %s; usage: ./datamesh lineage [--json] [--limit N | --all]".formatted(args[i]));
            }
        }
        String file = System.getenv("DATAMESH_LINEAGE_FILE");
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("DATAMESH_LINEAGE_FILE is not set: run ./datamesh lineage");
        }
        print(Path.of(file), json, limit, System.out);
    }

    public static void print(Path file, boolean json, int limit, PrintStream out)
            throws IOException
    {
        if (!Files.exists(file)) {
            out.println("No lineage events yet (" + file + "): run a query, for example ./datamesh sql \"SELECT count(*) FROM sales.main.orders\"");
            return;
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }

        if (json) {
            lines.stream().filter(line -> !line.isBlank()).forEach(out::println);
            return;
        }
        // the last event of each run: COMPLETE or FAIL once the query ended, START while it runs
        Map<String, JsonNode> runs = new LinkedHashMap<>();
        for (int number = 0; number < lines.size(); number++) {
            if (lines.get(number).isBlank()) {
                continue;
            }
            JsonNode event;
            try {
                event = MAPPER.readTree(lines.get(number));
            }
            catch (JsonProcessingException e) {
                out.printf("(skipped line %d of %s: not JSON: %s)%n", number + 1, file, e.getOriginalMessage());
                continue;
            }
            String runId = event.path("run").path("runId").asText();
            JsonNode previous = runs.get(runId);
            if (previous == null || !previous.path("eventType").asText().equals("START") || !event.path("eventType").asText().equals("START")) {
                runs.put(runId, event);
            }
        }
        List<JsonNode> shown = new ArrayList<>(runs.values());
        if (shown.size() > limit) {
            out.printf("(the last %d of %d queries; --all shows every one)%n", limit, shown.size());
            shown = shown.subList(shown.size() - limit, shown.size());
        }
        for (JsonNode event : shown) {
            out.println(describe(event));
        }
        if (shown.isEmpty()) {
            out.println("No lineage events yet in " + file);
        }
    }

    static String describe(JsonNode event)
    {
        String type = event.path("eventType").asText();
        String state = type.equals("START") ? "RUNNING" : type;
        String time = event.path("eventTime").asText();
        if (time.length() >= 19) {
            time = time.substring(0, 10) + " " + time.substring(11, 19);
        }
        StringBuilder line = new StringBuilder()
                .append(time).append("  ")
                .append("%-8s".formatted(state)).append("  ")
                .append(event.path("job").path("name").asText());
        List<String> inputs = new ArrayList<>();
        for (JsonNode input : event.path("inputs")) {
            String version = input.path("facets").path("version").path("datasetVersion").asText("");
            inputs.add(input.path("name").asText() + (version.isEmpty() ? "" : "@" + version.substring(0, Math.min(12, version.length()))));
        }
        List<String> outputs = new ArrayList<>();
        for (JsonNode output : event.path("outputs")) {
            boolean result = output.path("name").asText().equals(event.path("job").path("name").asText());
            outputs.add(result ? "(result)" : output.path("name").asText());
        }
        if (!inputs.isEmpty()) {
            line.append("  in: ").append(String.join(", ", inputs));
        }
        if (!outputs.isEmpty()) {
            line.append("  out: ").append(String.join(", ", outputs));
        }
        if (type.equals("FAIL")) {
            String message = event.path("run").path("facets").path("errorMessage").path("message").asText("");
            line.append("  error: ").append(message.length() > 160 ? message.substring(0, 160) + "..." : message);
        }
        return line.toString();
    }
}
