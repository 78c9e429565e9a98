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
package dev.trinodatamesh.connector.functions;

import io.trino.spi.connector.ConnectorSplit;

import static io.airlift.slice.SizeOf.estimatedSizeOf;
import static io.airlift.slice.SizeOf.instanceSize;
import static java.util.Objects.requireNonNull;

/**
 * The one split of a {@code system.diff} call: the whole diff, read page by page from lakeFS.
 */
public record DiffSplit(String fromCommit, String toCommit)
        implements ConnectorSplit
{
    private static final int INSTANCE_SIZE = instanceSize(DiffSplit.class);

    public DiffSplit
    {
        requireNonNull(fromCommit, "fromCommit is null");
        requireNonNull(toCommit, "toCommit is null");
    }

    @Override
    public long getRetainedSizeInBytes()
    {
        return INSTANCE_SIZE + estimatedSizeOf(fromCommit) + estimatedSizeOf(toCommit);
    }
}
