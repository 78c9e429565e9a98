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

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.trino.spi.TrinoException;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_INVALID_DESCRIPTOR;

/**
 * Reads the policy fields of a table descriptor: {@code owners}, {@code readers},
 * {@code row_filters}, and per field of {@code schema.fields} its {@code classification},
 * {@code mask} and {@code unmasked_groups}. Every problem names the descriptor and the field.
 */
public final class PolicyParser
{
    private static final Set<String> PRINCIPAL_KEYS = ImmutableSet.of("users", "groups");
    private static final Set<String> ROW_FILTER_KEYS = ImmutableSet.of("filter", "groups");
    private static final Set<String> MASK_KINDS = ImmutableSet.of("value", "partial", "expression");
    private static final Set<String> PARTIAL_KEYS = ImmutableSet.of("show_first", "show_last", "fill");

    private PolicyParser() {}

    /**
     * @param fields the mappings of {@code schema.fields}, empty when the descriptor declares no schema
     */
    public static TablePolicy parse(String descriptorPath, Map<?, ?> root, List<Map<?, ?>> fields)
    {
        Principals owners = principals(descriptorPath, root.get("owners"), "owners").orElse(Principals.NONE);
        Optional<Principals> readers = principals(descriptorPath, root.get("readers"), "readers");
        ImmutableMap.Builder<String, ColumnPolicy> columns = ImmutableMap.builder();
        for (Map<?, ?> field : fields) {
            columnPolicy(descriptorPath, field).ifPresent(policy -> columns.put(policy.column(), policy));
        }
        return new TablePolicy(owners, readers, columns.buildOrThrow(), rowFilters(descriptorPath, root.get("row_filters")));
    }

    private static Optional<Principals> principals(String descriptorPath, Object value, String field)
    {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(descriptorPath, "'%s' must be a mapping with 'users' and/or 'groups', such as {users: [alice], groups: [sales]}".formatted(field));
        }
        checkKeys(descriptorPath, map, PRINCIPAL_KEYS, field);
        return Optional.of(new Principals(names(descriptorPath, map.get("users"), "'%s.users'".formatted(field)), names(descriptorPath, map.get("groups"), "'%s.groups'".formatted(field))));
    }

    private static List<RowFilter> rowFilters(String descriptorPath, Object value)
    {
        if (value == null) {
            return ImmutableList.of();
        }
        if (!(value instanceof List<?> list)) {
            throw invalid(descriptorPath, "'row_filters' must be a list of {filter: <SQL>, groups: [...]}");
        }
        ImmutableList.Builder<RowFilter> filters = ImmutableList.builder();
        for (int i = 0; i < list.size(); i++) {
            String field = "row_filters[%s]".formatted(i + 1);
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                throw invalid(descriptorPath, "'%s' must be a mapping {filter: <SQL>, groups: [...]}".formatted(field));
            }
            checkKeys(descriptorPath, map, ROW_FILTER_KEYS, field);
            if (!(map.get("filter") instanceof String filter) || filter.isBlank()) {
                throw invalid(descriptorPath, "'%s.filter' must be a SQL boolean expression, such as \"region = 'EU'\"".formatted(field));
            }
            filters.add(new RowFilter(filter.trim(), names(descriptorPath, map.get("groups"), "'%s.groups'".formatted(field))));
        }
        return filters.build();
    }

    private static Optional<ColumnPolicy> columnPolicy(String descriptorPath, Map<?, ?> field)
    {
        if (!field.containsKey("classification") && !field.containsKey("mask") && !field.containsKey("unmasked_groups")) {
            return Optional.empty();
        }
        String column = String.valueOf(field.get("name")).toLowerCase(Locale.ENGLISH);
        String prefix = "field '%s' of 'schema'".formatted(column);
        Optional<String> classification = Optional.empty();
        Object classificationValue = field.get("classification");
        if (classificationValue != null) {
            if (!(classificationValue instanceof String text) || text.isBlank()) {
                throw invalid(descriptorPath, "%s: 'classification' must be a label such as pii or confidential".formatted(prefix));
            }
            classification = Optional.of(text.trim().toLowerCase(Locale.ENGLISH));
        }
        Optional<ColumnMask> mask = field.containsKey("mask") ? Optional.of(mask(descriptorPath, prefix, field.get("mask"))) : Optional.empty();
        Set<String> unmaskedGroups = names(descriptorPath, field.get("unmasked_groups"), "%s: 'unmasked_groups'".formatted(prefix));
        if (mask.isEmpty() && !unmaskedGroups.isEmpty()) {
            throw invalid(descriptorPath, "%s: 'unmasked_groups' is set but the field has no 'mask'".formatted(prefix));
        }
        return Optional.of(new ColumnPolicy(column, classification, mask, unmaskedGroups));
    }

    private static ColumnMask mask(String descriptorPath, String prefix, Object value)
    {
        String expected = "one of nullify, hash, {value: <constant>}, {partial: {show_first: <n>, show_last: <n>, fill: <char>}} or {expression: <SQL>}";
        if (value == null) {
            return new ColumnMask.Nullify();
        }
        if (value instanceof String kind) {
            return switch (kind.trim().toLowerCase(Locale.ENGLISH)) {
                case "nullify", "null" -> new ColumnMask.Nullify();
                case "hash" -> new ColumnMask.Hash();
                default -> throw invalid(descriptorPath, "%s: 'mask' is '%s'; it must be %s".formatted(prefix, kind, expected));
            };
        }
        if (!(value instanceof Map<?, ?> map) || map.size() != 1 || !MASK_KINDS.contains(String.valueOf(map.keySet().iterator().next()))) {
            throw invalid(descriptorPath, "%s: 'mask' must be %s".formatted(prefix, expected));
        }
        Map.Entry<?, ?> entry = map.entrySet().iterator().next();
        return switch (String.valueOf(entry.getKey())) {
            case "value" -> {
                if (!(entry.getValue() instanceof String || entry.getValue() instanceof Number || entry.getValue() instanceof Boolean)) {
                    throw invalid(descriptorPath, "%s: 'mask.value' must be a constant, such as 'REDACTED' or 0".formatted(prefix));
                }
                yield new ColumnMask.FixedValue(entry.getValue().toString());
            }
            case "expression" -> {
                if (!(entry.getValue() instanceof String sql) || sql.isBlank()) {
                    throw invalid(descriptorPath, "%s: 'mask.expression' must be a SQL expression over the table's columns".formatted(prefix));
                }
                yield new ColumnMask.Expression(sql.trim());
            }
            case "partial" -> partial(descriptorPath, prefix, entry.getValue());
            default -> throw new IllegalStateException("unexpected mask kind " + entry.getKey());
        };
    }

    private static ColumnMask partial(String descriptorPath, String prefix, Object value)
    {
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(descriptorPath, "%s: 'mask.partial' must be a mapping {show_first: <n>, show_last: <n>, fill: <char>}".formatted(prefix));
        }
        checkKeys(descriptorPath, map, PARTIAL_KEYS, prefix + ": 'mask.partial'");
        int showFirst = count(descriptorPath, prefix, map, "show_first");
        int showLast = count(descriptorPath, prefix, map, "show_last");
        if (showFirst + showLast == 0) {
            throw invalid(descriptorPath, "%s: 'mask.partial' shows nothing; set 'show_first' or 'show_last', or use mask: nullify".formatted(prefix));
        }
        Object fill = map.get("fill");
        if (fill != null && !(fill instanceof String text && text.codePointCount(0, text.length()) == 1)) {
            throw invalid(descriptorPath, "%s: 'mask.partial.fill' must be one character, such as '*'".formatted(prefix));
        }
        return new ColumnMask.Partial(showFirst, showLast, fill == null ? "*" : (String) fill);
    }

    private static int count(String descriptorPath, String prefix, Map<?, ?> map, String key)
    {
        Object value = map.get(key);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Integer count) || count < 0 || count > 1000) {
            throw invalid(descriptorPath, "%s: 'mask.partial.%s' must be a number of characters between 0 and 1000, got %s".formatted(prefix, key, value));
        }
        return count;
    }

    /**
     * @param field for messages, quoted, such as {@code 'owners.users'}
     */
    private static Set<String> names(String descriptorPath, Object value, String field)
    {
        if (value == null) {
            return ImmutableSet.of();
        }
        if (!(value instanceof List<?> list)) {
            throw invalid(descriptorPath, "%s must be a list of names, such as [alice, bob]".formatted(field));
        }
        ImmutableSet.Builder<String> names = ImmutableSet.builder();
        for (Object element : list) {
            if (!(element instanceof String || element instanceof Number) || element.toString().isBlank()) {
                throw invalid(descriptorPath, "%s must be a list of names, got %s".formatted(field, list));
            }
            names.add(element.toString().trim());
        }
        return names.build();
    }

    private static void checkKeys(String descriptorPath, Map<?, ?> map, Set<String> allowed, String field)
    {
        for (Object key : map.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                throw invalid(descriptorPath, "%s has an unknown key '%s'; expected %s".formatted(field.startsWith("field ") ? field : "'" + field + "'", key, allowed));
            }
        }
    }

    private static TrinoException invalid(String descriptorPath, String problem)
    {
        return new TrinoException(DATAMESH_INVALID_DESCRIPTOR, "Table descriptor '%s' is invalid: %s".formatted(descriptorPath, problem));
    }
}
