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
package dev.trinodatamesh.connector;

import com.google.common.collect.ImmutableList;
import dev.trinodatamesh.connector.lakefs.ResolvedRef;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.predicate.TupleDomain;

import java.util.List;
import java.util.OptionalLong;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.util.Objects.requireNonNull;

/**
 * A data product pinned to one commit: every split of a query reads {@code commitId}, even when the
 * branch the schema names moves meanwhile.
 *
 * @param ref the branch, tag, commit or expression the query named, and the commit it resolved to
 * @param tablePath the table's directory in the repository
 * @param partitionColumns the columns whose values come from the directories
 * @param enforcedPredicate the partition column domains: files outside them are never listed as splits
 * @param unenforcedPredicate the data column domains: used to skip row groups and pages; rows are still filtered by the engine
 * @param limit at most this many rows are needed from each split
 */
public record DatameshTableHandle(
        String schemaName,
        String tableName,
        ResolvedRef ref,
        String tablePath,
        List<DatameshColumnHandle> partitionColumns,
        TupleDomain<DatameshColumnHandle> enforcedPredicate,
        TupleDomain<DatameshColumnHandle> unenforcedPredicate,
        OptionalLong limit)
        implements ConnectorTableHandle
{
    public DatameshTableHandle
    {
        requireNonNull(schemaName, "schemaName is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(ref, "ref is null");
        requireNonNull(tablePath, "tablePath is null");
        partitionColumns = ImmutableList.copyOf(partitionColumns);
        requireNonNull(enforcedPredicate, "enforcedPredicate is null");
        requireNonNull(unenforcedPredicate, "unenforcedPredicate is null");
        requireNonNull(limit, "limit is null");
    }

    public DatameshTableHandle(String schemaName, String tableName, ResolvedRef ref, String tablePath, List<DatameshColumnHandle> partitionColumns)
    {
        this(schemaName, tableName, ref, tablePath, partitionColumns, TupleDomain.all(), TupleDomain.all(), OptionalLong.empty());
    }

    public SchemaTableName schemaTableName()
    {
        return new SchemaTableName(schemaName, tableName);
    }

    public String commitId()
    {
        return ref.commitId();
    }

    public List<String> partitionColumnNames()
    {
        return partitionColumns.stream().map(DatameshColumnHandle::name).collect(toImmutableList());
    }

    public DatameshTableHandle withPredicates(TupleDomain<DatameshColumnHandle> enforcedPredicate, TupleDomain<DatameshColumnHandle> unenforcedPredicate)
    {
        return new DatameshTableHandle(schemaName, tableName, ref, tablePath, partitionColumns, enforcedPredicate, unenforcedPredicate, limit);
    }

    public DatameshTableHandle withLimit(long limit)
    {
        return new DatameshTableHandle(schemaName, tableName, ref, tablePath, partitionColumns, enforcedPredicate, unenforcedPredicate, OptionalLong.of(limit));
    }

    /**
     * How EXPLAIN and the JSON plan that event listeners get name the table: {@code schema:table@commit},
     * with the limit when one was pushed down.
     */
    @Override
    public String toString()
    {
        StringBuilder text = new StringBuilder()
                .append(schemaName).append(':').append(tableName)
                .append('@').append(ref.commitId(), 0, Math.min(12, ref.commitId().length()));
        limit.ifPresent(value -> text.append(" limit=").append(value));
        return text.toString();
    }
}
