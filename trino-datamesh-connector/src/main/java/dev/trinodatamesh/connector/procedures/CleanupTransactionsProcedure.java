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
import io.airlift.units.Duration;
import io.trino.spi.TrinoException;
import io.trino.spi.classloader.ThreadContextClassLoader;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;

import java.lang.invoke.MethodHandle;
import java.time.Instant;

import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.StandardErrorCode.INVALID_PROCEDURE_ARGUMENT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.invoke.MethodHandles.lookup;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.HOURS;

/**
 * {@code CALL <catalog>.system.cleanup_transactions('12h')}: deletes the hidden transaction
 * branches of write statements that started longer ago than that (default a day) and were killed
 * before they could delete their own. A statement still running keeps its branch as long as it
 * runs: choose a duration longer than any write statement takes.
 */
public class CleanupTransactionsProcedure
        implements Provider<Procedure>
{
    private static final String DEFAULT_OLDER_THAN = "1d";
    private static final MethodHandle CLEANUP_TRANSACTIONS;

    static {
        try {
            CLEANUP_TRANSACTIONS = lookup().unreflect(CleanupTransactionsProcedure.class.getMethod("cleanupTransactions", ConnectorSession.class, String.class));
        }
        catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private final RefManager refManager;

    @Inject
    public CleanupTransactionsProcedure(RefManager refManager)
    {
        this.refManager = requireNonNull(refManager, "refManager is null");
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "cleanup_transactions",
                ImmutableList.of(new Argument("OLDER_THAN", VARCHAR, false, utf8Slice(DEFAULT_OLDER_THAN))),
                CLEANUP_TRANSACTIONS.bindTo(this));
    }

    public void cleanupTransactions(ConnectorSession session, String olderThan)
    {
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(getClass().getClassLoader())) {
            refManager.cleanupTransactions(session.getIdentity(), parseAge(olderThan == null ? DEFAULT_OLDER_THAN : olderThan), Instant.now());
        }
    }

    /**
     * A duration such as {@code 30m}, {@code 12h} or {@code 7d}, or a number of hours.
     */
    static Duration parseAge(String value)
    {
        String trimmed = value.trim();
        try {
            if (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) {
                return new Duration(Long.parseLong(trimmed), HOURS);
            }
            return Duration.valueOf(trimmed);
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(INVALID_PROCEDURE_ARGUMENT, "Argument older_than of system.cleanup_transactions must be a duration such as '30m', '12h' or '7d', or a number of hours; got '%s'".formatted(value), e);
        }
    }
}
