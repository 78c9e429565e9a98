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

import io.trino.parquet.ParquetCorruptionException;
import io.trino.spi.TrinoException;
import org.apache.parquet.io.ParquetDecodingException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_BAD_DATA;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_CANNOT_READ_FILE;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_OBJECT_MISSING;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_STORAGE_ERROR;

/**
 * Turns failures of reading a data file into errors that name the file by its lakeFS path, its
 * commit and its physical address.
 */
public final class DataFileErrors
{
    private DataFileErrors() {}

    /**
     * @param file the data file, as lakeFS path and physical address
     */
    public static TrinoException translate(Throwable failure, DataFileName file)
    {
        if (failure instanceof TrinoException trinoException) {
            return trinoException;
        }
        if (isMissingObject(failure)) {
            return new TrinoException(DATAMESH_OBJECT_MISSING, "Data file '%s' of lakeFS repository '%s' at commit %s is missing from the object store (%s); it may have been deleted or garbage-collected"
                    .formatted(file.path(), file.repository(), file.commitId(), file.physicalAddress()), failure);
        }
        if (isCorruption(failure)) {
            return new TrinoException(DATAMESH_BAD_DATA, "Data file '%s' of lakeFS repository '%s' at commit %s is not a valid Parquet file (%s): %s"
                    .formatted(file.path(), file.repository(), file.commitId(), file.physicalAddress(), failure.getMessage()), failure);
        }
        if (failure instanceof IOException && isAccessDenied(failure)) {
            return new TrinoException(DATAMESH_STORAGE_ERROR, "The object store refused to read data file '%s' (%s): %s; check the s3.* catalog properties"
                    .formatted(file.path(), file.physicalAddress(), failure.getMessage()), failure);
        }
        return new TrinoException(DATAMESH_CANNOT_READ_FILE, "Cannot read data file '%s' of lakeFS repository '%s' at commit %s (%s): %s"
                .formatted(file.path(), file.repository(), file.commitId(), file.physicalAddress(), failure.getMessage()), failure);
    }

    /**
     * Trino's reader reports invalid Parquet as ParquetCorruptionException, and values that do not
     * add up to the footer's counts as Parquet's own ParquetDecodingException; either may come
     * wrapped in an unchecked exception.
     */
    private static boolean isCorruption(Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ParquetCorruptionException || cause instanceof ParquetDecodingException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMissingObject(Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof FileNotFoundException || cause instanceof NoSuchFileException) {
                return true;
            }
            String message = String.valueOf(cause.getMessage());
            if (message.contains("NoSuchKey") || message.contains("Status Code: 404") || message.contains("status code: 404")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAccessDenied(Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("Status Code: 403") || message.contains("AccessDenied") || message.contains("InvalidAccessKeyId") || message.contains("SignatureDoesNotMatch")) {
                return true;
            }
        }
        return false;
    }

    public record DataFileName(String repository, String commitId, String path, String physicalAddress) {}
}
