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

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.net.URI;

import static java.util.Objects.requireNonNull;

/**
 * Direct S3 access to the stack's MinIO, for writing data files and for tests that tamper with
 * the physical objects behind lakeFS.
 */
public final class ObjectStore
        implements AutoCloseable
{
    private final S3Client s3;

    public ObjectStore(URI endpoint, String region, String accessKey, String secretKey)
    {
        this.s3 = S3Client.builder()
                .endpointOverride(requireNonNull(endpoint, "endpoint is null"))
                .region(Region.of(region))
                .forcePathStyle(true)
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    public static ObjectStore forStack(DatameshStack stack)
    {
        return new ObjectStore(
                URI.create(stack.directEnv("DATAMESH_S3_ENDPOINT")),
                stack.env("DATAMESH_S3_REGION"),
                stack.env("DATAMESH_S3_ACCESS_KEY"),
                stack.env("DATAMESH_S3_SECRET_KEY"));
    }

    public void createBucket(String bucket)
    {
        try {
            s3.createBucket(request -> request.bucket(bucket));
        }
        catch (BucketAlreadyOwnedByYouException ignored) {
            // already there
        }
    }

    /**
     * Writes an object; returns its ETag without quotes.
     */
    public String put(S3Location location, byte[] content)
    {
        PutObjectResponse response = s3.putObject(request -> request.bucket(location.bucket()).key(location.key()), RequestBody.fromBytes(content));
        return response.eTag().replace("\"", "");
    }

    public byte[] get(S3Location location)
    {
        return s3.getObjectAsBytes(request -> request.bucket(location.bucket()).key(location.key())).asByteArray();
    }

    public boolean exists(S3Location location)
    {
        try {
            s3.headObject(request -> request.bucket(location.bucket()).key(location.key()));
            return true;
        }
        catch (NoSuchKeyException e) {
            return false;
        }
        catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    public void delete(S3Location location)
    {
        s3.deleteObject(request -> request.bucket(location.bucket()).key(location.key()));
    }

    @Override
    public void close()
    {
        s3.close();
    }

    public record S3Location(String bucket, String key)
    {
        public static S3Location parse(String uri)
        {
            URI parsed = URI.create(uri);
            if (!"s3".equals(parsed.getScheme()) && !"s3a".equals(parsed.getScheme())) {
                throw new IllegalArgumentException("Not an s3:// location: " + uri);
            }
            String key = parsed.getPath().startsWith("/") ? parsed.getPath().substring(1) : parsed.getPath();
            return new S3Location(parsed.getHost(), key);
        }

        @Override
        public String toString()
        {
            return "s3://%s/%s".formatted(bucket, key);
        }
    }
}
