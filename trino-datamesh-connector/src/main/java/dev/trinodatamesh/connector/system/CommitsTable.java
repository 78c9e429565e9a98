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
package dev.trinodatamesh.connector.system;

import com.google.common.collect.ImmutableList;
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import dev.trinodatamesh.connector.lakefs.LakeFsCommit;
import dev.trinodatamesh.connector.lakefs.ResolvedRef;
import dev.trinodatamesh.connector.table.TableDefinition;
import dev.trinodatamesh.connector.table.TableDescriptor;
import io.trino.spi.block.ArrayBlockBuilder;
import io.trino.spi.block.MapBlockBuilder;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.MapType;
import io.trino.spi.type.TypeManager;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code "<table>$commits"}: the lakeFS log of the table's directory (and descriptor) from the
 * pinned commit back: the versions of the data product.
 */
public class CommitsTable
        extends MetadataTable
{
    private static final ArrayType STRING_ARRAY = new ArrayType(VARCHAR);

    private final LakeFsClient lakeFs;
    private final ResolvedRef ref;
    private final List<String> prefixes;

    public CommitsTable(SchemaTableName name, LakeFsClient lakeFs, ResolvedRef ref, TableDefinition table, TypeManager typeManager)
    {
        super(name,
                ImmutableList.of(
                        column("commit_id", VARCHAR, "lakeFS commit ID"),
                        column("parents", STRING_ARRAY, "Parent commit IDs"),
                        column("committer", VARCHAR, "Who committed"),
                        column("message", VARCHAR, "Commit message"),
                        column("creation_time", TIMESTAMP_TZ_MILLIS, "When the commit was made"),
                        column("metadata", new MapType(VARCHAR, VARCHAR, typeManager.getTypeOperators()), "Commit metadata")),
                "lakeFS commits that changed %s, from %s".formatted(table.name(), ref.name()));
        this.lakeFs = requireNonNull(lakeFs, "lakeFs is null");
        this.ref = requireNonNull(ref, "ref is null");
        ImmutableList.Builder<String> prefixes = ImmutableList.<String>builder().add(table.path());
        table.descriptor().map(TableDescriptor::descriptorPath).ifPresent(prefixes::add);
        this.prefixes = prefixes.build();
    }

    @Override
    public ConnectorPageSource pageSource(ConnectorTransactionHandle transactionHandle, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        Rows rows = new Rows();
        for (Iterator<LakeFsCommit> commits = lakeFs.commits(ref.commitId(), prefixes); commits.hasNext(); ) {
            LakeFsCommit commit = commits.next();
            rows.startRow();
            VARCHAR.writeString(rows.column(0), commit.id());
            ((ArrayBlockBuilder) rows.column(1)).buildEntry(elements -> commit.parents().forEach(parent -> VARCHAR.writeString(elements, parent)));
            VARCHAR.writeString(rows.column(2), commit.committer());
            VARCHAR.writeString(rows.column(3), commit.message());
            TIMESTAMP_TZ_MILLIS.writeLong(rows.column(4), packDateTimeWithZone(commit.creationDate().toEpochMilli(), UTC_KEY));
            ((MapBlockBuilder) rows.column(5)).buildEntry((keys, values) -> {
                for (Map.Entry<String, String> entry : commit.metadata().entrySet()) {
                    VARCHAR.writeString(keys, entry.getKey());
                    VARCHAR.writeString(values, entry.getValue());
                }
            });
        }
        return rows.toPageSource();
    }
}
