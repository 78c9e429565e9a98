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

import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
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
        lakeFs.createBranch("DEV", "main");
        lakeFs.createBranch("release", "main");
        lakeFs.createTag("release", "main");
        RefResolver resolver = new RefResolver(lakeFs, new DatameshConfig());

        assertThat(resolver.listSchemaNames()).containsExactly("dev", "main", "release");
        assertThatThrownBy(() -> resolver.resolveSchema("dev"))
                .isInstanceOfSatisfying(TrinoException.class, e -> assertThat(e.getErrorCode()).isEqualTo(DATAMESH_AMBIGUOUS_REF.toErrorCode()))
                .hasMessageContaining("Schema 'dev' is ambiguous in lakeFS repository 'sales': it matches branch '")
                .hasMessageContaining("branch 'Dev'")
                .hasMessageContaining("branch 'DEV'")
                .hasMessageContaining("FOR VERSION AS OF");
        assertThatThrownBy(() -> resolver.resolveSchema("release"))
                .hasMessageContaining("branch 'release' and tag 'release'");
        // the exact name still reaches each of them as a version
        assertThat(resolver.resolveVersion("Dev").name()).isEqualTo("Dev");
        // a listing shows the ambiguous name, and fails only when its ref is read
        assertThatThrownBy(() -> resolver.listedSchemas(resolver.listRefs()).get("dev").get())
                .hasMessageContaining("branch 'Dev'")
                .hasMessageContaining("branch 'DEV'");
    }

    @Test
    void theExactNameWinsOverOtherCases()
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("sales", storage);
        lakeFs.createBranch("dev", "main");
        String devCommit = lakeFs.commit("dev", "on dev");
        lakeFs.createBranch("Dev", "main");
        RefResolver resolver = new RefResolver(lakeFs, new DatameshConfig());

        assertThat(resolver.resolveSchema("dev").orElseThrow().commitId()).isEqualTo(devCommit);
        assertThat(resolver.resolveVersion("Dev").commitId()).isNotEqualTo(devCommit);
    }

    @Test
    void aSchemaResolvesWithDirectLookupsWhateverTheNumberOfRefs()
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("sales", storage);
        for (int i = 0; i < 2_000; i++) {
            lakeFs.createBranch("ingest-" + i, "main");
        }
        lakeFs.createTag("v1", "main");
        RefResolver resolver = new RefResolver(lakeFs, new DatameshConfig());
        lakeFs.resetCalls();

        assertThat(resolver.resolveSchema("main")).isPresent();
        assertThat(resolver.resolveSchema("ingest-1999")).isPresent();
        assertThat(resolver.resolveSchema("v1").orElseThrow().kind()).isEqualTo(ResolvedRef.Kind.TAG);
        assertThat(resolver.resolveVersion("main").kind()).isEqualTo(ResolvedRef.Kind.BRANCH);
        assertThat(lakeFs.calls("listBranches")).isZero();
        assertThat(lakeFs.calls("listTags")).isZero();
        assertThat(lakeFs.calls("getBranch") + lakeFs.calls("getTag")).isEqualTo(8);

        // a miss lists the refs once, through the listing the caller passes in
        Supplier<RefResolver.RefListing> listing = Suppliers.memoize(resolver::listRefs);
        assertThat(resolver.resolveSchema("nope", listing)).isEmpty();
        assertThat(resolver.resolveSchema("nope-either", listing)).isEmpty();
        assertThat(lakeFs.calls("listBranches")).isEqualTo(1);
    }

    @Test
    void includeAndExcludeChooseTheListedSchemasWhileEveryRefStaysReachable()
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("sales", storage);
        lakeFs.createBranch("dev", "main");
        lakeFs.createBranch("dbt_tmp_1", "main");
        lakeFs.createBranch("ingest-7", "main");
        lakeFs.createTag("v1", "main");
        DatameshConfig config = new DatameshConfig()
                .setSchemasInclude("main|dev|v\\d+|DBT_.*")
                .setSchemasExclude("dbt_tmp_.*");
        RefResolver resolver = new RefResolver(lakeFs, config);

        assertThat(resolver.listSchemaNames()).containsExactly("dev", "main", "v1");
        assertThat(resolver.listedSchemas(resolver.listRefs())).containsOnlyKeys("dev", "main", "v1");
        assertThat(resolver.resolveSchema("ingest-7")).isPresent();
        assertThat(resolver.resolveSchema("dbt_tmp_1")).isPresent();
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
    void branchesAreResolvedAgainUnlessATtlIsSet()
    {
        FakeLakeFsClient lakeFs = new FakeLakeFsClient("sales", storage);
        RefResolver uncached = new RefResolver(lakeFs, new DatameshConfig());
        String before = uncached.resolveSchema("main").orElseThrow().commitId();
        String after = lakeFs.commit("main", "moves main");
        assertThat(uncached.resolveSchema("main").orElseThrow().commitId()).isEqualTo(after).isNotEqualTo(before);
        assertThat(lakeFs.calls("getBranch")).isEqualTo(2);

        lakeFs.resetCalls();
        RefResolver cached = new RefResolver(lakeFs, new DatameshConfig().setRefCacheTtl(new Duration(10, MINUTES)));
        String pinned = cached.resolveSchema("main").orElseThrow().commitId();
        lakeFs.commit("main", "moves main again");
        assertThat(cached.resolveSchema("main").orElseThrow().commitId()).isEqualTo(pinned);
        assertThat(lakeFs.calls("listBranches")).isEqualTo(1);
        assertThat(lakeFs.calls("getBranch")).isZero();
    }
}
