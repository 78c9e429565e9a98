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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Catalogs of Trino's Hive connector with a file metastore, over MinIO directly or through lakeFS's
 * S3 gateway (where the repository is the bucket and the ref the first path segment): the peers
 * of the benchmark, and the proof in tests that what the connector writes is plain Parquet.
 */
public final class HiveCatalogs
{
    private HiveCatalogs() {}

    /**
     * {@code CREATE CATALOG} of a Hive catalog reading through lakeFS's S3 gateway.
     */
    public static String throughLakeFsGateway(DatameshStack stack, String name)
    {
        return create(stack, name, stack.env("DATAMESH_LAKEFS_ENDPOINT"), stack.env("DATAMESH_LAKEFS_ACCESS_KEY_ID"), stack.env("DATAMESH_LAKEFS_SECRET_ACCESS_KEY"));
    }

    /**
     * {@code CREATE CATALOG} of a Hive catalog reading MinIO directly.
     */
    public static String direct(DatameshStack stack, String name)
    {
        return create(stack, name, stack.env("DATAMESH_S3_ENDPOINT"), stack.env("DATAMESH_S3_ACCESS_KEY"), stack.env("DATAMESH_S3_SECRET_KEY"));
    }

    private static String create(DatameshStack stack, String name, String endpoint, String accessKey, String secretKey)
    {
        Path metastores = stack.runDir().resolve("hive-metastores");
        try {
            Files.createDirectories(metastores.resolve(name));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return """
                CREATE CATALOG %s USING hive WITH (
                    "hive.metastore" = 'file',
                    "hive.metastore.catalog.dir" = 'local:///%s',
                    "fs.local.enabled" = 'true',
                    "local.location" = '%s',
                    "fs.s3.enabled" = 'true',
                    "s3.endpoint" = '%s',
                    "s3.region" = '%s',
                    "s3.path-style-access" = 'true',
                    "s3.aws-access-key" = '%s',
                    "s3.aws-secret-key" = '%s')""".formatted(name, name, metastores, endpoint, stack.env("DATAMESH_S3_REGION"), accessKey, secretKey);
    }
}
