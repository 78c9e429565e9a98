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
package dev.trinodatamesh.connector.lakefs;

import dev.trinodatamesh.connector.DatameshConfig;
import io.airlift.units.Duration;
import io.trino.spi.TrinoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_AMBIGUOUS_REF;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_REF_NOT_FOUND;
import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestRefResolver
{
    @TempDir
    Path storage;

    @Test
    void schemaNamesAreLowerCasedBranchesAndTags()
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("sales", storage);
        lakeFs.createBranch("dev", "main");
        lakeFs.createBranch("Feature-X", "main");
        lakeFs.createTag("v1", "main");
        RefResolver resolver = new RefResolver(lakeFs, new DatameshConfig());

        assertThat(resolver.listSchemaNames()).containsExactly("dev", "feature-x", "main", "v1");
        assertThat(resolver.resolveSchema("feature-x")).hasValueSatisfying(ref -> {
            assertThat(ref.name()).isEqualTo("Feature-X");
            assertThat(ref.kind()).isEqualTo(ResolvedRef.Kind.BRANCH);
        });
        assertThat(resolver.resolveSchema("v1")).hasValueSatisfying(ref -> assertThat(ref.kind()).isEqualTo(ResolvedRef.Kind.TAG));
        assertThat(resolver.resolveSchema("nope")).isEmpty();
    }

    @Test
    void collidingRefsAreRefusedWithBothNames()
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("sales", storage);
        lakeFs.createBranch("Dev", "main");
        lakeFs.createBranch("dev", "main");
        lakeFs.createBranch("release", "main");
        lakeFs.createTag("release", "main");
        RefResolver resolver = new RefResolver(lakeFs, new DatameshConfig());

        assertThat(resolver.listSchemaNames()).containsExactly("dev", "main", "release");
        assertThatThrownBy(() -> resolver.resolveSchema("dev"))
                .isInstanceOfSatisfying(TrinoException.class, e -> assertThat(e.getErrorCode()).isEqualTo(DATAMESH_AMBIGUOUS_REF.toErrorCode()))
                .hasMessageContaining("Schema 'dev' is ambiguous in lakeFS repository 'sales': it matches branch 'Dev' and branch 'dev'")
                .hasMessageContaining("FOR VERSION AS OF");
        assertThatThrownBy(() -> resolver.resolveSchema("release"))
                .hasMessageContaining("branch 'release' and tag 'release'");
        // the exact name still reaches each of them as a version
        assertThat(resolver.resolveVersion("Dev").name()).isEqualTo("Dev");
    }

    @Test
    void commitIdsAndExpressionsResolve()
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("sales", storage);
        lakeFs.createBranch("Feature", "main");
        String first = lakeFs.commit("Feature", "first");
        String second = lakeFs.commit("Feature", "second");
        RefResolver resolver = new RefResolver(lakeFs, new DatameshConfig());

        assertThat(resolver.resolveSchema(second).orElseThrow().commitId()).isEqualTo(second);
        assertThat(resolver.resolveSchema(second.substring(0, 10)).orElseThrow().commitId()).isEqualTo(second);
        ResolvedRef expression = resolver.resolveSchema("feature~1").orElseThrow();
        assertThat(expression.commitId()).isEqualTo(first);
        assertThat(expression.name()).isEqualTo("Feature~1");
        assertThat(expression.kind()).isEqualTo(ResolvedRef.Kind.EXPRESSION);
        assertThatThrownBy(() -> resolver.resolveVersion("no-such-branch"))
                .isInstanceOfSatisfying(TrinoException.class, e -> assertThat(e.getErrorCode()).isEqualTo(DATAMESH_REF_NOT_FOUND.toErrorCode()))
                .hasMessage("lakeFS repository 'sales' has no branch, tag or commit 'no-such-branch'");
    }

    @Test
    void branchListingIsReloadedUnlessATtlIsSet()
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("sales", storage);
        RefResolver uncached = new RefResolver(lakeFs, new DatameshConfig());
        String before = uncached.resolveSchema("main").orElseThrow().commitId();
        String after = lakeFs.commit("main", "moves main");
        assertThat(uncached.resolveSchema("main").orElseThrow().commitId()).isEqualTo(after).isNotEqualTo(before);
        assertThat(lakeFs.calls("listBranches")).isEqualTo(2);

        lakeFs.resetCalls();
        RefResolver cached = new RefResolver(lakeFs, new DatameshConfig().setRefCacheTtl(new Duration(10, MINUTES)));
        String pinned = cached.resolveSchema("main").orElseThrow().commitId();
        lakeFs.commit("main", "moves main again");
        assertThat(cached.resolveSchema("main").orElseThrow().commitId()).isEqualTo(pinned);
        assertThat(lakeFs.calls("listBranches")).isEqualTo(1);
    }
}
