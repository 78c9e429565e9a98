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
package dev.trinodatamesh.lineage.event;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Run IDs that are stable per query: a UUIDv7 (RFC 9562) whose timestamp is the query's creation
 * time and whose random bits are a hash of the query ID, so that the START and the COMPLETE or FAIL
 * event of a query, computed separately, carry the same run ID, and run IDs sort by time.
 */
public final class RunIds
{
    private RunIds() {}

    public static UUID runId(String queryId, Instant createTime)
    {
        byte[] hash = sha256(queryId);
        long millis = createTime.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long randA = ((hash[0] & 0xFFL) << 8 | (hash[1] & 0xFFL)) & 0x0FFFL;
        long mostSignificant = millis << 16 | 0x7000L | randA;
        long randB = ByteBuffer.wrap(hash, 2, 8).getLong();
        long leastSignificant = (randB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant);
    }

    private static byte[] sha256(String value)
    {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(UTF_8));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
