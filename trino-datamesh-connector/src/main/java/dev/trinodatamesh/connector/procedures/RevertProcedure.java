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
 * {@code CALL <catalog>.system.revert('main', '<commit ID>')}: a new commit that undoes what the commit changed.
 */
public class RevertProcedure
        implements Provider<Procedure>
{
    private static final MethodHandle REVERT;

    static {
        try {
            REVERT = lookup().unreflect(RevertProcedure.class.getMethod("revert", ConnectorSession.class, String.class, String.class));
        }
        catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private final RefManager refManager;

    @Inject
    public RevertProcedure(RefManager refManager)
    {
        this.refManager = requireNonNull(refManager, "refManager is null");
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "revert",
                ImmutableList.of(
                        new Argument("BRANCH", VARCHAR),
                        new Argument("COMMIT", VARCHAR)),
                REVERT.bindTo(this));
    }

    public void revert(ConnectorSession session, String branch, String commit)
    {
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(getClass().getClassLoader())) {
            String branchName = required(branch, "branch", "revert");
            String commitId = required(commit, "commit", "revert");
            refManager.revert(session, branchName, commitId, "CALL system.revert('%s', '%s')".formatted(branchName, commitId));
        }
    }
}
