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

import com.google.common.collect.ImmutableList;
import dev.trinodatamesh.tests.ObjectStore.S3Location;
import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.BranchesApi;
import io.lakefs.clients.sdk.CommitsApi;
import io.lakefs.clients.sdk.ImportApi;
import io.lakefs.clients.sdk.ObjectsApi;
import io.lakefs.clients.sdk.RefsApi;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.StagingApi;
import io.lakefs.clients.sdk.TagsApi;
import io.lakefs.clients.sdk.model.BranchCreation;
import io.lakefs.clients.sdk.model.BranchProtectionRule;
import io.lakefs.clients.sdk.model.Commit;
import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.ImportCreation;
import io.lakefs.clients.sdk.model.ImportLocation;
import io.lakefs.clients.sdk.model.ImportStatus;
import io.lakefs.clients.sdk.model.Merge;
import io.lakefs.clients.sdk.model.ObjectStats;
import io.lakefs.clients.sdk.model.RefList;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import io.lakefs.clients.sdk.model.ResetCreation;
import io.lakefs.clients.sdk.model.StagingLocation;
import io.lakefs.clients.sdk.model.StagingMetadata;
import io.lakefs.clients.sdk.model.TagCreation;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Sets up lakeFS repositories for tests and loaders: repositories with a storage namespace in
 * MinIO, branches, tags, objects and commits. Object bytes go straight to MinIO through lakeFS's
 * staging API (physical address, write, link), as production writers do.
 */
public final class LakeFsFixture
{
    private final URI endpoint;
    private final ObjectStore objectStore;
    private final String bucket;
    private final RepositoriesApi repositories;
    private final BranchesApi branches;
    private final TagsApi tags;
    private final CommitsApi commits;
    private final ObjectsApi objects;
    private final StagingApi staging;
    private final RefsApi refs;
    private final ImportApi imports;

    public LakeFsFixture(URI endpoint, String accessKeyId, String secretAccessKey, ObjectStore objectStore, String bucket)
    {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.objectStore = requireNonNull(objectStore, "objectStore is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        ApiClient client = new ApiClient();
        client.setBasePath(endpoint.toString().replaceAll("/+$", "") + "/api/v1");
        client.setUsername(accessKeyId);
        client.setPassword(secretAccessKey);
        client.setReadTimeout(120_000);
        client.setWriteTimeout(120_000);
        this.repositories = new RepositoriesApi(client);
        this.branches = new BranchesApi(client);
        this.tags = new TagsApi(client);
        this.commits = new CommitsApi(client);
        this.objects = new ObjectsApi(client);
        this.staging = new StagingApi(client);
        this.refs = new RefsApi(client);
        this.imports = new ImportApi(client);
    }

    public URI endpoint()
    {
        return endpoint;
    }

    /**
     * A repository named {@code name} with default branch main, in a fresh storage namespace.
     */
    public void createRepository(String name)
    {
        call(() -> repositories.createRepository(new RepositoryCreation()
                .name(name)
                .storageNamespace("s3://%s/%s-%s".formatted(bucket, name, UUID.randomUUID()))
                .defaultBranch("main")).execute());
    }

    public boolean repositoryExists(String name)
    {
        try {
            repositories.getRepository(name).execute();
            return true;
        }
        catch (ApiException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw failure(e);
        }
    }

    public void deleteRepository(String name)
    {
        call(() -> {
            repositories.deleteRepository(name).execute();
            return null;
        });
    }

    public void createBranch(String repository, String branch, String source)
    {
        call(() -> branches.createBranch(repository, new BranchCreation().name(branch).source(source)).execute());
    }

    /**
     * A branch that lakeFS leaves out of listings, as the write path's transaction branches are.
     */
    public void createHiddenBranch(String repository, String branch, String source)
    {
        call(() -> branches.createBranch(repository, new BranchCreation().name(branch).source(source).hidden(true)).execute());
    }

    /**
     * Discards the uncommitted changes of a branch.
     */
    public void resetBranch(String repository, String branch)
    {
        call(() -> {
            branches.resetBranch(repository, branch, new ResetCreation().type(ResetCreation.TypeEnum.RESET)).execute();
            return null;
        });
    }

    public void deleteBranch(String repository, String branch)
    {
        call(() -> {
            branches.deleteBranch(repository, branch).execute();
            return null;
        });
    }

    /**
     * Every branch, the hidden ones (such as the write path's transaction branches) included.
     */
    public List<String> listAllBranches(String repository)
    {
        ImmutableList.Builder<String> names = ImmutableList.builder();
        String after = "";
        while (true) {
            String start = after;
            RefList page = call(() -> branches.listBranches(repository).showHidden(true).after(start).amount(1000).execute());
            page.getResults().forEach(ref -> names.add(ref.getId()));
            if (page.getPagination() == null || !Boolean.TRUE.equals(page.getPagination().getHasMore())) {
                return names.build();
            }
            after = page.getPagination().getNextOffset();
        }
    }

    /**
     * Sets the repository's branch protection rules (branch name patterns); an empty list removes them.
     */
    public void protectBranches(String repository, List<String> patterns)
    {
        call(() -> {
            repositories.setBranchProtectionRules(repository, patterns.stream().map(pattern -> new BranchProtectionRule().pattern(pattern)).toList()).execute();
            return null;
        });
    }

    public void createTag(String repository, String tag, String ref)
    {
        call(() -> tags.createTag(repository, new TagCreation().id(tag).ref(ref)).execute());
    }

    /**
     * Stages an object on a branch: writes the bytes to the physical address lakeFS hands out, then
     * links them.
     */
    public void putObject(String repository, String branch, String path, byte[] content)
    {
        StagingLocation location = call(() -> staging.getPhysicalAddress(repository, branch, path).presign(false).execute());
        String etag = objectStore.put(S3Location.parse(location.getPhysicalAddress()), content);
        call(() -> staging.linkPhysicalAddress(repository, branch, path, new StagingMetadata()
                .staging(location)
                .checksum(etag)
                .sizeBytes((long) content.length)).execute());
    }

    public void deleteObject(String repository, String branch, String path)
    {
        call(() -> {
            objects.deleteObject(repository, branch, path).execute();
            return null;
        });
    }

    public ObjectStats statObject(String repository, String ref, String path)
    {
        return call(() -> objects.statObject(repository, ref, path).execute());
    }

    public String commit(String repository, String branch, String message)
    {
        return commit(repository, branch, message, Map.of(), null);
    }

    /**
     * Commits the staged changes of a branch; {@code date} sets the commit time when not null.
     */
    public String commit(String repository, String branch, String message, Map<String, String> metadata, Instant date)
    {
        CommitCreation creation = new CommitCreation().message(message).metadata(metadata);
        if (date != null) {
            creation.date(date.getEpochSecond());
        }
        Commit commit = call(() -> commits.commit(repository, branch, creation).execute());
        return commit.getId();
    }

    public Commit getCommit(String repository, String ref)
    {
        return call(() -> commits.getCommit(repository, ref).execute());
    }

    /**
     * The commit a ref (branch, tag, commit ID) points to; empty when the repository or the ref does not exist.
     */
    public Optional<Commit> findCommit(String repository, String ref)
    {
        try {
            return Optional.of(commits.getCommit(repository, ref).execute());
        }
        catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw failure(e);
        }
    }

    public String merge(String repository, String source, String destination)
    {
        return call(() -> refs.mergeIntoBranch(repository, source, destination).merge(new Merge().message("merge " + source)).execute()).getReference();
    }

    /**
     * Imports objects that already are in the object store (zero-copy: the commit's physical
     * addresses are the objects' own), and commits; returns the commit ID.
     *
     * @param prefixes source prefix ({@code s3://bucket/path/}) to destination directory in the repository
     */
    public String importPrefixes(String repository, String branch, Map<String, String> prefixes, String message)
    {
        List<ImportLocation> locations = prefixes.entrySet().stream()
                .map(entry -> new ImportLocation()
                        .type(ImportLocation.TypeEnum.COMMON_PREFIX)
                        .path(entry.getKey())
                        .destination(entry.getValue()))
                .toList();
        String id = call(() -> imports.importStart(repository, branch, new ImportCreation()
                .paths(locations)
                .commit(new CommitCreation().message(message))).execute()).getId();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (System.nanoTime() < deadline) {
            ImportStatus status = call(() -> imports.importStatus(repository, branch, id).execute());
            if (status.getError() != null) {
                throw new RuntimeException("lakeFS import into %s/%s failed: %s".formatted(repository, branch, status.getError().getMessage()));
            }
            if (Boolean.TRUE.equals(status.getCompleted())) {
                return status.getCommit().getId();
            }
            try {
                Thread.sleep(500);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeException(e);
            }
        }
        throw new RuntimeException("lakeFS import into %s/%s did not finish within 30 minutes".formatted(repository, branch));
    }

    private static <T> T call(ApiCall<T> call)
    {
        try {
            return call.execute();
        }
        catch (ApiException e) {
            throw failure(e);
        }
    }

    private static RuntimeException failure(ApiException e)
    {
        return new RuntimeException("lakeFS call failed (HTTP %s): %s".formatted(e.getCode(), e.getResponseBody()), e);
    }

    @FunctionalInterface
    private interface ApiCall<T>
    {
        T execute()
                throws ApiException;
    }
}
