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

import io.trino.spi.TrinoException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_INVALID_DESCRIPTOR;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_UNSUPPORTED_TYPE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Changes a table's descriptor for a DDL statement (rename, comments, a new column) and keeps
 * every other field as it is, also fields this connector does not read. A table without a
 * descriptor (a directory of Parquet files) gets one that declares its directory and partition
 * columns, and leaves its columns to the files' footers until a statement needs to name them.
 */
public final class DescriptorEditor
{
    private final TableDefinition table;
    private final Map<String, Object> document;

    private DescriptorEditor(TableDefinition table, Map<String, Object> document)
    {
        this.table = requireNonNull(table, "table is null");
        this.document = requireNonNull(document, "document is null");
    }

    /**
     * @param content the table's descriptor as stored, or empty for a table without one
     */
    public static DescriptorEditor edit(TableDefinition table, Optional<byte[]> content)
    {
        if (content.isEmpty()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("name", table.name());
            document.put("type", "hive");
            document.put("path", table.path());
            if (!table.partitionColumns().isEmpty()) {
                document.put("partition_columns", new ArrayList<>(table.partitionColumnNames()));
            }
            return new DescriptorEditor(table, document);
        }
        String path = table.descriptor().map(TableDescriptor::descriptorPath).orElse(DescriptorWriter.descriptorPath(table.name()));
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(content.orElseThrow(), UTF_8));
        }
        catch (YAMLException e) {
            throw new TrinoException(DATAMESH_INVALID_DESCRIPTOR, "Table descriptor '%s' is not valid YAML: %s".formatted(path, e.getMessage().replace('\n', ' ')), e);
        }
        if (!(loaded instanceof Map<?, ?> root)) {
            throw new TrinoException(DATAMESH_INVALID_DESCRIPTOR, "Table descriptor '%s' is invalid: it must be a YAML mapping".formatted(path));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        root.forEach((key, value) -> document.put(String.valueOf(key), value));
        return new DescriptorEditor(table, document);
    }

    public DescriptorEditor rename(String name)
    {
        document.put("name", name);
        return this;
    }

    public DescriptorEditor description(Optional<String> description)
    {
        setOrRemove(document, "description", description);
        return this;
    }

    public DescriptorEditor columnComment(String column, Optional<String> comment)
    {
        Map<String, Object> field = fields().stream()
                .filter(candidate -> isNamed(candidate, column))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No field " + column));
        // the read path takes 'description' before metadata.comment; removing a comment removes both
        setOrRemove(field, "description", comment);
        if (comment.isEmpty() && field.get("metadata") instanceof Map<?, ?> metadata) {
            metadata.remove("comment");
            metadata.remove("description");
        }
        return this;
    }

    /**
     * Adds a nullable column to the schema: first, after another data column, or after the last
     * data column (partition columns stay last).
     *
     * @param after the data column the new one follows; empty for the first position
     */
    public DescriptorEditor addColumn(ColumnDefinition column, Optional<String> after, boolean last)
    {
        List<Map<String, Object>> fields = fields();
        int index;
        if (last) {
            index = 0;
            for (int i = 0; i < fields.size(); i++) {
                if (!table.partitionColumnNames().contains(fieldName(fields.get(i)))) {
                    index = i + 1;
                }
            }
        }
        else if (after.isEmpty()) {
            index = 0;
        }
        else {
            index = -1;
            for (int i = 0; i < fields.size(); i++) {
                if (isNamed(fields.get(i), after.orElseThrow())) {
                    index = i + 1;
                }
            }
            if (index < 0) {
                throw new IllegalArgumentException("No field " + after.orElseThrow());
            }
        }
        fields.add(index, field(column));
        return this;
    }

    public byte[] toYaml()
    {
        return DescriptorWriter.dump(document);
    }

    /**
     * The schema's fields, mutable; a descriptor without a schema gets one with the columns the
     * table has now, so that a statement can change them.
     */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> fields()
    {
        if (document.get("schema") instanceof Map<?, ?> schema && schema.get("fields") instanceof List<?> fields) {
            List<Map<String, Object>> mutable = new ArrayList<>();
            for (Object field : fields) {
                mutable.add(new LinkedHashMap<>((Map<String, Object>) field));
            }
            ((Map<String, Object>) schema).put("fields", mutable);
            return mutable;
        }
        List<Map<String, Object>> fields = new ArrayList<>();
        for (ColumnDefinition column : table.columns()) {
            fields.add(field(column));
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "struct");
        schema.put("fields", fields);
        document.put("schema", schema);
        return fields;
    }

    private Map<String, Object> field(ColumnDefinition column)
    {
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("name", column.name());
        field.put("type", DescriptorTypes.name(column.type()).orElseThrow(() -> new TrinoException(DATAMESH_UNSUPPORTED_TYPE,
                "Column '%s' of table '%s' has type %s, which a table descriptor cannot declare".formatted(column.name(), table.name(), column.type().getDisplayName()))));
        field.put("nullable", true);
        column.comment().ifPresent(comment -> field.put("description", comment));
        return field;
    }

    private static boolean isNamed(Map<String, Object> field, String column)
    {
        return fieldName(field).equals(column.toLowerCase(Locale.ENGLISH));
    }

    private static String fieldName(Map<String, Object> field)
    {
        return String.valueOf(field.get("name")).toLowerCase(Locale.ENGLISH);
    }

    @SuppressWarnings("unchecked")
    private static void setOrRemove(Map<?, ?> map, String key, Optional<String> value)
    {
        if (value.isPresent()) {
            ((Map<String, Object>) map).put(key, value.orElseThrow());
        }
        else {
            map.remove(key);
        }
    }
}
