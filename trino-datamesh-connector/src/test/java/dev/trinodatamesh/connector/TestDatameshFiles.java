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

import com.google.common.collect.ImmutableMap;
import dev.trinodatamesh.connector.lakefs.FakeLakeFsClient;
import dev.trinodatamesh.testing.ParquetFiles;
import io.airlift.units.DataSize;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.Page;
import io.trino.spi.block.BlockBuilder;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.airlift.units.DataSize.Unit.KILOBYTE;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files of one table with different schemas, row-group pruning, and files that cannot be read.
 */
final class TestDatameshFiles
        extends AbstractTestQueryFramework
{
    private FakeLakeFsClient lakeFs;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        lakeFs = new FakeLakeFsClient("files", Files.createTempDirectory("datamesh-files"));

        // a column added later: older files read it as NULL; integer widened to bigint
        lakeFs.putObject("main", "evolving/part-0.parquet", ParquetFiles.builder(List.of("id", "name", "amount"), List.of(BIGINT, VARCHAR, INTEGER))
                .row(1L, "one", 10L).build());
        lakeFs.putObject("main", "evolving/part-1.parquet", ParquetFiles.builder(List.of("id", "name", "amount", "score"), List.of(BIGINT, VARCHAR, BIGINT, DOUBLE))
                .row(2L, "two", 20_000_000_000L, 0.5).build());

        lakeFs.putObject("main", "conflict/part-0.parquet", ParquetFiles.builder(List.of("v"), List.of(BIGINT)).row(1L).build());
        lakeFs.putObject("main", "conflict/part-1.parquet", ParquetFiles.builder(List.of("v"), List.of(VARCHAR)).row("x").build());

        // many row groups, sorted by id: a point lookup reads one
        ParquetFiles.Builder sorted = ParquetFiles.builder(List.of("id", "payload"), List.of(BIGINT, VARCHAR))
                .options(ParquetWriterOptions.builder().setMaxBlockSize(DataSize.of(16, KILOBYTE)).build());
        for (long id = 0; id < 20_000; id++) {
            sorted.row(id, "payload-" + id);
            if (id % 1000 == 999) {
                sorted.flushPage();
            }
        }
        lakeFs.putObject("main", "sorted/part-0.parquet", sorted.build());

        MessageType unsigned = Types.buildMessage()
                .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, false)).named("counter")
                .named("schema");
        BlockBuilder counters = BIGINT.createBlockBuilder(null, 1);
        BIGINT.writeLong(counters, 42);
        lakeFs.putObject("main", "unsigned/part-0.parquet", ParquetFiles.write(unsigned, ImmutableMap.of(List.of("counter"), BIGINT), List.of(new Page(counters.build())), ParquetFiles.defaultOptions()));

        lakeFs.putObject("main", "corrupt/part-0.parquet", "this is not parquet, it only ends like one PAR1".getBytes(UTF_8));

        lakeFs.putObject("main", "_lakefs_tables/vanishing.yaml", "name: vanishing\npath: vanishing\nschema:\n  fields:\n    - {name: id, type: long}\n".getBytes(UTF_8));
        lakeFs.putObject("main", "vanishing/part-0.parquet", ParquetFiles.builder(List.of("id"), List.of(BIGINT)).row(1L).build());
        lakeFs.commit("main", "files");
        return DatameshQueryRunner.builder()
                .addCatalog("files", lakeFs)
                .addConnectorProperty("datamesh.statistics.enabled", "false")
                .build();
    }

    @Test
    void filesWithDifferentSchemasAreReadByColumnName()
    {
        assertThat(query("DESCRIBE files.main.evolving"))
                .skippingTypesCheck()
                .matches("VALUES ('id', 'bigint', '', ''), ('name', 'varchar', '', ''), ('amount', 'bigint', '', ''), ('score', 'double', '', '')");
        assertThat(query("SELECT id, name, amount, score FROM files.main.evolving"))
                .matches("VALUES (BIGINT '1', CAST('one' AS varchar), BIGINT '10', CAST(NULL AS double)), (2, 'two', 20000000000, 0.5)");
    }

    @Test
    void incompatibleTypesNameBothFiles()
    {
        assertQueryFails("SELECT * FROM files.main.conflict",
                "Column 'v' of table 'conflict' has incompatible types in its data files: bigint in 'conflict/part-0.parquet' and varchar in 'conflict/part-1.parquet'");
    }

    @Test
    void predicatesSkipRowGroups()
    {
        assertQueryStats(
                getSession(),
                "SELECT payload FROM files.main.sorted WHERE id = 12345",
                stats -> assertThat(stats.getPhysicalInputPositions()).isGreaterThan(0).isLessThanOrEqualTo(1000),
                result -> assertThat(result.getOnlyValue()).isEqualTo("payload-12345"));
        assertQueryStats(
                getSession(),
                "SELECT count(*) FROM files.main.sorted WHERE id < 0",
                stats -> assertThat(stats.getPhysicalInputPositions()).isEqualTo(0),
                result -> assertThat(result.getOnlyValue()).isEqualTo(0L));
    }

    @Test
    void unsupportedParquetTypeNamesTheColumn()
    {
        assertQueryFails("SELECT * FROM files.main.unsigned",
                "Column 'counter' of data file 'unsigned/part-0.parquet' \\(table 'unsigned' of lakeFS repository 'files'\\) has a Parquet type Trino cannot read: .*INT64.*");
    }

    @Test
    void nonParquetFileIsNamed()
    {
        assertQueryFails("SELECT * FROM files.main.corrupt",
                "Data file 'corrupt/part-0.parquet' of lakeFS repository 'files' at commit [0-9a-f]{64} is not a valid Parquet file .*");
    }

    @Test
    void objectMissingFromTheStoreIsNamed()
            throws Exception
    {
        Files.delete(Path.of(URI.create(lakeFs.physicalAddress("main", "vanishing/part-0.parquet"))));
        assertQueryFails("SELECT * FROM files.main.vanishing",
                "Data file 'vanishing/part-0.parquet' of lakeFS repository 'files' at commit [0-9a-f]{64} is missing from the object store \\(file:.*\\); it may have been deleted or garbage-collected");
    }

    @Test
    void lakeFsOutageIsReported()
    {
        lakeFs.setUnavailable(true);
        try {
            assertQueryFails("SELECT * FROM files.dev.evolving", "lakeFS at http://fake-lakefs:8000/api/v1 is unreachable \\(fake\\)");
        }
        finally {
            lakeFs.setUnavailable(false);
        }
    }
}
