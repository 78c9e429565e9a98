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

import dev.trinodatamesh.connector.table.DescriptorParser;
import dev.trinodatamesh.connector.table.TableDescriptor;
import io.trino.spi.TrinoException;
import io.trino.spi.type.TypeOperators;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static io.trino.spi.type.VarcharType.createVarcharType;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestPolicyParser
{
    private final DescriptorParser parser = new DescriptorParser(new TypeOperators());

    @Test
    void parsesEveryPolicyField()
    {
        TablePolicy policy = parse("""
                path: t
                owners: {users: [olga], groups: [sales]}
                readers: {groups: [analysts]}
                row_filters:
                  - {filter: "region = 'EU'", groups: [eu]}
                  - filter: balance >= 0
                schema:
                  fields:
                    - {name: A, type: string, classification: PII, mask: null}
                    - {name: b, type: string, mask: nullify}
                    - {name: c, type: string, mask: hash, unmasked_groups: [support]}
                    - {name: d, type: string, mask: {value: 0}}
                    - {name: e, type: string, mask: {partial: {show_first: 1, show_last: 2, fill: '#'}}}
                    - {name: f, type: string, mask: {expression: "upper(f)"}}
                    - {name: g, type: string, classification: internal}
                    - {name: h, type: string}
                """);
        assertThat(policy.owners()).isEqualTo(new Principals(Set.of("olga"), Set.of("sales")));
        assertThat(policy.readers()).contains(new Principals(Set.of(), Set.of("analysts")));
        assertThat(policy.rowFilters()).containsExactly(new RowFilter("region = 'EU'", Set.of("eu")), new RowFilter("balance >= 0", Set.of()));
        assertThat(policy.columns().keySet()).containsExactly("a", "b", "c", "d", "e", "f", "g");
        assertThat(policy.columns().get("a")).isEqualTo(new ColumnPolicy("a", Optional.of("pii"), Optional.of(new ColumnMask.Nullify()), Set.of()));
        assertThat(policy.columns().get("b").mask()).contains(new ColumnMask.Nullify());
        assertThat(policy.columns().get("c")).isEqualTo(new ColumnPolicy("c", Optional.empty(), Optional.of(new ColumnMask.Hash()), Set.of("support")));
        assertThat(policy.columns().get("d").mask()).contains(new ColumnMask.FixedValue("0"));
        assertThat(policy.columns().get("e").mask()).contains(new ColumnMask.Partial(1, 2, "#"));
        assertThat(policy.columns().get("f").mask()).contains(new ColumnMask.Expression("upper(f)"));
        assertThat(policy.columns().get("g")).isEqualTo(new ColumnPolicy("g", Optional.of("internal"), Optional.empty(), Set.of()));
    }

    @Test
    void noPolicyFields()
    {
        assertThat(parse("path: t\nowner: sales team\n")).isEqualTo(TablePolicy.NONE);
    }

    @Test
    void malformedPoliciesNameTheField()
    {
        assertInvalid("owners: olga", "'owners' must be a mapping with 'users' and/or 'groups', such as {users: [alice], groups: [sales]}");
        assertInvalid("owners: {user: [olga]}", "'owners' has an unknown key 'user'; expected [users, groups]");
        assertInvalid("owners: {users: olga}", "'owners.users' must be a list of names, such as [alice, bob]");
        assertInvalid("readers: {groups: [[a]]}", "'readers.groups' must be a list of names, got [[a]]");
        assertInvalid("row_filters: {filter: x}", "'row_filters' must be a list of {filter: <SQL>, groups: [...]}");
        assertInvalid("row_filters: [{groups: [a]}]", "'row_filters[1].filter' must be a SQL boolean expression, such as \"region = 'EU'\"");
        assertInvalid(field("mask: sha1"), "field 'x' of 'schema': 'mask' is 'sha1'; it must be one of nullify, hash, {value: <constant>}, {partial: {show_first: <n>, show_last: <n>, fill: <char>}} or {expression: <SQL>}");
        assertInvalid(field("mask: {value: a, expression: b}"), "field 'x' of 'schema': 'mask' must be one of nullify, hash");
        assertInvalid(field("mask: {partial: {show_first: -1}}"), "field 'x' of 'schema': 'mask.partial.show_first' must be a number of characters between 0 and 1000, got -1");
        assertInvalid(field("mask: {partial: {}}"), "field 'x' of 'schema': 'mask.partial' shows nothing");
        assertInvalid(field("mask: {partial: {show_last: 2, fill: '**'}}"), "field 'x' of 'schema': 'mask.partial.fill' must be one character, such as '*'");
        assertInvalid(field("mask: {expression: ''}"), "field 'x' of 'schema': 'mask.expression' must be a SQL expression over the table's columns");
        assertInvalid(field("classification: [pii]"), "field 'x' of 'schema': 'classification' must be a label such as pii or confidential");
        assertInvalid(field("unmasked_groups: [a]"), "field 'x' of 'schema': 'unmasked_groups' is set but the field has no 'mask'");
    }

    @Test
    void maskExpressions()
    {
        String source = "descriptor t, field x";
        assertThat(new ColumnMask.Nullify().expression("\"x\"", BIGINT, source)).isEqualTo("CAST(NULL AS bigint)");
        assertThat(new ColumnMask.FixedValue("it's").expression("\"x\"", createVarcharType(5), source)).isEqualTo("CAST('it''s' AS varchar(5))");
        assertThat(new ColumnMask.Hash().expression("\"x\"", VARCHAR, source)).isEqualTo("CAST(lower(to_hex(sha256(to_utf8(\"x\")))) AS varchar)");
        assertThat(new ColumnMask.Hash().expression("\"x\"", BIGINT, source)).isEqualTo("from_big_endian_64(substr(sha256(to_utf8(CAST(\"x\" AS varchar))), 1, 8))");
        assertThat(new ColumnMask.Expression("x % 10").expression("\"x\"", BIGINT, source)).isEqualTo("CAST((x % 10) AS bigint)");
        assertThat(ColumnMask.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThatThrownBy(() -> new ColumnMask.Hash().expression("\"x\"", DOUBLE, source))
                .hasMessage("descriptor t, field x: mask 'hash' needs a varchar, integer or bigint column, not double");
        assertThatThrownBy(() -> new ColumnMask.Partial(0, 4, "*").expression("\"x\"", BIGINT, source))
                .hasMessage("descriptor t, field x: mask 'partial' needs a varchar column, not bigint");
    }

    private static String field(String policy)
    {
        return "schema:\n  fields:\n    - {name: x, type: string, %s}\n".formatted(policy);
    }

    private void assertInvalid(String yaml, String problem)
    {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(TrinoException.class)
                .hasMessageStartingWith("Table descriptor '_lakefs_tables/t.yaml' is invalid: " + problem);
    }

    private TablePolicy parse(String yaml)
    {
        String document = yaml.contains("path:") ? yaml : "path: t\n" + yaml;
        TableDescriptor descriptor = parser.parse("_lakefs_tables/t.yaml", document.getBytes(UTF_8));
        return descriptor.policy();
    }
}
