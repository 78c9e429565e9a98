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
package dev.trinodatamesh.tests.bench;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.trinodatamesh.testing.LineageReceiver;
import dev.trinodatamesh.testing.ParquetFiles;
import dev.trinodatamesh.testing.TpchData;
import dev.trinodatamesh.testing.TpchQueries;
import dev.trinodatamesh.tests.DatameshStack;
import dev.trinodatamesh.tests.LakeFsFixture;
import dev.trinodatamesh.tests.ObjectStore;
import dev.trinodatamesh.tests.ObjectStore.S3Location;
import dev.trinodatamesh.tests.TpchProducts;
import dev.trinodatamesh.tests.TrinoClient;
import io.trino.spi.type.Type;
import io.trino.tpch.TpchTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * {@code ./datamesh bench}: TPC-H on our connector against Trino's Hive connector reading the same
 * Parquet files straight from MinIO, and against the Hive connector through lakeFS's S3 gateway,
 * as users connect today; all in one Trino server run. Then planning latency on a table of many
 * files, and SHOW SCHEMAS on a repository with many branches. Prints medians and ratios, and
 * writes them as Markdown.
 */
public final class Benchmark
{
    private static final String REPOSITORY = "bench-tpch";
    private static final String FILES_REPOSITORY = "bench-files";
    private static final String WRITES_REPOSITORY = "bench-writes";
    private static final String FEW_REFS_REPOSITORY = "bench-few-refs";

    private final DatameshStack stack;
    private final Options options;
    private final TrinoClient trino;
    private final LakeFsFixture lakeFs;
    private final String bucket;
    private final List<String> report = new ArrayList<>();

    private Benchmark(DatameshStack stack, Options options)
    {
        this.stack = stack;
        this.options = options;
        this.trino = stack.trino();
        this.lakeFs = stack.lakeFs();
        this.bucket = stack.env("DATAMESH_BUCKET");
    }

    public static void main(String[] args)
            throws Exception
    {
        Options options = Options.parse(args);
        // one Trino node: on a small machine a second JVM only adds exchanges, for every connector alike
        DatameshStack stack = DatameshStack.startOrReuse(0);
        try {
            new Benchmark(stack, options).run();
        }
        finally {
            if (!options.keep()) {
                stack.close();
            }
            else {
                // the stack's lineage receiver lives in this JVM and would keep it from exiting;
                // the kept Trino spools its events from now on
                stack.lineageReceiver().ifPresent(LineageReceiver::close);
                System.out.printf("The benchmark stack keeps running: %s (stop it with ./datamesh _stack stop %s)%n", stack.runDir(), stack.runDir());
            }
        }
    }

    private void run()
            throws Exception
    {
        line("# trino-datamesh benchmark");
        line("");
        line("Machine: %s, %s cores, %s GiB memory; Java %s; Trino 483, lakeFS %s, MinIO %s; %s",
                cpuModel(), Runtime.getRuntime().availableProcessors(), totalMemoryGib(), Runtime.version(),
                System.getenv().getOrDefault("DATAMESH_LAKEFS_VERSION", "v1.84.0"), System.getenv().getOrDefault("DATAMESH_MINIO_VERSION", "see tools/minio/go.mod"),
                LocalDate.now());
        line("");
        if (options.suites().contains("tpch")) {
            tpch();
        }
        if (options.suites().contains("planning")) {
            planningLatency();
        }
        if (options.suites().contains("schemas")) {
            showSchemas();
        }
        if (options.suites().contains("writes")) {
            writes();
        }
        if (options.suites().contains("lineage")) {
            new LineageOverhead(stack, options.lineageQueries(), this::text).run();
        }
        Path output = stack.root().resolve("integration-tests/target/bench/results.md");
        Files.createDirectories(output.getParent());
        Files.writeString(output, String.join("\n", report) + "\n", UTF_8);
        System.out.println();
        System.out.println("Results written to " + output);
    }

    private void tpch()
            throws Exception
    {
        String scaleName = scaleName(options.scale());
        String plainPrefix = "bench/tpch-%s/".formatted(scaleName);
        long start = System.nanoTime();
        Map<String, String> imports = new LinkedHashMap<>();
        try (ObjectStore objectStore = stack.objectStore()) {
            for (String table : TpchProducts.allTables()) {
                TpchProducts product = TpchProducts.of(table, filesOf(table, options.scale()));
                product.write(options.scale(), 2, (path, bytes) -> objectStore.put(new S3Location(bucket, plainPrefix + path), bytes));
                imports.put("s3://%s/%s%s/".formatted(bucket, plainPrefix, table), table + "/");
                progress("generated TPC-H %s at scale %s", table, options.scale());
            }
        }
        lakeFs.createRepository(REPOSITORY);
        // zero-copy: the lakeFS commit points at the very objects the Hive catalogs read
        lakeFs.importPrefixes(REPOSITORY, "main", imports, "TPC-H scale " + options.scale());
        line("TPC-H scale %s generated, written to MinIO and imported into lakeFS repository `%s` in %.0f s.", options.scale(), REPOSITORY, seconds(start));
        line("");

        trino.createCatalog("mesh", importedCatalog(REPOSITORY));
        Map<String, String> withoutStatistics = new HashMap<>(importedCatalog(REPOSITORY));
        withoutStatistics.put("datamesh.statistics.enabled", "false");
        trino.createCatalog("mesh_nostats", withoutStatistics);
        createHiveCatalogs();
        trino.execute("CREATE SCHEMA hive_direct.tpch");
        trino.execute("CREATE SCHEMA hive_gateway.tpch");
        for (String table : TpchProducts.allTables()) {
            trino.execute(externalTable("hive_direct", table, "s3://%s/%s%s/".formatted(bucket, plainPrefix, table)));
            // lakeFS's S3 gateway: the repository is the bucket, the ref the first path segment
            trino.execute(externalTable("hive_gateway", table, "s3://%s/main/%s/".formatted(REPOSITORY, table)));
        }

        Map<String, String> targets = ImmutableMap.of(
                "ours", "mesh.main",
                "ours, no statistics", "mesh_nostats.main",
                "Hive direct", "hive_direct.tpch",
                "Hive via lakeFS gateway", "hive_gateway.tpch");
        List<String> queries = options.queries();
        for (String query : queries) {
            List<List<Object>> expected = trino.rows(TpchQueries.query(query, "mesh.main"));
            for (String schema : targets.values()) {
                List<List<Object>> actual = trino.rows(TpchQueries.query(query, schema));
                if (!actual.equals(expected)) {
                    throw new IllegalStateException("%s returns other rows on %s than on mesh.main".formatted(query, schema));
                }
            }
        }
        progress("all %s queries return the same rows on the four catalogs (warm-up done)", queries.size());

        Map<String, Map<String, List<Long>>> millis = new LinkedHashMap<>();
        List<Map.Entry<String, String>> order = List.copyOf(targets.entrySet());
        for (int run = 1; run <= options.runs(); run++) {
            for (int q = 0; q < queries.size(); q++) {
                String query = queries.get(q);
                // a different catalog goes first each time: none gains from the one before warming the caches
                for (int k = 0; k < order.size(); k++) {
                    Map.Entry<String, String> target = order.get((run + q + k) % order.size());
                    long queryStart = System.nanoTime();
                    trino.rows(TpchQueries.query(query, target.getValue()));
                    long elapsed = (System.nanoTime() - queryStart) / 1_000_000;
                    millis.computeIfAbsent(query, _ -> new LinkedHashMap<>()).computeIfAbsent(target.getKey(), _ -> new ArrayList<>()).add(elapsed);
                }
            }
            progress("run %s of %s done", run, options.runs());
        }

        line("## TPC-H scale %s: median of %s runs (ms), one Trino 483 server, warm caches", options.scale(), options.runs());
        line("");
        line("| query | ours | ours, no statistics | Hive direct (b) | Hive via lakeFS gateway (c) | ours / (b) | ours / (c) |");
        line("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        long totalOurs = 0;
        long totalNoStatistics = 0;
        long totalDirect = 0;
        long totalGateway = 0;
        double worstDirectRatio = 0;
        for (String query : queries) {
            Map<String, List<Long>> results = millis.get(query);
            long ours = median(results.get("ours"));
            long noStatistics = median(results.get("ours, no statistics"));
            long direct = median(results.get("Hive direct"));
            long gateway = median(results.get("Hive via lakeFS gateway"));
            totalOurs += ours;
            totalNoStatistics += noStatistics;
            totalDirect += direct;
            totalGateway += gateway;
            worstDirectRatio = Math.max(worstDirectRatio, (double) ours / direct);
            line("| %s | %d | %d | %d | %d | %.2f | %.2f |", query.toUpperCase(Locale.ENGLISH), ours, noStatistics, direct, gateway, (double) ours / direct, (double) ours / gateway);
        }
        line("| total | %d | %d | %d | %d | %.2f | %.2f |", totalOurs, totalNoStatistics, totalDirect, totalGateway, (double) totalOurs / totalDirect, (double) totalOurs / totalGateway);
        line("");
        line("Targets: ours / (b) at most 1.0 on every query: worst %.2f (%s); ours / (c) at most 0.6 in total: %.2f (%s).",
                worstDirectRatio, worstDirectRatio <= 1.0 ? "met" : "missed",
                (double) totalOurs / totalGateway, (double) totalOurs / totalGateway <= 0.6 ? "met" : "missed");
        line("");
    }

    private void planningLatency()
            throws Exception
    {
        int files = options.files();
        long start = System.nanoTime();
        String prefix = "bench/files-%s/many/".formatted(files);
        try (ObjectStore objectStore = stack.objectStore()) {
            ExecutorService executor = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> writes = new ArrayList<>();
                AtomicLong written = new AtomicLong();
                for (int i = 0; i < files; i++) {
                    int index = i;
                    writes.add(executor.submit(() -> {
                        byte[] file = ParquetFiles.builder(List.of("id", "payload"), List.<Type>of(BIGINT, VARCHAR))
                                .row((long) index, "file " + index)
                                .build();
                        objectStore.put(new S3Location(bucket, prefix + "part-%05d.parquet".formatted(index)), file);
                        written.incrementAndGet();
                    }));
                }
                for (Future<?> write : writes) {
                    write.get();
                }
            }
            finally {
                executor.shutdownNow();
            }
        }
        lakeFs.createRepository(FILES_REPOSITORY);
        lakeFs.importPrefixes(FILES_REPOSITORY, "main", ImmutableMap.of("s3://%s/%s".formatted(bucket, prefix), "many/"), files + " files");
        progress("wrote and imported a table of %s files in %.0f s", files, seconds(start));

        // a new catalog has empty caches: one for the cold query, one for the cold EXPLAIN
        trino.createCatalog("mesh_files", importedCatalog(FILES_REPOSITORY));
        trino.createCatalog("mesh_files_explain", importedCatalog(FILES_REPOSITORY));
        String query = "SELECT count(*) FROM mesh_files.main.many WHERE id = 42";
        var coldStats = trino.query(query).stats();
        long coldExplainStart = System.nanoTime();
        trino.rows("EXPLAIN " + query.replace("mesh_files.", "mesh_files_explain."));
        Planning cold = new Planning(coldStats.getAnalysisTimeMillis() + coldStats.getPlanningTimeMillis(), (System.nanoTime() - coldExplainStart) / 1_000_000);
        List<Planning> warm = new ArrayList<>();
        for (int run = 0; run < options.runs(); run++) {
            warm.add(planning(query));
        }
        // the same statement on a table of Trino's tpch connector: the engine's own share
        List<Planning> baseline = new ArrayList<>();
        for (int run = 0; run < options.runs(); run++) {
            baseline.add(planning("SELECT count(*) FROM tpch.tiny.nation WHERE nationkey = 42"));
        }
        long count = (long) trino.value("SELECT count(*) FROM mesh_files.main.many");
        if (count != files) {
            throw new IllegalStateException("expected %s rows, one per file, got %s".formatted(files, count));
        }
        long warmPlanning = median(warm.stream().map(Planning::serverMillis).toList());
        line("## Planning latency, table of %s files", files);
        line("");
        line("Server: analysis and planning time of the query, from its statistics. EXPLAIN: wall time of `EXPLAIN` of the same query over JDBC.");
        line("");
        line("| cache | server planning (ms) | EXPLAIN wall time (ms) |");
        line("| --- | ---: | ---: |");
        line("| cold (new catalog: list the files, read a sample of footers for the columns; statistics within `datamesh.statistics.planning-timeout`) | %d | %d |", cold.serverMillis(), cold.explainMillis());
        line("| warm, median of %s | %d | %d |", warm.size(), warmPlanning, median(warm.stream().map(Planning::explainMillis).toList()));
        line("| baseline: the same query on tpch.tiny.nation, median of %s | %d | %d |", baseline.size(),
                median(baseline.stream().map(Planning::serverMillis).toList()), median(baseline.stream().map(Planning::explainMillis).toList()));
        line("");
        line("Target: warm at most 50 ms: %s (%d ms).", warmPlanning <= 50 ? "met" : "missed", warmPlanning);
        line("");
    }

    private void showSchemas()
            throws Exception
    {
        int branches = options.branches();
        // one small table, in the many-branch repository and in one with three refs
        byte[] small = ParquetFiles.builder(List.of("id", "name"), List.<Type>of(BIGINT, VARCHAR))
                .row(1L, "one")
                .row(2L, "two")
                .build();
        lakeFs.putObject(FILES_REPOSITORY, "main", "small/part-0.parquet", small);
        lakeFs.commit(FILES_REPOSITORY, "main", "a small table");
        lakeFs.createRepository(FEW_REFS_REPOSITORY);
        lakeFs.putObject(FEW_REFS_REPOSITORY, "main", "small/part-0.parquet", small);
        lakeFs.commit(FEW_REFS_REPOSITORY, "main", "a small table");
        lakeFs.createBranch(FEW_REFS_REPOSITORY, "dev", "main");
        lakeFs.createTag(FEW_REFS_REPOSITORY, "v1", "main");
        trino.createCatalog("mesh_few", stack.catalogProperties(FEW_REFS_REPOSITORY));

        long start = System.nanoTime();
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 1; i < branches; i++) {
                String branch = "branch-%05d".formatted(i);
                creates.add(executor.submit(() -> lakeFs.createBranch(FILES_REPOSITORY, branch, "main")));
            }
            for (Future<?> create : creates) {
                create.get();
            }
        }
        finally {
            executor.shutdownNow();
        }
        progress("created %s branches in %.0f s", branches, seconds(start));

        int schemas = 0;
        List<Long> showSchemas = new ArrayList<>();
        for (int run = 0; run <= options.runs(); run++) {
            long queryStart = System.nanoTime();
            schemas = trino.column("SHOW SCHEMAS FROM mesh_files").size();
            if (run > 0) {
                showSchemas.add((System.nanoTime() - queryStart) / 1_000_000);
            }
        }
        // a trivial query, alternating between the two repositories
        Map<String, List<Long>> trivial = new LinkedHashMap<>();
        for (int run = 0; run <= options.runs() * 3; run++) {
            for (String catalog : run % 2 == 0 ? List.of("mesh_files", "mesh_few") : List.of("mesh_few", "mesh_files")) {
                long queryStart = System.nanoTime();
                long count = (long) trino.value("SELECT count(*) FROM %s.main.small".formatted(catalog));
                if (count != 2) {
                    throw new IllegalStateException("%s.main.small has %s rows, expected 2".formatted(catalog, count));
                }
                if (run > 0) {
                    trivial.computeIfAbsent(catalog, _ -> new ArrayList<>()).add((System.nanoTime() - queryStart) / 1_000_000);
                }
            }
        }
        List<Long> tables = new ArrayList<>();
        List<Long> columns = new ArrayList<>();
        long tableCount = 0;
        long columnCount = 0;
        int metadataRuns = Math.max(1, Math.min(options.runs(), 3));
        for (int run = 0; run < metadataRuns; run++) {
            long queryStart = System.nanoTime();
            tableCount = (long) trino.value("SELECT count(*) FROM mesh_files.information_schema.tables");
            tables.add((System.nanoTime() - queryStart) / 1_000_000);
            queryStart = System.nanoTime();
            columnCount = (long) trino.value("SELECT count(*) FROM mesh_files.information_schema.columns");
            columns.add((System.nanoTime() - queryStart) / 1_000_000);
        }
        long many = median(trivial.get("mesh_files"));
        long few = median(trivial.get("mesh_few"));
        line("## Metadata with %s branches", branches);
        line("");
        line("With `datamesh.ref-cache-ttl=0s` (refs resolved for every query). Medians (ms).");
        line("");
        line("| statement | %s branches | 3 refs | ratio |", branches);
        line("| --- | ---: | ---: | ---: |");
        line("| `SELECT count(*) FROM <catalog>.main.small`, median of %s | %d | %d | %.2f |", trivial.get("mesh_files").size(), many, few, (double) many / few);
        line("| `SHOW SCHEMAS` (%s schemas), median of %s | %d | | |", schemas, showSchemas.size(), median(showSchemas));
        line("| `information_schema.tables` (%,d rows), median of %s | %d | | |", tableCount, tables.size(), median(tables));
        line("| `information_schema.columns` (%,d rows), median of %s | %d | | |", columnCount, columns.size(), median(columns));
        line("");
        line("Targets: trivial query at most 1.1x of the one on 3 refs: %s (%.2f); information_schema.tables under 5 s: %s (%d ms).",
                many <= 1.1 * few ? "met" : "missed", (double) many / few, median(tables) < 5000 ? "met" : "missed", median(tables));
        line("");
    }

    /**
     * A catalog of a repository whose data was imported (zero-copy) from the bucket's bench/
     * prefix, which lies outside the repository's storage namespace.
     */
    private Map<String, String> importedCatalog(String repository)
    {
        Map<String, String> properties = new HashMap<>(stack.catalogProperties(repository));
        properties.put("datamesh.allowed-physical-prefixes", "s3://%s/bench/".formatted(bucket));
        return properties;
    }

    private boolean hiveCatalogsCreated;

    /**
     * Trino's Hive connector with a file metastore: {@code hive_direct} on MinIO, {@code hive_gateway}
     * on lakeFS's S3 gateway (the repository is the bucket, the ref the first path segment).
     */
    private void createHiveCatalogs()
            throws Exception
    {
        if (hiveCatalogsCreated) {
            return;
        }
        Path metastores = stack.runDir().resolve("bench-metastores");
        Files.createDirectories(metastores.resolve("direct"));
        Files.createDirectories(metastores.resolve("gateway"));
        trino.execute(hiveCatalog("hive_direct", metastores, "direct", stack.env("DATAMESH_S3_ENDPOINT"), stack.env("DATAMESH_S3_ACCESS_KEY"), stack.env("DATAMESH_S3_SECRET_KEY")));
        trino.execute(hiveCatalog("hive_gateway", metastores, "gateway", stack.env("DATAMESH_LAKEFS_ENDPOINT"), stack.env("DATAMESH_LAKEFS_ACCESS_KEY_ID"), stack.env("DATAMESH_LAKEFS_SECRET_ACCESS_KEY")));
        hiveCatalogsCreated = true;
    }

    /**
     * {@code CREATE TABLE AS} of TPC-H lineitem into a branch (one lakeFS commit, bytes straight
     * to MinIO), against the Hive connector writing the same table straight to MinIO (b) and
     * through lakeFS's S3 gateway followed by the lakeFS commit a user makes to publish it (c);
     * and the latency of a one-row {@code INSERT} (transaction branch, commit and merge included)
     * against the Hive connector's (b).
     */
    private void writes()
            throws Exception
    {
        createHiveCatalogs();
        lakeFs.createRepository(WRITES_REPOSITORY);
        lakeFs.createBranch(WRITES_REPOSITORY, "load", "main");
        lakeFs.createBranch(WRITES_REPOSITORY, "gateway", "main");
        trino.createCatalog("mesh_writes", stack.catalogProperties(WRITES_REPOSITORY));
        // the file metastore keeps managed tables on local disk: the Hive tables are external ones on S3
        trino.execute("CREATE SCHEMA hive_direct.writes");
        trino.execute("CREATE SCHEMA hive_gateway.writes");
        Map<String, String> hiveLocations = ImmutableMap.of(
                "hive_direct.writes", "s3://%s/bench/hive-writes/".formatted(bucket),
                "hive_gateway.writes", "s3://%s/gateway/hive-writes/".formatted(WRITES_REPOSITORY));
        String source = "tpch.\"%s\".lineitem".formatted(scaleName(options.scale()).replace('_', '.'));
        long expectedRows = (long) trino.value("SELECT count(*) FROM " + source);
        int ctasRuns = Math.max(1, Math.min(options.runs(), 3));

        Map<String, List<Long>> ctas = new LinkedHashMap<>();
        // each target and the schema it writes into
        Map<String, String> targets = ImmutableMap.of(
                "ours", "mesh_writes.load",
                "Hive direct", "hive_direct.writes",
                "Hive via lakeFS gateway", "hive_gateway.writes");
        List<String> order = List.copyOf(targets.keySet());
        for (int run = 0; run < ctasRuns; run++) {
            for (int k = 0; k < order.size(); k++) {
                String target = order.get((run + k) % order.size());
                String catalog = targets.get(target);
                String table = "lineitem_%d".formatted(run);
                String sql = hiveLocations.containsKey(catalog)
                        ? "CREATE TABLE %s.%s WITH (external_location = '%s%s/') AS SELECT * FROM %s".formatted(catalog, table, hiveLocations.get(catalog), table, source)
                        : "CREATE TABLE %s.%s AS SELECT * FROM %s".formatted(catalog, table, source);
                long start = System.nanoTime();
                trino.update(sql);
                if (catalog.equals("hive_gateway.writes")) {
                    // what a user of the gateway does to publish the table
                    lakeFs.commit(WRITES_REPOSITORY, "gateway", "publish " + table);
                }
                ctas.computeIfAbsent(target, _ -> new ArrayList<>()).add((System.nanoTime() - start) / 1_000_000);
                long rows = (long) trino.value("SELECT count(*) FROM %s.%s".formatted(catalog, table));
                if (rows != expectedRows) {
                    throw new IllegalStateException("%s wrote %s rows into %s.%s, expected %s".formatted(target, rows, catalog, table, expectedRows));
                }
                trino.execute("DROP TABLE %s.%s".formatted(catalog, table));
            }
            progress("CTAS run %s of %s done", run + 1, ctasRuns);
        }

        trino.execute("CREATE TABLE mesh_writes.load.events (id bigint, note varchar)");
        trino.execute("CREATE TABLE hive_direct.writes.events (id bigint, note varchar) WITH (external_location = '%sevents/')".formatted(hiveLocations.get("hive_direct.writes")));
        Map<String, List<Long>> inserts = new LinkedHashMap<>();
        int insertRuns = Math.max(5, options.runs() * 3);
        for (int run = 0; run < insertRuns; run++) {
            for (String target : run % 2 == 0 ? List.of("mesh_writes.load", "hive_direct.writes") : List.of("hive_direct.writes", "mesh_writes.load")) {
                long start = System.nanoTime();
                trino.update("INSERT INTO %s.events VALUES (%d, 'one row')".formatted(target, run));
                inserts.computeIfAbsent(target, _ -> new ArrayList<>()).add((System.nanoTime() - start) / 1_000_000);
            }
        }
        for (String target : List.of("mesh_writes.load", "hive_direct.writes")) {
            long rows = (long) trino.value("SELECT count(*) FROM %s.events".formatted(target));
            if (rows != insertRuns) {
                throw new IllegalStateException("%s.events holds %s rows after %s one-row inserts".formatted(target, rows, insertRuns));
            }
        }

        long ours = median(ctas.get("ours"));
        long direct = median(ctas.get("Hive direct"));
        long gateway = median(ctas.get("Hive via lakeFS gateway"));
        long insertOurs = median(inserts.get("mesh_writes.load"));
        long insertDirect = median(inserts.get("hive_direct.writes"));
        line("## Writes: `CREATE TABLE AS SELECT * FROM %s` (%,d rows), median of %s runs (ms)", source, expectedRows, ctasRuns);
        line("");
        line("| ours, into a branch (one lakeFS commit) | Hive direct (b) | Hive via lakeFS gateway, then a lakeFS commit (c) | ours / (b) | ours / (c) |");
        line("| ---: | ---: | ---: | ---: | ---: |");
        line("| %d | %d | %d | %.2f | %.2f |", ours, direct, gateway, (double) ours / direct, (double) ours / gateway);
        line("");
        line("One-row `INSERT`, median of %s (ms): ours %d (transaction branch, commit and merge included), Hive direct (b) %d; ours / (b) %.2f.",
                insertRuns, insertOurs, insertDirect, (double) insertOurs / insertDirect);
        line("");
        line("Targets: CTAS ours / (b) at most 1.0: %s (%.2f); ours / (c) at most 0.7: %s (%.2f); one-row INSERT ours / (b) at most 3: %s (%.2f).",
                ours <= direct ? "met" : "missed", (double) ours / direct,
                ours <= 0.7 * gateway ? "met" : "missed", (double) ours / gateway,
                insertOurs <= 3 * insertDirect ? "met" : "missed", (double) insertOurs / insertDirect);
        line("");
    }

    /**
     * The server's analysis and planning time of {@code query}, and the wall time of its EXPLAIN.
     */
    private Planning planning(String query)
    {
        long start = System.nanoTime();
        trino.rows("EXPLAIN " + query);
        long explain = (System.nanoTime() - start) / 1_000_000;
        var stats = trino.query(query).stats();
        return new Planning(stats.getAnalysisTimeMillis() + stats.getPlanningTimeMillis(), explain);
    }

    private record Planning(long serverMillis, long explainMillis) {}

    private String hiveCatalog(String name, Path metastores, String metastore, String endpoint, String accessKey, String secretKey)
    {
        return """
                CREATE CATALOG %s USING hive WITH (
                    "hive.metastore" = 'file',
                    "hive.metastore.catalog.dir" = 'local:///%s',
                    "fs.local.enabled" = 'true',
                    "hive.non-managed-table-writes-enabled" = 'true',
                    "hive.storage-format" = 'PARQUET',
                    "hive.compression-codec" = 'ZSTD',
                    "local.location" = '%s',
                    "fs.s3.enabled" = 'true',
                    "s3.endpoint" = '%s',
                    "s3.region" = '%s',
                    "s3.path-style-access" = 'true',
                    "s3.aws-access-key" = '%s',
                    "s3.aws-secret-key" = '%s')""".formatted(name, metastore, metastores, endpoint, stack.env("DATAMESH_S3_REGION"), accessKey, secretKey);
    }

    private static String externalTable(String catalog, String table, String location)
    {
        TpchTable<?> tpchTable = TpchData.table(table);
        List<String> names = TpchData.columnNames(tpchTable);
        List<Type> types = TpchData.types(tpchTable);
        String columns = IntStream.range(0, names.size())
                .mapToObj(i -> names.get(i) + " " + types.get(i).getDisplayName())
                .collect(Collectors.joining(", "));
        return "CREATE TABLE %s.tpch.%s (%s) WITH (format = 'PARQUET', external_location = '%s')".formatted(catalog, table, columns, location);
    }

    /**
     * Files per table: about 30 MB each at any scale, as engines that write Parquet produce them.
     */
    private static int filesOf(String table, double scale)
    {
        int perScale = switch (table) {
            case "lineitem" -> 8;
            case "orders" -> 2;
            case "partsupp", "customer", "part" -> 1;
            default -> 0;
        };
        return Math.max(1, (int) Math.round(perScale * scale));
    }

    private static String scaleName(double scale)
    {
        return scale == Math.rint(scale) ? "sf" + (long) scale : "sf" + String.valueOf(scale).replace('.', '_');
    }

    private void line(String format, Object... arguments)
    {
        text(format.formatted(arguments));
    }

    private void text(String line)
    {
        report.add(line);
        System.out.println(line);
    }

    static void progress(String format, Object... arguments)
    {
        System.err.printf("[bench] " + format + "%n", arguments);
    }

    private static double seconds(long start)
    {
        return (System.nanoTime() - start) / 1e9;
    }

    private static long median(List<Long> values)
    {
        List<Long> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String cpuModel()
    {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        }
        catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static long totalMemoryGib()
    {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith("MemTotal"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 / 1024)
                    .findFirst().orElse(0L);
        }
        catch (IOException e) {
            return 0;
        }
    }

    record Options(double scale, int runs, List<String> queries, int files, int branches, Set<String> suites, int lineageQueries, boolean keep)
    {
        private static final Set<String> SUITES = ImmutableSet.of("tpch", "planning", "schemas", "writes", "lineage");
        private static final Set<String> VALUE_OPTIONS = ImmutableSet.of("--scale", "--runs", "--queries", "--files", "--branches", "--suites", "--lineage-queries");

        static Options parse(String[] args)
        {
            double scale = 1;
            int runs = 7;
            List<String> queries = ImmutableList.of("q01", "q03", "q05", "q06", "q10", "q12", "q14", "q19");
            int files = 10_000;
            int branches = 1_000;
            Set<String> suites = SUITES;
            int lineageQueries = 1_000;
            boolean keep = false;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--keep")) {
                    keep = true;
                    continue;
                }
                if (!VALUE_OPTIONS.contains(option)) {
                    throw new IllegalArgumentException("unknown option %s; options: --scale N, --runs N, --queries q01,q06, --files N, --branches N, --suites %s, --lineage-queries N, --keep".formatted(option, String.join(",", SUITES)));
                }
                String value = required(option, i + 1 < args.length ? args[++i] : null);
                switch (option) {
                    case "--scale" -> scale = Double.parseDouble(value);
                    case "--runs" -> runs = Integer.parseInt(value);
                    case "--queries" -> queries = List.of(value.split(","));
                    case "--files" -> files = Integer.parseInt(value);
                    case "--branches" -> branches = Integer.parseInt(value);
                    case "--suites" -> suites = ImmutableSet.copyOf(value.split(","));
                    case "--lineage-queries" -> lineageQueries = Integer.parseInt(value);
                    default -> throw new IllegalStateException(option);
                }
            }
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be at least 1");
            }
            for (String suite : suites) {
                if (!SUITES.contains(suite)) {
                    throw new IllegalArgumentException("unknown suite '%s' in --suites; suites: %s".formatted(suite, String.join(",", SUITES)));
                }
            }
            if (suites.contains("schemas") && !suites.contains("planning")) {
                throw new IllegalArgumentException("--suites schemas needs planning too: it lists the branches of the planning suite's repository");
            }
            return new Options(scale, runs, queries, files, branches, suites, lineageQueries, keep);
        }

        private static String required(String option, String value)
        {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }
}
