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

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import dev.trinodatamesh.connector.lakefs.LakeFsCommit;
import dev.trinodatamesh.connector.lakefs.LakeFsDiff;
import dev.trinodatamesh.connector.lakefs.LakeFsMergeResult;
import dev.trinodatamesh.connector.lakefs.LakeFsRef;
import dev.trinodatamesh.connector.lakefs.RefResolver;
import io.airlift.log.Logger;
import io.airlift.units.Duration;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.security.ConnectorIdentity;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_INVALID_REF_NAME;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_READ_ONLY_REF;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_REF_EXISTS;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_REF_NOT_DELETABLE;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_REF_NOT_FOUND;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_WRITE_CONFLICT;
import static dev.trinodatamesh.connector.write.WriteTransactions.TRANSACTION_BRANCH_PREFIX;
import static io.trino.spi.StandardErrorCode.INVALID_PROCEDURE_ARGUMENT;
import static java.util.Objects.requireNonNull;

/**
 * Branches, tags, merges and reverts of the catalog's repository, for {@code CREATE SCHEMA},
 * {@code DROP SCHEMA} and the procedures of {@code <catalog>.system}. Names are lakeFS's, exact
 * (case-sensitive); every change drops the catalog's cached listing of refs, so the next
 * statement sees it.
 */
public class RefManager
{
    private static final Logger log = Logger.get(RefManager.class);
    private static final Pattern REF_NAME = Pattern.compile("\\w[-\\w]*");
    private static final DateTimeFormatter QUERY_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss", Locale.ENGLISH);
    private static final Set<String> STRATEGIES = ImmutableSet.of("dest-wins", "source-wins");
    private static final int CONFLICTS_NAMED = 20;

    private final LakeFsClient lakeFs;
    private final RefResolver refResolver;
    private final TrinoFileSystemFactory fileSystemFactory;

    @Inject
    public RefManager(LakeFsClient lakeFs, RefResolver refResolver, TrinoFileSystemFactory fileSystemFactory)
    {
        this.lakeFs = requireNonNull(lakeFs, "lakeFs is null");
        this.refResolver = requireNonNull(refResolver, "refResolver is null");
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
    }

    /**
     * Creates a branch at the commit {@code sourceRef} resolves to, or at the head of the
     * repository's default branch.
     */
    public LakeFsRef createBranch(String name, Optional<String> sourceRef)
    {
        checkNewName("branch", name);
        String source = sourceRef.orElseGet(() -> lakeFs.getRepository().defaultBranch());
        LakeFsCommit commit = commit(source, "create branch '%s' from".formatted(name));
        try {
            return lakeFs.createBranch(name, commit.id(), false);
        }
        finally {
            refResolver.invalidate();
        }
    }

    /**
     * Deletes a branch; never the default branch, a protected branch, a transaction branch, a tag
     * or a commit.
     */
    public void deleteBranch(String name)
    {
        requireNonNull(name, "name is null");
        if (name.startsWith(TRANSACTION_BRANCH_PREFIX)) {
            throw new TrinoException(DATAMESH_REF_NOT_DELETABLE, "'%s' is a transaction branch of a write statement of lakeFS repository '%s': CALL system.cleanup_transactions() deletes those left behind".formatted(name, lakeFs.repositoryName()));
        }
        if (lakeFs.getBranch(name).isEmpty()) {
            if (findTag(name).isPresent()) {
                throw new TrinoException(DATAMESH_REF_NOT_DELETABLE, "'%s' is a tag of lakeFS repository '%s', not a branch: CALL system.delete_tag('%s') deletes it".formatted(name, lakeFs.repositoryName(), name));
            }
            if (lakeFs.getCommit(name).isPresent()) {
                throw new TrinoException(DATAMESH_REF_NOT_DELETABLE, "'%s' is a commit of lakeFS repository '%s', not a branch: commits are never deleted".formatted(name, lakeFs.repositoryName()));
            }
            throw new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no branch '%s'".formatted(lakeFs.repositoryName(), name));
        }
        String defaultBranch = lakeFs.getRepository().defaultBranch();
        if (name.equals(defaultBranch)) {
            throw new TrinoException(DATAMESH_REF_NOT_DELETABLE, "Branch '%s' is the default branch of lakeFS repository '%s' and cannot be deleted".formatted(name, lakeFs.repositoryName()));
        }
        for (String pattern : lakeFs.branchProtectionPatterns()) {
            if (WriteTransactions.globMatches(pattern, name)) {
                throw new TrinoException(DATAMESH_REF_NOT_DELETABLE, "Branch '%s' of lakeFS repository '%s' is protected (rule '%s') and cannot be deleted".formatted(name, lakeFs.repositoryName(), pattern));
            }
        }
        try {
            lakeFs.deleteBranch(name);
        }
        finally {
            refResolver.invalidate();
        }
    }

    public LakeFsRef createTag(String name, String ref)
    {
        checkNewName("tag", name);
        LakeFsCommit commit = commit(requireNonNull(ref, "ref is null"), "create tag '%s' at".formatted(name));
        try {
            return lakeFs.createTag(name, commit.id());
        }
        finally {
            refResolver.invalidate();
        }
    }

    public void deleteTag(String name)
    {
        requireNonNull(name, "name is null");
        if (findTag(name).isEmpty()) {
            if (lakeFs.getBranch(name).isPresent()) {
                throw new TrinoException(DATAMESH_REF_NOT_DELETABLE, "'%s' is a branch of lakeFS repository '%s', not a tag: CALL system.delete_branch('%s') or DROP SCHEMA deletes it".formatted(name, lakeFs.repositoryName(), name));
            }
            throw new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no tag '%s'".formatted(lakeFs.repositoryName(), name));
        }
        try {
            lakeFs.deleteTag(name);
        }
        finally {
            refResolver.invalidate();
        }
    }

    /**
     * Merges {@code source} (any ref) into the branch {@code target}, protected or not: a merge
     * commit with the Trino query ID, user and source in its metadata.
     *
     * @param strategy empty to fail on conflicts, or {@code dest-wins} / {@code source-wins}
     * @return the target's head after the merge (unchanged when there was nothing to merge)
     */
    public String merge(ConnectorSession session, String source, String target, Optional<String> strategy, String statement)
    {
        requireNonNull(source, "source is null");
        requireNonNull(target, "target is null");
        strategy.ifPresent(value -> {
            if (!STRATEGIES.contains(value)) {
                throw new TrinoException(INVALID_PROCEDURE_ARGUMENT, "Merge strategy must be NULL (fail on conflicts), 'dest-wins' or 'source-wins'; got '%s'".formatted(value));
            }
        });
        LakeFsRef targetBranch = branch(target, "merge into");
        LakeFsCommit sourceCommit = commit(source, "merge");
        if (!lakeFs.diffRefs(targetBranch.commitId(), sourceCommit.id(), "", Optional.empty(), 1).differences().iterator().hasNext()) {
            log.debug("Nothing to merge from '%s' into '%s' of lakeFS repository %s", source, target, lakeFs.repositoryName());
            return targetBranch.commitId();
        }
        Map<String, String> metadata = WriteTransactions.metadata(session, statement);
        String message = "Merge '%s' into '%s' (Trino query %s by %s)".formatted(source, target, session.getQueryId(), session.getUser());
        LakeFsMergeResult result;
        try {
            result = lakeFs.merge(sourceCommit.id(), target, message, metadata, strategy, false);
        }
        finally {
            refResolver.invalidate();
        }
        return switch (result) {
            case LakeFsMergeResult.Merged merged -> merged.commitId();
            case LakeFsMergeResult.Conflict conflict -> throw mergeConflict(source, sourceCommit.id(), targetBranch, conflict.message());
        };
    }

    /**
     * Commits on {@code branch} the reverse of what {@code commit} changed; for a merge commit, the
     * changes the merge brought (its first parent's side is kept).
     *
     * @return the branch's new head
     */
    public String revert(ConnectorSession session, String branch, String commit, String statement)
    {
        LakeFsRef target = branch(requireNonNull(branch, "branch is null"), "revert a commit on");
        LakeFsCommit reverted = commit(requireNonNull(commit, "commit is null"), "revert");
        if (reverted.parents().isEmpty()) {
            throw new TrinoException(INVALID_PROCEDURE_ARGUMENT, "Commit %s is the first commit of lakeFS repository '%s': there is nothing before it to revert to".formatted(reverted.id(), lakeFs.repositoryName()));
        }
        Map<String, String> metadata = WriteTransactions.metadata(session, statement);
        String message = "Revert %s on '%s' (Trino query %s by %s)".formatted(reverted.id(), target.name(), session.getQueryId(), session.getUser());
        try {
            return lakeFs.revert(target.name(), reverted.id(), 1, message, metadata).id();
        }
        finally {
            refResolver.invalidate();
        }
    }

    /**
     * Deletes the hidden transaction branches ({@code trino-tx-<query ID>-<random>}) of statements
     * that started more than {@code olderThan} before {@code now}: what killed servers leave
     * behind. The data files they staged and never committed are deleted from the object store
     * first (no commit refers to them); what they committed and never merged is left to lakeFS's
     * garbage collection, which removes it once no branch reaches it.
     *
     * @param identity whose credentials delete the files
     * @return the branches deleted
     */
    public List<String> cleanupTransactions(ConnectorIdentity identity, Duration olderThan, Instant now)
    {
        Instant cutoff = now.minusMillis(olderThan.toMillis());
        ImmutableList.Builder<String> deleted = ImmutableList.builder();
        for (LakeFsRef branch : lakeFs.listBranches(TRANSACTION_BRANCH_PREFIX, true)) {
            Optional<Instant> started = transactionStart(branch.name());
            if (started.isEmpty()) {
                log.warn("Leaving branch %s of lakeFS repository %s: its name does not carry a Trino query ID", branch.name(), lakeFs.repositoryName());
                continue;
            }
            if (!started.orElseThrow().isBefore(cutoff)) {
                continue;
            }
            deleteUncommittedFiles(identity, branch.name());
            try {
                lakeFs.deleteBranch(branch.name());
                deleted.add(branch.name());
                log.info("Deleted leftover transaction branch %s of lakeFS repository %s", branch.name(), lakeFs.repositoryName());
            }
            catch (TrinoException e) {
                if (!e.getErrorCode().equals(DATAMESH_REF_NOT_FOUND.toErrorCode())) {
                    throw e;
                }
                // its statement finished meanwhile
            }
        }
        return deleted.build();
    }

    private void deleteUncommittedFiles(ConnectorIdentity identity, String branch)
    {
        try {
            List<Location> files = new ArrayList<>();
            for (Iterator<LakeFsDiff> changes = lakeFs.uncommittedChanges(branch); changes.hasNext(); ) {
                LakeFsDiff change = changes.next();
                if (change.type() == LakeFsDiff.Type.REMOVED) {
                    continue;
                }
                // the object's own path sorts first among those it prefixes
                lakeFs.listObjects(branch, change.path(), Optional.empty(), Optional.empty(), 1).objects().stream()
                        .filter(object -> object.path().equals(change.path()))
                        .findFirst()
                        .ifPresent(object -> files.add(Location.of(object.physicalAddress())));
            }
            if (!files.isEmpty()) {
                fileSystemFactory.create(identity).deleteFiles(files);
                log.info("Deleted %s uncommitted files of transaction branch %s of lakeFS repository %s", files.size(), branch, lakeFs.repositoryName());
            }
        }
        catch (IOException | RuntimeException e) {
            // lakeFS's garbage collection of uncommitted objects removes what is left
            log.warn(e, "Cannot delete the uncommitted files of transaction branch %s of lakeFS repository %s", branch, lakeFs.repositoryName());
        }
    }

    /**
     * When the statement of a transaction branch started: Trino query IDs begin with the UTC time
     * the coordinator made them ({@code 20261202_054830_00001_abcde}).
     */
    static Optional<Instant> transactionStart(String branchName)
    {
        if (!branchName.startsWith(TRANSACTION_BRANCH_PREFIX) || branchName.length() < TRANSACTION_BRANCH_PREFIX.length() + 15) {
            return Optional.empty();
        }
        String time = branchName.substring(TRANSACTION_BRANCH_PREFIX.length(), TRANSACTION_BRANCH_PREFIX.length() + 15);
        try {
            return Optional.of(LocalDateTime.parse(time, QUERY_ID_TIME).toInstant(ZoneOffset.UTC));
        }
        catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private TrinoException mergeConflict(String source, String sourceCommit, LakeFsRef target, String reason)
    {
        // lakeFS does not say which paths conflict: those both sides changed since their merge base
        Optional<String> base = lakeFs.findMergeBase(sourceCommit, target.name());
        String paths = reason;
        if (base.isPresent()) {
            Set<String> ours = changedPaths(base.orElseThrow(), sourceCommit);
            String targetHead = lakeFs.getBranch(target.name()).map(LakeFsRef::commitId).orElse(target.commitId());
            List<String> both = changedPaths(base.orElseThrow(), targetHead).stream()
                    .filter(ours::contains)
                    .sorted()
                    .collect(toImmutableList());
            if (!both.isEmpty()) {
                paths = String.join(", ", both.subList(0, Math.min(both.size(), CONFLICTS_NAMED))) + (both.size() > CONFLICTS_NAMED ? " and %s more".formatted(both.size() - CONFLICTS_NAMED) : "");
            }
        }
        return new TrinoException(DATAMESH_WRITE_CONFLICT, ("Merging '%s' into branch '%s' of lakeFS repository '%s' conflicts on %s (both changed since their common commit); nothing was merged. " +
                "Change them on '%s' again, or merge with strategy 'source-wins' or 'dest-wins'")
                .formatted(source, target.name(), lakeFs.repositoryName(), paths, source));
    }

    private Set<String> changedPaths(String from, String to)
    {
        ImmutableSet.Builder<String> paths = ImmutableSet.builder();
        for (Iterator<LakeFsDiff> diff = lakeFs.diff(from, to, ""); diff.hasNext(); ) {
            paths.add(diff.next().path());
        }
        return paths.build();
    }

    private void checkNewName(String kind, String name)
    {
        requireNonNull(name, "name is null");
        if (!REF_NAME.matcher(name).matches()) {
            throw new TrinoException(DATAMESH_INVALID_REF_NAME, "Invalid %s name '%s' for lakeFS repository '%s': a name is letters, digits, '_' and '-', and starts with a letter, digit or '_'".formatted(kind, name, lakeFs.repositoryName()));
        }
        if (name.startsWith(TRANSACTION_BRANCH_PREFIX)) {
            throw new TrinoException(DATAMESH_INVALID_REF_NAME, "Invalid %s name '%s': names starting with '%s' are reserved for the transaction branches of write statements".formatted(kind, name, TRANSACTION_BRANCH_PREFIX));
        }
        List<LakeFsRef> refs = ImmutableList.<LakeFsRef>builder()
                .addAll(lakeFs.listBranches())
                .addAll(lakeFs.listTags())
                .build();
        for (LakeFsRef ref : refs) {
            if (ref.name().equals(name)) {
                throw new TrinoException(DATAMESH_REF_EXISTS, "lakeFS repository '%s' already has a %s '%s'".formatted(lakeFs.repositoryName(), kindName(ref), name));
            }
            if (ref.name().equalsIgnoreCase(name)) {
                throw new TrinoException(DATAMESH_REF_EXISTS, "lakeFS repository '%s' already has a %s '%s', the same Trino schema as '%s' (Trino lower-cases schema names)".formatted(lakeFs.repositoryName(), kindName(ref), ref.name(), name));
            }
        }
    }

    private LakeFsRef branch(String name, String operation)
    {
        Optional<LakeFsRef> branch = lakeFs.getBranch(name);
        if (branch.isPresent()) {
            return branch.orElseThrow();
        }
        if (findTag(name).isPresent()) {
            throw new TrinoException(DATAMESH_READ_ONLY_REF, "Cannot %s '%s': it is a tag of lakeFS repository '%s', which is read-only; only branches change".formatted(operation, name, lakeFs.repositoryName()));
        }
        if (lakeFs.getCommit(name).isPresent()) {
            throw new TrinoException(DATAMESH_READ_ONLY_REF, "Cannot %s '%s': it is a commit of lakeFS repository '%s', which is read-only; only branches change".formatted(operation, name, lakeFs.repositoryName()));
        }
        throw new TrinoException(DATAMESH_REF_NOT_FOUND, "Cannot %s '%s': lakeFS repository '%s' has no branch '%s'".formatted(operation, name, lakeFs.repositoryName(), name));
    }

    private LakeFsCommit commit(String ref, String operation)
    {
        return lakeFs.getCommit(ref)
                .orElseThrow(() -> new TrinoException(DATAMESH_REF_NOT_FOUND, "Cannot %s '%s': lakeFS repository '%s' has no branch, tag or commit '%s'".formatted(operation, ref, lakeFs.repositoryName(), ref)));
    }

    private Optional<LakeFsRef> findTag(String name)
    {
        return lakeFs.listTags().stream().filter(tag -> tag.name().equals(name)).findFirst();
    }

    private static String kindName(LakeFsRef ref)
    {
        return ref.type().name().toLowerCase(Locale.ENGLISH);
    }
}
