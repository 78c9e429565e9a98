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
import dev.trinodatamesh.connector.security.PolicyParser;
import dev.trinodatamesh.connector.security.TablePolicy;
import io.trino.spi.TrinoException;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeOperators;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_INVALID_DESCRIPTOR;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Parses and validates table descriptors. Every problem is reported with the descriptor's path
 * and the field at fault.
 */
public final class DescriptorParser
{
    public static final String DESCRIPTORS_PREFIX = "_lakefs_tables/";
    private static final int MAX_DESCRIPTOR_BYTES = 1024 * 1024;

    private final TypeOperators typeOperators;

    public DescriptorParser(TypeOperators typeOperators)
    {
        this.typeOperators = requireNonNull(typeOperators, "typeOperators is null");
    }

    public static boolean isDescriptor(String path)
    {
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        return path.startsWith(DESCRIPTORS_PREFIX)
                && !fileName.startsWith(".") && !fileName.startsWith("_")
                && (fileName.endsWith(".yaml") || fileName.endsWith(".yml"));
    }

    /**
     * The table name a descriptor file implies when its {@code name} cannot be read.
     */
    public static String nameFromPath(String descriptorPath)
    {
        String fileName = descriptorPath.substring(descriptorPath.lastIndexOf('/') + 1);
        return fileName.substring(0, fileName.lastIndexOf('.')).toLowerCase(Locale.ENGLISH);
    }

    public TableDescriptor parse(String descriptorPath, byte[] content)
    {
        if (content.length > MAX_DESCRIPTOR_BYTES) {
            throw invalid(descriptorPath, "it is larger than 1MB");
        }
        Object document;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            document = new Yaml(new SafeConstructor(options)).load(new String(content, UTF_8));
        }
        catch (MarkedYAMLException e) {
            String where = e.getProblemMark() == null ? "" : " at line %s, column %s".formatted(e.getProblemMark().getLine() + 1, e.getProblemMark().getColumn() + 1);
            throw new TrinoException(DATAMESH_INVALID_DESCRIPTOR, "Table descriptor '%s' is not valid YAML%s: %s".formatted(descriptorPath, where, e.getProblem()), e);
        }
        catch (YAMLException e) {
            throw new TrinoException(DATAMESH_INVALID_DESCRIPTOR, "Table descriptor '%s' is not valid YAML: %s".formatted(descriptorPath, e.getMessage().replace('\n', ' ')), e);
        }
        if (!(document instanceof Map<?, ?> root)) {
            throw invalid(descriptorPath, "it must be a YAML mapping with name, type, path and schema");
        }

        String name = optionalString(descriptorPath, root, "name").orElseGet(() -> nameFromPath(descriptorPath)).trim();
        if (name.isEmpty()) {
            throw invalid(descriptorPath, "'name' is empty");
        }
        Optional<String> type = optionalString(descriptorPath, root, "type");
        if (type.isPresent() && !type.orElseThrow().equalsIgnoreCase("hive")) {
            throw invalid(descriptorPath, "'type' is '%s'; this connector reads tables of type 'hive' (Parquet files, Hive-style partitions)".formatted(type.orElseThrow()));
        }
        String path = optionalString(descriptorPath, root, "path").orElseThrow(() -> invalid(descriptorPath, "'path' (the table's directory in the repository) is missing"));
        path = normalizePath(descriptorPath, path);

        List<String> partitionColumns = stringList(descriptorPath, root, "partition_columns").stream()
                .map(column -> column.toLowerCase(Locale.ENGLISH))
                .collect(ImmutableList.toImmutableList());
        if (new HashSet<>(partitionColumns).size() != partitionColumns.size()) {
            throw invalid(descriptorPath, "'partition_columns' lists a column twice: " + partitionColumns);
        }

        Optional<List<ColumnDefinition>> columns = parseSchema(descriptorPath, root.get("schema"));
        if (columns.isPresent()) {
            Set<String> names = new HashSet<>();
            for (ColumnDefinition column : columns.orElseThrow()) {
                if (!names.add(column.name())) {
                    throw invalid(descriptorPath, "the schema has two columns named '%s' (names are compared ignoring case)".formatted(column.name()));
                }
            }
            for (String partitionColumn : partitionColumns) {
                if (!names.contains(partitionColumn)) {
                    throw invalid(descriptorPath, "partition column '%s' is not in the schema's fields".formatted(partitionColumn));
                }
            }
        }

        List<Map<?, ?>> fieldMaps = columns.isPresent() && root.get("schema") instanceof Map<?, ?> schema && schema.get("fields") instanceof List<?> fields
                ? fields.stream().<Map<?, ?>>map(Map.class::cast).collect(ImmutableList.toImmutableList())
                : ImmutableList.of();
        TablePolicy policy = PolicyParser.parse(descriptorPath, root, fieldMaps);

        List<String> owners = root.get("owner") instanceof List<?> ? stringList(descriptorPath, root, "owner") : optionalString(descriptorPath, root, "owner").map(List::of).orElse(List.of());
        return new TableDescriptor(
                descriptorPath,
                name.toLowerCase(Locale.ENGLISH),
                path,
                partitionColumns,
                columns,
                optionalString(descriptorPath, root, "description").map(String::trim).filter(description -> !description.isEmpty()),
                owners,
                stringList(descriptorPath, root, "tags"),
                policy);
    }

    private Optional<List<ColumnDefinition>> parseSchema(String descriptorPath, Object schema)
    {
        if (schema == null) {
            return Optional.empty();
        }
        if (!(schema instanceof Map<?, ?> schemaMap) || !(schemaMap.get("fields") instanceof List<?> fields)) {
            throw invalid(descriptorPath, "'schema' must be a struct with a list of 'fields'");
        }
        ImmutableList.Builder<ColumnDefinition> columns = ImmutableList.builder();
        int index = 0;
        for (Object field : fields) {
            index++;
            if (!(field instanceof Map<?, ?> fieldMap)) {
                throw invalid(descriptorPath, "field %s of 'schema' is not a mapping".formatted(index));
            }
            if (!(fieldMap.get("name") instanceof String fieldName) || fieldName.isBlank()) {
                throw invalid(descriptorPath, "field %s of 'schema' has no 'name'".formatted(index));
            }
            Object fieldType = fieldMap.get("type");
            if (fieldType == null) {
                throw invalid(descriptorPath, "field '%s' of 'schema' has no 'type'".formatted(fieldName));
            }
            Type trinoType;
            try {
                trinoType = DescriptorTypes.parse(fieldType, typeOperators);
            }
            catch (IllegalArgumentException e) {
                throw invalid(descriptorPath, "field '%s' of 'schema': %s".formatted(fieldName, e.getMessage()));
            }
            columns.add(new ColumnDefinition(fieldName.toLowerCase(Locale.ENGLISH), trinoType, columnComment(fieldMap)));
        }
        List<ColumnDefinition> result = columns.build();
        if (result.isEmpty()) {
            throw invalid(descriptorPath, "'schema' has no fields");
        }
        return Optional.of(result);
    }

    private static Optional<String> columnComment(Map<?, ?> field)
    {
        if (field.get("description") instanceof String description && !description.isBlank()) {
            return Optional.of(description.trim());
        }
        if (field.get("metadata") instanceof Map<?, ?> metadata) {
            for (String key : List.of("comment", "description")) {
                if (metadata.get(key) instanceof String comment && !comment.isBlank()) {
                    return Optional.of(comment.trim());
                }
            }
        }
        return Optional.empty();
    }

    private static String normalizePath(String descriptorPath, String path)
    {
        String normalized = path.trim();
        if (normalized.startsWith("lakefs://") || normalized.startsWith("s3://") || normalized.startsWith("s3a://")) {
            throw invalid(descriptorPath, "'path' must be a path inside the repository, such as 'tables/orders', not the URL '%s'".formatted(path));
        }
        while (normalized.startsWith("/")) {
            normalized = normalized.substring(1);
        }
        if (normalized.isEmpty() || normalized.equals(".")) {
            throw invalid(descriptorPath, "'path' must name a directory below the repository root");
        }
        if (List.of(normalized.split("/")).contains("..")) {
            throw invalid(descriptorPath, "'path' must not contain '..'");
        }
        return normalized.endsWith("/") ? normalized : normalized + "/";
    }

    private static Optional<String> optionalString(String descriptorPath, Map<?, ?> map, String key)
    {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return Optional.of(value.toString());
        }
        throw invalid(descriptorPath, "'%s' must be a string".formatted(key));
    }

    private static List<String> stringList(String descriptorPath, Map<?, ?> map, String key)
    {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw invalid(descriptorPath, "'%s' must be a list".formatted(key));
        }
        ImmutableList.Builder<String> result = ImmutableList.builder();
        for (Object element : list) {
            if (!(element instanceof String || element instanceof Number) || element.toString().isBlank()) {
                throw invalid(descriptorPath, "'%s' must be a list of names, got %s".formatted(key, list));
            }
            result.add(element.toString().trim());
        }
        return result.build();
    }

    private static TrinoException invalid(String descriptorPath, String problem)
    {
        return new TrinoException(DATAMESH_INVALID_DESCRIPTOR, "Table descriptor '%s' is invalid: %s".formatted(descriptorPath, problem));
    }
}
