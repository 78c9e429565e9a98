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
package dev.trinodatamesh.connector.security;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import dev.trinodatamesh.connector.DatameshMetadata;
import dev.trinodatamesh.connector.DatameshTransactionManager;
import dev.trinodatamesh.connector.table.TableDescriptor;
import dev.trinodatamesh.connector.table.TableEntry;
import io.trino.plugin.base.security.AllowAllAccessControl;
import io.trino.spi.TrinoException;
import io.trino.spi.catalog.CatalogName;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.connector.ConnectorSecurityContext;
import io.trino.spi.connector.SchemaRoutineName;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.security.ConnectorIdentity;
import io.trino.spi.security.TrinoPrincipal;
import io.trino.spi.security.ViewExpression;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.trinodatamesh.connector.security.SecurityConfig.DefaultPolicy.ALLOW_ALL;
import static java.util.Objects.requireNonNull;

/**
 * Enforces the policies of the data products' descriptors, read at the commit the query reads on
 * each branch or tag: a policy changed on a branch applies on that branch only.
 * <ul>
 * <li>Writes to a table (insert, delete, update, merge, truncate, drop, alter) need one of the
 * table's {@code owners}; a table whose descriptor names none is owned by the owners named on its
 * branch by the other descriptors; where no descriptor names owners, {@code datamesh.security.default-policy}
 * decides.</li>
 * <li>Creating tables and views in a schema needs an owner of that branch.</li>
 * <li>Creating, renaming and dropping schemas (branches) and running procedures (branches, tags,
 * merges) need an owner named on the repository's default branch.</li>
 * <li>Reading needs one of the table's {@code readers}, when the descriptor names them, or an owner.</li>
 * <li>Column masks and row filters apply to every reader except owners and administrators.</li>
 * </ul>
 * Administrators ({@code datamesh.security.admin-users}, {@code datamesh.security.admin-groups}) may do everything.
 */
public class DatameshAccessControl
        extends AllowAllAccessControl
{
    private static final String INFORMATION_SCHEMA = "information_schema";

    private final DatameshTransactionManager transactionManager;
    private final String catalogName;
    private final SecurityConfig.DefaultPolicy defaultPolicy;
    private final Principals admins;

    @Inject
    public DatameshAccessControl(DatameshTransactionManager transactionManager, CatalogName catalogName, SecurityConfig config)
    {
        this.transactionManager = requireNonNull(transactionManager, "transactionManager is null");
        this.catalogName = catalogName.toString();
        this.defaultPolicy = config.getDefaultPolicy();
        this.admins = new Principals(config.getAdminUsers(), config.getAdminGroups());
    }

    // ---- schemas (branches) and procedures: owners named on the default branch

    @Override
    public void checkCanCreateSchema(ConnectorSecurityContext context, String schemaName, Map<String, Object> properties)
    {
        checkDomainOwner(context, "create schema (branch) %s.%s".formatted(catalogName, schemaName));
    }

    @Override
    public void checkCanDropSchema(ConnectorSecurityContext context, String schemaName)
    {
        checkDomainOwner(context, "drop schema (branch) %s.%s".formatted(catalogName, schemaName));
    }

    @Override
    public void checkCanRenameSchema(ConnectorSecurityContext context, String schemaName, String newSchemaName)
    {
        checkDomainOwner(context, "rename schema %s.%s".formatted(catalogName, schemaName));
    }

    @Override
    public void checkCanExecuteProcedure(ConnectorSecurityContext context, SchemaRoutineName procedure)
    {
        checkDomainOwner(context, "execute procedure %s.%s".formatted(catalogName, procedure));
    }

    // ---- new objects in a schema: owners named on that branch

    @Override
    public void checkCanCreateTable(ConnectorSecurityContext context, SchemaTableName tableName, Map<String, Object> properties)
    {
        checkBranchOwner(context, tableName.getSchemaName(), "create table " + qualified(tableName));
    }

    @Override
    public void checkCanCreateView(ConnectorSecurityContext context, SchemaTableName viewName)
    {
        checkBranchOwner(context, viewName.getSchemaName(), "create view " + qualified(viewName));
    }

    @Override
    public void checkCanCreateViewWithSelectFromColumns(ConnectorSecurityContext context, SchemaTableName tableName, Set<String> columnNames)
    {
        checkCanSelectFromColumns(context, tableName, columnNames);
    }

    @Override
    public void checkCanCreateViewWithSelectFromColumns(ConnectorSecurityContext context, SchemaTableName tableName, Optional<String> branch, Set<String> columnNames)
    {
        checkCanSelectFromColumns(context, tableName, columnNames);
    }

    @Override
    public void checkCanRenameView(ConnectorSecurityContext context, SchemaTableName viewName, SchemaTableName newViewName)
    {
        checkBranchOwner(context, viewName.getSchemaName(), "rename view " + qualified(viewName));
        checkBranchOwner(context, newViewName.getSchemaName(), "rename view " + qualified(viewName) + " to " + qualified(newViewName));
    }

    @Override
    public void checkCanDropView(ConnectorSecurityContext context, SchemaTableName viewName)
    {
        checkBranchOwner(context, viewName.getSchemaName(), "drop view " + qualified(viewName));
    }

    @Override
    public void checkCanSetViewComment(ConnectorSecurityContext context, SchemaTableName viewName)
    {
        checkBranchOwner(context, viewName.getSchemaName(), "comment on view " + qualified(viewName));
    }

    @Override
    public void checkCanCreateMaterializedView(ConnectorSecurityContext context, SchemaTableName viewName, Map<String, Object> properties)
    {
        checkBranchOwner(context, viewName.getSchemaName(), "create materialized view " + qualified(viewName));
    }

    @Override
    public void checkCanDropMaterializedView(ConnectorSecurityContext context, SchemaTableName viewName)
    {
        checkBranchOwner(context, viewName.getSchemaName(), "drop materialized view " + qualified(viewName));
    }

    // ---- writes to a table: the table's owners

    @Override
    public void checkCanDropTable(ConnectorSecurityContext context, SchemaTableName tableName)
    {
        checkTableOwner(context, tableName, "drop table");
    }

    @Override
    public void checkCanRenameTable(ConnectorSecurityContext context, SchemaTableName tableName, SchemaTableName newTableName)
    {
        checkTableOwner(context, tableName, "rename table");
        checkBranchOwner(context, newTableName.getSchemaName(), "rename table %s to %s".formatted(qualified(tableName), qualified(newTableName)));
    }

    @Override
    public void checkCanSetTableProperties(ConnectorSecurityContext context, SchemaTableName tableName, Map<String, Optional<Object>> properties)
    {
        checkTableOwner(context, tableName, "set properties of table");
    }

    @Override
    public void checkCanSetTableComment(ConnectorSecurityContext context, SchemaTableName tableName)
    {
        checkTableOwner(context, tableName, "comment on table");
    }

    @Override
    public void checkCanSetColumnComment(ConnectorSecurityContext context, SchemaTableName tableName)
    {
        checkTableOwner(context, tableName, "comment on a column of table");
    }

    @Override
    public void checkCanAddColumn(ConnectorSecurityContext context, SchemaTableName tableName)
    {
        checkTableOwner(context, tableName, "add a column to table");
    }

    @Override
    public void checkCanAlterColumn(ConnectorSecurityContext context, SchemaTableName tableName)
    {
        checkTableOwner(context, tableName, "alter a column of table");
    }

    @Override
    public void checkCanDropColumn(ConnectorSecurityContext context, SchemaTableName tableName)
    {
        checkTableOwner(context, tableName, "drop a column of table");
    }

    @Override
    public void checkCanRenameColumn(ConnectorSecurityContext context, SchemaTableName tableName)
    {
        checkTableOwner(context, tableName, "rename a column of table");
    }

    @Override
    public void checkCanSetTableAuthorization(ConnectorSecurityContext context, SchemaTableName tableName, TrinoPrincipal principal)
    {
        checkTableOwner(context, tableName, "set the authorization of table");
    }

    @Override
    public void checkCanInsertIntoTable(ConnectorSecurityContext context, SchemaTableName tableName)
    {
        checkTableOwner(context, tableName, "insert into table");
    }

    @Override
    public void checkCanInsertIntoTable(ConnectorSecurityContext context, SchemaTableName tableName, Optional<String> branch)
    {
        checkTableOwner(context, tableName, "insert into table");
    }

    @Override
    public void checkCanDeleteFromTable(ConnectorSecurityContext context, SchemaTableName tableName)
    {
        checkTableOwner(context, tableName, "delete from table");
    }

    @Override
    public void checkCanDeleteFromTable(ConnectorSecurityContext context, SchemaTableName tableName, Optional<String> branch)
    {
        checkTableOwner(context, tableName, "delete from table");
    }

    @Override
    public void checkCanTruncateTable(ConnectorSecurityContext context, SchemaTableName tableName)
    {
        checkTableOwner(context, tableName, "truncate table");
    }

    @Override
    public void checkCanUpdateTableColumns(ConnectorSecurityContext context, SchemaTableName tableName, Set<String> updatedColumnNames)
    {
        checkTableOwner(context, tableName, "update columns %s of table".formatted(updatedColumnNames));
    }

    @Override
    public void checkCanUpdateTableColumns(ConnectorSecurityContext context, SchemaTableName tableName, Optional<String> branch, Set<String> updatedColumnNames)
    {
        checkTableOwner(context, tableName, "update columns %s of table".formatted(updatedColumnNames));
    }

    @Override
    public void checkCanExecuteTableProcedure(ConnectorSecurityContext context, SchemaTableName tableName, String procedure)
    {
        checkTableOwner(context, tableName, "execute %s on table".formatted(procedure));
    }

    // ---- reads

    @Override
    public void checkCanSelectFromColumns(ConnectorSecurityContext context, SchemaTableName tableName, Set<String> columnNames)
    {
        checkReader(context, tableName, columnNames);
    }

    @Override
    public void checkCanSelectFromColumns(ConnectorSecurityContext context, SchemaTableName tableName, Optional<String> branch, Set<String> columnNames)
    {
        checkReader(context, tableName, columnNames);
    }

    @Override
    public List<ViewExpression> getRowFilters(ConnectorSecurityContext context, SchemaTableName tableName)
    {
        ConnectorIdentity identity = context.getIdentity();
        if (isSystemTable(tableName) || admins.includes(identity)) {
            return ImmutableList.of();
        }
        Optional<Subject> subject = subject(context, tableName);
        if (subject.isEmpty() || subject.orElseThrow().owners().includes(identity)) {
            return ImmutableList.of();
        }
        return subject.orElseThrow().policy().rowFilters().stream()
                .filter(filter -> filter.appliesTo(identity))
                .map(filter -> expression(tableName, filter.filter()))
                .collect(ImmutableList.toImmutableList());
    }

    @Override
    public Map<ColumnSchema, ViewExpression> getColumnMasks(ConnectorSecurityContext context, SchemaTableName tableName, List<ColumnSchema> columns)
    {
        ConnectorIdentity identity = context.getIdentity();
        if (isSystemTable(tableName) || admins.includes(identity)) {
            return ImmutableMap.of();
        }
        Optional<Subject> found = subject(context, tableName);
        if (found.isEmpty() || found.orElseThrow().owners().includes(identity)) {
            return ImmutableMap.of();
        }
        Subject subject = found.orElseThrow();
        ImmutableMap.Builder<ColumnSchema, ViewExpression> masks = ImmutableMap.builder();
        for (ColumnSchema column : columns) {
            ColumnPolicy policy = subject.policy().columns().get(column.getName());
            if (policy == null || policy.mask().isEmpty() || policy.isUnmaskedFor(identity)) {
                continue;
            }
            String source = "Table descriptor '%s' on %s, field '%s'".formatted(subject.descriptorPath(), tableName.getSchemaName(), column.getName());
            String sql = policy.mask().orElseThrow().expression(ColumnMask.quote(column.getName()), column.getType(), source);
            masks.put(column, expression(tableName, sql));
        }
        return masks.buildOrThrow();
    }

    // ---- decisions

    private void checkReader(ConnectorSecurityContext context, SchemaTableName tableName, Set<String> columnNames)
    {
        ConnectorIdentity identity = context.getIdentity();
        if (admins.includes(identity)) {
            return;
        }
        Optional<Subject> found = subject(context, tableName);
        if (found.isEmpty()) {
            return;
        }
        Subject subject = found.orElseThrow();
        Optional<Principals> readers = subject.policy().readers();
        if (readers.isEmpty() || readers.orElseThrow().includes(identity) || subject.owners().includes(identity)) {
            return;
        }
        throw new AccessDeniedException("Cannot select from columns %s in table %s: descriptor '%s' on %s lets only its readers (%s) and owners (%s) read it"
                .formatted(columnNames, qualified(tableName), subject.descriptorPath(), tableName.getSchemaName(), readers.orElseThrow().describe(), subject.owners().describe()));
    }

    private void checkTableOwner(ConnectorSecurityContext context, SchemaTableName tableName, String operation)
    {
        ConnectorIdentity identity = context.getIdentity();
        if (admins.includes(identity)) {
            return;
        }
        Optional<Subject> found = subject(context, tableName);
        if (found.isEmpty()) {
            // no such table: the statement fails on its own
            return;
        }
        Subject subject = found.orElseThrow();
        String denied = "Cannot %s %s".formatted(operation, qualified(tableName));
        if (subject.owners().isEmpty()) {
            checkDefaultPolicy(denied, "no descriptor on %s names owners of the table".formatted(tableName.getSchemaName()));
            return;
        }
        if (!subject.owners().includes(identity)) {
            String policy = subject.ownersFromTable()
                    ? "descriptor '%s' on %s lets only its owners (%s) write it".formatted(subject.descriptorPath(), tableName.getSchemaName(), subject.owners().describe())
                    : "the table's descriptor names no owners, and the owners named on %s (%s) write it".formatted(tableName.getSchemaName(), subject.owners().describe());
            throw new AccessDeniedException(denied + ": " + policy);
        }
    }

    private void checkBranchOwner(ConnectorSecurityContext context, String schemaName, String operation)
    {
        ConnectorIdentity identity = context.getIdentity();
        if (admins.includes(identity)) {
            return;
        }
        if (schemaName.equals(INFORMATION_SCHEMA)) {
            return;
        }
        Optional<Map<String, TableEntry>> tables = metadata(context).tableEntries(schemaName);
        if (tables.isEmpty()) {
            return;
        }
        checkOwner(identity, "Cannot " + operation, domainOwners(tables.orElseThrow()), schemaName);
    }

    private void checkDomainOwner(ConnectorSecurityContext context, String operation)
    {
        ConnectorIdentity identity = context.getIdentity();
        if (admins.includes(identity)) {
            return;
        }
        DatameshMetadata metadata = metadata(context);
        String defaultBranch = metadata.defaultBranch();
        Principals owners = metadata.tableEntries(defaultBranch).map(DatameshAccessControl::domainOwners).orElse(Principals.NONE);
        checkOwner(identity, "Cannot " + operation, owners, defaultBranch + " (the default branch)");
    }

    private void checkOwner(ConnectorIdentity identity, String denied, Principals owners, String branch)
    {
        if (owners.isEmpty()) {
            checkDefaultPolicy(denied, "no descriptor on %s names owners".formatted(branch));
            return;
        }
        if (!owners.includes(identity)) {
            throw new AccessDeniedException("%s: only the owners named by the descriptors on %s (%s) may".formatted(denied, branch, owners.describe()));
        }
    }

    private void checkDefaultPolicy(String denied, String reason)
    {
        if (defaultPolicy != ALLOW_ALL) {
            throw new AccessDeniedException("%s: %s, and datamesh.security.default-policy=%s lets only administrators (%s) write".formatted(denied, reason, defaultPolicy, admins.describe()));
        }
    }

    /**
     * The table's policy at the commit this query reads on its branch or tag, or empty when there
     * is no such table. A descriptor that does not parse fails the check with its error.
     */
    private Optional<Subject> subject(ConnectorSecurityContext context, SchemaTableName tableName)
    {
        if (tableName.getSchemaName().equals(INFORMATION_SCHEMA)) {
            // the engine's metadata tables, filtered by the engine: no ref to resolve
            return Optional.empty();
        }
        Optional<Map<String, TableEntry>> tables = metadata(context).tableEntries(tableName.getSchemaName());
        if (tables.isEmpty()) {
            return Optional.empty();
        }
        TableEntry entry = tables.orElseThrow().get(baseTableName(tableName.getTableName()));
        if (entry == null) {
            return Optional.empty();
        }
        return Optional.of(switch (entry) {
            case TableEntry.Broken broken -> throw new TrinoException(broken.failure()::getErrorCode, broken.failure().getMessage(), broken.failure());
            case TableEntry.Declared declared -> {
                TableDescriptor descriptor = declared.descriptor();
                Principals tableOwners = descriptor.policy().owners();
                yield tableOwners.isEmpty()
                        ? new Subject(descriptor.descriptorPath(), descriptor.policy(), domainOwners(tables.orElseThrow()), false)
                        : new Subject(descriptor.descriptorPath(), descriptor.policy(), tableOwners, true);
            }
            case TableEntry.Discovered _, TableEntry.Ambiguous _ -> new Subject("(none)", TablePolicy.NONE, domainOwners(tables.orElseThrow()), false);
        });
    }

    /**
     * The owners of a branch: everyone any descriptor on it names as an owner.
     */
    private static Principals domainOwners(Map<String, TableEntry> tables)
    {
        Principals owners = Principals.NONE;
        for (TableEntry entry : tables.values()) {
            if (entry instanceof TableEntry.Declared declared) {
                owners = owners.union(declared.descriptor().policy().owners());
            }
        }
        return owners;
    }

    private DatameshMetadata metadata(ConnectorSecurityContext context)
    {
        return transactionManager.get(context.getTransactionHandle());
    }

    private ViewExpression expression(SchemaTableName tableName, String sql)
    {
        return ViewExpression.builder()
                .catalog(catalogName)
                .schema(tableName.getSchemaName())
                .expression(sql)
                .build();
    }

    private String qualified(SchemaTableName name)
    {
        return "%s.%s.%s".formatted(catalogName, name.getSchemaName(), name.getTableName());
    }

    private static boolean isSystemTable(SchemaTableName tableName)
    {
        return tableName.getTableName().indexOf('$') > 0;
    }

    private static String baseTableName(String tableName)
    {
        int separator = tableName.lastIndexOf('$');
        return separator > 0 ? tableName.substring(0, separator) : tableName;
    }

    /**
     * @param owners who may write the table: its own owners, or the branch's when it names none
     * @param ownersFromTable whether the table's descriptor names them
     */
    private record Subject(String descriptorPath, TablePolicy policy, Principals owners, boolean ownersFromTable)
    {
        Subject
        {
            requireNonNull(descriptorPath, "descriptorPath is null");
            requireNonNull(policy, "policy is null");
            requireNonNull(owners, "owners is null");
        }
    }
}
