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

import io.trino.spi.block.Block;
import io.trino.spi.type.BooleanType;
import io.trino.spi.type.CharType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Decimals;
import io.trino.spi.type.Int128;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarcharType;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static dev.trinodatamesh.connector.table.PartitionPaths.HIVE_DEFAULT_PARTITION;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TinyintType.TINYINT;

/**
 * Hive-style partition directories, {@code shipyear=1995/}, for the values a writer gets: the
 * inverse of what the read path parses (values escaped as Hive escapes them, NULL as
 * {@code __HIVE_DEFAULT_PARTITION__}).
 */
public final class PartitionDirectories
{
    private PartitionDirectories() {}

    /**
     * Whether a column of this type can partition a table.
     */
    public static boolean isSupported(Type type)
    {
        return type instanceof VarcharType || type instanceof CharType || type instanceof DecimalType || type instanceof BooleanType
                || type.equals(BIGINT) || type.equals(INTEGER) || type.equals(SMALLINT) || type.equals(TINYINT) || type.equals(DATE);
    }

    /**
     * The raw value at a position, as the directory name holds it; empty for NULL.
     */
    public static Optional<String> value(Type type, Block block, int position)
    {
        if (block.isNull(position)) {
            return Optional.empty();
        }
        if (type instanceof VarcharType || type instanceof CharType) {
            return Optional.of(type.getSlice(block, position).toStringUtf8());
        }
        if (type instanceof DecimalType decimal) {
            return Optional.of(decimal.isShort()
                    ? Decimals.toString(decimal.getLong(block, position), decimal.getScale())
                    : Decimals.toString(((Int128) decimal.getObject(block, position)).toBigInteger(), decimal.getScale()));
        }
        if (type instanceof BooleanType) {
            return Optional.of(Boolean.toString(type.getBoolean(block, position)));
        }
        if (type.equals(DATE)) {
            return Optional.of(LocalDate.ofEpochDay(type.getLong(block, position)).toString());
        }
        return Optional.of(Long.toString(type.getLong(block, position)));
    }

    /**
     * The directories of a file's partition values: {@code a=1/b=x%2Fy/}.
     */
    public static String directories(List<String> columns, List<Optional<String>> values)
    {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            path.append(columns.get(i)).append('=').append(values.get(i).map(PartitionDirectories::escape).orElse(HIVE_DEFAULT_PARTITION)).append('/');
        }
        return path.toString();
    }

    /**
     * Percent-escapes what Hive escapes in a directory name.
     */
    static String escape(String value)
    {
        StringBuilder escaped = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F || "\"#%'*/:=?\\{[]^".indexOf(c) >= 0) {
                escaped.append('%').append("%02X".formatted((int) c));
            }
            else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
