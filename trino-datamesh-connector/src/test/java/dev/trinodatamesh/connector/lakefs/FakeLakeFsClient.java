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

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.trino.spi.TrinoException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_LAKEFS_ACCESS_DENIED;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_LAKEFS_ERROR;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_LAKEFS_UNAVAILABLE;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_REF_EXISTS;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_REF_NOT_FOUND;
import static dev.trinodatamesh.connector.DatameshErrorCode.DATAMESH_WRITE_CONFLICT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * An in-memory lakeFS repository for unit tests: branches, tags, commits with their trees, staged
 * changes. Object bytes live in local files whose {@code file://} URIs are the physical addresses.
 * Counts calls per operation, so tests can check what the connector caches.
 */
public class FakeLakeFsClient
        implements LakeFsClient
{
    private final String repository;
    private final Path storage;
    private final Map<String, String> branches = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, LakeFsCommit> commits = new HashMap<>();
    private final Map<String, NavigableMap<String, LakeFsObject>> trees = new HashMap<>();
    private final Map<String, NavigableMap<String, Optional<LakeFsObject>>> staged = new HashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond());
    private final AtomicLong objectCounter = new AtomicLong();
    private final Set<String> hiddenBranches = new HashSet<>();
    private final List<String> protectedPatterns = new ArrayList<>();
    private volatile boolean unavailable;
    private final Set<String> failNext = ConcurrentHashMap.newKeySet();

    public FakeLakeFsClient(String repository, Path storage)
    {
        this.repository = requireNonNull(repository, "repository is null");
        this.storage = requireNonNull(storage, "storage is null");
        String initial = commitId("initial");
        commits.put(initial, new LakeFsCommit(initial, ImmutableList.of(), "", "Repository created", Instant.ofEpochSecond(clock.get()), ImmutableMap.of()));
        trees.put(initial, new TreeMap<>());
        branches.put("main", initial);
    }

    // ---- set-up, as a lakeFS user would do it

    public synchronized void createBranch(String name, String source)
    {
        branches.put(name, resolve(source).orElseThrow());
    }

    public synchronized void protectBranches(String pattern)
    {
        protectedPatterns.add(pattern);
    }

    public synchronized Set<String> hiddenBranches()
    {
        return ImmutableSet.copyOf(hiddenBranches);
    }

    /**
     * The objects the branch's head has, by path (uncommitted changes excluded).
     */
    public synchronized Map<String, LakeFsObject> tree(String ref)
    {
        return ImmutableMap.copyOf(treeOf(resolve(ref).orElseThrow()));
    }

    /**
     * Whether the branch has uncommitted changes.
     */
    public synchronized boolean isDirty(String branch)
    {
        return staged.containsKey(branch) && !staged.get(branch).isEmpty();
    }

    /**
     * Stages an object: writes its bytes to a fresh local file, the object's physical address.
     */
    public synchronized void putObject(String branch, String path, byte[] content)
    {
        Path file = storage.resolve("data-" + objectCounter.incrementAndGet());
        try {
            Files.createDirectories(storage);
            Files.write(file, content);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stage(branch).put(path, Optional.of(new LakeFsObject(path, file.toUri().toString(), content.length, clock.get() * 1000, HexFormat.of().toHexDigits(content.length))));
    }

    public synchronized void deleteObject(String branch, String path)
    {
        stage(branch).put(path, Optional.empty());
    }

    public synchronized String commit(String branch, String message)
    {
        return commit(branch, message, Instant.ofEpochSecond(clock.addAndGet(60)));
    }

    public synchronized String commit(String branch, String message, Instant time)
    {
        return commit(branch, message, time, ImmutableMap.of("source", "unit-test"));
    }

    private String commit(String branch, String message, Instant time, Map<String, String> metadata)
    {
        String parent = branches.get(branch);
        NavigableMap<String, LakeFsObject> tree = new TreeMap<>(trees.get(parent));
        stage(branch).forEach((path, object) -> object.ifPresentOrElse(value -> tree.put(path, value), () -> tree.remove(path)));
        staged.remove(branch);
        return addCommit(branch, message, time, metadata, ImmutableList.of(parent), tree);
    }

    private String addCommit(String branch, String message, Instant time, Map<String, String> metadata, List<String> parents, NavigableMap<String, LakeFsObject> tree)
    {
        String id = commitId(branch + "/" + message + "/" + commits.size());
        commits.put(id, new LakeFsCommit(id, ImmutableList.copyOf(parents), "tester", message, time, ImmutableMap.copyOf(metadata)));
        trees.put(id, tree);
        branches.put(branch, id);
        return id;
    }

    public void setUnavailable(boolean unavailable)
    {
        this.unavailable = unavailable;
    }

    /**
     * The next call of {@code operation} (such as {@code getObject}) fails as if lakeFS were
     * unreachable; the calls after it succeed.
     */
    public void failNext(String operation)
    {
        failNext.add(operation);
    }

    public int calls(String operation)
    {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    public void resetCalls()
    {
        calls.clear();
    }

    public synchronized String physicalAddress(String ref, String path)
    {
        return treeOf(resolve(ref).orElseThrow()).get(path).physicalAddress();
    }

    // ---- LakeFsClient

    @Override
    public URI endpoint()
    {
        return URI.create("http://fake-lakefs:8000/api/v1");
    }

    @Override
    public String repositoryName()
    {
        return repository;
    }

    @Override
    public LakeFsRepository getRepository()
    {
        count("getRepository");
        return new LakeFsRepository(repository, "file://" + storage, "main");
    }

    @Override
    public synchronized List<LakeFsRef> listBranches()
    {
        count("listBranches");
        return branches.entrySet().stream().filter(entry -> !hiddenBranches.contains(entry.getKey())).map(entry -> new LakeFsRef(entry.getKey(), LakeFsRef.Type.BRANCH, entry.getValue())).collect(ImmutableList.toImmutableList());
    }

    @Override
    public synchronized List<LakeFsRef> listTags()
    {
        count("listTags");
        return tags.entrySet().stream().map(entry -> new LakeFsRef(entry.getKey(), LakeFsRef.Type.TAG, entry.getValue())).collect(ImmutableList.toImmutableList());
    }

    @Override
    public synchronized Optional<LakeFsCommit> getCommit(String ref)
    {
        count("getCommit");
        return resolve(ref).map(commits::get);
    }

    @Override
    public synchronized LakeFsObjectPage listObjects(String ref, String prefix, Optional<String> delimiter, Optional<String> after, int amount)
    {
        count("listObjects");
        NavigableMap<String, LakeFsObject> tree = new TreeMap<>(treeOf(resolve(ref).orElseThrow()));
        if (branches.containsKey(ref)) {
            stage(ref).forEach((path, object) -> object.ifPresentOrElse(value -> tree.put(path, value), () -> tree.remove(path)));
        }
        List<LakeFsObject> objects = new ArrayList<>();
        TreeSet<String> prefixes = new TreeSet<>();
        String start = after.orElse("");
        for (Map.Entry<String, LakeFsObject> entry : tree.tailMap(prefix, true).entrySet()) {
            String path = entry.getKey();
            if (!path.startsWith(prefix)) {
                break;
            }
            if (path.compareTo(start) <= 0) {
                continue;
            }
            if (delimiter.isPresent()) {
                int index = path.indexOf(delimiter.orElseThrow(), prefix.length());
                if (index >= 0) {
                    String commonPrefix = path.substring(0, index + 1);
                    if (commonPrefix.compareTo(start) > 0) {
                        prefixes.add(commonPrefix);
                    }
                    continue;
                }
            }
            objects.add(entry.getValue());
        }
        // merge both kinds in path order, then page
        TreeMap<String, Object> merged = new TreeMap<>();
        objects.forEach(object -> merged.put(object.path(), object));
        prefixes.forEach(commonPrefix -> merged.put(commonPrefix, commonPrefix));
        List<LakeFsObject> pageObjects = new ArrayList<>();
        List<String> pagePrefixes = new ArrayList<>();
        String last = null;
        int count = 0;
        for (Map.Entry<String, Object> entry : merged.entrySet()) {
            if (count == amount) {
                return new LakeFsObjectPage(pageObjects, pagePrefixes, Optional.of(last));
            }
            if (entry.getValue() instanceof LakeFsObject object) {
                pageObjects.add(object);
            }
            else {
                pagePrefixes.add(entry.getKey());
            }
            last = entry.getKey();
            count++;
        }
        return new LakeFsObjectPage(pageObjects, pagePrefixes, Optional.empty());
    }

    @Override
    public synchronized Optional<byte[]> getObject(String ref, String path)
    {
        count("getObject");
        LakeFsObject object = treeOf(resolve(ref).orElseThrow()).get(path);
        if (object == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(Path.of(URI.create(object.physicalAddress()))));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized LakeFsCommitPage logCommits(String ref, List<String> prefixes, Optional<String> after, int amount)
    {
        count("logCommits");
        List<LakeFsCommit> log = new ArrayList<>();
        String current = resolve(ref).orElseThrow();
        while (current != null) {
            LakeFsCommit commit = commits.get(current);
            String parent = commit.parents().isEmpty() ? null : commit.parents().getFirst();
            if (prefixes.isEmpty() || touches(parent == null ? Map.of() : trees.get(parent), trees.get(current), prefixes)) {
                log.add(commit);
            }
            current = parent;
        }
        int start = 0;
        if (after.isPresent()) {
            for (int i = 0; i < log.size(); i++) {
                if (log.get(i).id().equals(after.orElseThrow())) {
                    start = i + 1;
                }
            }
        }
        List<LakeFsCommit> page = log.subList(start, Math.min(log.size(), start + amount));
        Optional<String> next = start + amount < log.size() ? Optional.of(page.getLast().id()) : Optional.empty();
        return new LakeFsCommitPage(page, next);
    }

    // ---- branches, tags and writes, as the connector uses them

    @Override
    public synchronized Optional<LakeFsRef> getBranch(String name)
    {
        count("getBranch");
        return Optional.ofNullable(branches.get(name)).map(commit -> new LakeFsRef(name, LakeFsRef.Type.BRANCH, commit));
    }

    @Override
    public synchronized Optional<LakeFsRef> getTag(String name)
    {
        count("getTag");
        return Optional.ofNullable(tags.get(name)).map(commit -> new LakeFsRef(name, LakeFsRef.Type.TAG, commit));
    }

    @Override
    public synchronized LakeFsRef createBranch(String name, String sourceRef, boolean hidden)
    {
        count("createBranch");
        if (branches.containsKey(name)) {
            throw new TrinoException(DATAMESH_REF_EXISTS, "lakeFS repository '%s' already has a branch or tag '%s'".formatted(repository, name));
        }
        String commit = resolve(sourceRef).orElseThrow(() -> new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no branch, tag or commit '%s' to create branch '%s' from".formatted(repository, sourceRef, name)));
        branches.put(name, commit);
        if (hidden) {
            hiddenBranches.add(name);
        }
        return new LakeFsRef(name, LakeFsRef.Type.BRANCH, commit);
    }

    @Override
    public synchronized List<LakeFsRef> listBranches(String prefix, boolean includeHidden)
    {
        count("listBranches");
        return branches.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(prefix) && (includeHidden || !hiddenBranches.contains(entry.getKey())))
                .map(entry -> new LakeFsRef(entry.getKey(), LakeFsRef.Type.BRANCH, entry.getValue()))
                .collect(ImmutableList.toImmutableList());
    }

    @Override
    public synchronized Optional<String> findMergeBase(String sourceRef, String destinationBranch)
    {
        count("findMergeBase");
        Optional<String> source = resolve(sourceRef);
        Optional<String> destination = Optional.ofNullable(branches.get(destinationBranch));
        if (source.isEmpty() || destination.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(mergeBase(source.orElseThrow(), destination.orElseThrow()));
    }

    @Override
    public synchronized LakeFsDiffPage diffUncommitted(String branch, Optional<String> after, int amount)
    {
        count("diffUncommitted");
        if (!branches.containsKey(branch)) {
            throw new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no branch '%s'".formatted(repository, branch));
        }
        Map<String, LakeFsObject> committed = trees.get(branches.get(branch));
        List<LakeFsDiff> differences = new ArrayList<>();
        for (Map.Entry<String, Optional<LakeFsObject>> entry : stage(branch).tailMap(after.orElse(""), false).entrySet()) {
            if (differences.size() == amount) {
                return new LakeFsDiffPage(differences, Optional.of(differences.getLast().path()));
            }
            LakeFsDiff.Type type = entry.getValue().isEmpty() ? LakeFsDiff.Type.REMOVED : committed.containsKey(entry.getKey()) ? LakeFsDiff.Type.CHANGED : LakeFsDiff.Type.ADDED;
            differences.add(new LakeFsDiff(type, entry.getKey(), entry.getValue().map(LakeFsObject::sizeBytes).orElse(-1L)));
        }
        return new LakeFsDiffPage(differences, Optional.empty());
    }

    /**
     * Moves a branch to a commit, as lakeFS's hard reset does (for tests that set up history).
     */
    public synchronized void resetBranch(String name, String commitId)
    {
        branches.put(name, resolve(commitId).orElseThrow());
        staged.remove(name);
    }

    @Override
    public synchronized void deleteBranch(String name)
    {
        count("deleteBranch");
        if (branches.remove(name) == null) {
            throw new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no branch '%s'".formatted(repository, name));
        }
        hiddenBranches.remove(name);
        staged.remove(name);
    }

    @Override
    public synchronized LakeFsRef createTag(String name, String ref)
    {
        count("createTag");
        if (tags.containsKey(name)) {
            throw new TrinoException(DATAMESH_REF_EXISTS, "lakeFS repository '%s' already has a tag '%s'".formatted(repository, name));
        }
        String commit = resolve(ref).orElseThrow(() -> new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no branch, tag or commit '%s' to tag as '%s'".formatted(repository, ref, name)));
        tags.put(name, commit);
        return new LakeFsRef(name, LakeFsRef.Type.TAG, commit);
    }

    @Override
    public synchronized void deleteTag(String name)
    {
        count("deleteTag");
        if (tags.remove(name) == null) {
            throw new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no tag '%s'".formatted(repository, name));
        }
    }

    @Override
    public synchronized List<String> branchProtectionPatterns()
    {
        count("branchProtectionPatterns");
        return ImmutableList.copyOf(protectedPatterns);
    }

    @Override
    public synchronized LakeFsStagingLocation stagingLocation(String branch, String path)
    {
        count("stagingLocation");
        stage(branch);
        try {
            Files.createDirectories(storage);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LakeFsStagingLocation(storage.resolve("data-" + objectCounter.incrementAndGet()).toUri().toString());
    }

    @Override
    public synchronized void linkStagedObject(String branch, String path, LakeFsStagingLocation location, long sizeBytes, String checksum)
    {
        count("linkStagedObject");
        checkProtected(branch);
        Path file = Path.of(URI.create(location.physicalAddress()));
        if (!Files.exists(file)) {
            throw new IllegalStateException("linking %s at %s, which was never written".formatted(path, location.physicalAddress()));
        }
        stage(branch).put(path, Optional.of(new LakeFsObject(path, location.physicalAddress(), sizeBytes, clock.get() * 1000, checksum)));
    }

    @Override
    public synchronized void uploadObject(String branch, String path, byte[] content)
    {
        count("uploadObject");
        checkProtected(branch);
        putObject(branch, path, content);
    }

    @Override
    public synchronized void deleteObjects(String branch, List<String> paths)
    {
        count("deleteObjects");
        checkProtected(branch);
        paths.forEach(path -> deleteObject(branch, path));
    }

    @Override
    public synchronized LakeFsCommit commit(String branch, String message, Map<String, String> metadata)
    {
        count("commit");
        checkProtected(branch);
        if (!isDirty(branch)) {
            throw new TrinoException(DATAMESH_LAKEFS_ERROR, "lakeFS failed to commit branch '%s': no changes (fake)".formatted(branch));
        }
        return commits.get(commit(branch, message, Instant.ofEpochSecond(clock.addAndGet(60)), metadata));
    }

    @Override
    public synchronized LakeFsMergeResult merge(String sourceRef, String destinationBranch, String message, Map<String, String> metadata, Optional<String> strategy, boolean squash)
    {
        count("merge");
        if (isDirty(destinationBranch)) {
            throw new TrinoException(DATAMESH_WRITE_CONFLICT, "lakeFS cannot merge '%s' into branch '%s' of repository '%s': destination branch has uncommitted changes".formatted(sourceRef, destinationBranch, repository));
        }
        String source = resolve(sourceRef).orElseThrow();
        String destination = branches.get(destinationBranch);
        String base = mergeBase(source, destination);
        Map<String, LakeFsObject> baseTree = trees.get(base);
        Map<String, LakeFsObject> sourceTree = trees.get(source);
        NavigableMap<String, LakeFsObject> result = new TreeMap<>(trees.get(destination));
        TreeSet<String> paths = new TreeSet<>(baseTree.keySet());
        paths.addAll(sourceTree.keySet());
        List<String> conflicts = new ArrayList<>();
        for (String path : paths) {
            LakeFsObject before = baseTree.get(path);
            LakeFsObject ours = sourceTree.get(path);
            if (Objects.equals(before, ours)) {
                continue;
            }
            LakeFsObject theirs = result.get(path);
            if (!Objects.equals(theirs, before) && !Objects.equals(theirs, ours)) {
                if (strategy.isEmpty()) {
                    conflicts.add(path);
                    continue;
                }
                if (strategy.orElseThrow().equals("dest-wins")) {
                    continue;
                }
            }
            if (ours == null) {
                result.remove(path);
            }
            else {
                result.put(path, ours);
            }
        }
        if (!conflicts.isEmpty()) {
            return new LakeFsMergeResult.Conflict("conflict found (fake: %s)".formatted(conflicts));
        }
        List<String> parents = squash ? ImmutableList.of(destination) : ImmutableList.of(destination, source);
        return new LakeFsMergeResult.Merged(addCommit(destinationBranch, message, Instant.ofEpochSecond(clock.addAndGet(60)), metadata, parents, result));
    }

    @Override
    public synchronized LakeFsCommit revert(String branch, String commitId, int parentNumber, String message, Map<String, String> metadata)
    {
        count("revert");
        LakeFsCommit reverted = commits.get(resolve(commitId).orElseThrow(() -> new TrinoException(DATAMESH_REF_NOT_FOUND, "no commit " + commitId)));
        Map<String, LakeFsObject> after = trees.get(reverted.id());
        Map<String, LakeFsObject> before = trees.get(reverted.parents().get(parentNumber - 1));
        NavigableMap<String, LakeFsObject> result = new TreeMap<>(trees.get(branches.get(branch)));
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        for (String path : paths) {
            if (Objects.equals(before.get(path), after.get(path))) {
                continue;
            }
            if (!Objects.equals(result.get(path), after.get(path))) {
                throw new TrinoException(DATAMESH_WRITE_CONFLICT, "lakeFS cannot revert commit %s on branch '%s': '%s' changed since (fake)".formatted(commitId, branch, path));
            }
            if (before.get(path) == null) {
                result.remove(path);
            }
            else {
                result.put(path, before.get(path));
            }
        }
        return commits.get(addCommit(branch, message, Instant.ofEpochSecond(clock.addAndGet(60)), metadata, ImmutableList.of(branches.get(branch)), result));
    }

    @Override
    public synchronized LakeFsDiffPage diffRefs(String leftRef, String rightRef, String prefix, Optional<String> after, int amount)
    {
        count("diffRefs");
        // lakeFS's default diff is three-dot: what the right side changed since the merge base
        String rightCommit = resolve(rightRef).orElseThrow(() -> new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no ref '%s' or '%s'".formatted(repository, leftRef, rightRef)));
        String leftCommit = resolve(leftRef).orElseThrow(() -> new TrinoException(DATAMESH_REF_NOT_FOUND, "lakeFS repository '%s' has no ref '%s' or '%s'".formatted(repository, leftRef, rightRef)));
        Map<String, LakeFsObject> left = trees.get(mergeBase(leftCommit, rightCommit));
        Map<String, LakeFsObject> right = trees.get(rightCommit);
        TreeSet<String> paths = new TreeSet<>(left.keySet());
        paths.addAll(right.keySet());
        List<LakeFsDiff> differences = new ArrayList<>();
        for (String path : paths.tailSet(after.orElse(""), false)) {
            if (!path.startsWith(prefix) || Objects.equals(left.get(path), right.get(path))) {
                continue;
            }
            if (differences.size() == amount) {
                return new LakeFsDiffPage(differences, Optional.of(differences.getLast().path()));
            }
            LakeFsDiff.Type type = left.get(path) == null ? LakeFsDiff.Type.ADDED : right.get(path) == null ? LakeFsDiff.Type.REMOVED : LakeFsDiff.Type.CHANGED;
            differences.add(new LakeFsDiff(type, path, right.get(path) == null ? -1 : right.get(path).sizeBytes()));
        }
        return new LakeFsDiffPage(differences, Optional.empty());
    }

    private void checkProtected(String branch)
    {
        for (String pattern : protectedPatterns) {
            if (branch.matches(pattern.replace("*", ".*"))) {
                throw new TrinoException(DATAMESH_LAKEFS_ACCESS_DENIED, "lakeFS denied writing to branch '%s': cannot write to protected branch (fake)".formatted(branch));
            }
        }
    }

    private String mergeBase(String left, String right)
    {
        Set<String> ancestors = new HashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(left));
        while (!queue.isEmpty()) {
            String commit = queue.removeFirst();
            if (ancestors.add(commit)) {
                queue.addAll(commits.get(commit).parents());
            }
        }
        queue.add(right);
        Set<String> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            String commit = queue.removeFirst();
            if (ancestors.contains(commit)) {
                return commit;
            }
            if (seen.add(commit)) {
                queue.addAll(commits.get(commit).parents());
            }
        }
        throw new IllegalStateException("no merge base of %s and %s".formatted(left, right));
    }

    private static boolean touches(Map<String, LakeFsObject> before, Map<String, LakeFsObject> after, List<String> prefixes)
    {
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        return paths.stream()
                .filter(path -> prefixes.stream().anyMatch(path::startsWith))
                .anyMatch(path -> !Objects.equals(before.get(path), after.get(path)));
    }

    private void count(String operation)
    {
        if (unavailable || failNext.remove(operation)) {
            throw new TrinoException(DATAMESH_LAKEFS_UNAVAILABLE, "lakeFS at %s is unreachable (fake)".formatted(endpoint()));
        }
        calls.computeIfAbsent(operation, _ -> new AtomicInteger()).incrementAndGet();
    }

    private NavigableMap<String, Optional<LakeFsObject>> stage(String branch)
    {
        if (!branches.containsKey(branch)) {
            throw new IllegalArgumentException("no branch " + branch);
        }
        return staged.computeIfAbsent(branch, _ -> new TreeMap<>());
    }

    private NavigableMap<String, LakeFsObject> treeOf(String commitId)
    {
        return trees.get(commitId);
    }

    private Optional<String> resolve(String ref)
    {
        if (branches.containsKey(ref)) {
            return Optional.of(branches.get(ref));
        }
        if (tags.containsKey(ref)) {
            return Optional.of(tags.get(ref));
        }
        int tilde = ref.indexOf('~');
        if (tilde > 0) {
            Optional<String> base = resolve(ref.substring(0, tilde));
            int steps = ref.length() == tilde + 1 ? 1 : Integer.parseInt(ref.substring(tilde + 1));
            return base.map(id -> {
                String current = id;
                for (int i = 0; i < steps && current != null; i++) {
                    List<String> parents = commits.get(current).parents();
                    current = parents.isEmpty() ? null : parents.getFirst();
                }
                return current;
            });
        }
        List<String> matches = commits.keySet().stream().filter(id -> ref.length() >= 6 && id.startsWith(ref)).toList();
        return matches.size() == 1 ? Optional.of(matches.getFirst()) : Optional.empty();
    }

    private static String commitId(String seed)
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seed.getBytes(UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
