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
import dev.trinodatamesh.connector.table.DataFile;
import io.trino.spi.TrinoException;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.NullableValue;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.CharType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Decimals;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarcharType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
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
import static java.util.Objects.requireNonNull;

/**
 * The values of the file-level columns ({@link DatameshColumnHandle#isFileLevel()}) for one data
 * file: its partition keys, parsed from the Hive-style directories of its path, and the file
 * columns {@code $path} and {@code $file_size}. The one place where "does this file match" is
 * decided, for split generation, dynamic filtering, the page source and statistics.
 */
public final class FileValues
{
    private static final DateTimeFormatter HIVE_TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd[ HH:mm[:ss]]")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .toFormatter();

    private final List<DatameshColumnHandle> partitionColumns;
    private final List<Optional<String>> partitionValues;
    private final String path;
    private final long size;
    // parsed on first use: most predicates name few of the partition columns
    private final NullableValue[] parsed;

    /**
     * @param partitionColumns the table's partition columns
     * @param partitionValues the file's raw values of them, in the same order, empty for NULL
     * @param path the file's path in the repository
     * @param size the file's size in bytes
     */
    public FileValues(List<DatameshColumnHandle> partitionColumns, List<Optional<String>> partitionValues, String path, long size)
    {
        this.partitionColumns = ImmutableList.copyOf(partitionColumns);
        this.partitionValues = ImmutableList.copyOf(partitionValues);
        checkArgument(this.partitionColumns.size() == this.partitionValues.size(), "%s partition values for %s partition columns of %s", partitionValues.size(), partitionColumns.size(), path);
        this.path = requireNonNull(path, "path is null");
        this.size = size;
        this.parsed = new NullableValue[partitionColumns.size()];
    }

    public static FileValues of(DataFile file, List<DatameshColumnHandle> partitionColumns)
    {
        return new FileValues(partitionColumns, file.partitionValues(), file.object().path(), file.object().sizeBytes());
    }

    /**
     * The value of a file-level column for this file; empty for a partition column the table does
     * not have.
     */
    public Optional<NullableValue> get(DatameshColumnHandle column)
    {
        return switch (column.kind()) {
            case PATH -> Optional.of(NullableValue.of(column.type(), utf8Slice(path)));
            case FILE_SIZE -> Optional.of(NullableValue.of(column.type(), size));
            case PARTITION_KEY -> {
                int index = partitionColumns.indexOf(column);
                if (index < 0) {
                    yield Optional.empty();
                }
                if (parsed[index] == null) {
                    parsed[index] = parse(column, partitionValues.get(index).orElse(null), path);
                }
                yield Optional.of(parsed[index]);
            }
            case REGULAR, ROW_ID -> throw new IllegalArgumentException("column %s is not decided per file".formatted(column));
        };
    }

    /**
     * Whether rows of this file can satisfy the predicate, judged on its file-level columns; the
     * other columns of the predicate are left to the reader.
     */
    public boolean matches(TupleDomain<DatameshColumnHandle> predicate)
    {
        if (predicate.isNone()) {
            return false;
        }
        for (Map.Entry<DatameshColumnHandle, Domain> entry : predicate.getDomains().orElseThrow().entrySet()) {
            if (!entry.getKey().isFileLevel()) {
                continue;
            }
            Optional<NullableValue> value = get(entry.getKey());
            if (value.isPresent() && !entry.getValue().includesNullableValue(value.orElseThrow().getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * A partition directory's value as a Trino value of the column's type.
     *
     * @param raw the directory's value, null for NULL
     * @param file the file whose path holds it, for the error message
     */
    private static NullableValue parse(DatameshColumnHandle column, String raw, String file)
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
            BigDecimal value = new BigDecimal(raw).setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
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
