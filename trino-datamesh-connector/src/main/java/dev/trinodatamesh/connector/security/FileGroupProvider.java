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

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.airlift.units.Duration;
import io.trino.spi.security.GroupProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

/**
 * Users' groups from a text file of lines {@code group:user1,user2} ({@code #} starts a comment),
 * the format of Trino's own file group provider, for installations without it. The file is read
 * again when it changed, at most once per refresh period.
 */
public class FileGroupProvider
        implements GroupProvider
{
    private final Path file;
    private final long refreshNanos;
    private final LongSupplier ticker;
    private volatile Snapshot snapshot;

    public FileGroupProvider(Path file, Duration refreshPeriod)
    {
        this(file, refreshPeriod, System::nanoTime);
    }

    FileGroupProvider(Path file, Duration refreshPeriod, LongSupplier ticker)
    {
        this.file = requireNonNull(file, "file is null");
        this.refreshNanos = refreshPeriod.roundTo(NANOSECONDS);
        this.ticker = requireNonNull(ticker, "ticker is null");
        this.snapshot = load(ticker.getAsLong());
    }

    @Override
    public Set<String> getGroups(String user)
    {
        return current().groups().getOrDefault(user, ImmutableSet.of());
    }

    private Snapshot current()
    {
        Snapshot current = snapshot;
        long now = ticker.getAsLong();
        if (now - current.checkedAt() < refreshNanos) {
            return current;
        }
        synchronized (this) {
            current = snapshot;
            if (now - current.checkedAt() < refreshNanos) {
                return current;
            }
            if (lastModified().equals(current.modified())) {
                snapshot = new Snapshot(current.groups(), current.modified(), now);
            }
            else {
                snapshot = load(now);
            }
            return snapshot;
        }
    }

    private FileTime lastModified()
    {
        try {
            return Files.getLastModifiedTime(file);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read the group file " + file, e);
        }
    }

    private Snapshot load(long now)
    {
        FileTime modified = lastModified();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read the group file " + file, e);
        }
        return new Snapshot(parse(file.toString(), lines), modified, now);
    }

    static Map<String, Set<String>> parse(String source, List<String> lines)
    {
        Map<String, Set<String>> groups = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comment = line.indexOf('#');
            line = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("Line %s of the group file %s is not 'group:user1,user2': %s".formatted(i + 1, source, lines.get(i)));
            }
            String group = line.substring(0, colon).strip();
            for (String user : line.substring(colon + 1).split(",")) {
                if (!user.isBlank()) {
                    groups.computeIfAbsent(user.strip(), _ -> new HashSet<>()).add(group);
                }
            }
        }
        ImmutableMap.Builder<String, Set<String>> result = ImmutableMap.builder();
        groups.forEach((user, userGroups) -> result.put(user, ImmutableSet.copyOf(userGroups)));
        return result.buildOrThrow();
    }

    private record Snapshot(Map<String, Set<String>> groups, FileTime modified, long checkedAt) {}
}
