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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.Lists;
import com.google.inject.Inject;
import io.airlift.log.Logger;
import io.airlift.stats.TimeStat;
import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.BranchesApi;
import io.lakefs.clients.sdk.CommitsApi;
import io.lakefs.clients.sdk.ObjectsApi;
import io.lakefs.clients.sdk.RefsApi;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.StagingApi;
import io.lakefs.clients.sdk.TagsApi;
import io.lakefs.clients.sdk.model.BranchCreation;
import io.lakefs.clients.sdk.model.BranchProtectionRule;
import io.lakefs.clients.sdk.model.Commit;
import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.CommitList;
import io.lakefs.clients.sdk.model.CommitOverrides;
import io.lakefs.clients.sdk.model.Diff;
import io.lakefs.clients.sdk.model.DiffList;
import io.lakefs.clients.sdk.model.FindMergeBaseResult;
import io.lakefs.clients.sdk.model.Merge;
import io.lakefs.clients.sdk.model.MergeResult;
import io.lakefs.clients.sdk.model.ObjectErrorList;
import io.lakefs.clients.sdk.model.ObjectStats;
import io.lakefs.clients.sdk.model.ObjectStatsList;
import io.lakefs.clients.sdk.model.Pagination;
import io.lakefs.clients.sdk.model.PathList;
import io.lakefs.clients.sdk.model.Ref;
import io.lakefs.clients.sdk.model.RefList;
import io.lakefs.clients.sdk.model.Repository;
import io.lakefs.clients.sdk.model.RevertCreation;
import io.lakefs.clients.sdk.model.StagingLocation;
import io.lakefs.clients.sdk.model.StagingMetadata;
import io.lakefs.clients.sdk.model.TagCreation;
import io.trino.spi.TrinoException;
import jakarta.annotation.PreDestroy;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Strings.nullToEmpty;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_COMMIT_GONE;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_LAKEFS_ACCESS_DENIED;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_LAKEFS_AUTHENTICATION_FAILED;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_LAKEFS_ERROR;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_LAKEFS_UNAVAILABLE;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_REF_EXISTS;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_REF_NOT_FOUND;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_WRITE_CONFLICT;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_REPOSITORY_NOT_FOUND;
import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static java.lang.Math.max;
import static java.lang.Math.min;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

/**
 * {@link LakeFsClient} on lakeFS's own Java SDK ({@code io.lakefs:sdk}).
 */
public class LakeFsSdkClient
        implements LakeFsClient
{
    private static final Logger log = Logger.get(LakeFsSdkClient.class);
    private static final ObjectMapper ERROR_MAPPER = new ObjectMapper();
    private static final long INITIAL_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 2_000;
    // concurrent writers to one branch race to move it: lakeFS answers 429 after its own retries
    private static final int WRITE_CONTENTION_RETRIES = 8;

    private final URI endpoint;
    private final String repository;
    private final String accessKeyDescription;
    private final int maxRetries;
    private final io.airlift.units.Duration deadline;
    private final long connectTimeoutMillis;
    private final long requestTimeoutMillis;
    private final LakeFsStats stats;
    // cancels the HTTP exchange of an operation whose deadline passed
    private final ScheduledExecutorService deadlineTimer;
    // the deadline of the operation the current thread runs, read by the HTTP interceptor
    private final ThreadLocal<Deadline> activeDeadline = new ThreadLocal<>();
    private final OkHttpClient httpClient;
    private final RepositoriesApi repositoriesApi;
    private final BranchesApi branchesApi;
    private final TagsApi tagsApi;
    private final CommitsApi commitsApi;
    private final RefsApi refsApi;
    private final ObjectsApi objectsApi;
    private final StagingApi stagingApi;

    @Inject
    public LakeFsSdkClient(LakeFsConfig config, LakeFsStats stats)
    {
        this.endpoint = normalizeEndpoint(config.getEndpoint());
        this.repository = requireNonNull(config.getRepository(), "repository is null");
        this.accessKeyDescription = config.getAccessKeyId()
                .map(key -> "access key ID '%s'".formatted(key))
                .orElse("no credentials (datamesh.lakefs.access-key-id is not set)");
        this.maxRetries = config.getMaxRetries();
        this.deadline = config.getDeadline();
        this.connectTimeoutMillis = config.getConnectTimeout().toMillis();
        this.requestTimeoutMillis = config.getRequestTimeout().toMillis();
        this.stats = requireNonNull(stats, "stats is null");
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemonThreadsNamed("lakefs-deadline-" + repository + "-%s"));
        timer.setRemoveOnCancelPolicy(true);
        this.deadlineTimer = timer;

        this.httpClient = new OkHttpClient.Builder()
                .connectTimeout(connectTimeoutMillis, MILLISECONDS)
                .readTimeout(requestTimeoutMillis, MILLISECONDS)
                .writeTimeout(requestTimeoutMillis, MILLISECONDS)
                .callTimeout(requestTimeoutMillis, MILLISECONDS)
                .addInterceptor(this::boundByDeadline)
                .connectionPool(new ConnectionPool(32, 5, MINUTES))
                .retryOnConnectionFailure(true)
                .build();
        ApiClient apiClient = new ApiClient(httpClient);
        apiClient.setBasePath(endpoint.toString());
        apiClient.setUserAgent("trino-datamesh-connector");
        config.getAccessKeyId().ifPresent(apiClient::setUsername);
        config.getSecretAccessKey().ifPresent(apiClient::setPassword);

        this.repositoriesApi = new RepositoriesApi(apiClient);
        this.branchesApi = new BranchesApi(apiClient);
        this.tagsApi = new TagsApi(apiClient);
        this.commitsApi = new CommitsApi(apiClient);
        this.refsApi = new RefsApi(apiClient);
        this.objectsApi = new ObjectsApi(apiClient);
        this.stagingApi = new StagingApi(apiClient);
    }

    /**
     * Accepts {@code http://host:8000}, {@code http://host:8000/} and {@code http://host:8000/api/v1}.
     */
    static URI normalizeEndpoint(URI endpoint)
    {
        String value = endpoint.toString();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        if (!value.endsWith("/api/v1")) {
            value += "/api/v1";
        }
        return URI.create(value);
    }

    @Override
    public URI endpoint()
    {
        return endpoint;
    }

    @Override
    public String repositoryName()
    {
        return repository;
    }

    @Override
    public LakeFsRepository getRepository()
    {
        Repository result = call(stats.getGetRepository(), "get repository", () -> repositoriesApi.getRepository(repository).execute())
                .orElseThrow(() -> repositoryNotFound(null));
        return new LakeFsRepository(result.getId(), result.getStorageNamespace(), nullToEmpty(result.getDefaultBranch()));
    }

    @Override
    public List<LakeFsRef> listBranches()
    {
        return listRefs(LakeFsRef.Type.BRANCH, stats.getListBranches(), after -> branchesApi.listBranches(repository).after(after).amount(MAX_PAGE_SIZE).execute());
    }

    @Override
    public List<LakeFsRef> listTags()
    {
        return listRefs(LakeFsRef.Type.TAG, stats.getListTags(), after -> tagsApi.listTags(repository).after(after).amount(MAX_PAGE_SIZE).execute());
    }

    private List<LakeFsRef> listRefs(LakeFsRef.Type type, TimeStat timeStat, ApiFunction<String, RefList> pageLoader)
    {
        ImmutableList.Builder<LakeFsRef> refs = ImmutableList.builder();
        String after = "";
        while (true) {
            String pageStart = after;
            RefList page = call(timeStat, type == LakeFsRef.Type.BRANCH ? "list branches" : "list tags", () -> pageLoader.apply(pageStart))
                    .orElseThrow(() -> repositoryNotFound(null));
            for (Ref ref : page.getResults()) {
                refs.add(new LakeFsRef(ref.getId(), type, ref.getCommitId()));
            }
            Optional<String> next = nextOffset(page.getPagination());
            if (next.isEmpty()) {
                return refs.build();
            }
            after = next.orElseThrow();
        }
    }

    @Override
    public Optional<LakeFsCommit> getCommit(String ref)
    {
        requireNonNull(ref, "ref is null");
        Optional<Commit> commit = call(stats.getGetCommit(), "resolve ref '%s'".formatted(ref), () -> commitsApi.getCommit(repository, ref).execute());
        if (commit.isEmpty()) {
            // lakeFS answers 404 both for an unknown ref and an unknown repository: tell them apart
            getRepository();
            return Optional.empty();
        }
        return commit.map(LakeFsSdkClient::toCommit);
    }

    @Override
    public LakeFsObjectPage listObjects(String ref, String prefix, Optional<String> delimiter, Optional<String> after, int amount)
    {
        checkArgument(amount > 0 && amount <= MAX_PAGE_SIZE, "amount must be between 1 and %s", MAX_PAGE_SIZE);
        ObjectStatsList page = call(stats.getListObjects(), "list objects under '%s' at %s".formatted(prefix, ref), () -> objectsApi.listObjects(repository, ref)
                .prefix(prefix)
                .delimiter(delimiter.orElse(""))
                .after(after.orElse(""))
                .amount(amount)
                .userMetadata(false)
                .execute())
                .orElseThrow(() -> refGoneOrRepositoryMissing(ref));
        ImmutableList.Builder<LakeFsObject> objects = ImmutableList.builder();
        ImmutableList.Builder<String> prefixes = ImmutableList.builder();
        for (ObjectStats stats : page.getResults()) {
            if (stats.getPathType() == ObjectStats.PathTypeEnum.COMMON_PREFIX) {
                prefixes.add(stats.getPath());
            }
            else {
                objects.add(new LakeFsObject(
                        stats.getPath(),
                        stats.getPhysicalAddress(),
                        stats.getSizeBytes() == null ? 0 : stats.getSizeBytes(),
                        stats.getMtime() == null ? 0 : stats.getMtime() * 1000,
                        nullToEmpty(stats.getChecksum())));
            }
        }
        return new LakeFsObjectPage(objects.build(), prefixes.build(), nextOffset(page.getPagination()));
    }

    @Override
    public Optional<byte[]> getObject(String ref, String path)
    {
        return call(stats.getGetObject(), "read object '%s' at %s".formatted(path, ref), () -> {
            Call call = objectsApi.getObject(repository, ref, path).buildCall(null);
            try (Response response = call.execute()) {
                ResponseBody body = response.body();
                String content = null;
                if (!response.isSuccessful()) {
                    content = body == null ? "" : body.string();
                    throw new ApiException(response.message(), response.code(), response.headers().toMultimap(), content);
                }
                return body == null ? new byte[0] : body.bytes();
            }
            catch (IOException e) {
                throw new ApiException(e);
            }
        });
    }

    @Override
    public LakeFsCommitPage logCommits(String ref, List<String> prefixes, Optional<String> after, int amount)
    {
        checkArgument(amount > 0 && amount <= MAX_PAGE_SIZE, "amount must be between 1 and %s", MAX_PAGE_SIZE);
        CommitList page = call(stats.getLogCommits(), "read the commit log of %s".formatted(ref), () -> {
            RefsApi.APIlogCommitsRequest request = refsApi.logCommits(repository, ref)
                    .after(after.orElse(""))
                    .amount(amount);
            if (!prefixes.isEmpty()) {
                request = request.prefixes(prefixes);
            }
            return request.execute();
        }).orElseThrow(() -> refGoneOrRepositoryMissing(ref));
        List<LakeFsCommit> commits = page.getResults().stream()
                .map(LakeFsSdkClient::toCommit)
                .collect(ImmutableList.toImmutableList());
        return new LakeFsCommitPage(commits, nextOffset(page.getPagination()));
    }

    // ---- branches, tags and writes

    @Override
    public Optional<LakeFsRef> getBranch(String name)
    {
        requireNonNull(name, "name is null");
        return call(stats.getGetBranch(), "read branch '%s'".formatted(name), () -> branchesApi.getBranch(repository, name).execute())
                .map(ref -> new LakeFsRef(ref.getId(), LakeFsRef.Type.BRANCH, ref.getCommitId()));
    }

    @Override
    public Optional<LakeFsRef> getTag(String name)
    {
        requireNonNull(name, "name is null");
        return call(stats.getGetTag(), "read tag '%s'".formatted(name), () -> tagsApi.getTag(repository, name).execute())
                .map(ref -> new LakeFsRef(ref.getId(), LakeFsRef.Type.TAG, ref.getCommitId()));
    }

    @Override
    public LakeFsRef createBranch(String name, String sourceRef, boolean hidden)
    {
        String operation = "create branch '%s' from '%s'".formatted(name, sourceRef);
        try {
            write(stats.getChangeRefs(), operation, () -> branchesApi.createBranch(repository, new BranchCreation().name(name).source(sourceRef).hidden(hidden)).execute(), 404, 409);
        }
        catch (ExpectedFailure e) {
            throw e.code() == 409
                    ? new TrinoException(DATAMESH_REF_EXISTS, "lakeFS repository '%s' already has a branch or tag '%s'".formatted(repository, name))
                    : new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no branch, tag or commit '%s' to create branch '%s' from".formatted(repository, sourceRef, name));
        }
        return getBranch(name).orElseThrow(() -> new TrinoException(DATAMESH_LAKEFS_ERROR, "lakeFS created branch '%s' of repository '%s' but does not find it".formatted(name, repository)));
    }

    @Override
    public List<LakeFsRef> listBranches(String prefix, boolean includeHidden)
    {
        return listRefs(LakeFsRef.Type.BRANCH, stats.getListBranches(), after -> branchesApi.listBranches(repository).prefix(prefix).showHidden(includeHidden).after(after).amount(MAX_PAGE_SIZE).execute());
    }

    @Override
    public Optional<String> findMergeBase(String sourceRef, String destinationBranch)
    {
        return call(stats.getGetCommit(), "find the merge base of '%s' and branch '%s'".formatted(sourceRef, destinationBranch), () -> refsApi.findMergeBase(repository, sourceRef, destinationBranch).execute())
                .map(FindMergeBaseResult::getBaseCommitId);
    }

    @Override
    public void deleteBranch(String name)
    {
        try {
            write(stats.getChangeRefs(), "delete branch '%s'".formatted(name), () -> {
                branchesApi.deleteBranch(repository, name).execute();
                return null;
            }, 404);
        }
        catch (ExpectedFailure e) {
            throw new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no branch '%s'".formatted(repository, name));
        }
    }

    @Override
    public LakeFsRef createTag(String name, String ref)
    {
        try {
            Ref tag = write(stats.getChangeRefs(), "create tag '%s' at '%s'".formatted(name, ref), () -> tagsApi.createTag(repository, new TagCreation().id(name).ref(ref)).execute(), 404, 409);
            return new LakeFsRef(tag.getId(), LakeFsRef.Type.TAG, tag.getCommitId());
        }
        catch (ExpectedFailure e) {
            throw e.code() == 409
                    ? new TrinoException(DATAMESH_REF_EXISTS, "lakeFS repository '%s' already has a tag '%s'".formatted(repository, name))
                    : new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no branch, tag or commit '%s' to tag as '%s'".formatted(repository, ref, name));
        }
    }

    @Override
    public void deleteTag(String name)
    {
        try {
            write(stats.getChangeRefs(), "delete tag '%s'".formatted(name), () -> {
                tagsApi.deleteTag(repository, name).execute();
                return null;
            }, 404);
        }
        catch (ExpectedFailure e) {
            throw new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no tag '%s'".formatted(repository, name));
        }
    }

    @Override
    public List<String> branchProtectionPatterns()
    {
        List<BranchProtectionRule> rules = call(stats.getGetProtectionRules(), "read the branch protection rules", () -> repositoriesApi.getBranchProtectionRules(repository).execute())
                .orElse(ImmutableList.of());
        return rules.stream().map(BranchProtectionRule::getPattern).collect(ImmutableList.toImmutableList());
    }

    @Override
    public LakeFsStagingLocation stagingLocation(String branch, String path)
    {
        StagingLocation location = call(stats.getStaging(), "get a physical address for '%s' on branch '%s'".formatted(path, branch), () -> stagingApi.getPhysicalAddress(repository, branch, path).presign(false).execute())
                .orElseThrow(() -> new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no branch '%s'".formatted(repository, branch)));
        return new LakeFsStagingLocation(location.getPhysicalAddress());
    }

    @Override
    public void linkStagedObject(String branch, String path, LakeFsStagingLocation location, long sizeBytes, String checksum)
    {
        StagingMetadata metadata = new StagingMetadata()
                .staging(new StagingLocation().physicalAddress(location.physicalAddress()))
                .sizeBytes(sizeBytes)
                .checksum(checksum);
        try {
            write(stats.getStaging(), "link '%s' on branch '%s'".formatted(path, branch), () -> stagingApi.linkPhysicalAddress(repository, branch, path, metadata).execute(), 404, 409);
        }
        catch (ExpectedFailure e) {
            throw e.code() == 409
                    ? new TrinoException(DATAMESH_WRITE_CONFLICT, "lakeFS refused to link '%s' on branch '%s' of repository '%s': %s".formatted(path, branch, repository, e.message()))
                    : new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no branch '%s'".formatted(repository, branch));
        }
    }

    @Override
    public void uploadObject(String branch, String path, byte[] content)
    {
        Path file;
        try {
            file = Files.createTempFile("datamesh-upload-", ".tmp");
            Files.write(file, content);
        }
        catch (IOException e) {
            throw new TrinoException(DATAMESH_LAKEFS_ERROR, "Cannot buffer '%s' for its upload to lakeFS: %s".formatted(path, e.getMessage()), e);
        }
        try {
            File upload = file.toFile();
            write(stats.getUploadObject(), "upload '%s' to branch '%s'".formatted(path, branch), () -> objectsApi.uploadObject(repository, branch, path).content(upload).execute());
        }
        finally {
            try {
                Files.deleteIfExists(file);
            }
            catch (IOException e) {
                log.warn(e, "Cannot delete %s", file);
            }
        }
    }

    @Override
    public void deleteObjects(String branch, List<String> paths)
    {
        for (List<String> batch : Lists.partition(ImmutableList.copyOf(paths), MAX_PAGE_SIZE)) {
            ObjectErrorList errors = write(stats.getDeleteObjects(), "delete %s objects from branch '%s'".formatted(batch.size(), branch), () -> objectsApi.deleteObjects(repository, branch, new PathList().paths(batch)).execute());
            if (errors != null && errors.getErrors() != null) {
                errors.getErrors().stream()
                        .filter(error -> error.getStatusCode() != 404)
                        .findFirst()
                        .ifPresent(error -> {
                            throw new TrinoException(DATAMESH_LAKEFS_ERROR, "lakeFS failed to delete '%s' from branch '%s' of repository '%s': %s".formatted(error.getPath(), branch, repository, error.getMessage()));
                        });
            }
        }
    }

    @Override
    public LakeFsCommit commit(String branch, String message, Map<String, String> metadata)
    {
        Commit commit = write(stats.getCommit(), "commit branch '%s'".formatted(branch), () -> commitsApi.commit(repository, branch, new CommitCreation().message(message).metadata(metadata)).execute());
        return toCommit(commit);
    }

    @Override
    public LakeFsMergeResult merge(String sourceRef, String destinationBranch, String message, Map<String, String> metadata, Optional<String> strategy, boolean squash)
    {
        Merge merge = new Merge().message(message).metadata(metadata).squashMerge(squash);
        strategy.ifPresent(merge::strategy);
        try {
            MergeResult result = write(stats.getMerge(), "merge '%s' into branch '%s'".formatted(sourceRef, destinationBranch), () -> refsApi.mergeIntoBranch(repository, sourceRef, destinationBranch).merge(merge).execute(), 400, 409, 412);
            return new LakeFsMergeResult.Merged(result.getReference());
        }
        catch (ExpectedFailure e) {
            if (e.code() == 409) {
                return new LakeFsMergeResult.Conflict(e.message());
            }
            throw new TrinoException(DATAMESH_WRITE_CONFLICT, "lakeFS cannot merge '%s' into branch '%s' of repository '%s': %s".formatted(sourceRef, destinationBranch, repository, e.message()));
        }
    }

    @Override
    public LakeFsCommit revert(String branch, String commitId, int parentNumber, String message, Map<String, String> metadata)
    {
        RevertCreation revert = new RevertCreation()
                .ref(commitId)
                .parentNumber(parentNumber)
                .commitOverrides(new CommitOverrides().message(message).metadata(metadata));
        try {
            write(stats.getRevert(), "revert commit %s on branch '%s'".formatted(commitId, branch), () -> {
                branchesApi.revertBranch(repository, branch, revert).execute();
                return null;
            }, 400, 409);
        }
        catch (ExpectedFailure e) {
            throw new TrinoException(DATAMESH_WRITE_CONFLICT, "lakeFS cannot revert commit %s on branch '%s' of repository '%s': %s".formatted(commitId, branch, repository, e.message()));
        }
        LakeFsRef head = getBranch(branch).orElseThrow(() -> new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no branch '%s'".formatted(repository, branch)));
        return getCommit(head.commitId()).orElseThrow();
    }

    @Override
    public LakeFsDiffPage diffUncommitted(String branch, Optional<String> after, int amount)
    {
        checkArgument(amount > 0 && amount <= MAX_PAGE_SIZE, "amount must be between 1 and %s", MAX_PAGE_SIZE);
        DiffList page = call(stats.getDiffRefs(), "list the uncommitted changes of branch '%s'".formatted(branch), () -> branchesApi.diffBranch(repository, branch)
                .after(after.orElse(""))
                .amount(amount)
                .execute())
                .orElseThrow(() -> new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no branch '%s'".formatted(repository, branch)));
        return toDiffPage(page);
    }

    @Override
    public LakeFsDiffPage diffRefs(String leftRef, String rightRef, String prefix, Optional<String> after, int amount)
    {
        checkArgument(amount > 0 && amount <= MAX_PAGE_SIZE, "amount must be between 1 and %s", MAX_PAGE_SIZE);
        DiffList page = call(stats.getDiffRefs(), "diff '%s' with '%s'".formatted(leftRef, rightRef), () -> refsApi.diffRefs(repository, leftRef, rightRef)
                .prefix(prefix)
                .after(after.orElse(""))
                .amount(amount)
                .execute())
                .orElseThrow(() -> new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no ref '%s' or '%s'".formatted(repository, leftRef, rightRef)));
        return toDiffPage(page);
    }

    private static LakeFsDiffPage toDiffPage(DiffList page)
    {
        ImmutableList.Builder<LakeFsDiff> differences = ImmutableList.builder();
        for (Diff diff : page.getResults()) {
            if (diff.getPathType() == Diff.PathTypeEnum.COMMON_PREFIX) {
                continue;
            }
            LakeFsDiff.Type type = switch (diff.getType()) {
                case ADDED -> LakeFsDiff.Type.ADDED;
                case REMOVED -> LakeFsDiff.Type.REMOVED;
                case CHANGED -> LakeFsDiff.Type.CHANGED;
                case CONFLICT -> LakeFsDiff.Type.CONFLICT;
                case PREFIX_CHANGED -> LakeFsDiff.Type.CHANGED;
            };
            differences.add(new LakeFsDiff(type, diff.getPath(), diff.getSizeBytes() == null ? -1 : diff.getSizeBytes()));
        }
        return new LakeFsDiffPage(differences.build(), nextOffset(page.getPagination()));
    }

    /**
     * Runs a call that changes the repository. Only answers that say nothing was done are retried
     * (HTTP 429: lakeFS lost a race to move a branch; 503); a connection failure is not, since the
     * change may have been made. {@code expectedCodes} are thrown as {@link ExpectedFailure} for the
     * caller to explain; every other failure becomes a TrinoException.
     */
    private <T> T write(TimeStat timeStat, String operation, ApiCall<T> call, int... expectedCodes)
    {
        try (Deadline operationDeadline = startDeadline()) {
            return write(operationDeadline, timeStat, operation, call, expectedCodes);
        }
        finally {
            activeDeadline.remove();
        }
    }

    private <T> T write(Deadline operationDeadline, TimeStat timeStat, String operation, ApiCall<T> call, int... expectedCodes)
    {
        long backoff = INITIAL_BACKOFF_MILLIS;
        for (int attempt = 0; ; attempt++) {
            long start = System.nanoTime();
            try {
                T result = call.execute();
                timeStat.addNanos(System.nanoTime() - start);
                return result;
            }
            catch (ApiException e) {
                timeStat.addNanos(System.nanoTime() - start);
                for (int code : expectedCodes) {
                    if (e.getCode() == code) {
                        throw new ExpectedFailure(code, errorMessage(e));
                    }
                }
                if (operationDeadline.expired()) {
                    stats.getFailures().update(1);
                    // a change whose answer never came may have been made: say so
                    throw deadlineExceeded(operation + " (the change may or may not have been made)", attempt + 1, e);
                }
                long pause = backoff + ThreadLocalRandom.current().nextLong(backoff);
                if ((e.getCode() == 429 || e.getCode() == 503) && attempt < Math.max(maxRetries, WRITE_CONTENTION_RETRIES) && operationDeadline.allows(pause)) {
                    stats.getRetries().update(1);
                    log.debug("Retrying lakeFS call to %s after %s: %s", operation, describeStatus(e), errorMessage(e));
                    sleep(pause);
                    backoff = min(backoff * 2, MAX_BACKOFF_MILLIS);
                    continue;
                }
                stats.getFailures().update(1);
                if ((e.getCode() == 429 || e.getCode() == 503) && !operationDeadline.allows(pause)) {
                    throw deadlineExceeded(operation, attempt + 1, e);
                }
                throw e.getCode() == 404 ? new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS found nothing to %s in repository '%s' (HTTP 404: %s)".formatted(operation, repository, errorMessage(e)), e) : translate(operation, e);
            }
            catch (RuntimeException e) {
                timeStat.addNanos(System.nanoTime() - start);
                stats.getFailures().update(1);
                throw new TrinoException(DATAMESH_LAKEFS_ERROR, "Unexpected answer from lakeFS at %s to %s in repository '%s': %s".formatted(endpoint, operation, repository, e.getMessage()), e);
            }
        }
    }

    /**
     * An answer a write call expects and its caller explains, such as 409 for a conflict.
     */
    private static final class ExpectedFailure
            extends RuntimeException
    {
        private final int code;
        private final String message;

        ExpectedFailure(int code, String message)
        {
            super(message, null, false, false);
            this.code = code;
            this.message = message;
        }

        int code()
        {
            return code;
        }

        String message()
        {
            return message;
        }
    }

    private static LakeFsCommit toCommit(Commit commit)
    {
        return new LakeFsCommit(
                commit.getId(),
                commit.getParents() == null ? ImmutableList.of() : commit.getParents(),
                nullToEmpty(commit.getCommitter()),
                nullToEmpty(commit.getMessage()),
                Instant.ofEpochSecond(commit.getCreationDate() == null ? 0 : commit.getCreationDate()),
                commit.getMetadata() == null ? Map.of() : commit.getMetadata());
    }

    private static Optional<String> nextOffset(Pagination pagination)
    {
        if (pagination == null || !Boolean.TRUE.equals(pagination.getHasMore()) || nullToEmpty(pagination.getNextOffset()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(pagination.getNextOffset());
    }

    private TrinoException refGoneOrRepositoryMissing(String ref)
    {
        // the ref resolved a moment ago, so a 404 now means the repository or the commit went away
        getRepository();
        return new TrinoException(DATAMESH_COMMIT_GONE, "lakeFS no longer has ref '%s' of repository '%s'".formatted(ref, repository));
    }

    private TrinoException repositoryNotFound(Throwable cause)
    {
        return new TrinoException(
                DATAMESH_REPOSITORY_NOT_FOUND,
                "lakeFS repository '%s' does not exist at %s (check datamesh.lakefs.repository)".formatted(repository, endpoint),
                cause);
    }

    /**
     * Runs a read-only call, retrying connection failures, HTTP 429 and 5xx with exponential backoff.
     * Returns empty for HTTP 404 and turns every other failure into a TrinoException.
     */
    private <T> Optional<T> call(TimeStat timeStat, String operation, ApiCall<T> call)
    {
        try (Deadline operationDeadline = startDeadline()) {
            return call(operationDeadline, timeStat, operation, call);
        }
        finally {
            activeDeadline.remove();
        }
    }

    private <T> Optional<T> call(Deadline operationDeadline, TimeStat timeStat, String operation, ApiCall<T> call)
    {
        long backoff = INITIAL_BACKOFF_MILLIS;
        for (int attempt = 0; ; attempt++) {
            long start = System.nanoTime();
            try {
                T result = call.execute();
                timeStat.addNanos(System.nanoTime() - start);
                return Optional.of(result);
            }
            catch (ApiException e) {
                timeStat.addNanos(System.nanoTime() - start);
                if (e.getCode() == 404) {
                    return Optional.empty();
                }
                if (operationDeadline.expired()) {
                    stats.getFailures().update(1);
                    throw deadlineExceeded(operation, attempt + 1, e);
                }
                if (isRetryable(e) && attempt < maxRetries) {
                    if (!operationDeadline.allows(backoff)) {
                        stats.getFailures().update(1);
                        throw deadlineExceeded(operation, attempt + 1, e);
                    }
                    stats.getRetries().update(1);
                    log.debug("Retrying lakeFS call to %s after %s: %s", operation, describeStatus(e), errorMessage(e));
                    sleep(backoff);
                    backoff = min(backoff * 2, MAX_BACKOFF_MILLIS);
                    continue;
                }
                stats.getFailures().update(1);
                throw translate(operation, e);
            }
            catch (RuntimeException e) {
                // the SDK throws IllegalArgumentException and JsonParseException for answers it cannot parse
                timeStat.addNanos(System.nanoTime() - start);
                stats.getFailures().update(1);
                throw new TrinoException(DATAMESH_LAKEFS_ERROR, "Unexpected answer from lakeFS at %s to %s in repository '%s': %s".formatted(endpoint, operation, repository, e.getMessage()), e);
            }
        }
    }

    private Deadline startDeadline()
    {
        Deadline operationDeadline = new Deadline(System.nanoTime() + deadline.roundTo(NANOSECONDS));
        operationDeadline.schedule(deadlineTimer);
        activeDeadline.set(operationDeadline);
        return operationDeadline;
    }

    /**
     * Bounds every HTTP exchange of an operation by what is left of its deadline: connect, read
     * and write timeouts shrink to the time left, and the deadline timer cancels the exchange
     * when it passes.
     */
    private Response boundByDeadline(Interceptor.Chain chain)
            throws IOException
    {
        Deadline operationDeadline = activeDeadline.get();
        if (operationDeadline == null) {
            return chain.proceed(chain.request());
        }
        operationDeadline.attach(chain.call());
        long remainingMillis = max(1, NANOSECONDS.toMillis(operationDeadline.remainingNanos()));
        int connectTimeout = Math.toIntExact(min(connectTimeoutMillis, remainingMillis));
        int timeout = Math.toIntExact(min(requestTimeoutMillis, remainingMillis));
        return chain
                .withConnectTimeout(connectTimeout, MILLISECONDS)
                .withReadTimeout(timeout, MILLISECONDS)
                .withWriteTimeout(timeout, MILLISECONDS)
                .proceed(chain.request());
    }

    private TrinoException deadlineExceeded(String operation, int attempts, ApiException e)
    {
        return new TrinoException(
                DATAMESH_LAKEFS_UNAVAILABLE,
                "lakeFS at %s did not answer in time to %s in repository '%s': gave up after %s (datamesh.lakefs.deadline) and %s attempt%s; last: %s: %s".formatted(
                        endpoint, operation, repository, deadline, attempts, attempts == 1 ? "" : "s", describeStatus(e), errorMessage(e)),
                e);
    }

    /**
     * The deadline of one lakeFS operation, retries included.
     */
    private static final class Deadline
            implements AutoCloseable
    {
        private final long expiresAtNanos;
        private ScheduledFuture<?> timer;
        private Call call;
        private boolean expired;

        Deadline(long expiresAtNanos)
        {
            this.expiresAtNanos = expiresAtNanos;
        }

        synchronized void schedule(ScheduledExecutorService executor)
        {
            timer = executor.schedule(this::expire, remainingNanos(), NANOSECONDS);
        }

        long remainingNanos()
        {
            return expiresAtNanos - System.nanoTime();
        }

        /**
         * Whether a pause of that long still leaves time for another attempt.
         */
        boolean allows(long pauseMillis)
        {
            return remainingNanos() > MILLISECONDS.toNanos(pauseMillis);
        }

        synchronized boolean expired()
        {
            return expired || remainingNanos() <= 0;
        }

        synchronized void attach(Call call)
                throws InterruptedIOException
        {
            if (expired()) {
                throw new InterruptedIOException("deadline passed");
            }
            this.call = call;
        }

        private synchronized void expire()
        {
            expired = true;
            if (call != null) {
                call.cancel();
            }
        }

        @Override
        public synchronized void close()
        {
            if (timer != null) {
                timer.cancel(false);
            }
            call = null;
        }
    }

    private static boolean isRetryable(ApiException e)
    {
        int code = e.getCode();
        return code == 0 || code == 429 || code == 502 || code == 503 || code == 504;
    }

    private TrinoException translate(String operation, ApiException e)
    {
        int code = e.getCode();
        String message = errorMessage(e);
        if (code == 0) {
            return new TrinoException(DATAMESH_LAKEFS_UNAVAILABLE, "lakeFS at %s is unreachable (while trying to %s in repository '%s'): %s".formatted(endpoint, operation, repository, message), e);
        }
        if (code == 401) {
            return new TrinoException(DATAMESH_LAKEFS_AUTHENTICATION_FAILED, "lakeFS at %s rejected the credentials with %s (HTTP 401: %s); check datamesh.lakefs.access-key-id and datamesh.lakefs.secret-access-key".formatted(endpoint, accessKeyDescription, message), e);
        }
        if (code == 403) {
            return new TrinoException(DATAMESH_LAKEFS_ACCESS_DENIED, "lakeFS at %s denied %s the right to %s in repository '%s' (HTTP 403: %s)".formatted(endpoint, accessKeyDescription, operation, repository, message), e);
        }
        if (code == 410) {
            return new TrinoException(DATAMESH_COMMIT_GONE, "lakeFS no longer has the data to %s in repository '%s' (HTTP 410, garbage-collected or expired: %s)".formatted(operation, repository, message), e);
        }
        return new TrinoException(DATAMESH_LAKEFS_ERROR, "lakeFS at %s failed to %s in repository '%s' (%s: %s)".formatted(endpoint, operation, repository, describeStatus(e), message), e);
    }

    private static String describeStatus(ApiException e)
    {
        return e.getCode() == 0 ? "I/O error" : "HTTP " + e.getCode();
    }

    /**
     * lakeFS errors are JSON documents with a "message"; I/O failures have a cause.
     */
    static String errorMessage(ApiException e)
    {
        String body = e.getResponseBody();
        if (body != null && !body.isBlank()) {
            try {
                JsonNode node = ERROR_MAPPER.readTree(body);
                if (node != null && node.hasNonNull("message")) {
                    return node.get("message").asText();
                }
            }
            catch (IOException | RuntimeException ignored) {
                // not JSON: fall through to the raw text
            }
            return body.length() > 500 ? body.substring(0, 500) + "..." : body;
        }
        Throwable cause = e.getCause();
        if (cause != null) {
            return cause.getClass().getSimpleName() + ": " + nullToEmpty(cause.getMessage());
        }
        return nullToEmpty(e.getMessage());
    }

    private static void sleep(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrinoException(DATAMESH_LAKEFS_UNAVAILABLE, "Interrupted while waiting to retry a lakeFS call", e);
        }
    }

    @PreDestroy
    public void close()
    {
        deadlineTimer.shutdownNow();
        httpClient.dispatcher().executorService().shutdown();
        httpClient.connectionPool().evictAll();
    }

    @FunctionalInterface
    private interface ApiCall<T>
    {
        T execute()
                throws ApiException;
    }

    @FunctionalInterface
    private interface ApiFunction<A, T>
    {
        T apply(A argument)
                throws ApiException;
    }
}
