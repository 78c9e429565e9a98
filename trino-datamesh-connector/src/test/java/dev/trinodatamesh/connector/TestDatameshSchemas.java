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
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

final class TestDatameshSchemas
        extends AbstractTestQueryFramework
{
    private FakeLakeFsClient lakeFs;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        lakeFs = new FakeLakeFsClient("sales", Files.createTempDirectory("datamesh-schemas"));
        lakeFs.createBranch("dev", "main");
        lakeFs.createBranch("Feature-Upper", "main");
        lakeFs.createTag("v1", "main");
        return DatameshQueryRunner.builder()
                .addCatalog("sales", lakeFs)
                .build();
    }

    @Test
    void schemasAreBranchesAndTags()
    {
        assertThat(computeActual("SHOW SCHEMAS FROM sales").getOnlyColumnAsSet())
                .contains("main", "dev", "feature-upper", "v1", "information_schema")
                .doesNotContain("Feature-Upper");
    }

    @Test
    void newBranchIsVisibleWithoutAnySync()
    {
        lakeFs.createBranch("brand-new", "main");
        assertThat(computeActual("SHOW SCHEMAS FROM sales").getOnlyColumnAsSet()).contains("brand-new");
    }

    @Test
    void unknownSchemaIsReported()
    {
        assertQueryFails("SHOW TABLES FROM sales.no_such_branch", ".*Schema 'no_such_branch' does not exist.*");
    }

    @Test
    void oddSchemaAndTableNamesAreNotFoundWithoutReachingLakeFs()
    {
        List<String> names = List.of("feature x", "../main", "main/..", "%", "%2e%2e", "ü", "main~", "main^^^^", "a".repeat(300), "_lakefs_tables", "\t");
        lakeFs.resetCalls();
        for (String name : names) {
            String quoted = "\"" + name.replace("\"", "\"\"") + "\"";
            assertQueryFails("SELECT * FROM sales.%s.orders".formatted(quoted), ".*(Schema .* does not exist|lakeFS repository 'sales' has no).*");
            assertQueryFails("SELECT * FROM sales.main.%s".formatted(quoted), ".*Table .* does not exist.*");
        }
        // no object under a path outside the tables was listed or read
        assertThat(lakeFs.calls("getObject")).isZero();
    }
}
