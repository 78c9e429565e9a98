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

import io.trino.spi.TrinoException;
import io.trino.spi.type.TypeOperators;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Property-based fuzzing of the descriptor parser, the part of the connector that reads what any
 * writer of a repository puts there: whatever the bytes, the result is a descriptor or a
 * {@code DATAMESH_*} error that names the descriptor, never another exception. Mutations of valid
 * descriptors (bytes flipped, cut, duplicated; YAML syntax and hostile values spliced in) from a
 * fixed seed, so that a failure reproduces.
 */
final class TestDescriptorParserFuzz
{
    private static final String PATH = "_lakefs_tables/orders.yaml";
    private static final List<String> SEEDS = List.of(
            """
            name: orders
            type: hive
            path: tables/orders
            partition_columns: [orderyear]
            description: Orders placed by customers
            owner: sales-team@example.com
            tags: [gold, pii-free]
            schema:
              type: struct
              fields:
                - name: orderkey
                  type: long
                  nullable: false
                  description: Order identifier
                - {name: price, type: "decimal(12,2)"}
                - {name: items, type: "array<struct<sku:string,qty:int>>"}
                - {name: attributes, type: "map<string,double>"}
                - {name: orderyear, type: integer}
            """,
            """
            name: events
            path: events
            """,
            """
            name: "Ünïcödé table"
            path: "dir with spaces/%41%2e%2e"
            owner: [a@example.com, b@example.com]
            schema: {type: struct, fields: [{name: ts, type: timestamp}, {name: d, type: date, metadata: {comment: day}}]}
            """);
    private static final List<String> HOSTILE = List.of(
            "../", "..", "/", "//", "%2e%2e/", "s3://other-bucket/x", "file:///etc/passwd", "\u0000", "\uFFFF", "\uD800",
            "!!python/object:os.system", "!!java.io.File", "&a [*a, *a]", "*undefined", "? complex\n: key", "- - - -",
            "{", "}", "[", "]", "\"", "'", ":", ": :", "\t", "\n  - x", "~", "null", ".inf", "-.nan", "0x7fffffffffffffff",
            "99999999999999999999999999999", "decimal(99,99)", "decimal(-1,2)", "decimal(38,39)", "array<", "map<string>",
            "struct<a:int,a:int>", "varchar(2147483648)", "char(0)", "timestamp(13)", "x".repeat(10_000), "<<: *base");

    private final DescriptorParser parser = new DescriptorParser(new TypeOperators());

    @Test
    void anyBytesGiveADescriptorOrANamedError()
    {
        Random random = new Random(20261202);
        int parsed = 0;
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] input = mutate(random, SEEDS.get(random.nextInt(SEEDS.size())).getBytes(UTF_8));
            if (parse(input)) {
                parsed++;
            }
            else {
                refused++;
            }
        }
        // the mutations are neither all harmless nor all fatal
        assertThat(parsed).isPositive();
        assertThat(refused).isPositive();
    }

    @Test
    void aliasBombsAndDeepNestingAreRefused()
    {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (int level = 1; level < 12; level++) {
            bomb.append("%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n".formatted((char) ('a' + level), (char) ('a' + level), (char) ('a' + level - 1), (char) ('a' + level - 1), (char) ('a' + level - 1),
                    (char) ('a' + level - 1), (char) ('a' + level - 1), (char) ('a' + level - 1), (char) ('a' + level - 1), (char) ('a' + level - 1), (char) ('a' + level - 1)));
        }
        bomb.append("name: orders\npath: tables/orders\n");
        assertThat(parse(bomb.toString().getBytes(UTF_8))).isFalse();
        assertThat(parse(("name: orders\npath: tables/orders\nschema: " + "[".repeat(5_000) + "]".repeat(5_000)).getBytes(UTF_8))).isFalse();
        assertThat(parse("name: x\npath: ../other-domain/orders\n".getBytes(UTF_8))).isFalse();
        assertThat(parse("name: x\npath: s3://other-bucket/orders\n".getBytes(UTF_8))).isFalse();
    }

    /**
     * True when the input parses, false when it is refused with a named DATAMESH error; fails the
     * test on any other outcome.
     */
    private boolean parse(byte[] input)
    {
        try {
            parser.parse(PATH, input);
            return true;
        }
        catch (TrinoException e) {
            assertThat(e.getErrorCode().getName()).startsWith("DATAMESH_");
            assertThat(e.getMessage()).contains(PATH);
            return false;
        }
        catch (RuntimeException | StackOverflowError e) {
            fail("Descriptor parsing failed with %s instead of a DATAMESH error for input:%n%s".formatted(e, new String(input, UTF_8)), e);
            return false;
        }
    }

    private static byte[] mutate(Random random, byte[] seed)
    {
        byte[] data = seed.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            int kind = random.nextInt(5);
            int at = data.length == 0 ? 0 : random.nextInt(data.length);
            data = switch (kind) {
                case 0 -> {
                    if (data.length > 0) {
                        data[at] = (byte) random.nextInt(256);
                    }
                    yield data;
                }
                case 1 -> Arrays.copyOf(data, at);
                case 2 -> splice(data, at, HOSTILE.get(random.nextInt(HOSTILE.size())).getBytes(UTF_8));
                case 3 -> splice(data, at, Arrays.copyOfRange(data, at, Math.min(data.length, at + 1 + random.nextInt(40))));
                default -> {
                    // replace a value after a colon with a hostile one
                    String text = new String(data, UTF_8);
                    int colon = text.indexOf(": ", at);
                    if (colon < 0) {
                        yield data;
                    }
                    int end = text.indexOf('\n', colon);
                    yield (text.substring(0, colon + 2) + HOSTILE.get(random.nextInt(HOSTILE.size())) + (end < 0 ? "" : text.substring(end))).getBytes(UTF_8);
                }
            };
        }
        return data;
    }

    private static byte[] splice(byte[] data, int at, byte[] insert)
    {
        byte[] result = new byte[data.length + insert.length];
        System.arraycopy(data, 0, result, 0, at);
        System.arraycopy(insert, 0, result, at, insert.length);
        System.arraycopy(data, at, result, at + insert.length, data.length - at);
        return result;
    }
}
