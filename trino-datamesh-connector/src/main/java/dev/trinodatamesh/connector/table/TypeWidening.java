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
package dev.trinodatamesh.connector.table;

import io.trino.spi.type.ArrayType;
import io.trino.spi.type.CharType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarcharType;

import java.util.List;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TinyintType.TINYINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.Math.max;

/**
 * The widenings Trino's Parquet reader performs while reading: integers to wider integers, real
 * to double, decimals to decimals that hold both, timestamps to higher precision. Files of one
 * table whose types widen to a common type are read as that type; others are a schema mismatch.
 */
public final class TypeWidening
{
    private TypeWidening() {}

    /**
     * The type both files' values of a column read as, when Trino's Parquet reader can widen one
     * to the other.
     */
    public static Optional<Type> commonType(Type first, Type second)
    {
        if (first.equals(second)) {
            return Optional.of(first);
        }
        List<Type> integers = List.of(TINYINT, SMALLINT, INTEGER, BIGINT);
        if (integers.contains(first) && integers.contains(second)) {
            return Optional.of(integers.get(max(integers.indexOf(first), integers.indexOf(second))));
        }
        if ((first.equals(REAL) && second.equals(DOUBLE)) || (first.equals(DOUBLE) && second.equals(REAL))) {
            return Optional.of(DOUBLE);
        }
        if (first instanceof DecimalType left && second instanceof DecimalType right) {
            int scale = max(left.getScale(), right.getScale());
            int integerDigits = max(left.getPrecision() - left.getScale(), right.getPrecision() - right.getScale());
            if (integerDigits + scale <= DecimalType.DEFAULT_PRECISION) {
                return Optional.of(DecimalType.createDecimalType(integerDigits + scale, scale));
            }
            return Optional.empty();
        }
        if (first instanceof VarcharType && second instanceof VarcharType) {
            return Optional.of(VARCHAR);
        }
        if (first instanceof TimestampType left && second instanceof TimestampType right) {
            return Optional.of(TimestampType.createTimestampType(max(left.getPrecision(), right.getPrecision())));
        }
        if (first instanceof TimestampWithTimeZoneType left && second instanceof TimestampWithTimeZoneType right) {
            return Optional.of(TimestampWithTimeZoneType.createTimestampWithTimeZoneType(max(left.getPrecision(), right.getPrecision())));
        }
        return Optional.empty();
    }

    /**
     * Whether a file's values of type {@code fileType} read as {@code tableType}.
     */
    public static boolean isReadableAs(Type fileType, Type tableType)
    {
        if (fileType.equals(tableType)) {
            return true;
        }
        if ((fileType instanceof VarcharType || fileType instanceof CharType) && (tableType instanceof VarcharType || tableType instanceof CharType)) {
            return true;
        }
        if (fileType instanceof RowType && tableType instanceof RowType
                || fileType instanceof ArrayType && tableType instanceof ArrayType
                || fileType instanceof MapType && tableType instanceof MapType) {
            // the reader matches nested fields by name
            return true;
        }
        return commonType(fileType, tableType).map(tableType::equals).orElse(false);
    }
}
