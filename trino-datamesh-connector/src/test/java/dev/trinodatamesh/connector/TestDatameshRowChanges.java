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
import dev.trinodatamesh.connector.lakefs.LakeFsObject;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DELETE, UPDATE and MERGE, copy-on-write: only the files with changed rows are rewritten, each
 * statement one commit.
 */
final class TestDatameshRowChanges
        extends AbstractTestQueryFramework
{
    private FakeLakeFsClient lakeFs;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        lakeFs = new FakeLakeFsClient("sales", Files.createTempDirectory("datamesh-row-changes"));
        lakeFs.createBranch("dev", "main");
        return DatameshQueryRunner.builder()
                .addCatalog("sales", lakeFs)
                .setNodeCount(3)
                .build();
    }

    @Test
    void deleteRewritesOnlyTheFilesWithDeletedRows()
    {
        assertUpdate("CREATE TABLE sales.dev.orders WITH (partitioned_by = ARRAY['orderstatus']) AS SELECT orderkey, custkey, totalprice, orderstatus FROM tpch.tiny.orders", 15000);
        Map<String, LakeFsObject> before = files("orders/");
        assertUpdate("DELETE FROM sales.dev.orders WHERE orderstatus = 'F' AND custkey < 100", "SELECT count(*) FROM orders WHERE orderstatus = 'F' AND custkey < 100");
        assertQuery("SELECT count(*), sum(totalprice) FROM sales.dev.orders", "SELECT count(*), sum(totalprice) FROM orders WHERE NOT (orderstatus = 'F' AND custkey < 100)");
        Map<String, LakeFsObject> after = files("orders/");
        // the same paths; only the files of orderstatus=F changed
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(after.keySet().stream().filter(path -> !after.get(path).equals(before.get(path))).collect(Collectors.toSet()))
                .isNotEmpty()
                .allMatch(path -> path.startsWith("orders/orderstatus=F/"));
        assertThat(lakeFs.getCommit("dev").orElseThrow().metadata()).containsEntry("trino_statement", "DELETE FROM dev.orders");

        // a whole partition: its files go, unread
        Map<String, LakeFsObject> beforePartitionDelete = files("orders/");
        assertUpdate("DELETE FROM sales.dev.orders WHERE orderstatus = 'P'", "SELECT count(*) FROM orders WHERE orderstatus = 'P'");
        assertThat(files("orders/")).isEqualTo(beforePartitionDelete.entrySet().stream()
                .filter(entry -> !entry.getKey().startsWith("orders/orderstatus=P/"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertQuery("SELECT count(*) FROM sales.dev.orders", "SELECT count(*) FROM orders WHERE NOT (orderstatus = 'F' AND custkey < 100) AND orderstatus <> 'P'");
        // nothing matches: no commit
        String head = lakeFs.getCommit("dev").orElseThrow().id();
        assertUpdate("DELETE FROM sales.dev.orders WHERE orderkey < 0", 0);
        assertThat(lakeFs.getCommit("dev").orElseThrow().id()).isEqualTo(head);
        assertThat(lakeFs.hiddenBranches()).isEmpty();
        // TRUNCATE: the files go, the table stays
        assertUpdate("TRUNCATE TABLE sales.dev.orders");
        assertQuery("SELECT count(*) FROM sales.dev.orders", "VALUES 0");
        assertThat(files("orders/")).isEmpty();
        assertUpdate("DROP TABLE sales.dev.orders");
    }

    @Test
    void updateAndMerge()
    {
        assertUpdate("CREATE TABLE sales.dev.accounts AS SELECT custkey, name, acctbal FROM tpch.tiny.customer", 1500);
        assertUpdate("UPDATE sales.dev.accounts SET acctbal = acctbal + 100 WHERE custkey <= 10", 10);
        assertQuery("SELECT sum(acctbal) FROM sales.dev.accounts", "SELECT sum(acctbal) + 1000 FROM customer");
        assertThat(lakeFs.getCommit("dev").orElseThrow().metadata()).containsEntry("trino_statement", "UPDATE or MERGE INTO dev.accounts");

        assertUpdate("""
                MERGE INTO sales.dev.accounts t
                USING (SELECT * FROM (VALUES (1, 'one', 1.00), (2, 'two', 0.00), (5000, 'new', 5.00)) AS s (custkey, name, acctbal)) s
                ON t.custkey = s.custkey
                WHEN MATCHED AND s.acctbal = 0 THEN DELETE
                WHEN MATCHED THEN UPDATE SET name = s.name, acctbal = s.acctbal
                WHEN NOT MATCHED THEN INSERT VALUES (s.custkey, s.name, s.acctbal)""", 3);
        assertQuery("SELECT custkey, name, acctbal FROM sales.dev.accounts WHERE custkey IN (1, 2, 5000) ORDER BY custkey", "VALUES (1, 'one', 1.00), (5000, 'new', 5.00)");
        assertQuery("SELECT count(*) FROM sales.dev.accounts", "VALUES 1500");
        assertThat(lakeFs.hiddenBranches()).isEmpty();
        assertUpdate("DROP TABLE sales.dev.accounts");
    }

    private Map<String, LakeFsObject> files(String prefix)
    {
        return lakeFs.tree("dev").entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(prefix))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
