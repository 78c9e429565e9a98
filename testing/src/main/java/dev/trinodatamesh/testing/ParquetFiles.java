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
package dev.trinodatamesh.testing;

import com.google.common.collect.ImmutableList;
import io.trino.parquet.writer.ParquetSchemaConverter;
import io.trino.parquet.writer.ParquetWriter;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.Page;
import io.trino.spi.PageBuilder;
import io.trino.spi.type.Type;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.schema.MessageType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.TypeUtils.writeNativeValue;
import static java.util.Objects.requireNonNull;

/**
 * Parquet files written with Trino's own Parquet writer (the writer of Trino's Hive, Iceberg and
 * Delta Lake connectors), for test data and the demo and benchmark data sets.
 */
public final class ParquetFiles
{
    private ParquetFiles() {}

    public static Builder builder(List<String> columnNames, List<Type> types)
    {
        return new Builder(columnNames, types);
    }

    /**
     * A file of {@code pages}: row groups of at most {@code rowGroupSize} bytes, Snappy-compressed.
     */
    public static byte[] write(List<String> columnNames, List<Type> types, Iterable<Page> pages, ParquetWriterOptions options)
    {
        ParquetSchemaConverter schema = new ParquetSchemaConverter(types, columnNames, false, false);
        return write(schema.getMessageType(), schema.getPrimitiveTypes(), pages, options);
    }

    /**
     * A file with an explicit Parquet schema, such as one with logical types Trino does not write.
     */
    public static byte[] write(MessageType messageType, Map<List<String>, Type> primitiveTypes, Iterable<Page> pages, ParquetWriterOptions options)
    {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (ParquetWriter writer = new ParquetWriter(
                output,
                messageType,
                primitiveTypes,
                options,
                CompressionCodec.SNAPPY,
                "trino-datamesh",
                Optional.empty(),
                Optional.empty())) {
            for (Page page : pages) {
                writer.write(page);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return output.toByteArray();
    }

    public static ParquetWriterOptions defaultOptions()
    {
        return ParquetWriterOptions.builder().build();
    }

    /**
     * Builds a file row by row, with Java values as Trino's native values (Long for bigint,
     * integer and date, Double, Slice or String for varchar, Long for short decimals).
     */
    public static final class Builder
    {
        private final List<String> columnNames;
        private final List<Type> types;
        private final List<Page> pages = new ArrayList<>();
        private ParquetWriterOptions options = defaultOptions();
        private PageBuilder pageBuilder;

        private Builder(List<String> columnNames, List<Type> types)
        {
            this.columnNames = ImmutableList.copyOf(requireNonNull(columnNames, "columnNames is null"));
            this.types = ImmutableList.copyOf(requireNonNull(types, "types is null"));
            this.pageBuilder = new PageBuilder(this.types);
        }

        public Builder options(ParquetWriterOptions options)
        {
            this.options = requireNonNull(options, "options is null");
            return this;
        }

        public Builder row(Object... values)
        {
            if (values.length != types.size()) {
                throw new IllegalArgumentException("expected %s values, got %s".formatted(types.size(), values.length));
            }
            pageBuilder.declarePosition();
            for (int i = 0; i < values.length; i++) {
                Object value = values[i] instanceof String string ? utf8Slice(string) : values[i];
                writeNativeValue(types.get(i), pageBuilder.getBlockBuilder(i), value);
            }
            if (pageBuilder.isFull()) {
                flushPage();
            }
            return this;
        }

        /**
         * Starts a new page; with a small {@code ParquetWriterOptions.setMaxBlockSize}, pages become row groups.
         */
        public Builder flushPage()
        {
            if (!pageBuilder.isEmpty()) {
                pages.add(pageBuilder.build());
                pageBuilder = new PageBuilder(types);
            }
            return this;
        }

        public byte[] build()
        {
            flushPage();
            return write(columnNames, types, pages, options);
        }
    }
}
