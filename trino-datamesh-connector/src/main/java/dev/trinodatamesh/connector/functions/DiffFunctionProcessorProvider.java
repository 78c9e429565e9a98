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

import com.google.inject.Inject;
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import dev.trinodatamesh.connector.lakefs.LakeFsDiff;
import io.airlift.slice.Slices;
import io.trino.spi.Page;
import io.trino.spi.PageBuilder;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplit;
import io.trino.spi.connector.ConnectorTableCredentials;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;
import io.trino.spi.function.table.TableFunctionProcessorProvider;
import io.trino.spi.function.table.TableFunctionProcessorState;
import io.trino.spi.function.table.TableFunctionSplitProcessor;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.trino.spi.function.table.TableFunctionProcessorState.Finished.FINISHED;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * Reads the diff of a {@code system.diff} call from lakeFS, a page of rows at a time.
 */
public class DiffFunctionProcessorProvider
        implements TableFunctionProcessorProvider
{
    private static final int ROWS_PER_PAGE = 1000;

    private final LakeFsClient lakeFs;

    @Inject
    public DiffFunctionProcessorProvider(LakeFsClient lakeFs)
    {
        this.lakeFs = requireNonNull(lakeFs, "lakeFs is null");
    }

    @Override
    public TableFunctionSplitProcessor getSplitProcessor(ConnectorSession session, ConnectorTableFunctionHandle handle, Optional<ConnectorTableCredentials> credentials, ConnectorSplit split)
    {
        DiffFunctionHandle diff = (DiffFunctionHandle) handle;
        return new DiffProcessor(lakeFs.diff(diff.fromCommit(), diff.toCommit(), ""), diff.tableDirectories());
    }

    private static final class DiffProcessor
            implements TableFunctionSplitProcessor
    {
        private final Iterator<LakeFsDiff> differences;
        private final Map<String, String> tableDirectories;
        private final PageBuilder pageBuilder = new PageBuilder(List.of(VARCHAR, VARCHAR, BIGINT, VARCHAR));

        DiffProcessor(Iterator<LakeFsDiff> differences, Map<String, String> tableDirectories)
        {
            this.differences = requireNonNull(differences, "differences is null");
            this.tableDirectories = requireNonNull(tableDirectories, "tableDirectories is null");
        }

        @Override
        public TableFunctionProcessorState process()
        {
            if (!differences.hasNext()) {
                return FINISHED;
            }
            while (differences.hasNext() && pageBuilder.getPositionCount() < ROWS_PER_PAGE) {
                LakeFsDiff difference = differences.next();
                pageBuilder.declarePosition();
                VARCHAR.writeSlice(pageBuilder.getBlockBuilder(0), Slices.utf8Slice(difference.path()));
                VARCHAR.writeSlice(pageBuilder.getBlockBuilder(1), Slices.utf8Slice(difference.type().name().toLowerCase(Locale.ENGLISH)));
                if (difference.type() == LakeFsDiff.Type.REMOVED || difference.sizeBytes() < 0) {
                    pageBuilder.getBlockBuilder(2).appendNull();
                }
                else {
                    BIGINT.writeLong(pageBuilder.getBlockBuilder(2), difference.sizeBytes());
                }
                Optional<String> table = tableOf(difference.path());
                if (table.isPresent()) {
                    VARCHAR.writeSlice(pageBuilder.getBlockBuilder(3), Slices.utf8Slice(table.orElseThrow()));
                }
                else {
                    pageBuilder.getBlockBuilder(3).appendNull();
                }
            }
            Page page = pageBuilder.build();
            pageBuilder.reset();
            return TableFunctionProcessorState.Processed.produced(page);
        }

        /**
         * The table whose directory is the longest prefix of the path, or whose descriptor it is.
         */
        private Optional<String> tableOf(String path)
        {
            String exact = tableDirectories.get(path);
            if (exact != null) {
                return Optional.of(exact);
            }
            for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
                String table = tableDirectories.get(path.substring(0, slash + 1));
                if (table != null) {
                    return Optional.of(table);
                }
            }
            return Optional.empty();
        }
    }
}
