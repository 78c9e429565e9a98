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
import io.trino.spi.Page;
import io.trino.spi.PageBuilder;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.MapBlockBuilder;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.FixedPageSource;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.MapType;
import io.trino.spi.type.Type;
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
        implements SystemTable
{

    private final ConnectorTableMetadata metadata;
    private final TableCatalog tableCatalog;
    private final ResolvedRef ref;
    private final TableDefinition table;

    public FilesTable(SchemaTableName name, TableCatalog tableCatalog, ResolvedRef ref, TableDefinition table, TypeManager typeManager)
    {
        MapType stringMap = new MapType(VARCHAR, VARCHAR, typeManager.getTypeOperators());
        this.tableCatalog = requireNonNull(tableCatalog, "tableCatalog is null");
        this.ref = requireNonNull(ref, "ref is null");
        this.table = requireNonNull(table, "table is null");
        this.metadata = new ConnectorTableMetadata(name, ImmutableList.of(
                column("path", VARCHAR, "Path of the file in the lakeFS repository"),
                column("physical_address", VARCHAR, "Where the bytes are in the object store"),
                column("size_bytes", BIGINT, "Size of the file"),
                column("modification_time", TIMESTAMP_TZ_MILLIS, "When the object was written to lakeFS"),
                column("checksum", VARCHAR, "lakeFS checksum of the object"),
                column("record_count", BIGINT, "Rows in the file, from its Parquet footer"),
                column("partition_values", stringMap, "Values of the Hive-style partition directories")),
                com.google.common.collect.ImmutableMap.of(),
                Optional.of("Data files of %s at commit %s".formatted(table.name(), ref.commitId())));
    }

    private static ColumnMetadata column(String name, Type type, String comment)
    {
        return ColumnMetadata.builder().setName(name).setType(type).setComment(Optional.of(comment)).build();
    }

    @Override
    public Distribution getDistribution()
    {
        return Distribution.SINGLE_COORDINATOR;
    }

    @Override
    public ConnectorTableMetadata getTableMetadata()
    {
        return metadata;
    }

    @Override
    public ConnectorPageSource pageSource(ConnectorTransactionHandle transactionHandle, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        List<DataFile> files = tableCatalog.listFiles(ref.commitId(), table);
        Map<DataFile, FileSummary> summaries = tableCatalog.summaries(session, ref.commitId(), files);
        List<Type> types = metadata.getColumns().stream().map(ColumnMetadata::getType).toList();
        PageBuilder pages = new PageBuilder(types);
        ImmutableList.Builder<Page> result = ImmutableList.builder();
        for (DataFile file : files) {
            if (pages.isFull()) {
                result.add(pages.build());
                pages.reset();
            }
            pages.declarePosition();
            VARCHAR.writeString(pages.getBlockBuilder(0), file.object().path());
            VARCHAR.writeString(pages.getBlockBuilder(1), file.object().physicalAddress());
            BIGINT.writeLong(pages.getBlockBuilder(2), file.object().sizeBytes());
            TIMESTAMP_TZ_MILLIS.writeLong(pages.getBlockBuilder(3), packDateTimeWithZone(file.object().modificationTimeMillis(), UTC_KEY));
            VARCHAR.writeString(pages.getBlockBuilder(4), file.object().checksum());
            BIGINT.writeLong(pages.getBlockBuilder(5), summaries.get(file).rowCount());
            BlockBuilder partitions = pages.getBlockBuilder(6);
            ((MapBlockBuilder) partitions).buildEntry((keys, values) -> {
                for (int i = 0; i < table.partitionColumns().size(); i++) {
                    VARCHAR.writeString(keys, table.partitionColumns().get(i).name());
                    Optional<String> value = file.partitionValues().get(i);
                    if (value.isPresent()) {
                        VARCHAR.writeString(values, value.get());
                    }
                    else {
                        values.appendNull();
                    }
                }
            });
        }
        if (!pages.isEmpty()) {
            result.add(pages.build());
        }
        return new FixedPageSource(result.build());
    }
}
