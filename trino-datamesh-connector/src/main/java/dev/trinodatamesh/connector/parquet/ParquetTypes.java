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
package dev.trinodatamesh.connector.parquet;

import com.google.common.collect.ImmutableList;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.TimeType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeOperators;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TinyintType.TINYINT;
import static io.trino.spi.type.UuidType.UUID;
import static io.trino.spi.type.VarbinaryType.VARBINARY;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.apache.parquet.schema.Type.Repetition.REPEATED;

/**
 * The Trino type of a Parquet column, for tables whose columns come from the files' footers.
 */
public final class ParquetTypes
{
    private ParquetTypes() {}

    /**
     * Trino type of a Parquet field, or empty when Trino cannot represent it; {@code reason} then
     * says why.
     */
    public static Optional<Type> toTrinoType(org.apache.parquet.schema.Type parquetType, TypeOperators typeOperators, StringBuilder reason)
    {
        if (parquetType.isRepetition(REPEATED)) {
            // a legacy list: "repeated int32 values" is a list of int32
            return elementType(parquetType, typeOperators, reason).map(ArrayType::new);
        }
        return nonRepeated(parquetType, typeOperators, reason);
    }

    private static Optional<Type> nonRepeated(org.apache.parquet.schema.Type parquetType, TypeOperators typeOperators, StringBuilder reason)
    {
        if (parquetType.isPrimitive()) {
            return primitive(parquetType.asPrimitiveType(), reason);
        }
        GroupType group = parquetType.asGroupType();
        LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
        if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            if (group.getFieldCount() != 1 || !group.getType(0).isRepetition(REPEATED)) {
                reason.append("malformed LIST group ").append(group);
                return Optional.empty();
            }
            org.apache.parquet.schema.Type repeated = group.getType(0);
            // three-level lists: repeated group list { element }; two-level: the repeated field is the element
            if (!repeated.isPrimitive() && repeated.asGroupType().getFieldCount() == 1 && !isLegacyTwoLevelList(repeated, group)) {
                return toTrinoType(repeated.asGroupType().getType(0), typeOperators, reason).map(ArrayType::new);
            }
            return elementType(repeated, typeOperators, reason).map(ArrayType::new);
        }
        if (annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
            if (group.getFieldCount() != 1 || group.getType(0).isPrimitive() || group.getType(0).asGroupType().getFieldCount() != 2) {
                reason.append("malformed MAP group ").append(group);
                return Optional.empty();
            }
            GroupType keyValue = group.getType(0).asGroupType();
            Optional<Type> key = toTrinoType(keyValue.getType(0), typeOperators, reason);
            Optional<Type> value = toTrinoType(keyValue.getType(1), typeOperators, reason);
            if (key.isEmpty() || value.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new MapType(key.orElseThrow(), value.orElseThrow(), typeOperators));
        }
        if (annotation != null) {
            reason.append("group annotation ").append(annotation);
            return Optional.empty();
        }
        ImmutableList.Builder<RowType.Field> fields = ImmutableList.builder();
        for (org.apache.parquet.schema.Type field : group.getFields()) {
            Optional<Type> fieldType = toTrinoType(field, typeOperators, reason);
            if (fieldType.isEmpty()) {
                return Optional.empty();
            }
            fields.add(RowType.field(field.getName(), fieldType.orElseThrow()));
        }
        return Optional.of(RowType.from(fields.build()));
    }

    private static boolean isLegacyTwoLevelList(org.apache.parquet.schema.Type repeated, GroupType list)
    {
        // parquet-format's backward-compatibility rules: a repeated group named "array" or "<list>_tuple" is the element
        return repeated.getName().equals("array") || repeated.getName().equals(list.getName() + "_tuple");
    }

    private static Optional<Type> elementType(org.apache.parquet.schema.Type repeated, TypeOperators typeOperators, StringBuilder reason)
    {
        if (repeated.isPrimitive()) {
            return primitive(repeated.asPrimitiveType(), reason);
        }
        ImmutableList.Builder<RowType.Field> fields = ImmutableList.builder();
        for (org.apache.parquet.schema.Type field : repeated.asGroupType().getFields()) {
            Optional<Type> fieldType = toTrinoType(field, typeOperators, reason);
            if (fieldType.isEmpty()) {
                return Optional.empty();
            }
            fields.add(RowType.field(field.getName(), fieldType.orElseThrow()));
        }
        return Optional.of(RowType.from(fields.build()));
    }

    private static Optional<Type> primitive(PrimitiveType type, StringBuilder reason)
    {
        LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
        if (annotation instanceof DecimalLogicalTypeAnnotation decimal) {
            if (decimal.getPrecision() > DecimalType.DEFAULT_PRECISION) {
                reason.append("decimal precision %s exceeds %s".formatted(decimal.getPrecision(), DecimalType.DEFAULT_PRECISION));
                return Optional.empty();
            }
            return Optional.of(DecimalType.createDecimalType(decimal.getPrecision(), decimal.getScale()));
        }
        Optional<Type> mapped = switch (type.getPrimitiveTypeName()) {
            case BOOLEAN -> Optional.of(BOOLEAN);
            case INT32 -> {
                if (annotation == null) {
                    yield Optional.of(INTEGER);
                }
                if (annotation instanceof IntLogicalTypeAnnotation intType) {
                    yield switch (intType.getBitWidth()) {
                        case 8 -> Optional.of(intType.isSigned() ? TINYINT : SMALLINT);
                        case 16 -> Optional.of(intType.isSigned() ? SMALLINT : INTEGER);
                        default -> Optional.of(intType.isSigned() ? INTEGER : BIGINT);
                    };
                }
                if (annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    yield Optional.of(DATE);
                }
                if (annotation instanceof TimeLogicalTypeAnnotation time && time.getUnit() == TimeUnit.MILLIS) {
                    yield Optional.of(TimeType.TIME_MILLIS);
                }
                yield Optional.empty();
            }
            case INT64 -> {
                if (annotation == null) {
                    yield Optional.of(BIGINT);
                }
                if (annotation instanceof IntLogicalTypeAnnotation intType && intType.isSigned()) {
                    yield Optional.of(BIGINT);
                }
                if (annotation instanceof TimestampLogicalTypeAnnotation timestamp) {
                    int precision = switch (timestamp.getUnit()) {
                        case MILLIS -> 3;
                        case MICROS -> 6;
                        case NANOS -> 9;
                    };
                    yield Optional.of(timestamp.isAdjustedToUTC()
                            ? TimestampWithTimeZoneType.createTimestampWithTimeZoneType(precision)
                            : TimestampType.createTimestampType(precision));
                }
                if (annotation instanceof TimeLogicalTypeAnnotation time && time.getUnit() == TimeUnit.MICROS) {
                    yield Optional.of(TimeType.TIME_MICROS);
                }
                yield Optional.empty();
            }
            // legacy (Hive, Impala, old Spark) nanosecond timestamps
            case INT96 -> Optional.of(TimestampType.TIMESTAMP_NANOS);
            case FLOAT -> annotation == null ? Optional.of(REAL) : Optional.empty();
            case DOUBLE -> annotation == null ? Optional.of(DOUBLE) : Optional.empty();
            case BINARY -> {
                if (annotation == null || annotation instanceof LogicalTypeAnnotation.BsonLogicalTypeAnnotation) {
                    yield Optional.of(VARBINARY);
                }
                if (annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        || annotation instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                        || annotation instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
                    yield Optional.of(VARCHAR);
                }
                yield Optional.empty();
            }
            case FIXED_LEN_BYTE_ARRAY -> {
                if (annotation == null) {
                    yield Optional.of(VARBINARY);
                }
                if (annotation instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
                    yield Optional.of(UUID);
                }
                yield Optional.empty();
            }
        };
        if (mapped.isPresent()) {
            return mapped;
        }
        reason.append(annotation == null ? type.getPrimitiveTypeName().name() : type.getPrimitiveTypeName() + " annotated " + annotation);
        return Optional.empty();
    }
}
