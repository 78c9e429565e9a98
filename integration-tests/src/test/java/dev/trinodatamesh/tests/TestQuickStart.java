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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.trinodatamesh.testing.LineageReceiver;
import dev.trinodatamesh.testing.OpenLineageValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * The README's quick start as written, on a stack of its own: {@code ./datamesh up} (with the
 * demo domains), the quick start's commands and every example query of the README, checked
 * against Trino's tpch catalog, then the clients (Trino CLI, JDBC, the Python client, the notebook
 * run headless, the dbt project), {@code ./datamesh lineage}, and {@code ./datamesh down}.
 */
@TestInstance(PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class TestQuickStart
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TPCH = "tpch.\"sf0.1\"";
    private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern SQL_COMMAND = Pattern.compile("^\\./datamesh sql \"([^\"]+)\"", Pattern.MULTILINE);

    private Path root;
    private Path home;
    private String readme;
    private final Map<String, String> environment = new HashMap<>();
    private LineageReceiver marquez;
    private String trinoPort;
    private String upOutput;

    @BeforeAll
    void up()
            throws IOException
    {
        root = Path.of(System.getProperty("datamesh.root", "..")).toAbsolutePath().normalize();
        readme = Files.readString(root.resolve("README.md"), UTF_8);
        home = root.resolve("integration-tests/target/stacks")
                .resolve("quickstart-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        trinoPort = String.valueOf(DatameshStack.freePort());
        environment.putAll(ImmutableMap.<String, String>builder()
                .put("DATAMESH_HOME", home.toString())
                .put("DATAMESH_MINIO_PORT", String.valueOf(DatameshStack.freePort()))
                .put("DATAMESH_MINIO_CONSOLE_PORT", String.valueOf(DatameshStack.freePort()))
                .put("DATAMESH_LAKEFS_PORT", String.valueOf(DatameshStack.freePort()))
                .put("DATAMESH_TRINO_PORT", trinoPort)
                // this Maven build is building the plugins and the server: up must not build them again
                .put("DATAMESH_SKIP_BUILD", "1")
                .put("NO_COLOR", "1")
                .buildOrThrow());
        // stands in for Marquez, validating every event against the OpenLineage spec
        marquez = LineageReceiver.onFreePort(OpenLineageValidator.forWorkplace(root));

        Matcher quickStart = BASH_BLOCK.matcher(section("## Quick start"));
        assertThat(quickStart.find()).isTrue();
        assertThat(quickStart.group(1).trim()).isEqualTo("./datamesh up");
        upOutput = datamesh(Duration.ofMinutes(20), "up", "--marquez", marquez.uri().toString());
        assertThat(upOutput)
                .contains("demo domains ready")
                .contains("jdbc:trino://127.0.0.1:" + trinoPort)
                .contains("sales      loaded", "customers  loaded", "supply     loaded");
    }

    @AfterAll
    void down()
    {
        try {
            if (home != null && Files.exists(home.resolve("stack.env"))) {
                assertThat(datamesh(Duration.ofMinutes(2), "down")).contains("stopped the local stack");
                // status exits with 1 when nothing runs
                Result status = run(List.of("bash", root.resolve("datamesh").toString(), "status"), ImmutableMap.of(), Duration.ofMinutes(1));
                assertThat(status.exitCode()).as(status.output()).isEqualTo(1);
                assertThat(status.output()).containsPattern("(?s)MinIO\\s+stopped.*lakeFS\\s+stopped.*Trino\\s+stopped");
            }
        }
        finally {
            if (marquez != null) {
                marquez.close();
            }
        }
    }

    @Test
    @Order(1)
    void quickStartCommands()
    {
        Matcher blocks = BASH_BLOCK.matcher(section("## Quick start"));
        List<String> queries = new ArrayList<>();
        while (blocks.find()) {
            Matcher command = SQL_COMMAND.matcher(blocks.group(1));
            while (command.find()) {
                queries.add(command.group(1));
            }
        }
        assertThat(queries).contains("SELECT count(*) FROM sales.main.orders");
        for (String query : queries) {
            assertThat(csv(query)).isEqualTo(csv(toTpch(query)));
        }
        assertThat(readme).contains("./datamesh lineage").contains("./datamesh down");
    }

    @Test
    @Order(2)
    void everyExampleQueryOfTheReadme()
    {
        List<String> statements = exampleStatements();
        assertThat(statements).hasSizeGreaterThanOrEqualTo(10);
        long tpchOrders = Long.parseLong(lines(csv("SELECT count(*) FROM " + TPCH + ".orders")).get(1).replace("\"", ""));
        int compared = 0;
        for (String statement : statements) {
            String output = csv(statement);
            List<String> lines = lines(output);
            if (comparable(statement)) {
                assertThat(output).as(statement).isEqualTo(csv(toTpch(statement)));
                compared++;
            }
            else if (statement.startsWith("SHOW TABLES FROM sales.main")) {
                assertThat(lines).containsExactly("\"Table\"", "\"lineitem\"", "\"orders\"");
            }
            else if (statement.startsWith("DESCRIBE sales.main.orders")) {
                assertThat(output).contains("\"orderkey\",\"bigint\",\"\",\"Order identifier\"");
            }
            else if (statement.contains("AS new_orders")) {
                assertThat(lines).containsExactly("\"new_orders\"", "\"1000\"");
            }
            else if (statement.contains("EXCEPT")) {
                assertThat(lines).hasSize(4);
                assertThat(lines.get(1)).startsWith("\"2026-11-01\",\"34\"");
            }
            else if (statement.contains("sales.v1.orders") || statement.contains("FOR VERSION AS OF")) {
                // the tag, and dev one commit back, are main as loaded
                assertThat(lines).as(statement).containsExactly("\"_col0\"", "\"" + tpchOrders + "\"");
            }
            else if (statement.contains("$files")) {
                assertThat(lines).hasSizeGreaterThan(1);
                assertThat(lines.subList(1, lines.size())).allMatch(line -> line.startsWith("\"lineitem/shipyear=1995/"));
            }
            else if (statement.contains("$commits")) {
                assertThat(lines).hasSize(3);
                assertThat(lines.get(1)).contains("new order feed");
                assertThat(lines.get(2)).contains("Load the TPC-H data products at scale 0.1");
            }
            else {
                throw new AssertionError("no check for the README's example query: " + statement);
            }
        }
        assertThat(compared).as("example queries compared with the tpch catalog").isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(3)
    void jdbcShowsDomainsRefsAndDescriptions()
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", "bi-tool");
        try (Connection connection = DriverManager.getConnection("jdbc:trino://127.0.0.1:" + trinoPort, properties)) {
            DatabaseMetaData metadata = connection.getMetaData();
            assertThat(column(metadata.getCatalogs(), "TABLE_CAT")).contains("sales", "customers", "supply", "tpch", "scratch");
            assertThat(column(metadata.getSchemas("sales", null), "TABLE_SCHEM")).contains("main", "dev", "v1");
            assertThat(column(metadata.getTables("customers", "main", null, null), "TABLE_NAME")).containsExactlyInAnyOrder("customer", "nation", "region");
            try (ResultSet columns = metadata.getColumns("sales", "main", "orders", "totalprice")) {
                assertThat(columns.next()).isTrue();
                assertThat(columns.getString("TYPE_NAME")).isEqualTo("decimal(12,2)");
                assertThat(columns.getString("REMARKS")).isEqualTo("Total price of the order in USD");
            }
            // Trino's JDBC driver reports no table remarks; clients read table comments from system.metadata
            try (var statement = connection.createStatement();
                    ResultSet comments = statement.executeQuery("SELECT comment FROM system.metadata.table_comments WHERE catalog_name = 'sales' AND schema_name = 'main' AND table_name = 'orders'")) {
                assertThat(comments.next()).isTrue();
                assertThat(comments.getString(1)).isEqualTo("Orders placed by customers, one row per order");
            }
        }
    }

    @Test
    @Order(4)
    void pythonClient()
    {
        // the Python environment first: its installation reports progress
        datamesh(Duration.ofMinutes(15), "_python-env");
        String output = datamesh(Duration.ofMinutes(15), "python", "examples/python/revenue_by_segment.py");
        List<String> expected = lines(csv("SELECT c.mktsegment, count(*) FROM %1$s.orders o JOIN %1$s.customer c ON o.custkey = c.custkey GROUP BY 1 ORDER BY 1".formatted(TPCH)));
        for (String row : expected.subList(1, expected.size())) {
            String[] values = row.replace("\"", "").split(",");
            assertThat(output).containsPattern("(?m)^%s\\s+%s\\s".formatted(Pattern.quote(values[0]), values[1]));
        }
        // a tag as the ref: the same data as main was loaded
        assertThat(datamesh(Duration.ofMinutes(2), "python", "examples/python/revenue_by_segment.py", "v1")).isEqualTo(output);
    }

    @Test
    @Order(5)
    void notebookRunsHeadless()
            throws IOException
    {
        String python = lines(datamesh(Duration.ofMinutes(15), "_python-env")).getLast();
        Path jupyter = Path.of(python).resolveSibling("jupyter");
        Path output = home.resolve("notebook-run");
        Files.createDirectories(output);
        Result result = run(ImmutableList.of(jupyter.toString(), "nbconvert", "--to", "notebook", "--execute",
                        "--ExecutePreprocessor.timeout=300", "--output-dir", output.toString(), root.resolve("examples/explore-data-mesh.ipynb").toString()),
                ImmutableMap.of("TRINO_HOST", "127.0.0.1", "TRINO_PORT", trinoPort, "DATAMESH_SCALE", "0.1"), Duration.ofMinutes(10));
        assertThat(result.exitCode()).as(result.output()).isZero();
        JsonNode executed = MAPPER.readTree(output.resolve("explore-data-mesh.ipynb").toFile());
        int codeCells = 0;
        for (JsonNode cell : executed.path("cells")) {
            if (cell.path("cell_type").asText().equals("code")) {
                codeCells++;
                assertThat(cell.path("execution_count").isInt()).as("cell %s ran", cell.path("id")).isTrue();
                for (JsonNode cellOutput : cell.path("outputs")) {
                    assertThat(cellOutput.path("output_type").asText()).as("cell %s", cell.path("id")).isNotEqualTo("error");
                }
            }
        }
        assertThat(codeCells).isGreaterThanOrEqualTo(8);
    }

    @Test
    @Order(6)
    void dbtProject()
    {
        assertThat(datamesh(Duration.ofMinutes(15), "dbt", "run")).contains("Completed successfully");
        assertThat(datamesh(Duration.ofMinutes(5), "dbt", "test")).contains("Completed successfully");
        String revenue = "SELECT nation, orderyear, orders, revenue FROM %s ORDER BY nation, orderyear";
        String expected = """
                SELECT n.name AS nation, year(o.orderdate) AS orderyear, count(*) AS orders, sum(o.totalprice) AS revenue
                FROM %1$s.orders o JOIN %1$s.customer c ON o.custkey = c.custkey JOIN %1$s.nation n ON c.nationkey = n.nationkey
                GROUP BY 1, 2""".formatted(TPCH);
        assertThat(csv(revenue.formatted("scratch.reports.revenue_by_nation"))).isEqualTo(csv(revenue.formatted("(" + expected + ")")));
        assertThat(lines(csv("SELECT * FROM scratch.reports.top_nations"))).hasSize(6);
    }

    @Test
    @Order(7)
    void lineageOfWhatRan()
            throws IOException
    {
        String mainCommit = lines(csv("SELECT commit_id FROM sales.main.\"orders$commits\" ORDER BY creation_time DESC LIMIT 1")).get(1).replace("\"", "");
        String lineage = datamesh(Duration.ofMinutes(2), "lineage", "--all");
        assertThat(lineage)
                .contains("sales.main.orders@" + mainCommit.substring(0, 12))
                .containsPattern("COMPLETE\\s+model\\.mesh_reports\\.revenue_by_nation\\s+in: .*sales\\.main\\.orders@.* out: scratch\\.reports\\.revenue_by_nation")
                .containsPattern("COMPLETE\\s+revenue_by_segment\\s+in: .*customers\\.main\\.customer@")
                .containsPattern("COMPLETE\\s+explore_data_mesh\\s+in: .*sales\\.dev\\.orders@");
        List<String> json = lines(datamesh(Duration.ofMinutes(2), "lineage", "--json"));
        assertThat(json).hasSizeGreaterThan(20);
        for (String event : json) {
            assertThat(MAPPER.readTree(event).path("eventType").asText()).isIn("START", "COMPLETE", "FAIL");
        }
        // the same events went to "Marquez" (--marquez), and every one is valid OpenLineage
        assertThat(marquez.invalidEvents()).isEmpty();
        assertThat(marquez.events(event -> event.event().path("job").path("name").asText().equals("model.mesh_reports.revenue_by_nation"))).isNotEmpty();
    }

    @Test
    @Order(8)
    void upAgainReusesWhatRuns()
    {
        String again = datamesh(Duration.ofMinutes(5), "up");
        assertThat(again).contains("sales      present", "customers  present", "supply     present");
        assertThat(datamesh(Duration.ofMinutes(1), "status")).containsPattern("(?s)MinIO.*healthy.*lakeFS.*healthy.*Trino.*healthy");
    }

    private List<String> exampleStatements()
    {
        List<String> statements = new ArrayList<>();
        Matcher blocks = SQL_BLOCK.matcher(section("## Example queries"));
        while (blocks.find()) {
            StringBuilder code = new StringBuilder();
            for (String line : blocks.group(1).split("\n")) {
                if (!line.trim().startsWith("--")) {
                    code.append(line).append('\n');
                }
            }
            for (String statement : code.toString().split(";")) {
                String normalized = statement.trim().replaceAll("\\s+", " ");
                if (!normalized.isEmpty()) {
                    statements.add(normalized);
                }
            }
        }
        return statements;
    }

    /**
     * Reads only {@code main} of the domains, so Trino's tpch catalog has the same answer.
     */
    private static boolean comparable(String statement)
    {
        return statement.startsWith("SELECT") && !statement.contains("$") && !statement.contains(".dev.") && !statement.contains(".v1.") && !statement.contains("VERSION AS OF");
    }

    private static String toTpch(String statement)
    {
        return statement.replaceAll("\\b(sales|customers|supply)\\.main\\.", TPCH + ".")
                .replaceAll("\\b(\\w+)\\.shipyear\\b", "year($1.shipdate)");
    }

    private String section(String heading)
    {
        int start = readme.indexOf("\n" + heading + "\n");
        assertThat(start).as("README section " + heading).isNotNegative();
        int end = readme.indexOf("\n## ", start + heading.length() + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private String csv(String query)
    {
        return datamesh(Duration.ofMinutes(3), "sql", "--format", "CSV_HEADER", query);
    }

    private String datamesh(Duration timeout, String... arguments)
    {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(root.resolve("datamesh").toString());
        command.addAll(List.of(arguments));
        Result result = run(command, ImmutableMap.of(), timeout);
        assertThat(result.exitCode()).as("./datamesh %s failed:%n%s", String.join(" ", arguments), result.output()).isZero();
        return result.output();
    }

    private Result run(List<String> command, Map<String, String> extraEnvironment, Duration timeout)
    {
        try {
            Path log = Files.createTempFile("quickstart", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().putAll(extraEnvironment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("%s did not finish within %s:%n%s".formatted(command, timeout, Files.readString(log, UTF_8)));
            }
            String output = Files.readString(log, UTF_8);
            Files.delete(log);
            return new Result(process.exitValue(), output);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    private static List<String> lines(String output)
    {
        return output.lines().filter(line -> !line.isBlank()).toList();
    }

    private static List<String> column(ResultSet resultSet, String name)
            throws SQLException
    {
        List<String> values = new ArrayList<>();
        try (resultSet) {
            while (resultSet.next()) {
                values.add(resultSet.getString(name));
            }
        }
        return values;
    }

    private record Result(int exitCode, String output) {}
}
