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
package dev.trinodatamesh.connector.write;

import dev.trinodatamesh.connector.lakefs.FakeLakeFsClient;
import dev.trinodatamesh.connector.lakefs.ResolvedRef;
import io.trino.filesystem.local.LocalFileSystemFactory;
import io.trino.spi.TrinoException;
import io.trino.testing.TestingConnectorSession;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_PROTECTED_BRANCH;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_READ_ONLY_REF;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_WRITE_CONFLICT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestWriteTransactions
{
    @Test
    void concurrentChangesOfOnePathConflictAndNameIt()
            throws Exception
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("sales", Files.createTempDirectory("datamesh-transactions"));
        lakeFs.putObject("main", "orders/part-0.parquet", "version 1".getBytes(UTF_8));
        lakeFs.putObject("main", "orders/part-1.parquet", "other file".getBytes(UTF_8));
        String base = lakeFs.commit("main", "orders");
        WriteTransactions transactions = new WriteTransactions(lakeFs, new LocalFileSystemFactory(Path.of("/")));

        // two statements read the same commit and each rewrite part-0
        WriteTransaction first = transactions.begin(TestingConnectorSession.SESSION, "main", base, "orders/");
        WriteTransaction second = transactions.begin(TestingConnectorSession.SESSION, "main", base, "orders/");
        lakeFs.putObject(first.transactionBranch(), "orders/part-0.parquet", "first rewrite".getBytes(UTF_8));
        lakeFs.putObject(second.transactionBranch(), "orders/part-0.parquet", "second rewrite".getBytes(UTF_8));
        // a third adds a file: no conflict with either
        WriteTransaction third = transactions.begin(TestingConnectorSession.SESSION, "main", base, "orders/");
        lakeFs.putObject(third.transactionBranch(), "orders/part-2.parquet", "new file".getBytes(UTF_8));

        String firstCommit = transactions.finish(TestingConnectorSession.SESSION, first, "DELETE FROM main.orders");
        assertThatThrownBy(() -> transactions.finish(TestingConnectorSession.SESSION, second, "DELETE FROM main.orders"))
                .isInstanceOfSatisfying(TrinoException.class, e -> assertThat(e.getErrorCode()).isEqualTo(DATAMESH_WRITE_CONFLICT.toErrorCode()))
                .hasMessage("DELETE FROM main.orders conflicts with a change made to branch 'main' of lakeFS repository 'sales' since commit %s, on orders/part-0.parquet; nothing was written: run the statement again".formatted(base));
        transactions.finish(TestingConnectorSession.SESSION, third, "INSERT INTO main.orders");

        assertThat(new String(lakeFs.getObject("main", "orders/part-0.parquet").orElseThrow(), UTF_8)).isEqualTo("first rewrite");
        assertThat(lakeFs.tree("main")).containsKeys("orders/part-1.parquet", "orders/part-2.parquet");
        assertThat(lakeFs.getCommit("main").orElseThrow().parents()).containsExactly(firstCommit);
        assertThat(lakeFs.getCommit("main").orElseThrow().metadata()).containsEntry("trino_statement", "INSERT INTO main.orders");
        // every transaction branch is gone, the failed one's too
        assertThat(lakeFs.hiddenBranches()).isEmpty();
    }

    @Test
    void onlyUnprotectedBranchesAreWritable()
            throws Exception
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("sales", Files.createTempDirectory("datamesh-protection"));
        WriteTransactions transactions = new WriteTransactions(lakeFs, new LocalFileSystemFactory(Path.of("/")));
        String head = lakeFs.getCommit("main").orElseThrow().id();
        transactions.checkWritable("main", new ResolvedRef("main", ResolvedRef.Kind.BRANCH, head));
        assertThatThrownBy(() -> transactions.checkWritable("v1", new ResolvedRef("v1", ResolvedRef.Kind.TAG, head)))
                .isInstanceOfSatisfying(TrinoException.class, e -> assertThat(e.getErrorCode()).isEqualTo(DATAMESH_READ_ONLY_REF.toErrorCode()));
        assertThatThrownBy(() -> transactions.checkWritable("main~1", new ResolvedRef("main~1", ResolvedRef.Kind.EXPRESSION, head)))
                .hasMessageStartingWith("Schema 'main~1' is ref expression 'main~1' of lakeFS repository 'sales', which is read-only");
        lakeFs.protectBranches("release-*");
        transactions.checkWritable("main", new ResolvedRef("main", ResolvedRef.Kind.BRANCH, head));
        assertThatThrownBy(() -> transactions.checkWritable("release-2", new ResolvedRef("release-2", ResolvedRef.Kind.BRANCH, head)))
                .isInstanceOfSatisfying(TrinoException.class, e -> assertThat(e.getErrorCode()).isEqualTo(DATAMESH_PROTECTED_BRANCH.toErrorCode()))
                .hasMessageContaining("rule 'release-*'");
    }

    @Test
    void globs()
    {
        assertThat(WriteTransactions.globMatches("main", "main")).isTrue();
        assertThat(WriteTransactions.globMatches("main", "mainline")).isFalse();
        assertThat(WriteTransactions.globMatches("release-*", "release-2026")).isTrue();
        assertThat(WriteTransactions.globMatches("v?", "v1")).isTrue();
        assertThat(WriteTransactions.globMatches("v?", "v10")).isFalse();
        assertThat(WriteTransactions.globMatches("a.b", "axb")).isFalse();
    }
}
