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
package dev.trinodatamesh.connector;

import com.google.common.collect.ImmutableList;
import io.trino.spi.TrinoException;
import io.trino.spi.session.PropertyMetadata;
import io.trino.spi.type.ArrayType;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_INVALID_PROPERTY;
import static io.trino.spi.session.PropertyMetadata.stringProperty;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * {@code CREATE TABLE ... WITH (partitioned_by = ARRAY['shipyear'], location = 'tables/orders')}.
 */
public final class DatameshTableProperties
{
    public static final String PARTITIONED_BY = "partitioned_by";
    public static final String LOCATION = "location";

    private DatameshTableProperties() {}

    public static List<PropertyMetadata<?>> properties()
    {
        return ImmutableList.of(
                new PropertyMetadata<>(
                        PARTITIONED_BY,
                        "Partition columns, written as Hive-style directories in this order; they must be the table's last columns",
                        new ArrayType(VARCHAR),
                        List.class,
                        ImmutableList.of(),
                        false,
                        value -> ((List<?>) value).stream().map(name -> ((String) name).toLowerCase(Locale.ENGLISH)).collect(toImmutableList()),
                        value -> value),
                stringProperty(
                        LOCATION,
                        "Directory of the table in the repository; default: the table's name",
                        null,
                        false));
    }

    @SuppressWarnings("unchecked")
    public static List<String> partitionedBy(Map<String, Object> properties)
    {
        List<String> columns = (List<String>) properties.get(PARTITIONED_BY);
        return columns == null ? ImmutableList.of() : ImmutableList.copyOf(columns);
    }

    /**
     * The table's directory, with a trailing slash.
     */
    public static String location(Map<String, Object> properties, String tableName)
    {
        String location = Optional.ofNullable((String) properties.get(LOCATION)).map(String::trim).orElse(tableName);
        while (location.startsWith("/")) {
            location = location.substring(1);
        }
        if (location.isEmpty() || location.contains("://") || List.of(location.split("/")).contains("..") || location.startsWith("_") || location.startsWith(".")) {
            throw new TrinoException(DATAMESH_INVALID_PROPERTY, "Table property location must be a directory inside the repository that does not start with '_' or '.', such as 'tables/%s'; got '%s'"
                    .formatted(tableName, properties.get(LOCATION)));
        }
        return location.endsWith("/") ? location : location + "/";
    }
}
