package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.tool.Tool;
import dev.devora.orchestration.tool.ToolInvocation;
import dev.devora.orchestration.tool.ToolResult;
import dev.devora.orchestration.tool.workspace.Workspace;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.TaskContext;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the dry-run workflows (migration, release management) share: the {@code dry_run} condition, the check that a
 * patch's files exist (or are created) in the workspace, the one place that writes a change (the workspace's
 * {@code apply_patch}, only with the caller's writing opt-in), and a unified diff that inserts lines into a file.
 *
 * <pre>{@code
 * Steps.when("apply", WorkspaceChanges.NOT_DRY_RUN, Steps.task("apply-change", "...", ctx ->
 *         WorkspaceChanges.apply(kit.writableWorkspace(), ctx, patch)));
 * }</pre>
 */
public final class WorkspaceChanges {
    /** Holds when the input's {@code dry_run} is false (it defaults to true: a dry run). */
    public static final Condition NOT_DRY_RUN = Condition.of("input.dry_run = false",
            s -> !s.json("input.dry_run").asBoolean(true));
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WorkspaceChanges() {
    }

    /** A file a patch changes: its repository path, and whether the patch creates or deletes it. */
    record Touched(String path, boolean created, boolean deleted) {
    }

    /** The files of a unified diff, from its {@code ---}/{@code +++} headers. */
    static List<Touched> files(String patch) {
        List<Touched> out = new ArrayList<>();
        if (patch == null) return out;
        String[] lines = patch.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i + 1 < lines.length; i++) {
            if (!lines[i].startsWith("--- ") || !lines[i + 1].startsWith("+++ ")) continue;
            String oldName = name(lines[i]);
            String newName = name(lines[i + 1]);
            boolean created = oldName.equals("/dev/null");
            boolean deleted = newName.equals("/dev/null");
            out.add(new Touched(deleted ? oldName : newName, created, deleted));
            i++;
        }
        return out;
    }

    private static String name(String header) {
        String n = header.substring(4);
        int tab = n.indexOf('\t');
        if (tab >= 0) n = n.substring(0, tab);
        n = n.strip();
        if (n.startsWith("a/") || n.startsWith("b/")) n = n.substring(2);
        return n;
    }

    /**
     * The problems of a patch's files against the workspace: a changed file that does not exist, a created file that
     * exists already, a deletion (which {@code apply_patch} does not do). Each names the file.
     */
    static List<String> fileProblems(Path root, String patch) {
        List<String> problems = new ArrayList<>();
        for (Touched t : files(patch)) {
            Optional<Path> p = inside(root, t.path());
            if (p.isEmpty()) {
                problems.add("'" + t.path() + "' is not a path inside the workspace");
            } else if (t.deleted()) {
                problems.add("'" + t.path() + "' is deleted: the change may only modify or create files");
            } else if (t.created() && Files.exists(p.get())) {
                problems.add("'" + t.path() + "' is created by the patch but exists already");
            } else if (!t.created() && !Files.isRegularFile(p.get())) {
                problems.add("'" + t.path() + "' is changed by the patch but does not exist in the workspace");
            }
        }
        return problems;
    }

    private static Optional<Path> inside(Path root, String path) {
        try {
            Path p = root.resolve(path).normalize();
            return p.startsWith(root.normalize()) && !path.isBlank() ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes {@code patch} to the writable workspace, when the caller opted in, with its {@code apply_patch} tool
     * (every file's new text is computed before any is written, so a hunk that does not match changes nothing);
     * without the opt-in, writes nothing. {@code {written, files, note}}.
     *
     * @throws IllegalStateException when the workspace refuses the patch (nothing was written)
     */
    static ObjectNode apply(Optional<Workspace> writable, TaskContext ctx, String patch) {
        ObjectNode out = NODES.objectNode();
        if (writable.isEmpty()) {
            out.put("written", false);
            out.putArray("files");
            out.put("note", "the caller did not opt into writing: nothing was written; apply changes.patch with git apply");
            return out;
        }
        Tool tool = writable.get().toolbox().find("apply_patch")
                .orElseThrow(() -> new IllegalStateException("the writable workspace has no apply_patch tool"));
        ToolResult r;
        try {
            r = tool.call(new ToolInvocation("apply-" + ctx.stepPath(), "apply_patch",
                    NODES.objectNode().put("patch", patch), ctx.runId(), ctx.stepPath()));
        } catch (Exception e) {
            throw new IllegalStateException("applying the change failed, nothing was written: " + e.getMessage(), e);
        }
        if (r.error()) throw new IllegalStateException("the workspace refused the change, nothing was written: " + r.content());
        out.put("written", true);
        r.changedFiles().forEach(out.putArray("files")::add);
        out.put("note", r.content());
        return out;
    }

    /**
     * A unified diff for {@code path} inserting {@code insert} before line {@code at} (0-based) of {@code original},
     * with up to three lines of context; a new file when {@code original} is null.
     */
    static String insertion(String path, String original, int at, List<String> insert) {
        StringBuilder d = new StringBuilder();
        if (original == null) {
            d.append("--- /dev/null\n+++ b/").append(path).append('\n')
                    .append("@@ -0,0 +1,").append(insert.size()).append(" @@\n");
            insert.forEach(l -> d.append('+').append(l).append('\n'));
            return d.toString();
        }
        List<String> lines = lines(original);
        int k = Math.max(0, Math.min(at, lines.size()));
        int from = Math.max(0, k - 3);
        int to = Math.min(lines.size(), k + 3);
        int oldCount = to - from;
        int oldStart = oldCount == 0 ? k : from + 1;
        d.append("--- a/").append(path).append("\n+++ b/").append(path).append('\n')
                .append("@@ -").append(oldStart).append(',').append(oldCount).append(" +")
                .append(oldCount == 0 ? k + 1 : from + 1).append(',').append(oldCount + insert.size()).append(" @@\n");
        for (int i = from; i < k; i++) d.append(' ').append(lines.get(i)).append('\n');
        insert.forEach(l -> d.append('+').append(l).append('\n'));
        for (int i = k; i < to; i++) d.append(' ').append(lines.get(i)).append('\n');
        if (to == lines.size() && !original.isEmpty() && !original.endsWith("\n")) d.append("\\ No newline at end of file\n");
        return d.toString();
    }

    /** The lines of a text, without the final empty one after a trailing newline. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>(List.of(text.replace("\r\n", "\n").split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }
}
