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

import io.trino.spi.TrinoException;
import io.trino.spi.predicate.NullableValue;
import io.trino.spi.type.CharType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Decimals;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarcharType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_INVALID_PARTITION_VALUE;
import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TinyintType.TINYINT;
import static java.lang.Float.floatToRawIntBits;

/**
 * Values of Hive-style partition directories as Trino values of their column's type.
 */
public final class PartitionValues
{
    private static final DateTimeFormatter HIVE_TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd[ HH:mm[:ss]]")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .toFormatter();

    private PartitionValues() {}

    /**
     * @param raw the directory's value, null for NULL
     * @param file the file whose path holds it, for the error message
     */
    public static NullableValue parse(DatameshColumnHandle column, String raw, String file)
    {
        Type type = column.type();
        if (raw == null) {
            return NullableValue.asNull(type);
        }
        try {
            return NullableValue.of(type, nativeValue(type, raw));
        }
        catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
            throw new TrinoException(DATAMESH_INVALID_PARTITION_VALUE, "Partition value '%s' of column '%s' in the path of '%s' is not a valid %s"
                    .formatted(raw, column.name(), file, type.getDisplayName()), e);
        }
    }

    private static Object nativeValue(Type type, String raw)
    {
        if (type instanceof VarcharType || type instanceof CharType) {
            return utf8Slice(raw);
        }
        if (type.equals(BIGINT) || type.equals(INTEGER) || type.equals(SMALLINT) || type.equals(TINYINT)) {
            long value = Long.parseLong(raw);
            long bits = type.equals(BIGINT) ? 64 : type.equals(INTEGER) ? 32 : type.equals(SMALLINT) ? 16 : 8;
            if (bits < 64 && (value < -(1L << (bits - 1)) || value >= (1L << (bits - 1)))) {
                throw new IllegalArgumentException("out of range");
            }
            return value;
        }
        if (type.equals(BOOLEAN)) {
            if (raw.equalsIgnoreCase("true")) {
                return true;
            }
            if (raw.equalsIgnoreCase("false")) {
                return false;
            }
            throw new IllegalArgumentException("not a boolean");
        }
        if (type.equals(DOUBLE)) {
            return Double.parseDouble(raw);
        }
        if (type.equals(REAL)) {
            return (long) floatToRawIntBits(Float.parseFloat(raw));
        }
        if (type.equals(DATE)) {
            return LocalDate.parse(raw).toEpochDay();
        }
        if (type instanceof DecimalType decimal) {
            BigDecimal value = new BigDecimal(raw).setScale(decimal.getScale(), java.math.RoundingMode.UNNECESSARY);
            if (value.precision() > decimal.getPrecision()) {
                throw new IllegalArgumentException("too many digits");
            }
            return decimal.isShort() ? value.unscaledValue().longValueExact() : Decimals.valueOf(value.unscaledValue());
        }
        if (type instanceof TimestampType timestamp && timestamp.isShort()) {
            LocalDateTime value = LocalDateTime.parse(raw, HIVE_TIMESTAMP);
            return value.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + value.getNano() / 1_000;
        }
        throw new IllegalArgumentException("partition columns of type %s are not supported".formatted(type.getDisplayName()));
    }
}
