package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One combined unified diff of a workflow's changes: the code writers' patches joined in order, then a diff computed
 * in plain Java for each answered file (tests given as whole files) against the workspace's current content
 * ({@code --- /dev/null} for a new file, a whole-file replacement otherwise; a file whose content is already on disk,
 * e.g. written with the tools in a writable run, adds nothing). Used by the feature and refactoring workflows for
 * {@code changes.patch}.
 *
 * <pre>{@code
 * String patch = ChangeSet.combine(List.of(backend.path("patch").asText(), docs.path("patch").asText()),
 *         Path.of(repo), tests.path("test_files"));
 * }</pre>
 */
public final class ChangeSet {
    private ChangeSet() {
    }

    /**
     * The patches (blank ones left out), each ending with a newline, followed by the files' diffs.
     *
     * @param patches   unified diffs answered by the code writers
     * @param workspace the repository the files' paths are relative to
     * @param files     {@code [{path, content}]} answered as whole files; null or missing for none
     * @return the combined diff, empty when nothing changes
     */
    public static String combine(List<String> patches, Path workspace, JsonNode files) {
        StringBuilder out = new StringBuilder();
        for (String p : patches) {
            if (p == null || p.isBlank()) continue;
            out.append(p.endsWith("\n") ? p : p + "\n");
        }
        if (files != null) {
            for (JsonNode f : files) {
                String path = f.path("path").asText("");
                if (path.isBlank()) continue;
                Optional<Path> target = inside(workspace, path);
                if (target.isEmpty()) continue;
                String old = null;
                try {
                    if (Files.isRegularFile(target.get())) old = Files.readString(target.get(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    old = null;
                }
                out.append(fileDiff(path, old, f.path("content").asText("")));
            }
        }
        return out.toString();
    }

    /** The paths of {@code files} that do not resolve inside {@code workspace} (absolute, or leaving it with {@code ..}). */
    public static List<String> outside(Path workspace, JsonNode files) {
        List<String> bad = new ArrayList<>();
        if (files == null) return bad;
        for (JsonNode f : files) {
            String path = f.path("path").asText("");
            if (!path.isBlank() && inside(workspace, path).isEmpty()) bad.add(path);
        }
        return bad;
    }

    /** The file {@code relative} names inside {@code workspace}, if it stays inside. */
    public static Optional<Path> inside(Path workspace, String relative) {
        try {
            Path rel = Path.of(relative);
            if (rel.isAbsolute()) return Optional.empty();
            Path root = workspace.toAbsolutePath().normalize();
            Path p = root.resolve(rel).normalize();
            return p.startsWith(root) && !p.equals(root) ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /**
     * The unified diff turning {@code old} into {@code content}: a new file when {@code old} is null, a whole-file
     * replacement otherwise, empty when they are equal.
     */
    public static String fileDiff(String path, String old, String content) {
        if (content.equals(old)) return "";
        List<String> now = lines(content);
        StringBuilder d = new StringBuilder();
        if (old == null) {
            d.append("--- /dev/null\n+++ b/").append(path).append('\n')
                    .append("@@ -0,0 +1,").append(now.size()).append(" @@\n");
        } else {
            List<String> before = lines(old);
            d.append("--- a/").append(path).append("\n+++ b/").append(path).append('\n')
                    .append("@@ -").append(before.isEmpty() ? 0 : 1).append(',').append(before.size())
                    .append(" +").append(now.isEmpty() ? 0 : 1).append(',').append(now.size()).append(" @@\n");
            before.forEach(l -> d.append('-').append(l).append('\n'));
        }
        now.forEach(l -> d.append('+').append(l).append('\n'));
        return d.toString();
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) return List.of();
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(t.split("\n", -1));
    }
}
