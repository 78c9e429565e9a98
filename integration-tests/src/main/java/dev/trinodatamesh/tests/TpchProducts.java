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

import com.google.common.collect.ImmutableList;
import dev.trinodatamesh.testing.ParquetFiles;
import dev.trinodatamesh.testing.TpchData;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.Page;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Type;
import io.trino.tpch.TpchTable;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * TPC-H tables as data products: Parquet files under a directory of the repository, optionally
 * partitioned by the year of a date column, with a table descriptor.
 *
 * @param table the TPC-H table
 * @param path its directory in the repository, with a trailing slash
 * @param partitioning partition the files by the year of a date column
 * @param files how many files (generator parts) to write
 */
public record TpchProducts(String table, String path, Optional<YearPartitioning> partitioning, int files)
{
    public TpchProducts
    {
        requireNonNull(table, "table is null");
        requireNonNull(path, "path is null");
        requireNonNull(partitioning, "partitioning is null");
    }

    public static TpchProducts of(String table, int files)
    {
        return new TpchProducts(table, table + "/", Optional.empty(), files);
    }

    public static TpchProducts partitioned(String table, String partitionColumn, String dateColumn, int files)
    {
        return new TpchProducts(table, table + "/", Optional.of(new YearPartitioning(partitionColumn, dateColumn)), files);
    }

    public TpchProducts withPath(String path)
    {
        return new TpchProducts(table, path.endsWith("/") ? path : path + "/", partitioning, files);
    }

    /**
     * @param column the partition column, such as shipyear
     * @param dateColumn the date column whose year it is, such as shipdate
     */
    public record YearPartitioning(String column, String dateColumn) {}

    /**
     * Generates the product's files at {@code scale}, in parallel, and hands each to {@code sink}
     * with its path relative to the repository root.
     */
    public void write(double scale, int threads, BiConsumer<String, byte[]> sink)
    {
        TpchTable<?> tpchTable = TpchData.table(table);
        List<String> names = TpchData.columnNames(tpchTable);
        List<Type> types = TpchData.types(tpchTable);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int part = 1; part <= files; part++) {
                int partNumber = part;
                parts.add(executor.submit(() -> writePart(tpchTable, names, types, scale, partNumber, sink)));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
        catch (ExecutionException e) {
            throw new RuntimeException("Cannot generate TPC-H table " + table, e.getCause());
        }
        finally {
            executor.shutdownNow();
        }
    }

    private void writePart(TpchTable<?> tpchTable, List<String> names, List<Type> types, double scale, int part, BiConsumer<String, byte[]> sink)
    {
        String fileName = "part-%05d.parquet".formatted(part);
        if (partitioning.isEmpty()) {
            List<Page> pages = new ArrayList<>();
            TpchData.generate(tpchTable, scale, part, files, pages::add);
            if (!pages.isEmpty()) {
                sink.accept(path + fileName, ParquetFiles.write(names, types, pages, options()));
            }
            return;
        }
        int dateChannel = names.indexOf(partitioning.orElseThrow().dateColumn());
        Map<Integer, List<Page>> byYear = new TreeMap<>();
        TpchData.generate(tpchTable, scale, part, files, page -> {
            Map<Integer, List<Integer>> positions = new TreeMap<>();
            for (int position = 0; position < page.getPositionCount(); position++) {
                int year = LocalDate.ofEpochDay(DATE.getLong(page.getBlock(dateChannel), position)).getYear();
                positions.computeIfAbsent(year, _ -> new ArrayList<>()).add(position);
            }
            positions.forEach((year, rows) -> byYear.computeIfAbsent(year, _ -> new ArrayList<>())
                    .add(page.getPositions(rows.stream().mapToInt(Integer::intValue).toArray(), 0, rows.size())));
        });
        byYear.forEach((year, pages) -> sink.accept(
                "%s%s=%s/%s".formatted(path, partitioning.orElseThrow().column(), year, fileName),
                ParquetFiles.write(names, types, pages, options())));
    }

    private static ParquetWriterOptions options()
    {
        return ParquetFiles.defaultOptions();
    }

    /**
     * The product's table descriptor, {@code _lakefs_tables/<table>.yaml}.
     */
    public String descriptorPath()
    {
        return "_lakefs_tables/%s.yaml".formatted(table);
    }

    public String descriptor(String owner, String description)
    {
        TpchTable<?> tpchTable = TpchData.table(table);
        List<String> names = TpchData.columnNames(tpchTable);
        List<Type> types = TpchData.types(tpchTable);
        StringBuilder yaml = new StringBuilder()
                .append("name: ").append(table).append('\n')
                .append("type: hive\n")
                .append("path: ").append(path, 0, path.length() - 1).append('\n')
                .append("description: ").append(quote(description)).append('\n')
                .append("owner: ").append(quote(owner)).append('\n')
                .append("tags: [tpch]\n");
        partitioning.ifPresent(spec -> yaml.append("partition_columns: [").append(spec.column()).append("]\n"));
        yaml.append("schema:\n  type: struct\n  fields:\n");
        for (int i = 0; i < names.size(); i++) {
            yaml.append("    - name: ").append(names.get(i)).append('\n')
                    .append("      type: ").append(quote(sparkType(types.get(i)))).append('\n')
                    .append("      nullable: false\n")
                    .append("      description: ").append(quote(TpchColumnDescriptions.describe(table, names.get(i)))).append('\n');
        }
        partitioning.ifPresent(spec -> yaml.append("    - name: ").append(spec.column()).append('\n')
                .append("      type: integer\n")
                .append("      description: ").append(quote("Year of " + spec.dateColumn() + " (partition directory)")).append('\n'));
        return yaml.toString();
    }

    private static String sparkType(Type type)
    {
        if (type.equals(BIGINT)) {
            return "long";
        }
        if (type.equals(INTEGER)) {
            return "integer";
        }
        if (type.equals(DATE)) {
            return "date";
        }
        if (type.equals(VARCHAR)) {
            return "string";
        }
        if (type instanceof DecimalType decimal) {
            return "decimal(%s,%s)".formatted(decimal.getPrecision(), decimal.getScale());
        }
        throw new IllegalArgumentException("no descriptor type for " + type);
    }

    private static String quote(String value)
    {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public static List<String> allTables()
    {
        return ImmutableList.of("nation", "region", "part", "supplier", "partsupp", "customer", "orders", "lineitem");
    }
}
