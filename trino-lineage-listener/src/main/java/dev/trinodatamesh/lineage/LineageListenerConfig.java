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
package dev.trinodatamesh.lineage;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.trinodatamesh.lineage.delivery.TransportType;
import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.trino.spi.resourcegroups.QueryType;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static java.util.stream.Collectors.joining;

/**
 * Which queries the listener reports, and where to.
 */
public class LineageListenerConfig
{
    private List<TransportType> transports = ImmutableList.of(TransportType.HTTP);
    private Set<QueryType> queryTypes = ImmutableSet.copyOf(QueryType.values());

    @NotNull
    @Size(min = 1)
    public List<TransportType> getTransports()
    {
        return transports;
    }

    @Config("lineage.transports")
    @ConfigDescription("Where events go, comma separated: http (Marquez or any OpenLineage endpoint), file (JSON lines), console, kafka")
    public LineageListenerConfig setTransports(String transports)
    {
        this.transports = Splitter.on(',').trimResults().omitEmptyStrings().splitToStream(transports)
                .map(value -> parse(TransportType.class, value, "lineage.transports"))
                .distinct()
                .collect(toImmutableList());
        return this;
    }

    @NotNull
    @Size(min = 1)
    public Set<QueryType> getQueryTypes()
    {
        return queryTypes;
    }

    @Config("lineage.query-types")
    @ConfigDescription("Query types that produce events, comma separated (SELECT, EXPLAIN, DESCRIBE, INSERT, UPDATE, DELETE, ANALYZE, DATA_DEFINITION, ALTER_TABLE_EXECUTE, MERGE); default all")
    public LineageListenerConfig setQueryTypes(String queryTypes)
    {
        this.queryTypes = Splitter.on(',').trimResults().omitEmptyStrings().splitToStream(queryTypes)
                .map(value -> parse(QueryType.class, value, "lineage.query-types"))
                .collect(toImmutableSet());
        return this;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String property)
    {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ENGLISH));
        }
        catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants())
                    .map(constant -> constant.name().toLowerCase(Locale.ENGLISH))
                    .collect(joining(", "));
            throw new IllegalArgumentException("Unknown value '%s' in %s; use %s".formatted(value, property, allowed), e);
        }
    }
}
