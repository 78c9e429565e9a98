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

import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Hive-style partition directories: {@code ship_year=1995/ship_month=03/part-0.parquet}.
 * Keys compare ignoring case; values are URL-unescaped as Hive escapes them;
 * {@code __HIVE_DEFAULT_PARTITION__} is NULL.
 */
public final class PartitionPaths
{
    public static final String HIVE_DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";

    private PartitionPaths() {}

    /**
     * The {@code key=value} directories of a file's path below its table, in order.
     */
    public static List<KeyValue> keyValues(String relativePath)
    {
        String[] segments = relativePath.split("/");
        ImmutableList.Builder<KeyValue> keyValues = ImmutableList.builder();
        // the last segment is the file name
        for (int i = 0; i < segments.length - 1; i++) {
            int equals = segments[i].indexOf('=');
            if (equals > 0) {
                String key = segments[i].substring(0, equals).toLowerCase(Locale.ENGLISH);
                String value = unescape(segments[i].substring(equals + 1));
                keyValues.add(new KeyValue(key, value.equals(HIVE_DEFAULT_PARTITION) ? Optional.empty() : Optional.of(value)));
            }
        }
        return keyValues.build();
    }

    /**
     * Values of {@code columns} in a file's path; a column without a directory is NULL.
     */
    public static List<Optional<String>> values(String relativePath, List<String> columns)
    {
        List<KeyValue> keyValues = keyValues(relativePath);
        List<Optional<String>> values = new ArrayList<>(columns.size());
        for (String column : columns) {
            values.add(keyValues.stream()
                    .filter(keyValue -> keyValue.key().equals(column))
                    .findFirst()
                    .flatMap(KeyValue::value));
        }
        return values;
    }

    /**
     * Whether a path below a table names a data file: no part starts with '_' or '.' (such as
     * _SUCCESS, _delta_log/ or .crc files), as Hive and Spark ignore them.
     */
    public static boolean isDataFile(String relativePath)
    {
        for (String segment : relativePath.split("/")) {
            if (segment.isEmpty() || segment.startsWith("_") || segment.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private static String unescape(String value)
    {
        if (value.indexOf('%') < 0) {
            return value;
        }
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), UTF_8);
        }
        catch (IllegalArgumentException e) {
            return value;
        }
    }

    public record KeyValue(String key, Optional<String> value) {}
}
