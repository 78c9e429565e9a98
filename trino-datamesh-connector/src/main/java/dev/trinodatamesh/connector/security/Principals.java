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
import io.trino.spi.security.ConnectorIdentity;

import java.util.Set;

/**
 * Users and groups named by a policy, such as a table's owners or readers.
 */
public record Principals(Set<String> users, Set<String> groups)
{
    public static final Principals NONE = new Principals(Set.of(), Set.of());

    public Principals
    {
        users = ImmutableSet.copyOf(users);
        groups = ImmutableSet.copyOf(groups);
    }

    public boolean isEmpty()
    {
        return users.isEmpty() && groups.isEmpty();
    }

    public boolean includes(ConnectorIdentity identity)
    {
        return users.contains(identity.getUser()) || identity.getGroups().stream().anyMatch(groups::contains);
    }

    public Principals union(Principals other)
    {
        return new Principals(
                ImmutableSet.<String>builder().addAll(users).addAll(other.users).build(),
                ImmutableSet.<String>builder().addAll(groups).addAll(other.groups).build());
    }

    /**
     * For messages, such as {@code users [alice], groups [sales]}.
     */
    public String describe()
    {
        if (isEmpty()) {
            return "nobody";
        }
        StringBuilder text = new StringBuilder();
        if (!users.isEmpty()) {
            text.append("users ").append(users);
        }
        if (!groups.isEmpty()) {
            text.append(text.isEmpty() ? "" : ", ").append("groups ").append(groups);
        }
        return text.toString();
    }
}
