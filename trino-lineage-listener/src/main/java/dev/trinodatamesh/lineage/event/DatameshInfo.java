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
package dev.trinodatamesh.lineage.event;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.google.common.collect.ImmutableList;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the datamesh connector reports about a table a query read ({@code ConnectorMetadata.getInfo})
 * or wrote ({@code ConnectorOutputMetadata} of a write): the lakeFS repository, ref and pinned
 * commit (for a write, the commit it made), the table's path, the storage namespace, the data
 * product's ownership and description, and all its columns. The object comes from the connector's class loader, so
 * it is read through JSON.
 */
record DatameshInfo(
        String repository,
        String ref,
        String refType,
        String commitId,
        String path,
        String storageNamespace,
        String format,
        Optional<String> description,
        List<String> owners,
        List<Column> columns)
{
    private static final Pattern EDGE_SLASHES = Pattern.compile("^/+|/+$");
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * From what the connector's {@code getInfo} returned for a table a query read.
     */
    static Optional<DatameshInfo> from(Optional<Object> connectorInfo)
    {
        if (connectorInfo.isEmpty()) {
            return Optional.empty();
        }
        try {
            return from(MAPPER.<JsonNode>valueToTree(connectorInfo.orElseThrow()));
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * From the JSON the engine made of the connector's {@code ConnectorOutputMetadata} of a write:
     * the table after the statement, at the commit it made.
     */
    static Optional<DatameshInfo> fromJson(Optional<String> connectorOutputMetadata)
    {
        if (connectorOutputMetadata.isEmpty()) {
            return Optional.empty();
        }
        try {
            return from(MAPPER.readTree(connectorOutputMetadata.orElseThrow()));
        }
        catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<DatameshInfo> from(JsonNode info)
    {
        if (info == null || !"datamesh".equals(info.path("connector").asText()) || !info.hasNonNull("commitId")) {
            return Optional.empty();
        }
        ImmutableList.Builder<String> owners = ImmutableList.builder();
        info.path("owners").forEach(owner -> owners.add(owner.asText()));
        ImmutableList.Builder<Column> columns = ImmutableList.builder();
        for (JsonNode column : info.path("columns")) {
            JsonNode columnDescription = column.path("description");
            columns.add(new Column(
                    column.path("name").asText(),
                    column.path("type").asText(),
                    columnDescription.isTextual() && !columnDescription.asText().isBlank() ? Optional.of(columnDescription.asText()) : Optional.empty()));
        }
        JsonNode description = info.path("description");
        return Optional.of(new DatameshInfo(
                info.path("repository").asText(),
                info.path("ref").asText(),
                info.path("refType").asText(),
                info.path("commitId").asText(),
                info.path("path").asText(),
                info.path("storageNamespace").asText(""),
                info.path("format").asText("parquet"),
                description.isTextual() && !description.asText().isBlank() ? Optional.of(description.asText()) : Optional.empty(),
                owners.build(),
                columns.build()));
    }

    /**
     * The storage namespace as an OpenLineage location: {@code s3://bucket} and the key prefix.
     */
    Optional<Location> storageLocation()
    {
        if (storageNamespace.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(storageNamespace);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return Optional.empty();
            }
            String key = uri.getPath() == null ? "" : EDGE_SLASHES.matcher(uri.getPath()).replaceAll("");
            return Optional.of(new Location(uri.getScheme() + "://" + uri.getHost(), key.isEmpty() ? "/" : key));
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    record Location(String namespace, String name) {}

    /**
     * A column of the data product, as the connector describes it.
     */
    record Column(String name, String type, Optional<String> description) {}
}
