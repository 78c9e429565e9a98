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
package dev.trinodatamesh.connector.lakefs;

import static java.util.Objects.requireNonNull;

/**
 * Where lakeFS wants the bytes of a new object of a branch: a physical address in the repository's
 * storage namespace, handed out for one branch and path and linked to them once written.
 *
 * @param physicalAddress such as {@code s3://bucket/namespace/data/gs0.../cv...}
 */
public record LakeFsStagingLocation(String physicalAddress)
{
    public LakeFsStagingLocation
    {
        requireNonNull(physicalAddress, "physicalAddress is null");
    }
}
