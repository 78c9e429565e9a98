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

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.airlift.json.JsonCodec;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorViewDefinition;

import java.util.Locale;
import java.util.Optional;

import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_INVALID_VIEW;
import static io.airlift.json.JsonCodec.jsonCodec;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * A view as the repository stores it, {@code _lakefs_views/<name>.json}: Trino's own definition
 * of the view (its SQL as written, the catalog and schema it was created in, its columns,
 * comment, owner and security mode, its path) with the catalog and schema that stored it, so that
 * the view is versioned, branched, merged and reverted with the data it reads.
 *
 * @param catalog the Trino catalog the view was created in
 * @param schema the schema (branch) the view was created in
 */
public record StoredView(String name, String catalog, String schema, ConnectorViewDefinition definition)
{
    public static final String VIEWS_PREFIX = "_lakefs_views/";
    private static final JsonCodec<StoredView> CODEC = jsonCodec(StoredView.class);
    private static final int MAX_VIEW_BYTES = 1024 * 1024;

    @JsonCreator
    public StoredView(
            @JsonProperty("name") String name,
            @JsonProperty("catalog") String catalog,
            @JsonProperty("schema") String schema,
            @JsonProperty("definition") ConnectorViewDefinition definition)
    {
        this.name = requireNonNull(name, "name is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.definition = requireNonNull(definition, "definition is null");
    }

    @Override
    @JsonProperty
    public String name()
    {
        return name;
    }

    @Override
    @JsonProperty
    public String catalog()
    {
        return catalog;
    }

    @Override
    @JsonProperty
    public String schema()
    {
        return schema;
    }

    @Override
    @JsonProperty
    public ConnectorViewDefinition definition()
    {
        return definition;
    }

    public static String viewPath(String viewName)
    {
        return VIEWS_PREFIX + viewName + ".json";
    }

    public static boolean isViewFile(String path)
    {
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        return path.startsWith(VIEWS_PREFIX) && path.indexOf('/', VIEWS_PREFIX.length()) < 0
                && !fileName.startsWith(".") && !fileName.startsWith("_") && fileName.endsWith(".json");
    }

    public static String nameFromPath(String path)
    {
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        return fileName.substring(0, fileName.length() - ".json".length()).toLowerCase(Locale.ENGLISH);
    }

    public byte[] toJson()
    {
        return CODEC.toJsonBytes(this);
    }

    public static StoredView parse(String path, byte[] content)
    {
        if (content.length > MAX_VIEW_BYTES) {
            throw new TrinoException(DATAMESH_INVALID_VIEW, "View definition '%s' is invalid: it is larger than 1MB".formatted(path));
        }
        StoredView view;
        try {
            view = CODEC.fromJson(content);
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(DATAMESH_INVALID_VIEW, "View definition '%s' is invalid: %s".formatted(path, Optional.ofNullable(e.getCause()).orElse(e).getMessage().replace('\n', ' ')), e);
        }
        if (!view.name().toLowerCase(Locale.ENGLISH).equals(nameFromPath(path))) {
            throw new TrinoException(DATAMESH_INVALID_VIEW, "View definition '%s' is invalid: it names view '%s'; a view's file is named after it".formatted(path, view.name()));
        }
        return view;
    }

    /**
     * The definition as a query of schema {@code readSchema} of catalog {@code readCatalog} sees
     * it: names the view's SQL leaves unqualified resolve in the schema the view is read from (a
     * view on a tag or a commit reads that tag's or commit's tables), unless the view was created
     * with another catalog or schema as its context.
     */
    public ConnectorViewDefinition definitionFor(String readCatalog, String readSchema)
    {
        if (!definition.getCatalog().equals(Optional.of(catalog)) || !definition.getSchema().equals(Optional.of(schema))) {
            return definition;
        }
        return new ConnectorViewDefinition(
                definition.getOriginalSql(),
                Optional.of(readCatalog),
                Optional.of(readSchema),
                definition.getColumns(),
                definition.getComment(),
                definition.getOwner(),
                definition.isRunAsInvoker(),
                definition.getPath());
    }

    public StoredView withDefinition(ConnectorViewDefinition newDefinition)
    {
        return new StoredView(name, catalog, schema, newDefinition);
    }

    public StoredView renamed(String newName)
    {
        return new StoredView(newName, catalog, schema, definition);
    }
}
