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
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;

import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * A column of a data product: read from the Parquet files by name, taken from a Hive-style
 * partition directory, or a hidden column describing the file.
 */
public record DatameshColumnHandle(String name, Type type, Kind kind)
        implements ColumnHandle
{
    public static final DatameshColumnHandle PATH_COLUMN = new DatameshColumnHandle("$path", VARCHAR, Kind.PATH);
    public static final DatameshColumnHandle FILE_SIZE_COLUMN = new DatameshColumnHandle("$file_size", BIGINT, Kind.FILE_SIZE);
    /**
     * Where a row is, for row-level changes: its file (path, physical address, size) and its position in the file.
     */
    public static final RowType ROW_ID_TYPE = RowType.from(ImmutableList.of(
            RowType.field("path", VARCHAR),
            RowType.field("physical_address", VARCHAR),
            RowType.field("file_size", BIGINT),
            RowType.field("position", BIGINT)));
    public static final DatameshColumnHandle ROW_ID_COLUMN = new DatameshColumnHandle("$row_id", ROW_ID_TYPE, Kind.ROW_ID);

    public enum Kind
    {
        REGULAR,
        PARTITION_KEY,
        /** the file's path in the repository */
        PATH,
        FILE_SIZE,
        /** the row's file and position, for DELETE, UPDATE and MERGE */
        ROW_ID,
    }

    public DatameshColumnHandle
    {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(kind, "kind is null");
    }

    public boolean isHidden()
    {
        return kind == Kind.PATH || kind == Kind.FILE_SIZE || kind == Kind.ROW_ID;
    }

    /**
     * Whether every row of a data file has the same value of this column, known without reading
     * the file: partition keys (from the file's directories) and the file columns. Predicates on
     * these columns are decided per file, exactly.
     */
    public boolean isFileLevel()
    {
        return kind == Kind.PARTITION_KEY || kind == Kind.PATH || kind == Kind.FILE_SIZE;
    }

    public ColumnMetadata toColumnMetadata(Optional<String> comment)
    {
        return ColumnMetadata.builder()
                .setName(name)
                .setType(type)
                .setComment(comment)
                .setHidden(isHidden())
                .setExtraInfo(kind == Kind.PARTITION_KEY ? Optional.of("partition key") : Optional.empty())
                .build();
    }

    /**
     * {@code name:type:KIND}, as Trino's Hive connector prints its columns in EXPLAIN.
     */
    @Override
    public String toString()
    {
        return name + ":" + type.getDisplayName() + ":" + kind;
    }
}
