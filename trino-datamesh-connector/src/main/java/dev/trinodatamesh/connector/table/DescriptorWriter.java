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
import io.trino.spi.TrinoException;
import io.trino.spi.type.Type;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_UNSUPPORTED_TYPE;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Writes table descriptors, {@code _lakefs_tables/<name>.yaml}, in the form {@link DescriptorParser}
 * reads and lakeFS's own tools and other engines understand: {@code name}, {@code type: hive},
 * {@code path}, {@code partition_columns}, a Spark-style {@code schema}, and the data product's
 * description, owners and tags.
 */
public final class DescriptorWriter
{
    private DescriptorWriter() {}

    public static String descriptorPath(String tableName)
    {
        return DescriptorParser.DESCRIPTORS_PREFIX + tableName + ".yaml";
    }

    /**
     * Whether a descriptor can declare a column of this type.
     */
    public static boolean isSupported(Type type)
    {
        return DescriptorTypes.name(type).isPresent();
    }

    /**
     * @param columns every column, partition columns included, in table order
     */
    public static byte[] write(String name, String path, List<ColumnDefinition> columns, List<String> partitionColumns, Optional<String> description, List<String> owners, List<String> tags)
    {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", name);
        document.put("type", "hive");
        document.put("path", path);
        if (!partitionColumns.isEmpty()) {
            document.put("partition_columns", ImmutableList.copyOf(partitionColumns));
        }
        description.ifPresent(text -> document.put("description", text));
        if (owners.size() == 1) {
            document.put("owner", owners.getFirst());
        }
        else if (!owners.isEmpty()) {
            document.put("owner", ImmutableList.copyOf(owners));
        }
        if (!tags.isEmpty()) {
            document.put("tags", ImmutableList.copyOf(tags));
        }
        ImmutableList.Builder<Map<String, Object>> fields = ImmutableList.builder();
        for (ColumnDefinition column : columns) {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("name", column.name());
            field.put("type", DescriptorTypes.name(column.type()).orElseThrow(() -> new TrinoException(DATAMESH_UNSUPPORTED_TYPE,
                    "Column '%s' of table '%s' has type %s, which a table descriptor cannot declare".formatted(column.name(), name, column.type().getDisplayName()))));
            field.put("nullable", true);
            column.comment().ifPresent(comment -> field.put("description", comment));
            fields.add(field);
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "struct");
        schema.put("fields", fields.build());
        document.put("schema", schema);
        return dump(document);
    }

    static byte[] dump(Map<String, Object> document)
    {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(120);
        return ("# written by Trino (trino-datamesh)\n" + new Yaml(options).dump(document)).getBytes(UTF_8);
    }
}
