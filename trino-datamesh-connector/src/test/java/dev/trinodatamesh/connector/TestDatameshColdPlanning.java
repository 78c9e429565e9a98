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
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cold planning of a table of many files without declared columns: its columns come from a sample
 * of footers, and planning does not wait for statistics longer than the planning timeout (here
 * none at all); they arrive in the background.
 */
final class TestDatameshColdPlanning
        extends AbstractTestQueryFramework
{
    private static final int FILES = 300;

    private FakeLakeFsClient lakeFs;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        lakeFs = new FakeLakeFsClient("cold", Files.createTempDirectory("datamesh-cold-planning"));
        for (int i = 0; i < FILES; i++) {
            ParquetFiles.Builder file = i == FILES - 1
                    // the newest file brings a column, as new columns do
                    ? ParquetFiles.builder(List.of("id", "payload", "added"), List.of(BIGINT, VARCHAR, VARCHAR)).row((long) i, "file " + i, "new")
                    : ParquetFiles.builder(List.of("id", "payload"), List.of(BIGINT, VARCHAR)).row((long) i, "file " + i);
            lakeFs.putObject("main", "events/part-%05d.parquet".formatted(i), file.build());
        }
        lakeFs.commit("main", FILES + " files");
        return DatameshQueryRunner.builder()
                .addCatalog("cold", lakeFs)
                .addConnectorProperty("datamesh.statistics.planning-timeout", "0s")
                .addConnectorProperty("datamesh.schema-inference.max-files", "8")
                .setNodeCount(1)
                .build();
    }

    @Test
    void columnsComeFromASampleAndStatisticsDoNotHoldUpPlanning()
            throws InterruptedException
    {
        lakeFs.resetCalls();
        assertThat(computeActual("SELECT column_name FROM cold.information_schema.columns WHERE table_schema = 'main' AND table_name = 'events'").getOnlyColumnAsSet())
                .containsExactlyInAnyOrder("id", "payload", "added");

        // the first query plans without statistics: their footers are still being read
        MaterializedRow first = summary(computeActual("SHOW STATS FOR cold.main.events"));
        assertThat(first.getField(4)).isNull();
        assertThat(computeScalar("SELECT count(*) FROM cold.main.events")).isEqualTo((long) FILES);
        assertThat(computeScalar("SELECT count(added) FROM cold.main.events")).isEqualTo(1L);

        // later queries get them, computed in the background
        Object rowCount = null;
        for (int attempt = 0; attempt < 300 && rowCount == null; attempt++) {
            rowCount = summary(computeActual("SHOW STATS FOR cold.main.events")).getField(4);
            if (rowCount == null) {
                Thread.sleep(100);
            }
        }
        assertThat(rowCount).isEqualTo((double) FILES);
    }

    private static MaterializedRow summary(MaterializedResult statistics)
    {
        return statistics.getMaterializedRows().stream()
                .filter(row -> row.getField(0) == null)
                .findFirst()
                .orElseThrow();
    }
}
