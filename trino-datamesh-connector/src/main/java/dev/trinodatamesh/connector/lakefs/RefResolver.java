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
import com.google.common.cache.Cache;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ImmutableMap;
import com.google.common.util.concurrent.UncheckedExecutionException;
import com.google.inject.Inject;
import dev.trinodatamesh.connector.DatameshConfig;
import io.trino.cache.EvictableCacheBuilder;
import io.trino.spi.TrinoException;

import java.util.Collection;
import java.util.List;
import java.util.Map;
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
import static java.util.regex.Pattern.CASE_INSENSITIVE;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

/**
 * Maps Trino schema names to lakeFS refs.
 * <p>
 * lakeFS branch and tag names are case-sensitive ({@code ^\w[-\w]*$}) while Trino lower-cases
 * schema names. A schema name names the branch or tag of exactly that name when there is one,
 * found with a direct lookup whatever the number of refs; otherwise the one ref whose
 * lower-cased name it is, found in the listing of all refs. A schema name that two refs map to
 * (branches {@code Dev} and {@code DEV}, or a branch and a tag of the same name) is refused with
 * an error that names both. Any other ref that lakeFS resolves (a commit ID, abbreviated or
 * full, or an expression such as {@code main~2}) also works as a quoted schema name.
 * {@code FOR VERSION AS OF} takes a ref with its case preserved.
 * <p>
 * The listing of branches and tags is made at most once per query (callers pass it in, memoized
 * per transaction) and reused across queries for {@code datamesh.ref-cache-ttl} (default: not at
 * all); when that TTL is set, schemas resolve from the listing alone. Which refs a listing shows
 * as schemas is set by {@code datamesh.schemas.include} and {@code datamesh.schemas.exclude};
 * every ref stays reachable by name. The cached listing is dropped whenever this catalog itself
 * creates, deletes or moves a ref ({@link #invalidate()}), so that a branch made with
 * {@code CREATE SCHEMA} is a schema at once. Commits are immutable and cached by ID.
 */
public class RefResolver
{
    private static final Pattern FULL_COMMIT_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern REF_NAME = Pattern.compile("\\w[-\\w]*");
    private static final Pattern REF_EXPRESSION = Pattern.compile("(\\w[-\\w]*)((?:[~^][0-9]*)+)");

    private final LakeFsClient client;
    private final boolean listingCached;
    private final Supplier<RefListing> loader;
    private final long ttlNanos;
    private final AtomicLong generation = new AtomicLong();
    private volatile Optional<CachedListing> cachedListing = Optional.empty();
    private final Optional<Pattern> include;
    private final Optional<Pattern> exclude;
    private final Cache<String, LakeFsCommit> commits;

    @Inject
    public RefResolver(LakeFsClient client, DatameshConfig config)
    {
        this.client = requireNonNull(client, "client is null");
        this.ttlNanos = config.getRefCacheTtl().roundTo(NANOSECONDS);
        this.loader = () -> new RefListing(ImmutableList.<LakeFsRef>builder()
                .addAll(client.listBranches())
                .addAll(client.listTags())
                .build());
        this.listingCached = ttlNanos > 0;
        this.include = config.getSchemasInclude().map(pattern -> Pattern.compile(pattern, CASE_INSENSITIVE));
        this.exclude = config.getSchemasExclude().map(pattern -> Pattern.compile(pattern, CASE_INSENSITIVE));
        this.commits = EvictableCacheBuilder.newBuilder()
                .maximumSize(10_000)
                .build();
    }

    public String repositoryName()
    {
        return client.repositoryName();
    }

    /**
     * All branches and tags of the repository. Load it once per query and pass it to the other
     * methods.
     */
    public RefListing listRefs()
    {
        if (!listingCached) {
            return loader.get();
        }
        long now = System.nanoTime();
        Optional<CachedListing> cached = cachedListing;
        if (cached.isPresent() && now - cached.orElseThrow().loadedNanos() < ttlNanos) {
            return cached.orElseThrow().listing();
        }
        long loadedGeneration = generation.get();
        RefListing listing = loader.get();
        synchronized (this) {
            // a listing that started before an invalidation may miss the change: not kept
            if (generation.get() == loadedGeneration) {
                cachedListing = Optional.of(new CachedListing(listing, now));
            }
        }
        return listing;
    }

    /**
     * Forgets the listing of branches and tags: the next resolution lists them again.
     */
    public void invalidate()
    {
        synchronized (this) {
            generation.incrementAndGet();
            cachedListing = Optional.empty();
        }
    }

    private record CachedListing(RefListing listing, long loadedNanos) {}

    /**
     * Schema names of the branches and tags a listing shows (after {@code datamesh.schemas.include}
     * and {@code exclude}), lower-cased, without duplicates.
     */
    public List<String> listSchemaNames()
    {
        return listSchemaNames(listRefs());
    }

    public List<String> listSchemaNames(RefListing refs)
    {
        return listedSchemas(refs).keySet().stream()
                .sorted()
                .collect(toImmutableList());
    }

    /**
     * The refs of the schemas a listing shows, by schema name, resolved from the listing alone (no
     * further lakeFS calls). A schema name two refs map to fails when its value is read.
     */
    public Map<String, Supplier<ResolvedRef>> listedSchemas(RefListing refs)
    {
        ImmutableMap.Builder<String, Supplier<ResolvedRef>> schemas = ImmutableMap.builder();
        for (Map.Entry<String, Collection<LakeFsRef>> entry : refs.bySchemaName().asMap().entrySet()) {
            List<LakeFsRef> shown = entry.getValue().stream()
                    .filter(ref -> isListed(ref.name()))
                    .collect(toImmutableList());
            if (shown.isEmpty()) {
                continue;
            }
            // ambiguity counts every ref of the name, listed or not, as resolution by name does
            List<LakeFsRef> matches = ImmutableList.copyOf(entry.getValue());
            String schemaName = entry.getKey();
            schemas.put(schemaName, () -> single("Schema '%s'".formatted(schemaName), matches).orElseThrow());
        }
        return schemas.buildOrThrow();
    }

    private boolean isListed(String refName)
    {
        return include.map(pattern -> pattern.matcher(refName).matches()).orElse(true)
                && !exclude.map(pattern -> pattern.matcher(refName).matches()).orElse(false);
    }

    /**
     * Resolves a (lower-case) schema name, with a fresh listing when one is needed.
     */
    public Optional<ResolvedRef> resolveSchema(String schemaName)
    {
        return resolveSchema(schemaName, Suppliers.memoize(this::listRefs));
    }

    /**
     * Resolves a (lower-case) schema name. Empty when no branch, tag, commit or expression matches.
     *
     * @param refs the listing of the query, loaded only when a direct lookup misses
     */
    public Optional<ResolvedRef> resolveSchema(String schemaName, Supplier<RefListing> refs)
    {
        requireNonNull(schemaName, "schemaName is null");
        String subject = "Schema '%s'".formatted(schemaName);
        Optional<ResolvedRef> exact = single(subject, exactly(schemaName, refs));
        if (exact.isPresent()) {
            return exact;
        }
        Optional<ResolvedRef> folded = single(subject, refs.get().bySchemaName().get(schemaName.toLowerCase(ENGLISH)));
        return folded.isPresent() ? folded : resolveOther(refs, schemaName);
    }

    /**
     * Resolves the value of {@code FOR VERSION AS OF}: a branch, tag, commit ID or expression,
     * case preserved.
     */
    public ResolvedRef resolveVersion(String version)
    {
        return resolveVersion(version, Suppliers.memoize(this::listRefs));
    }

    public ResolvedRef resolveVersion(String version, Supplier<RefListing> refs)
    {
        requireNonNull(version, "version is null");
        String subject = "Version '%s'".formatted(version);
        return single(subject, exactly(version, refs))
                .or(() -> resolveOther(refs, version))
                .orElseThrow(() -> new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no branch, tag or commit '%s'".formatted(client.repositoryName(), version)));
    }

    /**
     * The branch and the tag of exactly this name: from the cached listing when there is one, else
     * with two direct lookups.
     */
    private List<LakeFsRef> exactly(String name, Supplier<RefListing> refs)
    {
        if (listingCached) {
            return refs.get().all().stream()
                    .filter(ref -> ref.name().equals(name))
                    .collect(toImmutableList());
        }
        if (!REF_NAME.matcher(name).matches()) {
            return ImmutableList.of();
        }
        ImmutableList.Builder<LakeFsRef> found = ImmutableList.builder();
        client.getBranch(name).ifPresent(found::add);
        client.getTag(name).ifPresent(found::add);
        return found.build();
    }

    private Optional<ResolvedRef> single(String subject, List<LakeFsRef> matches)
    {
        if (matches.size() > 1) {
            throw new TrinoException(DATAMESH_AMBIGUOUS_REF, ambiguityMessage(subject, matches));
        }
        return matches.stream().findFirst().map(ref -> new ResolvedRef(ref.name(), kindOf(ref), ref.commitId()));
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

    private Optional<ResolvedRef> resolveOther(Supplier<RefListing> refs, String name)
    {
        ResolvedRef.Kind kind = ResolvedRef.Kind.COMMIT;
        String lakeFsName = name;
        Matcher expression = REF_EXPRESSION.matcher(name);
        if (expression.matches()) {
            kind = ResolvedRef.Kind.EXPRESSION;
            // "main~2" and "Feature~1": spell the ref part as lakeFS does
            String base = expression.group(1);
            List<LakeFsRef> baseMatches = exactly(base, refs);
            if (baseMatches.isEmpty()) {
                baseMatches = refs.get().bySchemaName().get(base.toLowerCase(ENGLISH));
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

    /**
     * The branches and tags of a repository at one moment.
     */
    public record RefListing(List<LakeFsRef> all, ImmutableListMultimap<String, LakeFsRef> bySchemaName)
    {
        public RefListing
        {
            all = ImmutableList.copyOf(all);
            requireNonNull(bySchemaName, "bySchemaName is null");
        }

        RefListing(List<LakeFsRef> all)
        {
            this(ImmutableList.copyOf(all), all.stream().collect(toImmutableListMultimap(ref -> ref.name().toLowerCase(ENGLISH), ref -> ref)));
        }
    }
}
