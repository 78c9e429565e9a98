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
package dev.trinodatamesh.connector.parquet;

import dev.trinodatamesh.connector.parquet.DataFileErrors.DataFileName;
import io.trino.spi.TrinoException;
import org.apache.parquet.io.ParquetDecodingException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_BAD_DATA;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_CANNOT_READ_FILE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failures Trino's Parquet reader throws while it reads a column lazily, outside its own
 * IOException translation: each names the file.
 */
final class TestDataFileErrors
{
    private static final DataFileName FILE = new DataFileName("sales", "c0ffee", "orders/part-00001.parquet", "s3://bucket/data/abc");

    @Test
    void decodingFailureIsBadData()
    {
        // a row group whose row count is larger than its column chunks' value counts
        TrinoException error = DataFileErrors.translate(new ParquetDecodingException("Corrupted Parquet file: extra 6 values to be consumed when scanning current batch"), FILE);
        assertThat(error.getErrorCode()).isEqualTo(DATAMESH_BAD_DATA.toErrorCode());
        assertThat(error).hasMessageContaining("Data file 'orders/part-00001.parquet' of lakeFS repository 'sales' at commit c0ffee is not a valid Parquet file (s3://bucket/data/abc)");
    }

    @Test
    void uncheckedReadFailureNamesTheFile()
    {
        // the S3 input stream of a connection reset mid-read
        TrinoException error = DataFileErrors.translate(new UncheckedIOException(new IOException("Failed to open S3 file: s3://bucket/data/abc")), FILE);
        assertThat(error.getErrorCode()).isEqualTo(DATAMESH_CANNOT_READ_FILE.toErrorCode());
        assertThat(error).hasMessageContaining("Cannot read data file 'orders/part-00001.parquet'").hasMessageContaining("s3://bucket/data/abc");
    }
}
