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
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import dev.trinodatamesh.connector.lakefs.RefResolver;
import dev.trinodatamesh.connector.table.TableCatalogFactory;
import dev.trinodatamesh.connector.write.RefManager;
import dev.trinodatamesh.connector.write.WriteTransactions;
import io.trino.spi.catalog.CatalogName;
import io.trino.spi.type.TypeManager;

import static java.util.Objects.requireNonNull;

public class DatameshMetadataFactory
{
    private final RefResolver refResolver;
    private final TableCatalogFactory tableCatalogFactory;
    private final LakeFsClient lakeFs;
    private final DatameshStatistics statistics;
    private final WriteTransactions writeTransactions;
    private final RefManager refManager;
    private final TypeManager typeManager;
    private final CatalogName catalogName;

    @Inject
    public DatameshMetadataFactory(RefResolver refResolver, TableCatalogFactory tableCatalogFactory, LakeFsClient lakeFs, DatameshStatistics statistics, WriteTransactions writeTransactions, RefManager refManager, TypeManager typeManager, CatalogName catalogName)
    {
        this.refManager = requireNonNull(refManager, "refManager is null");
        this.catalogName = requireNonNull(catalogName, "catalogName is null");
        this.writeTransactions = requireNonNull(writeTransactions, "writeTransactions is null");
        this.refResolver = requireNonNull(refResolver, "refResolver is null");
        this.tableCatalogFactory = requireNonNull(tableCatalogFactory, "tableCatalogFactory is null");
        this.lakeFs = requireNonNull(lakeFs, "lakeFs is null");
        this.statistics = requireNonNull(statistics, "statistics is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
    }

    public DatameshMetadata create()
    {
        return new DatameshMetadata(refResolver, tableCatalogFactory.create(), lakeFs, statistics, writeTransactions, refManager, typeManager, catalogName);
    }
}
