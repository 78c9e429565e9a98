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
import dev.trinodatamesh.connector.lakefs.ResolvedRef;
import dev.trinodatamesh.connector.parquet.FileSummary;
import dev.trinodatamesh.connector.table.DataFile;
import dev.trinodatamesh.connector.table.TableCatalog;
import dev.trinodatamesh.connector.table.TableDefinition;
import io.trino.spi.block.MapBlockBuilder;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.MapType;
import io.trino.spi.type.TypeManager;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code "<table>$files"}: the data files of a table at the pinned commit, with their physical
 * addresses, sizes, row counts (from the Parquet footers) and partition values.
 */
public class FilesTable
        extends MetadataTable
{
    private final TableCatalog tableCatalog;
    private final ResolvedRef ref;
    private final TableDefinition table;

    public FilesTable(SchemaTableName name, TableCatalog tableCatalog, ResolvedRef ref, TableDefinition table, TypeManager typeManager)
    {
        super(name,
                ImmutableList.of(
                        column("path", VARCHAR, "Path of the file in the lakeFS repository"),
                        column("physical_address", VARCHAR, "Where the bytes are in the object store"),
                        column("size_bytes", BIGINT, "Size of the file"),
                        column("modification_time", TIMESTAMP_TZ_MILLIS, "When the object was written to lakeFS"),
                        column("checksum", VARCHAR, "lakeFS checksum of the object"),
                        column("record_count", BIGINT, "Rows in the file, from its Parquet footer"),
                        column("partition_values", new MapType(VARCHAR, VARCHAR, typeManager.getTypeOperators()), "Values of the Hive-style partition directories")),
                "Data files of %s at commit %s".formatted(table.name(), ref.commitId()));
        this.tableCatalog = requireNonNull(tableCatalog, "tableCatalog is null");
        this.ref = requireNonNull(ref, "ref is null");
        this.table = requireNonNull(table, "table is null");
    }

    @Override
    public ConnectorPageSource pageSource(ConnectorTransactionHandle transactionHandle, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        List<DataFile> files = tableCatalog.listFiles(ref.commitId(), table.path(), table.partitionColumnNames());
        Map<DataFile, FileSummary> summaries = tableCatalog.summaries(session, ref.commitId(), files);
        Rows rows = new Rows();
        for (DataFile file : files) {
            rows.startRow();
            VARCHAR.writeString(rows.column(0), file.object().path());
            VARCHAR.writeString(rows.column(1), file.object().physicalAddress());
            BIGINT.writeLong(rows.column(2), file.object().sizeBytes());
            TIMESTAMP_TZ_MILLIS.writeLong(rows.column(3), packDateTimeWithZone(file.object().modificationTimeMillis(), UTC_KEY));
            VARCHAR.writeString(rows.column(4), file.object().checksum());
            BIGINT.writeLong(rows.column(5), summaries.get(file).rowCount());
            ((MapBlockBuilder) rows.column(6)).buildEntry((keys, values) -> {
                for (int i = 0; i < table.partitionColumns().size(); i++) {
                    VARCHAR.writeString(keys, table.partitionColumns().get(i).name());
                    Optional<String> value = file.partitionValues().get(i);
                    if (value.isPresent()) {
                        VARCHAR.writeString(values, value.orElseThrow());
                    }
                    else {
                        values.appendNull();
                    }
                }
            });
        }
        return rows.toPageSource();
    }
}
