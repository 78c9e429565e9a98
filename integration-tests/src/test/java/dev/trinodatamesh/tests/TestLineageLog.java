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
package dev.trinodatamesh.tests;

import dev.trinodatamesh.tests.demo.LineageLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./datamesh lineage}: one line per query from the listener's JSON-lines file.
 */
final class TestLineageLog
{
    private static final String SELECT_START = """
            {"eventType":"START","eventTime":"2026-11-21T10:00:00.1Z","run":{"runId":"r1"},"job":{"name":"q1"},"inputs":[],"outputs":[]}""";
    private static final String SELECT_COMPLETE = """
            {"eventType":"COMPLETE","eventTime":"2026-11-21T10:00:01.5Z","run":{"runId":"r1"},"job":{"name":"q1"},\
            "inputs":[{"name":"sales.main.orders","facets":{"version":{"datasetVersion":"5bca9e43f99d698d4c96df845196ccb3"}}},{"name":"tpch.tiny.nation","facets":{}}],\
            "outputs":[{"name":"q1"}]}""";
    private static final String CTAS_COMPLETE = """
            {"eventType":"COMPLETE","eventTime":"2026-11-21T10:01:00Z","run":{"runId":"r2"},"job":{"name":"model.shop.revenue"},\
            "inputs":[{"name":"sales.v1.orders","facets":{"version":{"datasetVersion":"0123456789abcdef"}}}],"outputs":[{"name":"scratch.reports.revenue"}]}""";
    private static final String FAIL = """
            {"eventType":"FAIL","eventTime":"2026-11-21T10:02:00Z","run":{"runId":"r3","facets":{"errorMessage":{"message":"Schema 'nope' does not exist"}}},\
            "job":{"name":"q3"},"inputs":[],"outputs":[]}""";
    private static final String RUNNING = """
            {"eventType":"START","eventTime":"2026-11-21T10:03:00Z","run":{"runId":"r4"},"job":{"name":"q4"},"inputs":[],"outputs":[]}""";

    @TempDir
    Path directory;

    @Test
    void oneLinePerQuery()
            throws IOException
    {
        Path file = write(SELECT_START, SELECT_COMPLETE, CTAS_COMPLETE, FAIL, RUNNING, "not json");
        List<String> lines = print(file, false, 50);
        assertThat(lines.subList(1, lines.size())).containsExactly(
                "2026-11-21 10:00:01  COMPLETE  q1  in: sales.main.orders@5bca9e43f99d, tpch.tiny.nation  out: (result)",
                "2026-11-21 10:01:00  COMPLETE  model.shop.revenue  in: sales.v1.orders@0123456789ab  out: scratch.reports.revenue",
                "2026-11-21 10:02:00  FAIL      q3  error: Schema 'nope' does not exist",
                "2026-11-21 10:03:00  RUNNING   q4");
        assertThat(lines.get(0)).isEqualTo("(skipped line 6 of %s: not JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false'))".formatted(file));
    }

    @Test
    void limitShowsTheLastQueries()
            throws IOException
    {
        List<String> lines = print(write(SELECT_START, SELECT_COMPLETE, CTAS_COMPLETE, FAIL), false, 2);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("(the last 2 of 3 queries; --all shows every one)");
        assertThat(lines.get(1)).contains("model.shop.revenue");
    }

    @Test
    void jsonPrintsTheEventsAsWritten()
            throws IOException
    {
        assertThat(print(write(SELECT_START, SELECT_COMPLETE), true, 50)).containsExactly(SELECT_START, SELECT_COMPLETE);
    }

    @Test
    void noFileYet()
            throws IOException
    {
        assertThat(print(directory.resolve("missing.jsonl"), false, 50).getFirst()).startsWith("No lineage events yet");
    }

    private Path write(String... lines)
            throws IOException
    {
        Path file = directory.resolve("events.jsonl");
        Files.write(file, List.of(lines), UTF_8);
        return file;
    }

    private static List<String> print(Path file, boolean json, int limit)
            throws IOException
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, UTF_8)) {
            LineageLog.print(file, json, limit, out);
        }
        return bytes.toString(UTF_8).lines().toList();
    }
}
