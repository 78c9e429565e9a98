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

import com.google.common.collect.ImmutableSet;
import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import jakarta.validation.constraints.NotNull;

import java.util.Set;

public class SecurityConfig
{
    public enum DefaultPolicy
    {
        /** A table whose descriptor (and branch) names no owners may be written by everyone. */
        ALLOW_ALL,
        /** A table whose descriptor (and branch) names no owners may be written by administrators only. */
        OWNERS_ONLY,
    }

    private DefaultPolicy defaultPolicy = DefaultPolicy.ALLOW_ALL;
    private Set<String> adminUsers = ImmutableSet.of();
    private Set<String> adminGroups = ImmutableSet.of();

    @NotNull
    public DefaultPolicy getDefaultPolicy()
    {
        return defaultPolicy;
    }

    @Config("datamesh.security.default-policy")
    @ConfigDescription("Who may write tables and branches for which no descriptor names owners: ALLOW_ALL (everyone) or OWNERS_ONLY (administrators only)")
    public SecurityConfig setDefaultPolicy(DefaultPolicy defaultPolicy)
    {
        this.defaultPolicy = defaultPolicy;
        return this;
    }

    @NotNull
    public Set<String> getAdminUsers()
    {
        return adminUsers;
    }

    @Config("datamesh.security.admin-users")
    @ConfigDescription("Users who may read, write and manage every table and branch, unmasked and unfiltered")
    public SecurityConfig setAdminUsers(Set<String> adminUsers)
    {
        this.adminUsers = ImmutableSet.copyOf(adminUsers);
        return this;
    }

    @NotNull
    public Set<String> getAdminGroups()
    {
        return adminGroups;
    }

    @Config("datamesh.security.admin-groups")
    @ConfigDescription("Groups (from Trino's group provider) whose members are administrators of the catalog")
    public SecurityConfig setAdminGroups(Set<String> adminGroups)
    {
        this.adminGroups = ImmutableSet.copyOf(adminGroups);
        return this;
    }
}
