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
package dev.trinodatamesh.testing;

import com.google.common.collect.ImmutableList;
import io.trino.spi.Page;
import io.trino.spi.PageBuilder;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Type;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * TPC-H data as Trino pages, with the column names of Trino's tpch catalog ({@code orderkey},
 * {@code extendedprice}) and its types with {@code tpch.double-type-mapping=DECIMAL}: money as
 * decimal(12,2), so that sums are exact and comparable with the tpch catalog.
 */
public final class TpchData
{
    public static final DecimalType MONEY = DecimalType.createDecimalType(12, 2);
    private static final int ROWS_PER_PAGE = 8192;

    private TpchData() {}

    public static TpchTable<?> table(String name)
    {
        return TpchTable.getTable(name);
    }

    public static List<String> columnNames(TpchTable<?> table)
    {
        return table.getColumns().stream().map(TpchColumn::getSimplifiedColumnName).collect(ImmutableList.toImmutableList());
    }

    public static List<Type> types(TpchTable<?> table)
    {
        return table.getColumns().stream().map(column -> type(column.getType())).collect(ImmutableList.toImmutableList());
    }

    /**
     * The Trino type of a TPC-H column; strings as unbounded varchar, as data products written by
     * Spark or pyarrow have them.
     */
    public static Type type(TpchColumnType type)
    {
        return switch (type.getBase()) {
            case IDENTIFIER -> BIGINT;
            case INTEGER -> INTEGER;
            case DATE -> DATE;
            case DOUBLE -> MONEY;
            case VARCHAR -> VARCHAR;
        };
    }

    /**
     * Generates part {@code part} of {@code partCount} of a table at {@code scale}, page by page.
     */
    public static <E extends TpchEntity> void generate(TpchTable<E> table, double scale, int part, int partCount, Consumer<Page> pages)
    {
        List<TpchColumn<E>> columns = table.getColumns();
        List<Type> types = new ArrayList<>();
        columns.forEach(column -> types.add(type(column.getType())));
        PageBuilder pageBuilder = new PageBuilder(types);
        Iterator<E> rows = table.createGenerator(scale, part, partCount).iterator();
        while (rows.hasNext()) {
            E row = rows.next();
            pageBuilder.declarePosition();
            for (int i = 0; i < columns.size(); i++) {
                TpchColumn<E> column = columns.get(i);
                BlockBuilder output = pageBuilder.getBlockBuilder(i);
                switch (column.getType().getBase()) {
                    case IDENTIFIER -> BIGINT.writeLong(output, column.getIdentifier(row));
                    case INTEGER -> INTEGER.writeLong(output, column.getInteger(row));
                    case DATE -> DATE.writeLong(output, column.getDate(row));
                    // the generator keeps money in cents: the decimal's unscaled value
                    case DOUBLE -> MONEY.writeLong(output, column.getIdentifier(row));
                    case VARCHAR -> VARCHAR.writeSlice(output, utf8Slice(column.getString(row)));
                }
            }
            if (pageBuilder.getPositionCount() >= ROWS_PER_PAGE || pageBuilder.isFull()) {
                pages.accept(pageBuilder.build());
                pageBuilder.reset();
            }
        }
        if (!pageBuilder.isEmpty()) {
            pages.accept(pageBuilder.build());
        }
    }

    /**
     * All pages of a small table (such as nation or region, or any table at a tiny scale).
     */
    public static List<Page> pages(TpchTable<?> table, double scale)
    {
        List<Page> pages = new ArrayList<>();
        generate(table, scale, 1, 1, pages::add);
        return pages;
    }
}
