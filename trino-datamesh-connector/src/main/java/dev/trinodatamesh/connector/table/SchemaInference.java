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
import dev.trinodatamesh.connector.parquet.FileSummary;
import dev.trinodatamesh.connector.parquet.FileSummary.FileColumn;
import io.trino.spi.TrinoException;
import io.trino.spi.type.Type;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_SCHEMA_MISMATCH;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_UNSUPPORTED_TYPE;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * The columns of a table without declared columns: its files' footer columns merged by name
 * (a file without a column reads it as NULL, integer and decimal columns widen), and its partition
 * columns typed by their values.
 */
final class SchemaInference
{
    private final String repository;

    SchemaInference(String repository)
    {
        this.repository = requireNonNull(repository, "repository is null");
    }

    /**
     * @param partitionColumns the table's partition keys, in order
     * @param files all its files, whose directories give the partition values
     * @param summaries the footer summaries of a sample of its files, in path order
     */
    public TableDefinition infer(String tableName, String path, Optional<TableDescriptor> descriptor, List<String> partitionColumns, List<DataFile> files, Map<DataFile, FileSummary> summaries)
    {
        Map<String, MergedColumn> merged = new LinkedHashMap<>();
        for (Map.Entry<DataFile, FileSummary> entry : summaries.entrySet()) {
            String filePath = entry.getKey().object().path();
            for (FileColumn column : entry.getValue().columns()) {
                if (partitionColumns.contains(column.name())) {
                    // the directory's value wins over a copy in the file
                    continue;
                }
                Type type = column.type().orElseThrow(() -> new TrinoException(DATAMESH_UNSUPPORTED_TYPE, "Column '%s' of data file '%s' (table '%s' of lakeFS repository '%s') has a Parquet type Trino cannot read: %s"
                        .formatted(column.parquetName(), filePath, tableName, repository, column.typeDescription())));
                MergedColumn existing = merged.get(column.name());
                if (existing == null) {
                    merged.put(column.name(), new MergedColumn(type, filePath));
                    continue;
                }
                Type common = TypeWidening.commonType(existing.type(), type).orElseThrow(() -> new TrinoException(DATAMESH_SCHEMA_MISMATCH, "Column '%s' of table '%s' has incompatible types in its data files: %s in '%s' and %s in '%s'"
                        .formatted(column.name(), tableName, existing.type().getDisplayName(), existing.firstFile(), type.getDisplayName(), filePath)));
                merged.put(column.name(), new MergedColumn(common, existing.firstFile()));
            }
        }
        List<ColumnDefinition> dataColumns = merged.entrySet().stream()
                .map(entry -> new ColumnDefinition(entry.getKey(), entry.getValue().type(), Optional.empty()))
                .collect(toImmutableList());
        ImmutableList.Builder<ColumnDefinition> partitions = ImmutableList.builder();
        for (int i = 0; i < partitionColumns.size(); i++) {
            int index = i;
            List<Optional<String>> values = files.stream().map(file -> file.partitionValues().get(index)).collect(toImmutableList());
            partitions.add(new ColumnDefinition(partitionColumns.get(i), partitionType(values), Optional.empty()));
        }
        return new TableDefinition(tableName, path, descriptor, dataColumns, partitions.build());
    }

    /**
     * bigint when every value is an integer, date when every value is an ISO date, else varchar.
     */
    static Type partitionType(List<Optional<String>> values)
    {
        List<String> present = values.stream().flatMap(Optional::stream).toList();
        if (present.isEmpty()) {
            return VARCHAR;
        }
        if (present.stream().allMatch(SchemaInference::isLong)) {
            return BIGINT;
        }
        if (present.stream().allMatch(SchemaInference::isDate)) {
            return DATE;
        }
        return VARCHAR;
    }

    private static boolean isLong(String value)
    {
        if (value.isEmpty() || value.length() > 19 || (value.length() > 1 && value.startsWith("0"))) {
            return false;
        }
        try {
            Long.parseLong(value);
            return true;
        }
        catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDate(String value)
    {
        if (value.length() != 10) {
            return false;
        }
        try {
            LocalDate.parse(value);
            return true;
        }
        catch (DateTimeParseException e) {
            return false;
        }
    }

    private record MergedColumn(Type type, String firstFile) {}
}
