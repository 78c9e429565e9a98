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
package dev.trinodatamesh.tests;

import com.google.common.collect.ImmutableMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Data contracts on the real stack: the users and groups of {@code etc/groups.txt} (Trino's group
 * provider on the server), a data product whose descriptor names its owners, masks and row
 * filters, read and written over JDBC.
 */
@ExtendWith(DatameshStackExtension.class)
@TestInstance(PER_CLASS)
final class TestContractsOnRealStack
{
    // sally is in group sales, ana in analysts, admin in platform (etc/groups.txt)
    private static final String DESCRIPTOR = """
            name: customers
            type: hive
            path: customers
            description: Customers of the sales domain
            owners: {groups: [sales]}
            row_filters:
              - filter: "mktsegment = 'BUILDING'"
                groups: [analysts]
            schema:
              type: struct
              fields:
                - {name: custkey, type: long}
                - {name: name, type: "varchar(25)", classification: pii, mask: hash}
                - {name: phone, type: "varchar(15)", classification: pii, mask: {partial: {show_last: 4}}}
                - {name: acctbal, type: "decimal(12,2)", classification: confidential, mask: null}
                - {name: mktsegment, type: "varchar(10)"}
            """;

    private final DatameshStack stack;
    private final String suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private final String repository = "contracts-" + suffix;
    private final String catalog = "contracts_" + suffix;
    private LakeFsFixture lakeFs;
    private TrinoClient sally;
    private TrinoClient ana;

    TestContractsOnRealStack(DatameshStack stack)
    {
        this.stack = stack;
    }

    @BeforeAll
    void createProduct()
    {
        lakeFs = stack.lakeFs();
        lakeFs.createRepository(repository);
        TrinoClient admin = new TrinoClient(() -> stack.connect("admin"));
        admin.createCatalog(catalog, ImmutableMap.<String, String>builder()
                .putAll(stack.catalogProperties(repository))
                .put("datamesh.security.default-policy", "OWNERS_ONLY")
                .put("datamesh.security.admin-groups", "platform")
                .buildOrThrow());
        // nobody owns the empty repository yet: only an administrator may create the product
        admin.update("CREATE TABLE %s.main.customers AS SELECT custkey, name, phone, acctbal, mktsegment FROM tpch.tiny.customer".formatted(catalog));
        lakeFs.putObject(repository, "main", "_lakefs_tables/customers.yaml", DESCRIPTOR.getBytes(UTF_8));
        lakeFs.commit(repository, "main", "the customers contract");
        sally = new TrinoClient(() -> stack.connect("sally"));
        ana = new TrinoClient(() -> stack.connect("ana"));
    }

    @Test
    void analystSeesMaskedPiiAndFilteredRowsAndCannotWrite()
    {
        String table = catalog + ".main.customers";
        assertThat(ana.value("SELECT count(*) FROM " + table)).isEqualTo(stack.trino().value("SELECT count(*) FROM tpch.tiny.customer WHERE mktsegment = 'BUILDING'"));
        assertThat(ana.value("SELECT count(*) FROM %s WHERE mktsegment <> 'BUILDING'".formatted(table))).isEqualTo(0L);
        List<Object> row = ana.rows("SELECT name, phone, acctbal FROM %s WHERE custkey = (SELECT min(custkey) FROM %s)".formatted(table, table)).getFirst();
        assertThat((String) row.get(0)).matches("[0-9a-f]{25}");
        assertThat((String) row.get(1)).matches("\\*{11}\\d{4}");
        assertThat(row.get(2)).isNull();
        // the masks hold in joins against the source too: no raw name matches
        assertThat(ana.value("SELECT count(*) FROM %s c JOIN tpch.tiny.customer t ON c.name = t.name".formatted(table))).isEqualTo(0L);

        assertThatThrownBy(() -> ana.update("INSERT INTO %s VALUES (99999, 'x', 'y', 1, 'BUILDING')".formatted(table)))
                .hasMessageContaining("Access Denied: Cannot insert into table %s: descriptor '_lakefs_tables/customers.yaml' on main lets only its owners (groups [sales]) write it".formatted(table));
        assertThatThrownBy(() -> ana.update("DELETE FROM %s WHERE custkey = 1".formatted(table)))
                .hasMessageContaining("Access Denied: Cannot delete from table " + table);
        assertThatThrownBy(() -> ana.update("CREATE TABLE %s.main.mine AS SELECT 1 x".formatted(catalog)))
                .hasMessageContaining("Access Denied: Cannot create table %s.main.mine: only the owners named by the descriptors on main (groups [sales]) may".formatted(catalog));
    }

    @Test
    void ownerSeesEverythingAndWrites()
    {
        String table = catalog + ".main.customers";
        assertThat(sally.rows("SELECT count(*), sum(acctbal), max(name), max(phone) FROM " + table))
                .isEqualTo(stack.trino().rows("SELECT count(*), sum(acctbal), max(name), max(phone) FROM tpch.tiny.customer"));
        sally.update("INSERT INTO %s VALUES (99001, 'Customer#099001', '10-000-000-0001', 1.00, 'SALLY')".formatted(table));
        assertThat(sally.value("SELECT name FROM %s WHERE custkey = 99001".formatted(table))).isEqualTo("Customer#099001");
        sally.update("DELETE FROM %s WHERE custkey = 99001".formatted(table));
    }

    @Test
    void aPolicyChangedOnABranchAppliesThereOnly()
    {
        lakeFs.createBranch(repository, "loosened", "main");
        lakeFs.putObject(repository, "loosened", "_lakefs_tables/customers.yaml", DESCRIPTOR
                .replace("    groups: [analysts]\n", "    groups: [nobody]\n")
                .replace("classification: pii, mask: hash}", "classification: pii, mask: hash, unmasked_groups: [analysts]}")
                .getBytes(UTF_8));
        lakeFs.commit(repository, "loosened", "analysts see all segments and names here");

        assertThat(ana.value("SELECT count(*) FROM %s.loosened.customers".formatted(catalog))).isEqualTo(stack.trino().value("SELECT count(*) FROM tpch.tiny.customer"));
        assertThat(ana.value("SELECT count(*) FROM %s.loosened.customers c JOIN tpch.tiny.customer t ON c.name = t.name".formatted(catalog))).isEqualTo(1500L);
        // main keeps its policy
        assertThat(ana.value("SELECT count(*) FROM %s.main.customers c JOIN tpch.tiny.customer t ON c.name = t.name".formatted(catalog))).isEqualTo(0L);
        assertThat(ana.value("SELECT count(*) FROM %s.main.customers WHERE mktsegment <> 'BUILDING'".formatted(catalog))).isEqualTo(0L);
    }

    @Test
    void aMalformedPolicyNamesTheField()
    {
        lakeFs.createBranch(repository, "broken", "main");
        lakeFs.putObject(repository, "broken", "_lakefs_tables/customers.yaml", DESCRIPTOR.replace("owners: {groups: [sales]}", "owners: [sales]").getBytes(UTF_8));
        lakeFs.commit(repository, "broken", "a list where a mapping belongs");
        assertThatThrownBy(() -> sally.rows("SELECT count(*) FROM %s.broken.customers".formatted(catalog)))
                .hasMessageContaining("Table descriptor '_lakefs_tables/customers.yaml' is invalid: 'owners' must be a mapping with 'users' and/or 'groups'");
    }
}
