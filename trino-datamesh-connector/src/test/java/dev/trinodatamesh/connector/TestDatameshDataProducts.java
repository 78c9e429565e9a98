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
package dev.trinodatamesh.connector;

import dev.trinodatamesh.connector.lakefs.FakeLakeFsClient;
import dev.trinodatamesh.testing.ParquetFiles;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data products declared by lakeFS table descriptors, Hive-style partitions, and tables found as
 * top-level directories.
 */
final class TestDatameshDataProducts
        extends AbstractTestQueryFramework
{
    private static final String ORDERS_DESCRIPTOR = """
            name: orders
            type: hive
            path: tables/orders
            description: Orders placed by customers, one row per order
            owner: sales-team@example.com
            tags: [gold, tpch]
            schema:
              type: struct
              fields:
                - name: orderkey
                  type: long
                  nullable: false
                  description: Order identifier
                - name: status
                  type: string
                  metadata:
                    comment: O for open, F for fulfilled
                - name: orderdate
                  type: date
            """;

    private static final String SHIPMENTS_DESCRIPTOR = """
            name: shipments
            type: hive
            path: tables/shipments/
            partition_columns: [shipyear]
            schema:
              type: struct
              fields:
                - {name: orderkey, type: long}
                - {name: shipyear, type: integer, description: Year of shipment}
            """;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("sales", Files.createTempDirectory("datamesh-products"));
        lakeFs.putObject("main", "_lakefs_tables/orders.yaml", ORDERS_DESCRIPTOR.getBytes(UTF_8));
        lakeFs.putObject("main", "tables/orders/part-0.parquet", ParquetFiles.builder(List.of("orderkey", "status", "orderdate"), List.of(BIGINT, VARCHAR, DATE))
                .row(1L, "O", LocalDate.parse("1995-01-01").toEpochDay())
                .row(2L, "F", LocalDate.parse("1996-01-01").toEpochDay())
                .build());
        lakeFs.putObject("main", "tables/orders/_SUCCESS", new byte[0]);

        lakeFs.putObject("main", "_lakefs_tables/shipments.yaml", SHIPMENTS_DESCRIPTOR.getBytes(UTF_8));
        for (int year = 1992; year <= 1998; year++) {
            ParquetFiles.Builder file = ParquetFiles.builder(List.of("orderkey"), List.of(BIGINT));
            for (long key = 0; key < 100; key++) {
                file.row(year * 1000L + key);
            }
            lakeFs.putObject("main", "tables/shipments/shipyear=%s/part-0.parquet".formatted(year), file.build());
        }

        // no descriptor: a directory of Parquet files, with Hive-style partitions
        for (String region : List.of("emea", "apac")) {
            lakeFs.putObject("main", "clicks/region=%s/day=2026-01-0%s/part-0.parquet".formatted(region, region.equals("emea") ? 1 : 2),
                    ParquetFiles.builder(List.of("user_id", "url"), List.of(BIGINT, VARCHAR)).row(7L, "/" + region).build());
        }
        lakeFs.putObject("main", "docs/readme.txt", "not a table".getBytes(UTF_8));
        lakeFs.putObject("main", "_staging/part-0.parquet", ParquetFiles.builder(List.of("x"), List.of(BIGINT)).row(1L).build());

        lakeFs.putObject("main", "_lakefs_tables/broken.yaml", "name: broken\ntype: hive\n".getBytes(UTF_8));
        lakeFs.putObject("main", "_lakefs_tables/not_yaml.yaml", "name: [unclosed".getBytes(UTF_8));
        lakeFs.putObject("main", "_lakefs_tables/mistyped.yaml", """
                name: mistyped
                path: tables/mistyped
                schema:
                  fields:
                    - {name: flag, type: boolean}
                """.getBytes(UTF_8));
        lakeFs.putObject("main", "tables/mistyped/part-0.parquet", ParquetFiles.builder(List.of("flag"), List.of(VARCHAR)).row("yes").build());
        lakeFs.commit("main", "data products");
        return DatameshQueryRunner.builder().addCatalog("sales", lakeFs).build();
    }

    @Test
    void tablesAreDescriptorsAndDirectories()
    {
        assertThat(computeActual("SHOW TABLES FROM sales.main").getOnlyColumnAsSet())
                .containsExactlyInAnyOrder("orders", "shipments", "clicks", "broken", "not_yaml", "mistyped");
    }

    @Test
    void descriptorGivesColumnsAndDescriptions()
    {
        assertThat(query("SELECT column_name, data_type, comment FROM sales.information_schema.columns WHERE table_schema = 'main' AND table_name = 'orders'"))
                .skippingTypesCheck()
                .matches("VALUES ('orderkey', 'bigint', 'Order identifier'), ('status', 'varchar', 'O for open, F for fulfilled'), ('orderdate', 'date', NULL)");
        assertThat(computeScalar("SELECT comment FROM system.metadata.table_comments WHERE catalog_name = 'sales' AND schema_name = 'main' AND table_name = 'orders'"))
                .isEqualTo("Orders placed by customers, one row per order");
        assertThat(query("SELECT orderkey, status FROM sales.main.orders")).matches("VALUES (BIGINT '1', CAST('O' AS varchar)), (2, 'F')");
    }

    @Test
    void partitionColumnsComeFromDirectories()
    {
        assertThat(query("SELECT shipyear, count(*) FROM sales.main.shipments GROUP BY shipyear"))
                .matches("SELECT CAST(year AS integer), BIGINT '100' FROM UNNEST(sequence(1992, 1998)) AS t(year)");
        assertThat(query("SELECT region, day, url FROM sales.main.clicks"))
                .matches("VALUES (CAST('emea' AS varchar), DATE '2026-01-01', CAST('/emea' AS varchar)), ('apac', DATE '2026-01-02', '/apac')");
        assertThat(query("SELECT partition_values['shipyear'] FROM sales.main.\"shipments$files\" WHERE path LIKE '%1995%'"))
                .matches("VALUES CAST('1995' AS varchar)");
    }

    @Test
    void partitionPruningReadsOnlyMatchingFiles()
    {
        assertQueryStats(
                getSession(),
                "SELECT count(*) FROM sales.main.shipments WHERE shipyear = 1995",
                stats -> assertThat(stats.getPhysicalInputPositions()).isEqualTo(100),
                result -> assertThat(result.getOnlyValue()).isEqualTo(100L));
        assertQueryStats(
                getSession(),
                "SELECT count(*) FROM sales.main.shipments WHERE shipyear BETWEEN 1995 AND 1996",
                stats -> assertThat(stats.getPhysicalInputPositions()).isEqualTo(200),
                result -> assertThat(result.getOnlyValue()).isEqualTo(200L));
    }

    @Test
    void invalidDescriptorsNameTheFileAndTheProblem()
    {
        assertQueryFails("SELECT * FROM sales.main.broken", "Table descriptor '_lakefs_tables/broken.yaml' is invalid: 'path' \\(the table's directory in the repository\\) is missing");
        assertQueryFails("SELECT * FROM sales.main.not_yaml", "Table descriptor '_lakefs_tables/not_yaml.yaml' is not valid YAML at line 1, column 16: expected ',' or ']', but got <stream end>");
    }

    @Test
    void declaredTypeThatTheFileDoesNotHaveIsNamed()
    {
        assertQueryFails("SELECT * FROM sales.main.mistyped", "Column 'flag' of table 'main.mistyped' is boolean, but data file 'tables/mistyped/part-0.parquet' stores it as varchar");
    }
}
