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
package dev.trinodatamesh.connector.security;

import io.trino.spi.TrinoException;
import io.trino.spi.type.BigintType;
import io.trino.spi.type.IntegerType;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarcharType;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_INVALID_DESCRIPTOR;
import static java.util.Objects.requireNonNull;

/**
 * How a column's values are shown to readers who may not see them. Each mask is a SQL expression
 * over the column, cast to the column's type, that Trino evaluates in place of the column.
 */
public sealed interface ColumnMask
{
    /** The YAML form, for messages. */
    String describe();

    /**
     * @param column the column's quoted name
     * @param type the column's type
     * @param source for messages: the descriptor and the column
     */
    String expression(String column, Type type, String source);

    static String quote(String identifier)
    {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String literal(String value)
    {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String cast(String expression, Type type)
    {
        return "CAST(%s AS %s)".formatted(expression, type.getDisplayName());
    }

    /** {@code mask: nullify} (or {@code mask: null}): the column reads as NULL. */
    record Nullify()
            implements ColumnMask
    {
        @Override
        public String describe()
        {
            return "nullify";
        }

        @Override
        public String expression(String column, Type type, String source)
        {
            return cast("NULL", type);
        }
    }

    /**
     * {@code mask: hash}: SHA-256 of the value, as lower-case hex for a varchar column and as the
     * first bytes of the digest for an integer column, so that joins and counts of distinct values still work.
     */
    record Hash()
            implements ColumnMask
    {
        @Override
        public String describe()
        {
            return "hash";
        }

        @Override
        public String expression(String column, Type type, String source)
        {
            if (type instanceof VarcharType) {
                return cast("lower(to_hex(sha256(to_utf8(%s))))".formatted(column), type);
            }
            if (type.equals(BigintType.BIGINT)) {
                return "from_big_endian_64(substr(sha256(to_utf8(CAST(%s AS varchar))), 1, 8))".formatted(column);
            }
            if (type.equals(IntegerType.INTEGER)) {
                return "from_big_endian_32(substr(sha256(to_utf8(CAST(%s AS varchar))), 1, 4))".formatted(column);
            }
            throw new TrinoException(DATAMESH_INVALID_DESCRIPTOR, "%s: mask 'hash' needs a varchar, integer or bigint column, not %s".formatted(source, type.getDisplayName()));
        }
    }

    /** {@code mask: {value: ...}}: every value reads as this constant. */
    record FixedValue(String value)
            implements ColumnMask
    {
        public FixedValue
        {
            requireNonNull(value, "value is null");
        }

        @Override
        public String describe()
        {
            return "value " + literal(value);
        }

        @Override
        public String expression(String column, Type type, String source)
        {
            return cast(literal(value), type);
        }
    }

    /**
     * {@code mask: {partial: {show_first: 0, show_last: 4, fill: '*'}}}: keeps the first and last
     * characters and replaces the others with the fill character; a value no longer than what is
     * shown is replaced whole.
     */
    record Partial(int showFirst, int showLast, String fill)
            implements ColumnMask
    {
        public Partial
        {
            checkArgument(showFirst >= 0 && showLast >= 0, "showFirst and showLast must not be negative");
            requireNonNull(fill, "fill is null");
        }

        @Override
        public String describe()
        {
            return "partial (show_first %s, show_last %s)".formatted(showFirst, showLast);
        }

        @Override
        public String expression(String column, Type type, String source)
        {
            if (!(type instanceof VarcharType)) {
                throw new TrinoException(DATAMESH_INVALID_DESCRIPTOR, "%s: mask 'partial' needs a varchar column, not %s".formatted(source, type.getDisplayName()));
            }
            String fillLiteral = literal(fill);
            String hidden = "regexp_replace(substr(%1$s, %2$s, length(%1$s) - %3$s), '(?s).', %4$s)".formatted(column, showFirst + 1, showFirst + showLast, fillLiteral);
            String masked = "CASE WHEN length(%1$s) <= %2$s THEN regexp_replace(%1$s, '(?s).', %3$s) ELSE concat(substr(%1$s, 1, %4$s), %5$s, substr(%1$s, length(%1$s) - %6$s + 1, %6$s)) END"
                    .formatted(column, showFirst + showLast, fillLiteral, showFirst, hidden, showLast);
            return cast(masked, type);
        }
    }

    /** {@code mask: {expression: "..."}}: any SQL expression over the table's columns. */
    record Expression(String sql)
            implements ColumnMask
    {
        public Expression
        {
            requireNonNull(sql, "sql is null");
        }

        @Override
        public String describe()
        {
            return "expression " + sql;
        }

        @Override
        public String expression(String column, Type type, String source)
        {
            return cast("(" + sql + ")", type);
        }
    }
}
