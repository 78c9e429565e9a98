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
import io.trino.spi.type.Type;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static java.util.Objects.requireNonNull;

/**
 * What the coordinator keeps of a Parquet footer: the top-level columns with their Trino types,
 * and statistics for the table's statistics.
 *
 * @param columns top-level columns, lower-case names; a column whose type Trino cannot represent has
 * an empty type and a reason
 * @param statistics per column of {@code columns}
 */
public record FileSummary(List<FileColumn> columns, long rowCount, List<ColumnStatistics> statistics)
{
    public FileSummary
    {
        columns = ImmutableList.copyOf(columns);
        statistics = ImmutableList.copyOf(statistics);
    }

    public long getRetainedSizeInBytes()
    {
        // column lists are interned across files with the same schema; statistics are per file
        return 64 + statistics.size() * 64L;
    }

    public record FileColumn(String name, String parquetName, Optional<Type> type, String typeDescription)
    {
        public FileColumn
        {
            requireNonNull(name, "name is null");
            requireNonNull(parquetName, "parquetName is null");
            requireNonNull(type, "type is null");
            requireNonNull(typeDescription, "typeDescription is null");
        }
    }

    /**
     * @param nullCount NULLs, or -1 when a row group does not say
     * @param min smallest value as a double (numbers, dates, decimals), when known
     * @param dataSize uncompressed bytes of the column
     */
    public record ColumnStatistics(long nullCount, OptionalDouble min, OptionalDouble max, long dataSize)
    {
        public static final ColumnStatistics UNKNOWN = new ColumnStatistics(-1, OptionalDouble.empty(), OptionalDouble.empty(), 0);
    }
}
