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
package dev.trinodatamesh.connector.functions;

import com.google.inject.Inject;
import io.trino.plugin.base.classloader.ClassLoaderSafeTableFunctionProcessorProvider;
import io.trino.spi.function.FunctionProvider;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;
import io.trino.spi.function.table.TableFunctionProcessorProvider;

import static java.util.Objects.requireNonNull;

/**
 * Runs the catalog's table functions ({@code system.diff}) on the workers.
 */
public class DatameshFunctionProvider
        implements FunctionProvider
{
    private final DiffFunctionProcessorProvider diffProcessorProvider;

    @Inject
    public DatameshFunctionProvider(DiffFunctionProcessorProvider diffProcessorProvider)
    {
        this.diffProcessorProvider = requireNonNull(diffProcessorProvider, "diffProcessorProvider is null");
    }

    @Override
    public TableFunctionProcessorProvider getTableFunctionProcessorProvider(ConnectorTableFunctionHandle functionHandle)
    {
        if (functionHandle instanceof DiffFunctionHandle) {
            return new ClassLoaderSafeTableFunctionProcessorProvider(diffProcessorProvider, getClass().getClassLoader());
        }
        throw new UnsupportedOperationException("Unsupported table function: " + functionHandle);
    }
}
