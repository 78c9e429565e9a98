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

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

final class TestRunIds
{
    @Test
    void stableUuidV7FromCreateTimeAndQueryId()
    {
        Instant created = Instant.parse("2026-11-21T10:15:30.123Z");
        UUID runId = RunIds.runId("20261121_101530_00001_abcde", created);
        assertThat(RunIds.runId("20261121_101530_00001_abcde", created)).isEqualTo(runId);
        assertThat(runId.version()).isEqualTo(7);
        assertThat(runId.variant()).isEqualTo(2);
        // the first 48 bits are the creation time in milliseconds
        assertThat(runId.getMostSignificantBits() >>> 16).isEqualTo(created.toEpochMilli());
        assertThat(RunIds.runId("20261121_101530_00002_abcde", created)).isNotEqualTo(runId);
        // later queries sort after earlier ones
        assertThat(RunIds.runId("x", created.plusMillis(1)).toString()).isGreaterThan(RunIds.runId("x", created).toString());
    }
}
