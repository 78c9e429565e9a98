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

import com.google.inject.Inject;
import io.trino.spi.connector.ConnectorTransactionHandle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

/**
 * One {@link DatameshMetadata} per transaction, so that every table of a query that names the
 * same schema reads the same commit.
 */
public class DatameshTransactionManager
{
    private final Map<ConnectorTransactionHandle, DatameshMetadata> transactions = new ConcurrentHashMap<>();
    private final DatameshMetadataFactory metadataFactory;

    @Inject
    public DatameshTransactionManager(DatameshMetadataFactory metadataFactory)
    {
        this.metadataFactory = requireNonNull(metadataFactory, "metadataFactory is null");
    }

    public void begin(ConnectorTransactionHandle transaction)
    {
        DatameshMetadata existing = transactions.putIfAbsent(transaction, metadataFactory.create());
        checkState(existing == null, "transaction already exists: %s", transaction);
    }

    public DatameshMetadata get(ConnectorTransactionHandle transaction)
    {
        DatameshMetadata metadata = transactions.get(transaction);
        checkArgument(metadata != null, "no such transaction: %s", transaction);
        return metadata;
    }

    public DatameshMetadata end(ConnectorTransactionHandle transaction)
    {
        DatameshMetadata metadata = transactions.remove(transaction);
        checkArgument(metadata != null, "no such transaction: %s", transaction);
        return metadata;
    }
}
