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

import dev.trinodatamesh.tests.DatameshStack.ScriptResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The vertical slice on the real server: catalogs from etc/catalog, schemas read from lakeFS
 * through the lakeFS Java client, the lineage listener loaded from etc/event-listener.properties,
 * and a broken catalog property failing start-up with an error that names it.
 */
@ExtendWith(DatameshStackExtension.class)
final class TestStackAndCatalogs
{
    private final DatameshStack stack;

    TestStackAndCatalogs(DatameshStack stack)
    {
        this.stack = stack;
    }

    @Test
    void catalogsOfEtcAreLoaded()
    {
        assertThat(stack.trino().column("SHOW CATALOGS"))
                .contains("sales", "customers", "supply", "tpch", "system");
        assertThat(stack.trino().value("SELECT count(*) FROM tpch.tiny.nation")).isEqualTo(25L);
    }

    @Test
    void schemasAreTheBranchesAndTagsOfTheRepository()
    {
        LakeFsFixture lakeFs = stack.lakeFs();
        String repository = "sales";
        if (!lakeFs.repositoryExists(repository)) {
            lakeFs.createRepository(repository);
        }
        lakeFs.createBranch(repository, "dev-" + suffix(), "main");
        String branch = stack.trino().column("SHOW SCHEMAS FROM sales").stream()
                .filter(name -> name.startsWith("dev-"))
                .findFirst().orElseThrow();
        assertThat(stack.trino().column("SHOW SCHEMAS FROM sales"))
                .contains("main", branch, "information_schema")
                .doesNotHaveDuplicates();
    }

    @Test
    void unknownRepositoryIsNamedInTheError()
    {
        stack.trino().createCatalog("missing_repo", stack.catalogProperties("no-such-repo"));
        assertThatThrownBy(() -> stack.trino().rows("SHOW SCHEMAS FROM missing_repo"))
                .hasMessageContaining("lakeFS repository 'no-such-repo' does not exist at " + stack.env("DATAMESH_LAKEFS_ENDPOINT"));
    }

    @Test
    void lineageListenerIsLoadedFromEtc()
            throws IOException
    {
        String log = Files.readString(stack.trinoServerLog(), UTF_8);
        assertThat(log)
                .contains("Registering event listener datamesh-lineage")
                .containsPattern("-- Loaded event listener .*/etc/event-listener.properties --");
    }

    @Test
    void brokenCatalogPropertyFailsStartupAndIsNamed()
            throws IOException
    {
        Path runDir = stack.runDir().resolveSibling(stack.runDir().getFileName() + "-broken-catalog");
        Path etc = runDir.resolve("etc-source");
        stack.copyEtc(etc, Set.of());
        Path catalog = etc.resolve("catalog/sales.properties");
        Files.writeString(catalog, Files.readString(catalog, UTF_8).replace("datamesh.lakefs.endpoint=", "datamesh.lakefs.endpiont="), UTF_8);

        ScriptResult result = stack.startTrinoOnly(etc, runDir);
        try {
            assertThat(result.exitCode()).as("start-up must fail: %s", result.output()).isNotZero();
            assertThat(result.output() + Files.readString(runDir.resolve("trino/data/var/log/server.log"), UTF_8))
                    .contains("datamesh.lakefs.endpiont");
        }
        finally {
            stack.stop(runDir);
        }
    }

    @Test
    void invalidPropertyValueIsNamed()
    {
        assertThatThrownBy(() -> stack.trino().execute("""
                CREATE CATALOG bad_repository_name USING datamesh WITH (
                    "datamesh.lakefs.endpoint" = 'http://127.0.0.1:1',
                    "datamesh.lakefs.repository" = 'Not A Repository')"""))
                .hasMessageContaining("datamesh.lakefs.repository")
                .hasMessageContaining("must be a lakeFS repository name");
    }

    private static String suffix()
    {
        return Long.toString(System.nanoTime(), 36);
    }
}
