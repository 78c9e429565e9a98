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

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a session tells the listener through client tags ({@code --client-tags}, the JDBC
 * {@code clientTags} property, {@code X-Trino-Client-Tags}):
 * <ul>
 * <li>{@code job:<name>}: the job name, such as an Airflow task or a notebook cell;</li>
 * <li>{@code parent_run_id:<uuid>}, {@code parent_job_namespace:<namespace>},
 * {@code parent_job_name:<name>}: the orchestrator's run this query belongs to.</li>
 * </ul>
 */
record SessionTags(Optional<String> jobName, Optional<Parent> parent)
{
    static SessionTags of(Set<String> clientTags)
    {
        Map<String, String> values = new HashMap<>();
        for (String tag : clientTags) {
            int colon = tag.indexOf(':');
            if (colon > 0 && colon < tag.length() - 1) {
                values.putIfAbsent(tag.substring(0, colon).trim(), tag.substring(colon + 1).trim());
            }
        }
        Optional<Parent> parent = Optional.empty();
        String runId = values.get("parent_run_id");
        String namespace = values.get("parent_job_namespace");
        String name = values.get("parent_job_name");
        if (runId != null && namespace != null && name != null) {
            try {
                parent = Optional.of(new Parent(UUID.fromString(runId), namespace, name));
            }
            catch (IllegalArgumentException e) {
                // not a UUID: no parent rather than an invalid event
            }
        }
        return new SessionTags(Optional.ofNullable(values.get("job")).filter(value -> !value.isBlank()), parent);
    }

    record Parent(UUID runId, String jobNamespace, String jobName) {}
}
