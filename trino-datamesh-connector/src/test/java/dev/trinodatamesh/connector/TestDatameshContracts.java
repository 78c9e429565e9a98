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

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.trinodatamesh.connector.lakefs.FakeLakeFsClient;
import dev.trinodatamesh.testing.ParquetFiles;
import io.trino.Session;
import io.trino.spi.security.Identity;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import io.trino.testing.TestingGroupProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data contracts: owners, readers, column masks and row filters from the descriptors, enforced
 * through the connector's access control for sessions of different users and groups.
 */
final class TestDatameshContracts
        extends AbstractTestQueryFramework
{
    static final String CUSTOMERS = """
            name: customers
            type: hive
            path: tables/customers
            owner: sales team
            owners: {users: [olga], groups: [sales]}
            readers: {groups: [analysts, eu-analysts, support]}
            row_filters:
              - filter: "region = 'EU'"
                groups: [eu-analysts]
              - filter: "balance >= 0"
            schema:
              type: struct
              fields:
                - {name: id, type: long}
                - {name: name, type: string, classification: pii, mask: null}
                - {name: email, type: string, classification: pii, mask: hash, unmasked_groups: [support]}
                - {name: phone, type: string, classification: pii, mask: {partial: {show_last: 4}}}
                - {name: card, type: string, classification: confidential, mask: {value: "XXXX"}}
                - {name: balance, type: long, classification: confidential, mask: {expression: "balance - balance % 1000"}}
                - {name: region, type: string}
            """;

    private FakeLakeFsClient lakeFs;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        lakeFs = new FakeLakeFsClient("sales", Files.createTempDirectory("datamesh-contracts"));
        lakeFs.putObject("main", "_lakefs_tables/customers.yaml", CUSTOMERS.getBytes(UTF_8));
        lakeFs.putObject("main", "tables/customers/part-0.parquet", ParquetFiles.builder(
                        List.of("id", "name", "email", "phone", "card", "balance", "region"),
                        List.of(BIGINT, VARCHAR, VARCHAR, VARCHAR, VARCHAR, BIGINT, VARCHAR))
                .row(1L, "Ann", "ann@example.com", "+1-555-0101", "4111111111111111", 12345L, "EU")
                .row(2L, "Bob", "bob@example.com", "+1-555-0202", "5500000000000004", 2500L, "US")
                .row(3L, "Cem", "cem@example.com", "+9", "340000000000009", -700L, "EU")
                .build());
        // a product whose descriptor names no owners: owned by the owners the branch names
        lakeFs.putObject("main", "_lakefs_tables/regions.yaml", """
                name: regions
                path: tables/regions
                schema:
                  fields:
                    - {name: region, type: string}
                """.getBytes(UTF_8));
        lakeFs.putObject("main", "tables/regions/part-0.parquet", ParquetFiles.builder(List.of("region"), List.of(VARCHAR)).row("EU").row("US").build());
        lakeFs.putObject("main", "_lakefs_tables/bad_owners.yaml", """
                name: bad_owners
                path: tables/regions
                owners: [olga]
                """.getBytes(UTF_8));
        lakeFs.putObject("main", "_lakefs_tables/bad_mask.yaml", """
                name: bad_mask
                path: tables/regions
                schema:
                  fields:
                    - {name: region, type: string, mask: {partial: {show_lst: 4}}}
                """.getBytes(UTF_8));
        lakeFs.putObject("main", "_lakefs_tables/bad_filter.yaml", """
                name: bad_filter
                path: tables/regions
                row_filters:
                  - {filter: "region = 'EU'", group: [analysts]}
                """.getBytes(UTF_8));
        lakeFs.putObject("main", "_lakefs_tables/hashed_double.yaml", """
                name: hashed_double
                path: tables/regions
                schema:
                  fields:
                    - {name: region, type: double, mask: hash}
                """.getBytes(UTF_8));
        // a malformed policy in the descriptor of a directory of the same name
        lakeFs.putObject("main", "_lakefs_tables/visits.yaml", "name: visits\npath: visits\nreaders: everyone\n".getBytes(UTF_8));
        lakeFs.putObject("main", "visits/part-0.parquet", ParquetFiles.builder(List.of("page"), List.of(VARCHAR)).row("/").build());
        lakeFs.commit("main", "customers with a contract");

        FakeLakeFsClient scratch = new FakeLakeFsClient("scratch", Files.createTempDirectory("datamesh-contracts-scratch"));
        scratch.putObject("main", "_lakefs_tables/notes.yaml", "name: notes\npath: notes\nschema:\n  fields:\n    - {name: note, type: string}\n".getBytes(UTF_8));
        scratch.putObject("main", "notes/part-0.parquet", ParquetFiles.builder(List.of("note"), List.of(VARCHAR)).row("hello").build());
        scratch.commit("main", "a table nobody owns");

        DistributedQueryRunner queryRunner = DatameshQueryRunner.builder()
                .addCatalog("sales", lakeFs)
                .addCatalog("scratch", scratch)
                .addConnectorProperty("datamesh.security.default-policy", "OWNERS_ONLY")
                .addConnectorProperty("datamesh.security.admin-users", "root")
                .addConnectorProperty("datamesh.security.admin-groups", "platform")
                .build();
        // users' groups come from Trino's group provider, as on a server
        TestingGroupProvider groups = new TestingGroupProvider();
        groups.setUserGroups(ImmutableMap.<String, Set<String>>builder()
                .put("sam", Set.of("sales"))
                .put("pat", Set.of("platform"))
                .put("ana", Set.of("analysts"))
                .put("eve", Set.of("eu-analysts", "analysts"))
                .put("sue", Set.of("support"))
                .buildOrThrow());
        queryRunner.getGroupProvider().setConfiguredGroupProvider(groups);
        return queryRunner;
    }

    @Test
    void ownersSeeEverything()
    {
        List<List<Object>> all = List.of(
                List.of(1L, "Ann", "ann@example.com", "+1-555-0101", "4111111111111111", 12345L, "EU"),
                List.of(2L, "Bob", "bob@example.com", "+1-555-0202", "5500000000000004", 2500L, "US"),
                List.of(3L, "Cem", "cem@example.com", "+9", "340000000000009", -700L, "EU"));
        assertThat(rows(user("olga"), "SELECT * FROM sales.main.customers ORDER BY id")).isEqualTo(all);
        assertThat(rows(user("sam"), "SELECT * FROM sales.main.customers ORDER BY id")).isEqualTo(all);
        // administrators, by user and by group
        assertThat(rows(user("root"), "SELECT * FROM sales.main.customers ORDER BY id")).isEqualTo(all);
        assertThat(rows(user("pat"), "SELECT * FROM sales.main.customers ORDER BY id")).isEqualTo(all);
    }

    @Test
    void readersSeeMaskedColumnsAndFilteredRows()
    {
        // each kind of mask; the row filter without groups hides the negative balance
        assertThat(rows(user("ana"), "SELECT * FROM sales.main.customers ORDER BY id")).isEqualTo(List.of(
                asList(1L, null, sha256("ann@example.com"), "*******0101", "XXXX", 12000L, "EU"),
                asList(2L, null, sha256("bob@example.com"), "*******0202", "XXXX", 2000L, "US")));
        // a short value is replaced whole by a partial mask
        assertThat(rows(user("olga"), "SELECT phone FROM sales.main.customers WHERE id = 3")).isEqualTo(List.of(List.of("+9")));
        // a filter for a group applies to its members only, on top of the filter for everyone
        assertThat(rows(user("eve"), "SELECT id, region FROM sales.main.customers ORDER BY id")).isEqualTo(List.of(List.of(1L, "EU")));
        // unmasked groups see the column in clear, and the others masked
        assertThat(rows(user("sue"), "SELECT email, phone FROM sales.main.customers ORDER BY id")).isEqualTo(List.of(
                List.of("ann@example.com", "*******0101"),
                List.of("bob@example.com", "*******0202")));
        // masks apply inside expressions, joins and aggregations: the raw values never reach the reader
        assertThat(rows(user("ana"), "SELECT count(*) FROM sales.main.customers WHERE email = 'ann@example.com'")).isEqualTo(List.of(List.of(0L)));
        assertThat(rows(user("ana"), "SELECT sum(balance) FROM sales.main.customers")).isEqualTo(List.of(List.of(14000L)));
        // a filter sees the raw values: the masked balance does not decide which rows pass
        assertThat(rows(user("ana"), "SELECT count(*) FROM sales.main.customers c JOIN sales.main.regions r ON c.region = r.region")).isEqualTo(List.of(List.of(2L)));
    }

    @Test
    void readersAreDeclared()
    {
        assertQueryFails(user("mallory"), "SELECT id FROM sales.main.customers",
                "Access Denied: Cannot select from columns \\[.*] in table sales.main.customers: descriptor '_lakefs_tables/customers.yaml' on main lets only its readers \\(groups \\[analysts, eu-analysts, support]\\) and owners \\(users \\[olga], groups \\[sales]\\) read it");
        assertQueryFails(user("mallory"), "SELECT count(*) FROM sales.main.\"customers$files\"", "Access Denied: Cannot select from columns .* in table sales.main.customers\\$files: .*");
        // no readers declared: everyone reads
        assertThat(rows(user("mallory"), "SELECT count(*) FROM sales.main.regions")).isEqualTo(List.of(List.of(2L)));
    }

    @Test
    void onlyOwnersWrite()
    {
        Session ana = user("ana");
        String denied = "Access Denied: Cannot %s sales.main.customers: descriptor '_lakefs_tables/customers.yaml' on main lets only its owners \\(users \\[olga], groups \\[sales]\\) write it";
        assertQueryFails(ana, "INSERT INTO sales.main.customers (id) VALUES (9)", denied.formatted("insert into table"));
        assertQueryFails(ana, "DELETE FROM sales.main.customers WHERE id = 1", denied.formatted("delete from table"));
        assertQueryFails(ana, "UPDATE sales.main.customers SET region = 'US' WHERE id = 1", denied.formatted("update columns \\[region] of table"));
        assertQueryFails(ana, "TRUNCATE TABLE sales.main.customers", denied.formatted("truncate table"));
        assertQueryFails(ana, "DROP TABLE sales.main.customers", denied.formatted("drop table"));
        // a table without owners of its own belongs to the branch's owners
        assertQueryFails(ana, "INSERT INTO sales.main.regions VALUES ('APAC')",
                "Access Denied: Cannot insert into table sales.main.regions: the table's descriptor names no owners, and the owners named on main \\(users \\[olga], groups \\[sales]\\) write it");
        assertQueryFails(ana, "CREATE TABLE sales.main.mine (x bigint)",
                "Access Denied: Cannot create table sales.main.mine: only the owners named by the descriptors on main \\(users \\[olga], groups \\[sales]\\) may");
        assertQueryFails(ana, "CREATE SCHEMA sales.ana_branch",
                "Access Denied: Cannot create schema \\(branch\\) sales.ana_branch: only the owners named by the descriptors on main \\(the default branch\\) \\(users \\[olga], groups \\[sales]\\) may");
        assertQueryFails(ana, "ALTER SCHEMA sales.main RENAME TO ana_main", "Access Denied: Cannot rename schema sales.main: only the owners named by the descriptors on main \\(the default branch\\) .*");

        // the owners write
        assertUpdate(user("sam"), "INSERT INTO sales.main.regions VALUES ('APAC')", 1);
        assertUpdate(user("olga"), "DELETE FROM sales.main.regions WHERE region = 'APAC'", 1);
        assertThat(rows(user("olga"), "SELECT count(*) FROM sales.main.regions")).isEqualTo(List.of(List.of(2L)));
    }

    @Test
    void defaultPolicyDecidesWhereNoOwnersAreNamed()
    {
        // scratch names no owners and the catalogs are OWNERS_ONLY: administrators only
        assertQueryFails(user("ana"), "INSERT INTO scratch.main.notes VALUES ('hi')",
                "Access Denied: Cannot insert into table scratch.main.notes: no descriptor on main names owners of the table, and datamesh.security.default-policy=OWNERS_ONLY lets only administrators \\(users \\[root], groups \\[platform]\\) write");
        assertQueryFails(user("ana"), "CREATE TABLE scratch.main.t (x bigint)", "Access Denied: Cannot create table scratch.main.t: no descriptor on main names owners, .*");
        assertUpdate(user("pat"), "INSERT INTO scratch.main.notes VALUES ('hi')", 1);
        assertThat(rows(user("ana"), "SELECT count(*) FROM scratch.main.notes")).isEqualTo(List.of(List.of(2L)));
    }

    @Test
    void policiesAreVersionedPerBranch()
    {
        lakeFs.createBranch("loosened", "main");
        lakeFs.putObject("loosened", "_lakefs_tables/customers.yaml", CUSTOMERS
                .replace("owners: {users: [olga], groups: [sales]}", "owners: {users: [olga, ana], groups: [sales]}")
                .replace("mask: hash, unmasked_groups: [support]", "mask: hash, unmasked_groups: [support, analysts]")
                .getBytes(UTF_8));
        lakeFs.commit("loosened", "analysts see emails and ana owns customers here");

        Session ana = user("ana");
        // on the branch: ana is an owner, and sees everything
        assertThat(rows(ana, "SELECT email, name FROM sales.loosened.customers WHERE id = 1")).isEqualTo(List.of(List.of("ann@example.com", "Ann")));
        assertThat(rows(user("eve"), "SELECT email, name FROM sales.loosened.customers ORDER BY id")).isEqualTo(List.of(asList("ann@example.com", null)));
        assertUpdate(ana, "INSERT INTO sales.loosened.customers (id, region) VALUES (9, 'US')", 1);
        // on main nothing changed
        assertThat(rows(ana, "SELECT email, name FROM sales.main.customers WHERE id = 1")).isEqualTo(List.of(asList(sha256("ann@example.com"), null)));
        assertQueryFails(ana, "INSERT INTO sales.main.customers (id, region) VALUES (9, 'US')", "Access Denied: Cannot insert into table sales.main.customers: .*");
        // branch management follows the default branch's owners, whatever the branch says
        assertQueryFails(ana, "ALTER SCHEMA sales.loosened RENAME TO mine", "Access Denied: Cannot rename schema sales.loosened: only the owners named by the descriptors on main .*");
    }

    @Test
    void malformedPoliciesNameTheField()
    {
        Session olga = user("olga");
        assertQueryFails(olga, "SELECT * FROM sales.main.bad_owners",
                "Table descriptor '_lakefs_tables/bad_owners.yaml' is invalid: 'owners' must be a mapping with 'users' and/or 'groups', such as \\{users: \\[alice], groups: \\[sales]}");
        assertQueryFails(olga, "SELECT * FROM sales.main.bad_mask",
                "Table descriptor '_lakefs_tables/bad_mask.yaml' is invalid: field 'region' of 'schema': 'mask.partial' has an unknown key 'show_lst'; expected \\[show_first, show_last, fill]");
        assertQueryFails(olga, "SELECT * FROM sales.main.bad_filter",
                "Table descriptor '_lakefs_tables/bad_filter.yaml' is invalid: 'row_filters\\[1]' has an unknown key 'group'; expected \\[filter, groups]");
        assertQueryFails(olga, "SELECT * FROM sales.main.visits",
                "Table descriptor '_lakefs_tables/visits.yaml' is invalid: 'readers' must be a mapping with 'users' and/or 'groups'.*");
        // writes to a table whose policy does not parse fail with the same error, not with a denial
        assertQueryFails(user("ana"), "INSERT INTO sales.main.bad_owners VALUES ('x')", "Table descriptor '_lakefs_tables/bad_owners.yaml' is invalid: 'owners' must be a mapping.*");
        // a mask that cannot apply to the column's type
        assertQueryFails(user("ana"), "SELECT * FROM sales.main.hashed_double",
                "Table descriptor '_lakefs_tables/hashed_double.yaml' on main, field 'region': mask 'hash' needs a varchar, integer or bigint column, not double");
    }

    private Session user(String name)
    {
        return Session.builder(getSession())
                .setIdentity(Identity.ofUser(name))
                .build();
    }

    private List<List<Object>> rows(Session session, String sql)
    {
        return computeActual(session, sql).getMaterializedRows().stream()
                .map(MaterializedRow::getFields)
                .map(ArrayList::new)
                .collect(ImmutableList.toImmutableList());
    }

    private static List<Object> asList(Object... values)
    {
        return Arrays.asList(values);
    }

    private static String sha256(String value)
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
