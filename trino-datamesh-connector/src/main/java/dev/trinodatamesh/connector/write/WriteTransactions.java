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

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import dev.trinodatamesh.connector.lakefs.LakeFsDiff;
import dev.trinodatamesh.connector.lakefs.LakeFsMergeResult;
import dev.trinodatamesh.connector.lakefs.LakeFsRef;
import dev.trinodatamesh.connector.lakefs.ResolvedRef;
import io.airlift.log.Logger;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.security.ConnectorIdentity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_PROTECTED_BRANCH;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_READ_ONLY_REF;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_REF_NOT_FOUND;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_WRITE_CONFLICT;
import static java.util.Objects.requireNonNull;

/**
 * Makes each write statement one atomic commit of its branch, the pattern of lakeFS's own
 * transaction helpers: the statement writes on a hidden branch made from the commit it read; when
 * it finishes, that branch is committed and merged into the target in one step (readers see all
 * of the statement or none of it; concurrent statements that touch other paths all land); when it
 * fails, the branch is deleted. Commits carry the Trino query ID, user, source and statement.
 */
public class WriteTransactions
{
    private static final Logger log = Logger.get(WriteTransactions.class);
    public static final String TRANSACTION_BRANCH_PREFIX = "trino-tx-";
    private static final int CONFLICTS_NAMED = 20;

    private final LakeFsClient lakeFs;
    private final TrinoFileSystemFactory fileSystemFactory;

    @Inject
    public WriteTransactions(LakeFsClient lakeFs, TrinoFileSystemFactory fileSystemFactory)
    {
        this.lakeFs = requireNonNull(lakeFs, "lakeFs is null");
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
    }

    /**
     * Fails unless the schema is a branch that takes direct writes.
     *
     * @param schemaName the schema a statement writes to
     */
    public void checkWritable(String schemaName, ResolvedRef ref)
    {
        if (ref.kind() != ResolvedRef.Kind.BRANCH) {
            throw new TrinoException(DATAMESH_READ_ONLY_REF, "Schema '%s' is %s '%s' of lakeFS repository '%s', which is read-only: write to a branch (CREATE SCHEMA %s.<name> WITH (source_ref = '%s') creates one)"
                    .formatted(schemaName, describe(ref.kind()), ref.name(), lakeFs.repositoryName(), lakeFs.repositoryName(), ref.name()));
        }
        for (String pattern : lakeFs.branchProtectionPatterns()) {
            if (globMatches(pattern, ref.name())) {
                throw new TrinoException(DATAMESH_PROTECTED_BRANCH, ("Branch '%1$s' of lakeFS repository '%2$s' is protected (rule '%3$s'): it changes only by merges. " +
                        "Write on a branch of your own and merge it: CREATE SCHEMA <catalog>.my_change WITH (source_ref = '%1$s'), then CALL <catalog>.system.merge('my_change', '%1$s')")
                        .formatted(ref.name(), lakeFs.repositoryName(), pattern));
            }
        }
    }

    /**
     * Starts a statement's write on {@code branch}: its transaction branch, from {@code baseCommit}.
     */
    public WriteTransaction begin(ConnectorSession session, String branch, String baseCommit, String tablePath)
    {
        String name = TRANSACTION_BRANCH_PREFIX + session.getQueryId() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        lakeFs.createBranch(name, baseCommit, true);
        return new WriteTransaction(branch, name, baseCommit, tablePath);
    }

    /**
     * Commits what the statement staged on its transaction branch and merges it into the target
     * as one commit. Deletes the transaction branch in any case.
     *
     * @param statement what the statement did, such as {@code INSERT INTO dev.orders}
     * @return the commit the statement made on the target branch
     */
    public String finish(ConnectorSession session, WriteTransaction transaction, String statement)
    {
        try {
            Map<String, String> metadata = metadata(session, statement);
            String message = "%s (Trino query %s by %s)".formatted(statement, session.getQueryId(), session.getUser());
            lakeFs.commit(transaction.transactionBranch(), message, metadata);
            LakeFsMergeResult result = lakeFs.merge(transaction.transactionBranch(), transaction.branch(), message, metadata, Optional.empty(), true);
            return switch (result) {
                case LakeFsMergeResult.Merged merged -> merged.commitId();
                case LakeFsMergeResult.Conflict conflict -> throw conflict(transaction, statement, conflict.message());
            };
        }
        finally {
            deleteTransactionBranch(transaction);
        }
    }

    /**
     * Drops a statement that did not finish: the data files its writers linked on the transaction
     * branch are deleted from the object store (writers that failed delete their own), then the
     * branch itself.
     *
     * @param identity whose credentials delete the files
     */
    public void abort(WriteTransaction transaction, ConnectorIdentity identity)
    {
        try {
            Set<String> before = new HashSet<>();
            lakeFs.objects(transaction.baseCommit(), transaction.tablePath()).forEachRemaining(object -> before.add(object.physicalAddress()));
            List<Location> written = new ArrayList<>();
            lakeFs.objects(transaction.transactionBranch(), transaction.tablePath()).forEachRemaining(object -> {
                if (!before.contains(object.physicalAddress())) {
                    written.add(Location.of(object.physicalAddress()));
                }
            });
            if (!written.isEmpty()) {
                fileSystemFactory.create(identity).deleteFiles(written);
            }
        }
        catch (IOException | RuntimeException e) {
            // lakeFS's garbage collection of uncommitted objects removes what is left
            log.warn(e, "Cannot delete the data files of aborted transaction %s of lakeFS repository %s", transaction.transactionBranch(), lakeFs.repositoryName());
        }
        deleteTransactionBranch(transaction);
    }

    private void deleteTransactionBranch(WriteTransaction transaction)
    {
        try {
            lakeFs.deleteBranch(transaction.transactionBranch());
        }
        catch (TrinoException e) {
            if (!e.getErrorCode().equals(DATAMESH_REF_NOT_FOUND.toErrorCode())) {
                // left behind hidden: CALL system.cleanup_transactions removes it
                log.warn(e, "Cannot delete transaction branch %s of lakeFS repository %s", transaction.transactionBranch(), lakeFs.repositoryName());
            }
        }
    }

    /**
     * The current head of a branch, for a statement that writes without reading it first.
     */
    public String head(String branch)
    {
        return lakeFs.getBranch(branch)
                .map(LakeFsRef::commitId)
                .orElseThrow(() -> new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no branch '%s'".formatted(lakeFs.repositoryName(), branch)));
    }

    private TrinoException conflict(WriteTransaction transaction, String statement, String reason)
    {
        // lakeFS does not say which paths conflict: those both sides changed since the base
        Set<String> ours = changedPaths(transaction.baseCommit(), transaction.transactionBranch());
        List<String> both = ImmutableSet.copyOf(changedPaths(transaction.baseCommit(), transaction.branch())).stream()
                .filter(ours::contains)
                .sorted()
                .collect(toImmutableList());
        String paths = both.isEmpty() ? reason : String.join(", ", both.subList(0, Math.min(both.size(), CONFLICTS_NAMED))) + (both.size() > CONFLICTS_NAMED ? " and %s more".formatted(both.size() - CONFLICTS_NAMED) : "");
        return new TrinoException(DATAMESH_WRITE_CONFLICT, "%s conflicts with a change made to branch '%s' of lakeFS repository '%s' since commit %s, on %s; nothing was written: run the statement again"
                .formatted(statement, transaction.branch(), lakeFs.repositoryName(), transaction.baseCommit(), paths));
    }

    private Set<String> changedPaths(String from, String to)
    {
        ImmutableSet.Builder<String> paths = ImmutableSet.builder();
        for (Iterator<LakeFsDiff> diff = lakeFs.diff(from, to, ""); diff.hasNext(); ) {
            paths.add(diff.next().path());
        }
        return paths.build();
    }

    static Map<String, String> metadata(ConnectorSession session, String statement)
    {
        ImmutableMap.Builder<String, String> metadata = ImmutableMap.<String, String>builder()
                .put("trino_query_id", session.getQueryId())
                .put("trino_user", session.getUser())
                .put("trino_statement", statement);
        session.getSource().ifPresent(source -> metadata.put("trino_source", source));
        return metadata.buildOrThrow();
    }

    /**
     * lakeFS's branch protection patterns: {@code *} matches any run of characters, {@code ?} one.
     */
    static boolean globMatches(String pattern, String name)
    {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return name.matches(regex.toString());
    }

    private static String describe(ResolvedRef.Kind kind)
    {
        return switch (kind) {
            case BRANCH -> "branch";
            case TAG -> "tag";
            case COMMIT -> "commit";
            case EXPRESSION -> "ref expression";
        };
    }
}
