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

import io.trino.spi.ErrorCode;
import io.trino.spi.ErrorCodeSupplier;
import io.trino.spi.ErrorType;

import static io.trino.spi.ErrorType.EXTERNAL;
import static io.trino.spi.ErrorType.USER_ERROR;

public enum DatameshErrorCode
        implements ErrorCodeSupplier
{
    /** lakeFS did not answer: connection refused, timeout, DNS. */
    DATAMESH_LAKEFS_UNAVAILABLE(0, EXTERNAL),
    /** lakeFS rejected the configured credentials (HTTP 401). */
    DATAMESH_LAKEFS_AUTHENTICATION_FAILED(1, EXTERNAL),
    /** lakeFS refused the operation for the configured credentials (HTTP 403). */
    DATAMESH_LAKEFS_ACCESS_DENIED(2, EXTERNAL),
    /** Any other failed lakeFS call (5xx, unexpected answers). */
    DATAMESH_LAKEFS_ERROR(3, EXTERNAL),
    /** The catalog's lakeFS repository does not exist. */
    DATAMESH_REPOSITORY_NOT_FOUND(4, USER_ERROR),
    /** A branch, tag, commit or ref expression that lakeFS does not know. */
    DATAMESH_REF_NOT_FOUND(5, USER_ERROR),
    /** Two lakeFS refs map to the same lower-case Trino schema name. */
    DATAMESH_AMBIGUOUS_REF(6, USER_ERROR),
    /** A commit that lakeFS no longer has (garbage-collected or expired). */
    DATAMESH_COMMIT_GONE(7, USER_ERROR),
    /** A table descriptor under _lakefs_tables/ that cannot be used. */
    DATAMESH_INVALID_DESCRIPTOR(8, USER_ERROR),
    /** An object listed by lakeFS is missing from the object store. */
    DATAMESH_OBJECT_MISSING(9, EXTERNAL),
    /** A data file that is not valid Parquet. */
    DATAMESH_BAD_DATA(10, EXTERNAL),
    /** Parquet files of one table whose column types cannot be reconciled. */
    DATAMESH_SCHEMA_MISMATCH(11, USER_ERROR),
    /** A Parquet type the connector cannot map to a Trino type. */
    DATAMESH_UNSUPPORTED_TYPE(12, USER_ERROR),
    /** A Hive-style partition value that does not parse as its column type. */
    DATAMESH_INVALID_PARTITION_VALUE(13, USER_ERROR),
    /** Reading a data file failed for a reason other than the above. */
    DATAMESH_CANNOT_READ_FILE(14, EXTERNAL),
    /** FOR TIMESTAMP AS OF a time before the first commit of a ref. */
    DATAMESH_NO_COMMIT_AT_TIME(15, USER_ERROR),
    /** Object storage access failed (credentials, endpoint, I/O). */
    DATAMESH_STORAGE_ERROR(16, EXTERNAL),
    /** A query that would exceed a configured safety limit. */
    DATAMESH_LIMIT_EXCEEDED(17, USER_ERROR),
    /** A table name that maps to more than one data product. */
    DATAMESH_AMBIGUOUS_TABLE(18, USER_ERROR),
    /** Invalid catalog configuration detected at first use. */
    DATAMESH_CONFIGURATION_ERROR(19, USER_ERROR),
    /** Invalid connector session or table property value. */
    DATAMESH_INVALID_PROPERTY(20, USER_ERROR),
    /** A data file the connector cannot read, such as a non-Parquet file in a table. */
    DATAMESH_UNSUPPORTED_FILE(21, USER_ERROR),
    /** A write to a tag, a commit or a ref expression: only branches change. */
    DATAMESH_READ_ONLY_REF(22, USER_ERROR),
    /** A direct write to a branch that lakeFS protects: write on another branch and merge. */
    DATAMESH_PROTECTED_BRANCH(23, USER_ERROR),
    /** A write or merge that conflicts with a change made meanwhile, or a branch with uncommitted changes. */
    DATAMESH_WRITE_CONFLICT(24, USER_ERROR),
    /** A branch or tag that already exists. */
    DATAMESH_REF_EXISTS(25, USER_ERROR),
    /** A new table whose directory already holds objects. */
    DATAMESH_DIRECTORY_NOT_EMPTY(26, USER_ERROR),
    /** Writing a data file or committing it failed (object store or lakeFS). */
    DATAMESH_WRITE_FAILED(27, EXTERNAL),
    /** A write the table cannot take, such as to a directory of files no descriptor declares. */
    DATAMESH_UNSUPPORTED_WRITE(28, USER_ERROR),
    /** A branch or tag name lakeFS does not accept, or one reserved for transaction branches. */
    DATAMESH_INVALID_REF_NAME(29, USER_ERROR),
    /** A ref that cannot be deleted this way: the default branch, a protected branch, a tag dropped as a branch, a commit. */
    DATAMESH_REF_NOT_DELETABLE(30, USER_ERROR),
    /** A new or renamed table or view whose name, or descriptor file, another table or view already has. */
    DATAMESH_NAME_COLLISION(31, USER_ERROR),
    /** A view definition under _lakefs_views/ that cannot be used. */
    DATAMESH_INVALID_VIEW(32, USER_ERROR),
    /**
     * An object whose physical address lies outside the repository's storage namespace and the
     * allowed prefixes (an import or link from elsewhere): not read, so that one domain's catalog
     * cannot expose another domain's raw files.
     */
    DATAMESH_FORBIDDEN_LOCATION(33, USER_ERROR);

    private final ErrorCode errorCode;

    DatameshErrorCode(int code, ErrorType type)
    {
        // 0x0d17_0000: a code range of our own, away from Trino's built-in connectors
        errorCode = new ErrorCode(code + 0x0d17_0000, name(), type);
    }

    @Override
    public ErrorCode toErrorCode()
    {
        return errorCode;
    }
}
