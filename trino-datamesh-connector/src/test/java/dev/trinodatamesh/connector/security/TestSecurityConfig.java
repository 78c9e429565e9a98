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
package dev.trinodatamesh.connector.security;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;

final class TestSecurityConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(SecurityConfig.class)
                .setDefaultPolicy(SecurityConfig.DefaultPolicy.ALLOW_ALL)
                .setAdminUsers(ImmutableSet.of())
                .setAdminGroups(ImmutableSet.of()));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("datamesh.security.default-policy", "OWNERS_ONLY")
                .put("datamesh.security.admin-users", "admin,root")
                .put("datamesh.security.admin-groups", "platform")
                .buildOrThrow();
        assertFullMapping(properties, new SecurityConfig()
                .setDefaultPolicy(SecurityConfig.DefaultPolicy.OWNERS_ONLY)
                .setAdminUsers(ImmutableSet.of("admin", "root"))
                .setAdminGroups(ImmutableSet.of("platform")));
    }
}
