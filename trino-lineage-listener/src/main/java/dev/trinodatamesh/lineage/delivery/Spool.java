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
package dev.trinodatamesh.lineage.delivery;

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
 * Events not delivered yet, one JSON file per event named by its sequence number and sender
 * ({@code <sequence>-<sender>.json}), so that they survive restarts and are sent oldest first.
 * The senders of a transport share its directory; each sees the files of its own sender number
 * (modulo the number of senders, which may have changed since the files were written: a query's
 * events all carry one sender number, so they stay in order). Events the receiver refused for good
 * (HTTP 4xx other than 429) move to {@code failed/}, where they stay for inspection and can be
 * replayed by hand.
 */
final class Spool
{
    private static final String SUFFIX = ".json";

    private final Path directory;
    private final Path failedDirectory;
    private final int sender;
    private final ConcurrentSkipListMap<Long, Path> entries = new ConcurrentSkipListMap<>();

    Spool(Path directory, int sender, int senders)
    {
        this.directory = requireNonNull(directory, "directory is null").toAbsolutePath();
        this.sender = sender;
        this.failedDirectory = this.directory.resolve("failed");
        try {
            Files.createDirectories(failedDirectory);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory, "*" + SUFFIX)) {
                for (Path file : files) {
                    parse(file)
                            .filter(name -> name.sender() % senders == sender)
                            .ifPresent(name -> entries.put(name.sequence(), file));
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
        Path target = directory.resolve(fileName(sequence));
        Path temporary = directory.resolve(".%020d-%d.tmp".formatted(sequence, sender));
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
        Path file = failedDirectory.resolve(fileName(sequence));
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

    private String fileName(long sequence)
    {
        return "%020d-%d%s".formatted(sequence, sender, SUFFIX);
    }

    /**
     * {@code <sequence>-<sender>.json}, or {@code <sequence>.json} as earlier versions wrote them (sender 0).
     */
    private static Optional<FileName> parse(Path file)
    {
        String name = file.getFileName().toString();
        String stem = name.substring(0, name.length() - SUFFIX.length());
        int dash = stem.indexOf('-');
        try {
            if (dash < 0) {
                return Optional.of(new FileName(Long.parseLong(stem), 0));
            }
            return Optional.of(new FileName(Long.parseLong(stem.substring(0, dash)), Integer.parseInt(stem.substring(dash + 1))));
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private record FileName(long sequence, int sender) {}
}
