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

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import dev.trinodatamesh.connector.lakefs.LakeFsClient;
import dev.trinodatamesh.connector.lakefs.LakeFsCommit;
import dev.trinodatamesh.connector.table.TableCatalog;
import dev.trinodatamesh.connector.table.TableCatalogFactory;
import dev.trinodatamesh.connector.table.TableDefinition;
import dev.trinodatamesh.connector.table.TableDescriptor;
import io.airlift.log.Logger;
import io.airlift.slice.Slice;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorAccessControl;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.function.table.AbstractConnectorTableFunction;
import io.trino.spi.function.table.Argument;
import io.trino.spi.function.table.Descriptor;
import io.trino.spi.function.table.ReturnTypeSpecification.DescribedTable;
import io.trino.spi.function.table.ScalarArgument;
import io.trino.spi.function.table.ScalarArgumentSpecification;
import io.trino.spi.function.table.TableFunctionAnalysis;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_REF_NOT_FOUND;
import static io.trino.spi.StandardErrorCode.INVALID_FUNCTION_ARGUMENT;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code SELECT * FROM TABLE(sales.system.diff(from_ref => 'main', to_ref => 'dev'))}: what
 * {@code to_ref} changed since it and {@code from_ref} diverged (lakeFS's three-dot diff: what a
 * merge of {@code to_ref} into {@code from_ref} would bring), one row per object, with the table
 * the object belongs to.
 */
public class DiffTableFunction
        extends AbstractConnectorTableFunction
{
    private static final Logger log = Logger.get(DiffTableFunction.class);
    public static final String NAME = "diff";
    private static final String FROM_REF = "FROM_REF";
    private static final String TO_REF = "TO_REF";
    static final List<String> COLUMN_NAMES = ImmutableList.of("path", "type", "size_bytes", "table_name");

    private final LakeFsClient lakeFs;
    private final TableCatalogFactory tableCatalogFactory;

    @Inject
    public DiffTableFunction(LakeFsClient lakeFs, TableCatalogFactory tableCatalogFactory)
    {
        super(
                "system",
                NAME,
                ImmutableList.of(
                        ScalarArgumentSpecification.builder().name(FROM_REF).type(VARCHAR).build(),
                        ScalarArgumentSpecification.builder().name(TO_REF).type(VARCHAR).build()),
                new DescribedTable(Descriptor.descriptor(COLUMN_NAMES, ImmutableList.of(VARCHAR, VARCHAR, BIGINT, VARCHAR))),
                "What to_ref changed since it diverged from from_ref: path, type (added, removed, changed, conflict), size_bytes, table_name");
        this.lakeFs = requireNonNull(lakeFs, "lakeFs is null");
        this.tableCatalogFactory = requireNonNull(tableCatalogFactory, "tableCatalogFactory is null");
    }

    @Override
    public TableFunctionAnalysis analyze(ConnectorSession session, ConnectorTransactionHandle transaction, Map<String, Argument> arguments, ConnectorAccessControl accessControl)
    {
        String fromRef = ref(arguments, FROM_REF);
        String toRef = ref(arguments, TO_REF);
        String fromCommit = commit(fromRef);
        String toCommit = commit(toRef);
        TableCatalog tables = tableCatalogFactory.create();
        Map<String, String> directories = new HashMap<>();
        // tables removed by to_ref are named as they were at from_ref
        addTables(session, tables, fromCommit, directories);
        addTables(session, tables, toCommit, directories);
        return TableFunctionAnalysis.builder()
                .handle(new DiffFunctionHandle(fromRef, toRef, fromCommit, toCommit, ImmutableMap.copyOf(directories)))
                .build();
    }

    private static void addTables(ConnectorSession session, TableCatalog tables, String commit, Map<String, String> directories)
    {
        for (String name : tables.listTableNames(commit)) {
            try {
                Optional<TableDefinition> table = tables.getTable(session, commit, name);
                table.ifPresent(definition -> {
                    directories.put(definition.path(), name);
                    definition.descriptor().map(TableDescriptor::descriptorPath).ifPresent(path -> directories.put(path, name));
                });
            }
            catch (TrinoException e) {
                // a table whose definition fails is still a directory of changes: left unnamed
                log.debug(e, "Leaving table %s at commit %s out of a diff", name, commit);
            }
        }
    }

    private String commit(String ref)
    {
        return lakeFs.getCommit(ref)
                .map(LakeFsCommit::id)
                .orElseThrow(() -> new TrinoException(DATAMESH_REF_NOT_FOUND, "Cannot diff '%s': lakeFS repository '%s' has no branch, tag or commit '%s'".formatted(ref, lakeFs.repositoryName(), ref)));
    }

    private static String ref(Map<String, Argument> arguments, String name)
    {
        Object value = ((ScalarArgument) arguments.get(name)).getValue();
        if (value == null || ((Slice) value).toStringUtf8().isBlank()) {
            throw new TrinoException(INVALID_FUNCTION_ARGUMENT, "Argument %s of system.diff must be a branch, tag or commit, not NULL or empty".formatted(name.toLowerCase(Locale.ENGLISH)));
        }
        return ((Slice) value).toStringUtf8();
    }
}
