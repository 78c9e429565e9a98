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
package dev.trinodatamesh.connector.write;

import com.google.common.collect.ImmutableList;
import dev.trinodatamesh.connector.lakefs.LakeFsStagingLocation;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.parquet.writer.ParquetSchemaConverter;
import io.trino.parquet.writer.ParquetWriter;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.Page;
import io.trino.spi.type.Type;
import org.apache.parquet.format.CompressionCodec;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One Parquet data file written with Trino's Parquet writer straight to a physical address lakeFS
 * handed out, counting its bytes and hashing them (MD5, the ETag of a single-part S3 upload) for
 * the link that adds it to the branch.
 */
final class ParquetFileWriter
{
    private final String path;
    private final LakeFsStagingLocation location;
    private final List<Optional<String>> partitionValues;
    private final CountingDigestStream output;
    private final ParquetWriter writer;
    private long rowCount;

    ParquetFileWriter(
            TrinoFileSystem fileSystem,
            String path,
            LakeFsStagingLocation location,
            List<String> columnNames,
            List<Type> columnTypes,
            List<Optional<String>> partitionValues,
            ParquetWriterOptions options,
            CompressionCodec compression,
            String writerVersion)
            throws IOException
    {
        this.path = requireNonNull(path, "path is null");
        this.location = requireNonNull(location, "location is null");
        this.partitionValues = ImmutableList.copyOf(partitionValues);
        this.output = new CountingDigestStream(fileSystem.newOutputFile(Location.of(location.physicalAddress())).create());
        ParquetSchemaConverter schema = new ParquetSchemaConverter(columnTypes, columnNames, false, false);
        this.writer = new ParquetWriter(output, schema.getMessageType(), schema.getPrimitiveTypes(), options, compression, writerVersion, Optional.empty(), Optional.empty());
    }

    void write(Page page)
            throws IOException
    {
        writer.write(page);
        rowCount += page.getPositionCount();
    }

    /**
     * Bytes written so far, or buffered for the next row group.
     */
    long getWrittenBytes()
    {
        return output.count() + writer.getEstimatedWrittenBytes();
    }

    long getRetainedBytes()
    {
        return writer.getRetainedBytes();
    }

    String path()
    {
        return path;
    }

    LakeFsStagingLocation location()
    {
        return location;
    }

    /**
     * Finishes the file: its footer written and the stream closed.
     *
     * @return the file, with its size and content hash
     */
    Closed close()
            throws IOException
    {
        writer.close();
        return new Closed(new WrittenFile(path, location.physicalAddress(), output.count(), rowCount, partitionValues), output.checksum());
    }

    /**
     * @param checksum hex MD5 of the file's bytes
     */
    record Closed(WrittenFile file, String checksum) {}

    private static final class CountingDigestStream
            extends FilterOutputStream
    {
        private final MessageDigest digest;
        private long count;

        CountingDigestStream(OutputStream delegate)
        {
            super(delegate);
            try {
                this.digest = MessageDigest.getInstance("MD5");
            }
            catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void write(int value)
                throws IOException
        {
            out.write(value);
            digest.update((byte) value);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length)
                throws IOException
        {
            out.write(bytes, offset, length);
            digest.update(bytes, offset, length);
            count += length;
        }

        long count()
        {
            return count;
        }

        String checksum()
        {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
