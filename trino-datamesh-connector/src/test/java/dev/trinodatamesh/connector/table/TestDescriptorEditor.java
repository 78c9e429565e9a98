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
package dev.trinodatamesh.connector.table;

import io.trino.spi.type.TypeOperators;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

final class TestDescriptorEditor
{
    private static final String DESCRIPTOR = """
            # a hand-written descriptor
            name: orders
            type: hive
            path: tables/orders
            partition_columns: [orderyear]
            owner: [sales@example.com, ops@example.com]
            tags: [gold]
            x_retention_days: 30
            schema:
              type: struct
              fields:
                - name: orderkey
                  type: long
                  nullable: false
                  metadata: {comment: order identifier, pii: false}
                - {name: orderyear, type: integer}
                - {name: totalprice, type: double}
            """;

    private final DescriptorParser parser = new DescriptorParser(new TypeOperators());

    @Test
    void changesKeepEveryOtherField()
    {
        TableDescriptor original = parser.parse("_lakefs_tables/orders.yaml", DESCRIPTOR.getBytes(UTF_8));
        TableDefinition table = new TableDefinition("orders", original.path(), Optional.of(original),
                List.of(new ColumnDefinition("orderkey", BIGINT, Optional.of("order identifier")), new ColumnDefinition("totalprice", DOUBLE, Optional.empty())),
                List.of(new ColumnDefinition("orderyear", INTEGER, Optional.empty())));
        byte[] edited = DescriptorEditor.edit(table, Optional.of(DESCRIPTOR.getBytes(UTF_8)))
                .rename("sales_orders")
                .description(Optional.of("All orders"))
                .addColumn(new ColumnDefinition("discount", DOUBLE, Optional.of("granted")), Optional.empty(), true)
                .columnComment("orderkey", Optional.empty())
                .toYaml();

        String yaml = new String(edited, UTF_8);
        assertThat(yaml).contains("x_retention_days: 30", "nullable: false", "pii: false").doesNotContain("comment: order identifier");
        TableDescriptor descriptor = parser.parse("_lakefs_tables/sales_orders.yaml", edited);
        assertThat(descriptor.name()).isEqualTo("sales_orders");
        assertThat(descriptor.path()).isEqualTo("tables/orders/");
        assertThat(descriptor.partitionColumns()).containsExactly("orderyear");
        assertThat(descriptor.owners()).containsExactly("sales@example.com", "ops@example.com");
        assertThat(descriptor.tags()).containsExactly("gold");
        assertThat(descriptor.description()).contains("All orders");
        // the new column follows the last data column; the comment of orderkey is gone
        assertThat(descriptor.columns().orElseThrow()).containsExactly(
                new ColumnDefinition("orderkey", BIGINT, Optional.empty()),
                new ColumnDefinition("orderyear", INTEGER, Optional.empty()),
                new ColumnDefinition("totalprice", DOUBLE, Optional.empty()),
                new ColumnDefinition("discount", DOUBLE, Optional.of("granted")));
    }

    @Test
    void aDirectoryTableGetsADescriptorOfItsDirectory()
    {
        TableDefinition table = new TableDefinition("events", "events/", Optional.empty(),
                List.of(new ColumnDefinition("id", BIGINT, Optional.empty()), new ColumnDefinition("kind", VARCHAR, Optional.empty())),
                List.of(new ColumnDefinition("day", VARCHAR, Optional.empty())));
        TableDescriptor renamed = parser.parse("_lakefs_tables/clicks.yaml", DescriptorEditor.edit(table, Optional.empty()).rename("clicks").toYaml());
        assertThat(renamed.name()).isEqualTo("clicks");
        assertThat(renamed.path()).isEqualTo("events/");
        assertThat(renamed.partitionColumns()).containsExactly("day");
        // the columns stay the files' until a statement names one
        assertThat(renamed.columns()).isEmpty();

        TableDescriptor commented = parser.parse("_lakefs_tables/events.yaml", DescriptorEditor.edit(table, Optional.empty()).columnComment("kind", Optional.of("what happened")).toYaml());
        assertThat(commented.columns().orElseThrow()).containsExactly(
                new ColumnDefinition("id", BIGINT, Optional.empty()),
                new ColumnDefinition("kind", VARCHAR, Optional.of("what happened")),
                new ColumnDefinition("day", VARCHAR, Optional.empty()));
    }
}
