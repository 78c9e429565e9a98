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
import java.util.Optional;

import static dev.trinodatamesh.connector.procedures.ProcedureArguments.required;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.invoke.MethodHandles.lookup;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL <catalog>.system.merge('feature_x', 'main'[, 'source-wins'])}: the way into protected branches.
 */
public class MergeProcedure
        implements Provider<Procedure>
{
    private static final MethodHandle MERGE;

    static {
        try {
            MERGE = lookup().unreflect(MergeProcedure.class.getMethod("merge", ConnectorSession.class, String.class, String.class, String.class));
        }
        catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private final RefManager refManager;

    @Inject
    public MergeProcedure(RefManager refManager)
    {
        this.refManager = requireNonNull(refManager, "refManager is null");
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "merge",
                ImmutableList.of(
                        new Argument("SOURCE", VARCHAR),
                        new Argument("TARGET", VARCHAR),
                        new Argument("STRATEGY", VARCHAR, false, null)),
                MERGE.bindTo(this));
    }

    public void merge(ConnectorSession session, String source, String target, String strategy)
    {
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(getClass().getClassLoader())) {
            String sourceRef = required(source, "source", "merge");
            String targetBranch = required(target, "target", "merge");
            String statement = strategy == null
                    ? "CALL system.merge('%s', '%s')".formatted(sourceRef, targetBranch)
                    : "CALL system.merge('%s', '%s', '%s')".formatted(sourceRef, targetBranch, strategy);
            refManager.merge(session, sourceRef, targetBranch, Optional.ofNullable(strategy), statement);
        }
    }
}
