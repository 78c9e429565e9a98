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
import com.google.common.cache.Cache;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.util.concurrent.UncheckedExecutionException;
import com.google.inject.Inject;
import dev.trinodatamesh.connector.DatameshConfig;
import io.trino.cache.EvictableCacheBuilder;
import io.trino.spi.TrinoException;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.google.common.base.Throwables.throwIfUnchecked;
import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.collect.ImmutableListMultimap.toImmutableListMultimap;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_AMBIGUOUS_REF;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_REF_NOT_FOUND;
import static java.util.Locale.ENGLISH;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

/**
 * Maps Trino schema names to lakeFS refs.
 * <p>
 * lakeFS branch and tag names are case-sensitive ({@code ^\w[-\w]*$}) while Trino lower-cases
 * schema names. A schema name is the lower-cased name of a branch or tag; a schema name that
 * two refs map to (branches {@code Dev} and {@code dev}, or a branch and a tag of the same
 * name) is refused with an error that names both. Any other ref that lakeFS resolves (a commit
 * ID, abbreviated or full, or an expression such as {@code main~2}) also works as a quoted
 * schema name. {@code FOR VERSION AS OF} takes a ref with its case preserved.
 * <p>
 * Only the listing of branches and tags can go stale: it is reused for
 * {@code datamesh.ref-cache-ttl} (default: not at all), and is dropped whenever this catalog
 * itself creates, deletes or moves a ref ({@link #invalidate()}), so that a branch made with
 * {@code CREATE SCHEMA} is a schema at once. Commits are immutable and cached by ID.
 */
public class RefResolver
{
    private static final Pattern FULL_COMMIT_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern REF_EXPRESSION = Pattern.compile("(\\w[-\\w]*)((?:[~^][0-9]*)+)");

    private final LakeFsClient client;
    private final Supplier<RefNamespace> loader;
    private final long ttlNanos;
    private final AtomicLong generation = new AtomicLong();
    private volatile Optional<CachedNamespace> cachedNamespace = Optional.empty();
    private final Cache<String, LakeFsCommit> commits;

    @Inject
    public RefResolver(LakeFsClient client, DatameshConfig config)
    {
        this.client = requireNonNull(client, "client is null");
        this.ttlNanos = config.getRefCacheTtl().roundTo(NANOSECONDS);
        this.loader = () -> new RefNamespace(ImmutableList.<LakeFsRef>builder()
                .addAll(client.listBranches())
                .addAll(client.listTags())
                .build());
        this.commits = EvictableCacheBuilder.newBuilder()
                .maximumSize(10_000)
                .build();
    }

    public String repositoryName()
    {
        return client.repositoryName();
    }

    /**
     * Forgets the listing of branches and tags: the next resolution lists them again.
     */
    public void invalidate()
    {
        synchronized (this) {
            generation.incrementAndGet();
            cachedNamespace = Optional.empty();
        }
    }

    private RefNamespace namespace()
    {
        if (ttlNanos == 0) {
            return loader.get();
        }
        long now = System.nanoTime();
        Optional<CachedNamespace> cached = cachedNamespace;
        if (cached.isPresent() && now - cached.orElseThrow().loadedNanos() < ttlNanos) {
            return cached.orElseThrow().namespace();
        }
        long loadedGeneration = generation.get();
        RefNamespace namespace = loader.get();
        synchronized (this) {
            // a listing that started before an invalidation may miss the change: not kept
            if (generation.get() == loadedGeneration) {
                cachedNamespace = Optional.of(new CachedNamespace(namespace, now));
            }
        }
        return namespace;
    }

    private record CachedNamespace(RefNamespace namespace, long loadedNanos) {}

    /**
     * Schema names of all branches and tags, lower-cased, without duplicates.
     */
    public List<String> listSchemaNames()
    {
        return namespace().bySchemaName().keySet().stream()
                .sorted()
                .collect(toImmutableList());
    }

    /**
     * Resolves a (lower-case) schema name. Empty when no branch, tag, commit or expression matches.
     */
    public Optional<ResolvedRef> resolveSchema(String schemaName)
    {
        requireNonNull(schemaName, "schemaName is null");
        RefNamespace refs = namespace();
        List<LakeFsRef> matches = refs.bySchemaName().get(schemaName.toLowerCase(ENGLISH));
        if (matches.size() > 1) {
            throw new TrinoException(DATAMESH_AMBIGUOUS_REF, ambiguityMessage("Schema '%s'".formatted(schemaName), matches));
        }
        if (matches.size() == 1) {
            LakeFsRef ref = matches.getFirst();
            return Optional.of(new ResolvedRef(ref.name(), kindOf(ref), ref.commitId()));
        }
        return resolveOther(refs, schemaName);
    }

    /**
     * Resolves the value of {@code FOR VERSION AS OF}: a branch, tag, commit ID or expression,
     * case preserved.
     */
    public ResolvedRef resolveVersion(String version)
    {
        requireNonNull(version, "version is null");
        RefNamespace refs = namespace();
        List<LakeFsRef> exact = refs.all().stream()
                .filter(ref -> ref.name().equals(version))
                .collect(toImmutableList());
        if (exact.size() > 1) {
            throw new TrinoException(DATAMESH_AMBIGUOUS_REF, ambiguityMessage("Version '%s'".formatted(version), exact));
        }
        if (exact.size() == 1) {
            LakeFsRef ref = exact.getFirst();
            return new ResolvedRef(ref.name(), kindOf(ref), ref.commitId());
        }
        return resolveOther(refs, version)
                .orElseThrow(() -> new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no branch, tag or commit '%s'".formatted(client.repositoryName(), version)));
    }

    /**
     * The commit with this ID, from the cache when it was seen before.
     */
    public LakeFsCommit getCommit(String commitId)
    {
        try {
            return commits.get(commitId, () -> client.getCommit(commitId)
                    .orElseThrow(() -> new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no commit '%s'".formatted(client.repositoryName(), commitId))));
        }
        catch (ExecutionException | UncheckedExecutionException e) {
            throwIfUnchecked(e.getCause());
            throw new RuntimeException(e.getCause());
        }
    }

    private Optional<ResolvedRef> resolveOther(RefNamespace refs, String name)
    {
        ResolvedRef.Kind kind = ResolvedRef.Kind.COMMIT;
        String lakeFsName = name;
        Matcher expression = REF_EXPRESSION.matcher(name);
        if (expression.matches()) {
            kind = ResolvedRef.Kind.EXPRESSION;
            // "main~2" and "Feature~1": spell the ref part as lakeFS does
            String base = expression.group(1);
            List<LakeFsRef> baseMatches = refs.all().stream().filter(ref -> ref.name().equals(base)).collect(toImmutableList());
            if (baseMatches.isEmpty()) {
                baseMatches = refs.bySchemaName().get(base.toLowerCase(ENGLISH));
            }
            if (baseMatches.size() > 1) {
                throw new TrinoException(DATAMESH_AMBIGUOUS_REF, ambiguityMessage("Ref expression '%s'".formatted(name), baseMatches));
            }
            if (baseMatches.size() == 1) {
                lakeFsName = baseMatches.getFirst().name() + expression.group(2);
            }
        }
        else if (!isPossibleCommitId(name)) {
            return Optional.empty();
        }
        if (FULL_COMMIT_ID.matcher(name).matches()) {
            LakeFsCommit cached = commits.getIfPresent(name);
            if (cached != null) {
                return Optional.of(new ResolvedRef(name, kind, cached.id()));
            }
        }
        Optional<LakeFsCommit> commit = client.getCommit(lakeFsName);
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        remember(commit.orElseThrow());
        return Optional.of(new ResolvedRef(lakeFsName, kind, commit.orElseThrow().id()));
    }

    private void remember(LakeFsCommit commit)
    {
        try {
            commits.get(commit.id(), () -> commit);
        }
        catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isPossibleCommitId(String name)
    {
        return name.length() >= 6 && name.length() <= 64 && name.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    private String ambiguityMessage(String subject, List<LakeFsRef> matches)
    {
        String refs = matches.stream()
                .map(ref -> "%s '%s'".formatted(ref.type().name().toLowerCase(ENGLISH), ref.name()))
                .collect(Collectors.joining(" and "));
        return "%s is ambiguous in lakeFS repository '%s': it matches %s. Trino lower-cases schema names, so rename one of them in lakeFS, or select one with FOR VERSION AS OF '<exact name>' or by its commit ID"
                .formatted(subject, client.repositoryName(), refs);
    }

    private static ResolvedRef.Kind kindOf(LakeFsRef ref)
    {
        return switch (ref.type()) {
            case BRANCH -> ResolvedRef.Kind.BRANCH;
            case TAG -> ResolvedRef.Kind.TAG;
        };
    }

    private record RefNamespace(List<LakeFsRef> all, ImmutableListMultimap<String, LakeFsRef> bySchemaName)
    {
        RefNamespace(List<LakeFsRef> all)
        {
            this(ImmutableList.copyOf(all), all.stream().collect(toImmutableListMultimap(ref -> ref.name().toLowerCase(ENGLISH), ref -> ref)));
        }
    }
}
