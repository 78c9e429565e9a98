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
package dev.trinodatamesh.connector.table;

import com.google.common.base.Supplier;
import com.google.common.collect.ImmutableList;
import dev.trinodatamesh.connector.lakefs.LakeFsObject;
import io.trino.spi.TrinoException;

import java.util.List;

import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_FORBIDDEN_LOCATION;
import static java.util.Objects.requireNonNull;

/**
 * Which physical addresses the catalog reads: those under the repository's storage namespace, and
 * under the configured {@code datamesh.allowed-physical-prefixes}. A lakeFS repository can point an
 * object at any address its server can reach (an import, a staged link); without this check, a
 * domain could expose another domain's raw files, or anything else the catalog's object-store
 * credentials can read, through its own catalog (a confused deputy).
 */
final class PhysicalAddresses
{
    private final String repository;
    private final Supplier<String> storageNamespace;
    private final List<String> allowedPrefixes;

    PhysicalAddresses(String repository, Supplier<String> storageNamespace, List<String> allowedPrefixes)
    {
        this.repository = requireNonNull(repository, "repository is null");
        this.storageNamespace = requireNonNull(storageNamespace, "storageNamespace is null");
        this.allowedPrefixes = allowedPrefixes.stream()
                .map(PhysicalAddresses::directory)
                .collect(ImmutableList.toImmutableList());
    }

    /**
     * Fails, naming the object, when its physical address is outside what the catalog may read.
     */
    void check(String commitId, LakeFsObject object)
    {
        String address = object.physicalAddress();
        String namespace = directory(storageNamespace.get());
        if (address.startsWith(namespace) || allowedPrefixes.stream().anyMatch(address::startsWith)) {
            return;
        }
        throw new TrinoException(DATAMESH_FORBIDDEN_LOCATION, ("Object '%s' of lakeFS repository '%s' at commit %s has the physical address '%s', outside the repository's storage namespace '%s'; "
                + "the catalog reads no object outside it. If the object was imported or linked on purpose, add its location to datamesh.allowed-physical-prefixes")
                .formatted(object.path(), repository, commitId, address, storageNamespace.get()));
    }

    private static String directory(String location)
    {
        return location.endsWith("/") ? location : location + "/";
    }
}
