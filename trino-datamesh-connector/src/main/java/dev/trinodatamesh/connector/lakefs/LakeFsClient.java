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
