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
package dev.trinodatamesh.connector.system;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.trino.spi.Page;
import io.trino.spi.PageBuilder;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.FixedPageSource;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.type.Type;

import java.util.List;
import java.util.Optional;

/**
 * What the metadata tables of a data product ({@code $files}, {@code $commits}) share: they are
 * answered on the coordinator from lakeFS metadata, in pages built in memory.
 */
abstract class MetadataTable
        implements SystemTable
{
    private final ConnectorTableMetadata metadata;

    protected MetadataTable(SchemaTableName name, List<ColumnMetadata> columns, String comment)
    {
        this.metadata = new ConnectorTableMetadata(name, columns, ImmutableMap.of(), Optional.of(comment));
    }

    protected static ColumnMetadata column(String name, Type type, String comment)
    {
        return ColumnMetadata.builder().setName(name).setType(type).setComment(Optional.of(comment)).build();
    }

    @Override
    public final Distribution getDistribution()
    {
        return Distribution.SINGLE_COORDINATOR;
    }

    @Override
    public final ConnectorTableMetadata getTableMetadata()
    {
        return metadata;
    }

    /**
     * Collects rows into pages of this table's columns.
     */
    protected final class Rows
    {
        private final PageBuilder pages = new PageBuilder(metadata.getColumns().stream().map(ColumnMetadata::getType).toList());
        private final ImmutableList.Builder<Page> result = ImmutableList.builder();

        /**
         * Starts a row; its values are then written to {@link #column(int)} in order.
         */
        public void startRow()
        {
            if (pages.isFull()) {
                result.add(pages.build());
                pages.reset();
            }
            pages.declarePosition();
        }

        public BlockBuilder column(int channel)
        {
            return pages.getBlockBuilder(channel);
        }

        public ConnectorPageSource toPageSource()
        {
            if (!pages.isEmpty()) {
                result.add(pages.build());
            }
            return new FixedPageSource(result.build());
        }
    }
}
