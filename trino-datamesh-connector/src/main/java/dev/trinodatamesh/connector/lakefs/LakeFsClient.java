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

import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lakeFS operations the connector needs, all on the catalog's one repository.
 * Failures surface as {@link io.trino.spi.TrinoException}s that name the endpoint and the
 * repository, never the secret key.
 */
public interface LakeFsClient
{
    /** Largest page lakeFS serves. */
    int MAX_PAGE_SIZE = 1000;

    URI endpoint();

    String repositoryName();

    LakeFsRepository getRepository();

    List<LakeFsRef> listBranches();

    List<LakeFsRef> listTags();

    /**
     * Resolves a branch, tag, commit ID or ref expression ({@code main~2}) to its commit.
     * Empty when lakeFS does not know the ref.
     */
    Optional<LakeFsCommit> getCommit(String ref);

    /**
     * One page of the objects under {@code prefix} at {@code ref}: recursive without a delimiter,
     * one level with {@code delimiter = "/"}.
     */
    LakeFsObjectPage listObjects(String ref, String prefix, Optional<String> delimiter, Optional<String> after, int amount);

    /** The content of a small object, such as a table descriptor. Empty when it does not exist. */
    Optional<byte[]> getObject(String ref, String path);

    /** One page of the commit log of {@code ref}, limited to commits touching {@code prefixes} when given. */
    LakeFsCommitPage logCommits(String ref, List<String> prefixes, Optional<String> after, int amount);

    // ---- branches, tags and writes

    /** The branch, or empty when the repository has none of that name (exact, case-sensitive). */
    Optional<LakeFsRef> getBranch(String name);

    /** The tag, or empty when the repository has none of that name (exact, case-sensitive). */
    Optional<LakeFsRef> getTag(String name);

    /**
     * Creates a branch at the commit {@code sourceRef} resolves to. A hidden branch is not listed by
     * {@link #listBranches()}; the write path uses them for its short-lived transaction branches.
     * Fails with {@code DATAMESH_REF_EXISTS} when the branch exists.
     */
    LakeFsRef createBranch(String name, String sourceRef, boolean hidden);

    /**
     * The branches whose names start with {@code prefix}, hidden ones included when asked (the
     * write path's transaction branches are hidden).
     */
    List<LakeFsRef> listBranches(String prefix, boolean includeHidden);

    /**
     * The best common ancestor of {@code sourceRef} and {@code destinationBranch}: the commit a
     * merge of one into the other compares both with. Empty when they have none or a ref is unknown.
     */
    Optional<String> findMergeBase(String sourceRef, String destinationBranch);

    /**
     * One page of the uncommitted (staged) changes of a branch, in path order.
     */
    LakeFsDiffPage diffUncommitted(String branch, Optional<String> after, int amount);

    /** Deletes a branch and its uncommitted changes; the commits stay. */
    void deleteBranch(String name);

    /** Fails with {@code DATAMESH_REF_EXISTS} when the tag exists. */
    LakeFsRef createTag(String name, String ref);

    void deleteTag(String name);

    /** The repository's branch protection rules: patterns of branch names, such as {@code main} or {@code release-*}. */
    List<String> branchProtectionPatterns();

    /** Where to write the bytes of a new object at {@code path} of {@code branch}. */
    LakeFsStagingLocation stagingLocation(String branch, String path);

    /**
     * Stages the object written to {@code location} at {@code path} of {@code branch}.
     *
     * @param checksum the object's content hash (hex MD5), which diffs and merges compare
     */
    void linkStagedObject(String branch, String path, LakeFsStagingLocation location, long sizeBytes, String checksum);

    /** Stages a small object, such as a table descriptor, uploaded through lakeFS. */
    void uploadObject(String branch, String path, byte[] content);

    /** Stages the removal of objects of a branch; paths that do not exist are ignored. */
    void deleteObjects(String branch, List<String> paths);

    /** Commits the staged changes of a branch. */
    LakeFsCommit commit(String branch, String message, Map<String, String> metadata);

    /**
     * Merges {@code sourceRef} into {@code destinationBranch}; with {@code squash}, as one commit
     * whose only parent is the destination's head.
     *
     * @param strategy empty to fail on conflicts, or {@code dest-wins} / {@code source-wins}
     */
    LakeFsMergeResult merge(String sourceRef, String destinationBranch, String message, Map<String, String> metadata, Optional<String> strategy, boolean squash);

    /**
     * Commits on {@code branch} the reverse of the changes {@code commitId} made.
     *
     * @param parentNumber for a merge commit, the parent (1-based) whose side is kept
     * @return the branch's new head
     */
    LakeFsCommit revert(String branch, String commitId, int parentNumber, String message, Map<String, String> metadata);

    /**
     * One page of what differs from {@code leftRef} to {@code rightRef} under {@code prefix}.
     */
    LakeFsDiffPage diffRefs(String leftRef, String rightRef, String prefix, Optional<String> after, int amount);

    /**
     * Everything that differs from {@code leftRef} to {@code rightRef} under {@code prefix}, in path order.
     */
    default Iterator<LakeFsDiff> diff(String leftRef, String rightRef, String prefix)
    {
        return LakeFsPages.iterate(after -> diffRefs(leftRef, rightRef, prefix, after, MAX_PAGE_SIZE), LakeFsDiffPage::differences, LakeFsDiffPage::nextOffset);
    }

    /**
     * Every uncommitted change of a branch, in path order.
     */
    default Iterator<LakeFsDiff> uncommittedChanges(String branch)
    {
        return LakeFsPages.iterate(after -> diffUncommitted(branch, after, MAX_PAGE_SIZE), LakeFsDiffPage::differences, LakeFsDiffPage::nextOffset);
    }

    /**
     * Every object under {@code prefix} at {@code ref}, recursively, in path order; pages are
     * fetched as the iterator advances.
     */
    default Iterator<LakeFsObject> objects(String ref, String prefix)
    {
        return LakeFsPages.iterate(after -> listObjects(ref, prefix, Optional.empty(), after, MAX_PAGE_SIZE), LakeFsObjectPage::objects, LakeFsObjectPage::nextOffset);
    }

    /**
     * The directories directly under {@code prefix} at {@code ref}, each with a trailing slash.
     */
    default Iterator<String> directories(String ref, String prefix)
    {
        return LakeFsPages.iterate(after -> listObjects(ref, prefix, Optional.of("/"), after, MAX_PAGE_SIZE), LakeFsObjectPage::commonPrefixes, LakeFsObjectPage::nextOffset);
    }

    /**
     * The commit log of {@code ref}, newest first, limited to commits touching {@code prefixes}
     * when given; pages are fetched as the iterator advances.
     */
    default Iterator<LakeFsCommit> commits(String ref, List<String> prefixes)
    {
        return LakeFsPages.iterate(after -> logCommits(ref, prefixes, after, MAX_PAGE_SIZE), LakeFsCommitPage::commits, LakeFsCommitPage::nextOffset);
    }
}
