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

import static java.util.Objects.requireNonNull;

/**
 * One statement's write: a hidden, short-lived branch made from the commit the statement read,
 * merged into the target branch as one commit when the statement finishes, deleted otherwise.
 *
 * @param branch the branch the statement changes
 * @param transactionBranch the statement's own branch, where its files are written and linked
 * @param baseCommit the commit the transaction branch starts from
 * @param tablePath the directory the statement writes its data files to
 */
public record WriteTransaction(String branch, String transactionBranch, String baseCommit, String tablePath)
{
    public WriteTransaction
    {
        requireNonNull(branch, "branch is null");
        requireNonNull(transactionBranch, "transactionBranch is null");
        requireNonNull(baseCommit, "baseCommit is null");
        requireNonNull(tablePath, "tablePath is null");
    }
}
