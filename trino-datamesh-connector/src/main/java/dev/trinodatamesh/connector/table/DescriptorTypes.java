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

import com.google.common.collect.ImmutableList;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.CharType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeOperators;
import io.trino.spi.type.VarcharType;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TinyintType.TINYINT;
import static io.trino.spi.type.VarbinaryType.VARBINARY;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * Column types of lakeFS table descriptors, which follow Spark's schema: simple type names
 * ({@code long}, {@code string}, {@code decimal(12,2)}), Hive-style nested type strings
 * ({@code array<int>}, {@code map<string,int>}, {@code struct<a:int,b:string>}) and Spark's JSON
 * form of nested types ({@code {type: array, elementType: ...}}).
 */
final class DescriptorTypes
{
    private DescriptorTypes() {}

    /**
     * The descriptor's (Spark's) name of a Trino type, such as {@code long} or
     * {@code decimal(12,2)}; empty for types a descriptor cannot declare.
     */
    static Optional<String> name(Type type)
    {
        if (type instanceof VarcharType varchar) {
            return Optional.of(varchar.isUnbounded() ? "string" : "varchar(%s)".formatted(varchar.getBoundedLength()));
        }
        if (type instanceof CharType charType) {
            return Optional.of("char(%s)".formatted(charType.getLength()));
        }
        if (type instanceof DecimalType decimal) {
            return Optional.of("decimal(%s,%s)".formatted(decimal.getPrecision(), decimal.getScale()));
        }
        if (type instanceof TimestampWithTimeZoneType timestamp) {
            return timestamp.getPrecision() == 6 ? Optional.of("timestamp") : Optional.empty();
        }
        if (type instanceof TimestampType timestamp) {
            return timestamp.getPrecision() == 6 ? Optional.of("timestamp_ntz") : Optional.empty();
        }
        if (type instanceof ArrayType array) {
            return name(array.getElementType()).map("array<%s>"::formatted);
        }
        if (type instanceof MapType map) {
            Optional<String> key = name(map.getKeyType());
            Optional<String> value = name(map.getValueType());
            return key.isPresent() && value.isPresent() ? Optional.of("map<%s,%s>".formatted(key.orElseThrow(), value.orElseThrow())) : Optional.empty();
        }
        if (type instanceof RowType row) {
            ImmutableList.Builder<String> fields = ImmutableList.builder();
            for (RowType.Field field : row.getFields()) {
                Optional<String> fieldType = name(field.getType());
                if (field.getName().isEmpty() || fieldType.isEmpty()) {
                    return Optional.empty();
                }
                fields.add(field.getName().orElseThrow() + ":" + fieldType.orElseThrow());
            }
            return Optional.of("struct<%s>".formatted(String.join(",", fields.build())));
        }
        if (type.equals(BOOLEAN)) {
            return Optional.of("boolean");
        }
        if (type.equals(TINYINT)) {
            return Optional.of("byte");
        }
        if (type.equals(SMALLINT)) {
            return Optional.of("short");
        }
        if (type.equals(INTEGER)) {
            return Optional.of("integer");
        }
        if (type.equals(BIGINT)) {
            return Optional.of("long");
        }
        if (type.equals(REAL)) {
            return Optional.of("float");
        }
        if (type.equals(DOUBLE)) {
            return Optional.of("double");
        }
        if (type.equals(DATE)) {
            return Optional.of("date");
        }
        if (type.equals(VARBINARY)) {
            return Optional.of("binary");
        }
        return Optional.empty();
    }

    static Type parse(Object type, TypeOperators typeOperators)
    {
        if (type instanceof String name) {
            return new Parser(name, typeOperators).parseAll();
        }
        if (type instanceof Map<?, ?> map) {
            return parseJson(map, typeOperators);
        }
        throw new IllegalArgumentException("a type must be a name such as 'long' or a nested type, not " + type);
    }

    private static Type parseJson(Map<?, ?> type, TypeOperators typeOperators)
    {
        Object kind = type.get("type");
        if ("array".equals(kind)) {
            return new ArrayType(parse(required(type, "elementType"), typeOperators));
        }
        if ("map".equals(kind)) {
            return new MapType(parse(required(type, "keyType"), typeOperators), parse(required(type, "valueType"), typeOperators), typeOperators);
        }
        if ("struct".equals(kind)) {
            if (!(required(type, "fields") instanceof List<?> fields) || fields.isEmpty()) {
                throw new IllegalArgumentException("a struct type needs a list of fields");
            }
            ImmutableList.Builder<RowType.Field> rowFields = ImmutableList.builder();
            for (Object field : fields) {
                if (!(field instanceof Map<?, ?> fieldMap) || !(fieldMap.get("name") instanceof String fieldName)) {
                    throw new IllegalArgumentException("every field of a struct type needs a name and a type");
                }
                rowFields.add(RowType.field(fieldName.toLowerCase(Locale.ENGLISH), parse(required(fieldMap, "type"), typeOperators)));
            }
            return RowType.from(rowFields.build());
        }
        throw new IllegalArgumentException("unknown nested type '%s' (expected array, map or struct)".formatted(kind));
    }

    private static Object required(Map<?, ?> map, String key)
    {
        Object value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("nested type %s lacks '%s'".formatted(map, key));
        }
        return value;
    }

    private static final class Parser
    {
        private final String text;
        private final TypeOperators typeOperators;
        private int position;

        Parser(String text, TypeOperators typeOperators)
        {
            this.text = text.trim();
            this.typeOperators = typeOperators;
        }

        Type parseAll()
        {
            Type type = parseType();
            skipSpaces();
            if (position != text.length()) {
                throw error("unexpected '%s'".formatted(text.substring(position)));
            }
            return type;
        }

        private Type parseType()
        {
            String name = identifier().toLowerCase(Locale.ENGLISH);
            return switch (name) {
                case "string" -> VARCHAR;
                case "varchar" -> optionalLength().map(VarcharType::createVarcharType).orElse(VARCHAR);
                case "char" -> CharType.createCharType(requiredLength());
                case "boolean" -> BOOLEAN;
                case "byte", "tinyint" -> TINYINT;
                case "short", "smallint" -> SMALLINT;
                case "integer", "int" -> INTEGER;
                case "long", "bigint" -> BIGINT;
                case "float", "real" -> REAL;
                case "double" -> DOUBLE;
                case "date" -> DATE;
                // Spark's timestamp is an instant; timestamp_ntz is a local date-time
                case "timestamp" -> TimestampWithTimeZoneType.createTimestampWithTimeZoneType(6);
                case "timestamp_ntz" -> TimestampType.createTimestampType(6);
                case "binary" -> VARBINARY;
                case "decimal" -> decimal();
                case "array" -> {
                    expect('<');
                    Type element = parseType();
                    expect('>');
                    yield new ArrayType(element);
                }
                case "map" -> {
                    expect('<');
                    Type key = parseType();
                    expect(',');
                    Type value = parseType();
                    expect('>');
                    yield new MapType(key, value, typeOperators);
                }
                case "struct" -> {
                    expect('<');
                    ImmutableList.Builder<RowType.Field> fields = ImmutableList.builder();
                    do {
                        String field = identifier().toLowerCase(Locale.ENGLISH);
                        expect(':');
                        fields.add(RowType.field(field, parseType()));
                    }
                    while (accept(','));
                    expect('>');
                    yield RowType.from(fields.build());
                }
                default -> throw error("unknown type '%s'".formatted(name));
            };
        }

        private Type decimal()
        {
            if (!accept('(')) {
                return DecimalType.createDecimalType(10, 0);
            }
            int precision = number();
            int scale = accept(',') ? number() : 0;
            expect(')');
            if (precision < 1 || precision > DecimalType.DEFAULT_PRECISION || scale > precision) {
                throw error("invalid decimal(%s,%s)".formatted(precision, scale));
            }
            return DecimalType.createDecimalType(precision, scale);
        }

        private java.util.Optional<Integer> optionalLength()
        {
            if (!accept('(')) {
                return java.util.Optional.empty();
            }
            int length = number();
            expect(')');
            return java.util.Optional.of(length);
        }

        private int requiredLength()
        {
            expect('(');
            int length = number();
            expect(')');
            return length;
        }

        private String identifier()
        {
            skipSpaces();
            int start = position;
            while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_')) {
                position++;
            }
            if (start == position) {
                throw error("expected a type name");
            }
            return text.substring(start, position);
        }

        private int number()
        {
            skipSpaces();
            int start = position;
            while (position < text.length() && Character.isDigit(text.charAt(position))) {
                position++;
            }
            if (start == position) {
                throw error("expected a number");
            }
            return Integer.parseInt(text.substring(start, position));
        }

        private boolean accept(char character)
        {
            skipSpaces();
            if (position < text.length() && text.charAt(position) == character) {
                position++;
                return true;
            }
            return false;
        }

        private void expect(char character)
        {
            if (!accept(character)) {
                throw error("expected '%s'".formatted(character));
            }
        }

        private void skipSpaces()
        {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        private IllegalArgumentException error(String problem)
        {
            return new IllegalArgumentException("cannot parse type '%s': %s".formatted(text, problem));
        }
    }
}
