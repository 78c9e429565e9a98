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
import io.trino.testing.BaseConnectorSmokeTest;
import io.trino.testing.QueryRunner;
import io.trino.testing.TestingConnectorBehavior;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

/**
 * Trino's smoke test of a connector, on TPC-H tiny data products of a fake repository, read by a
 * coordinator and two workers.
 */
final class TestDatameshConnectorSmokeTest
        extends BaseConnectorSmokeTest
{
    private String emptyCommit;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("smoke", Files.createTempDirectory("datamesh-smoke"));
        for (String table : TpchDataProducts.tables()) {
            TpchDataProducts.load(lakeFs, "main", table, 2);
        }
        String empty = lakeFs.getCommit("main").orElseThrow().id();
        lakeFs.commit("main", "TPC-H tiny");
        emptyCommit = empty;
        return DatameshQueryRunner.builder()
                .addCatalog("smoke", lakeFs)
                .setNodeCount(3)
                .build();
    }

    @Test
    @Override
    public void testRenameTableAcrossSchemas()
    {
        // Trino checks the target schema first; TestDatameshDdl renames to an existing branch
        assertQueryFails("ALTER TABLE nation RENAME TO other_schema.yyyy", "Schema 'other_schema' does not exist: lakeFS repository 'smoke' has no branch, tag or commit 'other_schema'");
    }

    @Override
    protected boolean hasBehavior(TestingConnectorBehavior behavior)
    {
        return switch (behavior) {
            // descriptor and view changes, each one commit of the branch
            case SUPPORTS_RENAME_TABLE,
                 SUPPORTS_ADD_COLUMN,
                 SUPPORTS_COMMENT_ON_TABLE,
                 SUPPORTS_COMMENT_ON_COLUMN,
                 SUPPORTS_CREATE_VIEW,
                 SUPPORTS_COMMENT_ON_VIEW,
                 SUPPORTS_COMMENT_ON_VIEW_COLUMN,
                 SUPPORTS_CREATE_OR_REPLACE_TABLE -> true;
            // never: branches renamed, tables that move between branches, materialized views
            case SUPPORTS_RENAME_SCHEMA,
                 SUPPORTS_RENAME_TABLE_ACROSS_SCHEMAS,
                 SUPPORTS_CREATE_MATERIALIZED_VIEW -> false;
            default -> super.hasBehavior(behavior);
        };
    }

    /**
     * A schema is a branch: made from the repository's first, empty commit, it has no tables, so
     * the smoke test's {@code DROP SCHEMA} (RESTRICT) drops it.
     */
    @Override
    protected String createSchemaSql(String schemaName)
    {
        return "CREATE SCHEMA %s WITH (source_ref = '%s')".formatted(schemaName, emptyCommit);
    }
}
