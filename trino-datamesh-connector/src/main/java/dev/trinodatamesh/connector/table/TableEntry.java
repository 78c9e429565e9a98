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

import com.google.common.collect.ImmutableList;
import io.trino.spi.TrinoException;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What claims a table name at a commit: a descriptor, a directory of Parquet files, a descriptor
 * that cannot be used, or more than one of them.
 */
public sealed interface TableEntry
{
    /** For messages: where the table comes from. */
    String source();

    record Declared(TableDescriptor descriptor)
            implements TableEntry
    {
        public Declared
        {
            requireNonNull(descriptor, "descriptor is null");
        }

        @Override
        public String source()
        {
            return "descriptor '%s'".formatted(descriptor.descriptorPath());
        }
    }

    /**
     * @param directory the table's directory, with a trailing slash
     */
    record Discovered(String directory)
            implements TableEntry
    {
        public Discovered
        {
            requireNonNull(directory, "directory is null");
        }

        @Override
        public String source()
        {
            return "directory '%s'".formatted(directory);
        }
    }

    /**
     * A descriptor that does not parse: the table stays listed under the descriptor's file name and
     * fails with {@code failure} when it is used.
     */
    record Broken(String descriptorPath, TrinoException failure)
            implements TableEntry
    {
        public Broken
        {
            requireNonNull(descriptorPath, "descriptorPath is null");
            requireNonNull(failure, "failure is null");
        }

        @Override
        public String source()
        {
            return "descriptor '%s'".formatted(descriptorPath);
        }
    }

    record Ambiguous(List<String> sources)
            implements TableEntry
    {
        public Ambiguous
        {
            sources = ImmutableList.copyOf(sources);
        }

        @Override
        public String source()
        {
            return String.join(" and ", sources);
        }
    }
}
