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
package dev.trinodatamesh.connector.procedures;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import com.google.inject.Provider;
import dev.trinodatamesh.connector.write.RefManager;
import io.trino.spi.classloader.ThreadContextClassLoader;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;

import java.lang.invoke.MethodHandle;

import static dev.trinodatamesh.connector.procedures.ProcedureArguments.required;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.invoke.MethodHandles.lookup;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL <catalog>.system.delete_tag('v2')}.
 */
public class DeleteTagProcedure
        implements Provider<Procedure>
{
    private static final MethodHandle DELETE_TAG;

    static {
        try {
            DELETE_TAG = lookup().unreflect(DeleteTagProcedure.class.getMethod("deleteTag", ConnectorSession.class, String.class));
        }
        catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private final RefManager refManager;

    @Inject
    public DeleteTagProcedure(RefManager refManager)
    {
        this.refManager = requireNonNull(refManager, "refManager is null");
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "delete_tag",
                ImmutableList.of(
                        new Argument("NAME", VARCHAR)),
                DELETE_TAG.bindTo(this));
    }

    public void deleteTag(ConnectorSession session, String name)
    {
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(getClass().getClassLoader())) {
            refManager.deleteTag(required(name, "name", "delete_tag"));
        }
    }
}
