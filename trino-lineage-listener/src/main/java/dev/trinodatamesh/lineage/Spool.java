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
package dev.trinodatamesh.lineage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.util.Objects.requireNonNull;

/**
 * Events not delivered yet, one JSON file per event named by its sequence number, so that they
 * survive restarts and are sent oldest first. Events the receiver refused for good (HTTP 4xx other
 * than 429) move to {@code failed/}, where they stay for inspection and can be replayed by hand.
 */
final class Spool
{
    private static final String SUFFIX = ".json";

    private final Path directory;
    private final Path failedDirectory;
    private final ConcurrentSkipListMap<Long, Path> entries = new ConcurrentSkipListMap<>();

    Spool(Path directory)
    {
        this.directory = requireNonNull(directory, "directory is null").toAbsolutePath();
        this.failedDirectory = this.directory.resolve("failed");
        try {
            Files.createDirectories(failedDirectory);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory, "*" + SUFFIX)) {
                for (Path file : files) {
                    parseSequence(file).ifPresent(sequence -> entries.put(sequence, file));
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot use the lineage spool directory " + this.directory + " (lineage.spool-directory)", e);
        }
    }

    Path directory()
    {
        return directory;
    }

    /**
     * The highest sequence number on disk, so that new events sort after those of a previous run.
     */
    long maxSequence()
    {
        return entries.isEmpty() ? 0 : entries.lastKey();
    }

    int size()
    {
        return entries.size();
    }

    Optional<Map.Entry<Long, Path>> oldest()
    {
        return Optional.ofNullable(entries.firstEntry());
    }

    void write(long sequence, String eventJson)
            throws IOException
    {
        Path target = directory.resolve("%020d%s".formatted(sequence, SUFFIX));
        Path temporary = directory.resolve(".%020d.tmp".formatted(sequence));
        Files.writeString(temporary, eventJson, UTF_8);
        Files.move(temporary, target, ATOMIC_MOVE, REPLACE_EXISTING);
        entries.put(sequence, target);
    }

    String read(Path file)
            throws IOException
    {
        return Files.readString(file, UTF_8);
    }

    void delete(long sequence)
            throws IOException
    {
        Path file = entries.remove(sequence);
        if (file != null) {
            try {
                Files.delete(file);
            }
            catch (NoSuchFileException ignored) {
                // already gone
            }
        }
    }

    void moveToFailed(long sequence, String reason)
            throws IOException
    {
        Path file = entries.remove(sequence);
        if (file != null) {
            Files.move(file, failedDirectory.resolve(file.getFileName()), REPLACE_EXISTING);
            Files.writeString(failedDirectory.resolve(file.getFileName() + ".reason.txt"), reason, UTF_8);
        }
    }

    void writeFailed(long sequence, String eventJson, String reason)
            throws IOException
    {
        Path file = failedDirectory.resolve("%020d%s".formatted(sequence, SUFFIX));
        Files.writeString(file, eventJson, UTF_8);
        Files.writeString(failedDirectory.resolve(file.getFileName() + ".reason.txt"), reason, UTF_8);
    }

    long ageOfOldestMillis()
    {
        Map.Entry<Long, Path> oldest = entries.firstEntry();
        if (oldest == null) {
            return 0;
        }
        try {
            return Math.max(0, System.currentTimeMillis() - Files.getLastModifiedTime(oldest.getValue()).toMillis());
        }
        catch (IOException e) {
            return 0;
        }
    }

    private static Optional<Long> parseSequence(Path file)
    {
        String name = file.getFileName().toString();
        try {
            return Optional.of(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())));
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
