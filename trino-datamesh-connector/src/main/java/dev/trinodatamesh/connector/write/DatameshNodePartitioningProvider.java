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
package dev.trinodatamesh.connector.write;

import io.airlift.slice.Slice;
import io.airlift.slice.XxHash64;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.SqlRow;
import io.trino.spi.connector.BucketFunction;
import io.trino.spi.connector.ConnectorNodePartitioningProvider;
import io.trino.spi.connector.ConnectorPartitioningHandle;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.type.Type;

import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.trinodatamesh.connector.DatameshColumnHandle.ROW_ID_TYPE;
import static io.trino.spi.type.VarcharType.VARCHAR;

public class DatameshNodePartitioningProvider
        implements ConnectorNodePartitioningProvider
{
    @Override
    public BucketFunction getBucketFunction(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorPartitioningHandle partitioningHandle, List<Type> partitionChannelTypes, int bucketCount)
    {
        checkArgument(partitioningHandle == DatameshUpdatePartitioning.INSTANCE, "unexpected partitioning %s", partitioningHandle);
        checkArgument(partitionChannelTypes.equals(List.of(ROW_ID_TYPE)), "row-level changes are partitioned by the row ID, not %s", partitionChannelTypes);
        return new FileBucketFunction(bucketCount);
    }

    /**
     * The bucket of a row ID: a hash of its file's path.
     */
    private record FileBucketFunction(int bucketCount)
            implements BucketFunction
    {
        @Override
        public int getBucket(Page page, int position)
        {
            Block rowIds = page.getBlock(0);
            if (rowIds.isNull(position)) {
                return 0;
            }
            SqlRow rowId = ROW_ID_TYPE.getObject(rowIds, position);
            Slice path = VARCHAR.getSlice(rowId.getRawFieldBlock(0), rowId.getRawIndex());
            return (int) Math.floorMod(XxHash64.hash(path), bucketCount);
        }
    }
}
