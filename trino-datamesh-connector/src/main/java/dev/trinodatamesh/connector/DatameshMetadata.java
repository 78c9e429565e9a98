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

import dev.trinodatamesh.connector.lakefs.RefResolver;
import dev.trinodatamesh.connector.lakefs.ResolvedRef;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorSession;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Metadata of one transaction. Each schema name resolves to a commit once per transaction.
 */
public class DatameshMetadata
        implements ConnectorMetadata
{
    private final RefResolver refResolver;
    private final Map<String, Optional<ResolvedRef>> resolvedSchemas = new ConcurrentHashMap<>();

    public DatameshMetadata(RefResolver refResolver)
    {
        this.refResolver = requireNonNull(refResolver, "refResolver is null");
    }

    @Override
    public List<String> listSchemaNames(ConnectorSession session)
    {
        return refResolver.listSchemaNames();
    }

    @Override
    public boolean schemaExists(ConnectorSession session, String schemaName)
    {
        return resolveSchema(schemaName).isPresent();
    }

    Optional<ResolvedRef> resolveSchema(String schemaName)
    {
        return resolvedSchemas.computeIfAbsent(schemaName, refResolver::resolveSchema);
    }
}
