package dev.devora.orchestration.tool.workspace;

import dev.devora.orchestration.tool.ToolResult;
import dev.devora.orchestration.tool.Toolbox;
import dev.devora.orchestration.tool.Tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A folder an agent's model may look into (and, when opted in, write to) through tools: {@code list_dir},
 * {@code read_file}, {@code search_text}, {@code file_info}, and for a {@linkplain #writable writable} workspace
 * {@code write_file} and {@code apply_patch}. Nothing outside the root is reachable: absolute paths, {@code ..} above the root and
 * symbolic links that resolve outside are refused with an error result naming the path. Every read is bounded
 * (entries listed, bytes read, hits found, bytes searched), so a huge file costs a bounded answer.
 *
 * <pre>{@code
 * Workspace repo = Workspace.readOnly(Path.of("/src/shop"));
 * Toolbox tools = repo.toolbox();          // give it to an agent
 *
 * Workspace scratch = Workspace.writable(Path.of("/tmp/draft"));
 * // … after the run:
 * scratch.writes().forEach(w -> System.out.println("written: " + w.path()));
 * }</pre>
 */
public final class Workspace {
    /** At most this many entries of a folder are listed. */
    public static final int MAX_LIST_ENTRIES = 500;
    /** {@code read_file} returns at most this many bytes of a file per call. */
    public static final int MAX_READ_BYTES = 64 * 1024;
    /** {@code search_text} reports at most this many hits. */
    public static final int MAX_SEARCH_HITS = 100;
    /** {@code search_text} reads at most this many bytes in all before it stops. */
    public static final long MAX_SEARCH_BYTES = 64L * 1024 * 1024;
    /**
     * {@code search_text} spends at most this long matching (a regular expression that backtracks catastrophically
     * is stopped with an error result naming it).
     */
    public static final long MAX_SEARCH_MILLIS = 10_000;
    /** {@code search_text} matches each line on at most this many first bytes. */
    public static final int MAX_LINE_BYTES = 4 * 1024;
    /** {@code file_info} counts lines in at most this many bytes. */
    public static final long MAX_COUNTED_BYTES = 64L * 1024 * 1024;
    /** {@code write_file} and {@code apply_patch} write at most this many bytes per file. */
    public static final int MAX_WRITE_BYTES = 1024 * 1024;
    /** {@code apply_patch} changes files of at most this many bytes. */
    public static final int MAX_PATCHED_BYTES = 1024 * 1024;

    private final Path root;
    private final Toolbox toolbox;
    private final FileWriting writing;

    private Workspace(Path root, boolean writable) {
        this.root = realFolder(root);
        PathGuard guard = new PathGuard(this.root);
        FileReading reading = new FileReading(guard, MAX_READ_BYTES, MAX_COUNTED_BYTES);
        DirListing listing = new DirListing(guard, MAX_LIST_ENTRIES);
        TextSearch search = new TextSearch(guard, MAX_SEARCH_HITS, MAX_LINE_BYTES, MAX_SEARCH_BYTES,
                MAX_SEARCH_MILLIS);
        Toolbox.Builder b = Toolbox.builder((writable ? "writable" : "read-only") + " workspace " + this.root.getFileName())
                .add(Tools.of("list_dir", "List a folder of the workspace (path relative to the workspace, '.' for its"
                        + " root); folders end with '/'; at most " + MAX_LIST_ENTRIES + " entries",
                        DirListing.ListDir.class, guarded(listing::list)))
                .add(Tools.of("read_file", "Read a text file of the workspace, optionally lines fromLine..toLine"
                        + " (1-based, inclusive); at most " + MAX_READ_BYTES + " bytes per call, says when it was cut",
                        FileReading.ReadFile.class, guarded(reading::read)))
                .add(Tools.of("search_text", "Search the workspace's text files (or those under path) for a literal"
                        + " text, or a Java regular expression when regex is true; answers path:line: text, at most "
                        + MAX_SEARCH_HITS + " hits; skips VCS, dependency and build folders and binary files",
                        TextSearch.SearchText.class, guarded(search::search)))
                .add(Tools.of("file_info", "Size in bytes, number of lines and last modified time of a file or"
                        + " folder of the workspace", FileReading.FileInfo.class, guarded(reading::info)));
        if (writable) {
            this.writing = new FileWriting(guard, MAX_WRITE_BYTES);
            b.add(Tools.of("write_file", "Create or replace a text file of the workspace (path relative to the"
                    + " workspace; missing folders are made) with the given content, at most " + MAX_WRITE_BYTES
                    + " bytes", FileWriting.WriteFile.class, guardedResult(writing::write)));
            PatchApplying patching = new PatchApplying(guard, writing, MAX_PATCHED_BYTES);
            b.add(Tools.of("apply_patch", "Apply a unified diff (as from 'git diff' or 'diff -u': '--- a/path',"
                    + " '+++ b/path', '@@ -l,n +l,n @@' hunks; '--- /dev/null' creates a file) to files of the"
                    + " workspace; nothing is written unless every hunk matches", PatchApplying.ApplyPatch.class,
                    guardedResult(patching::apply)));
        } else {
            this.writing = null;
        }
        this.toolbox = b.build();
    }

    /**
     * A workspace whose tools only read.
     *
     * @param root the folder; must exist
     * @return the workspace
     * @throws IllegalArgumentException naming the path if it is not an existing folder
     */
    public static Workspace readOnly(Path root) {
        return new Workspace(root, false);
    }

    /**
     * A workspace whose tools also write files inside the root (an explicit opt-in); {@link #writes()} lists every
     * write.
     *
     * @param root the folder; must exist
     * @return the workspace
     * @throws IllegalArgumentException naming the path if it is not an existing folder
     */
    public static Workspace writable(Path root) {
        return new Workspace(root, true);
    }

    /**
     * The tools, to give to an agent.
     *
     * @return the toolbox
     */
    public Toolbox toolbox() {
        return toolbox;
    }

    /**
     * The root folder, as a real path (symbolic links resolved).
     *
     * @return the root
     */
    public Path root() {
        return root;
    }

    /**
     * Whether the tools may write.
     *
     * @return true for a workspace made by {@link #writable}
     */
    public boolean isWritable() {
        return writing != null;
    }

    /**
     * Every file written through the tools so far, in order (empty for a read-only workspace).
     *
     * @return the writes
     */
    public List<FileWrite> writes() {
        return writing == null ? List.of() : writing.writes();
    }

    @Override
    public String toString() {
        return "Workspace[" + root + (writing == null ? ", read-only]" : ", writable]");
    }

    /** A tool body whose refusals and I/O failures become error results for the model. */
    private static <P> Function<P, ToolResult> guarded(IoFunction<P> body) {
        return guardedResult(args -> ToolResult.ok(body.apply(args)));
    }

    /** A tool body answering a whole result (a write, with the files it changed); refusals as for {@link #guarded}. */
    private static <P> Function<P, ToolResult> guardedResult(IoResultFunction<P> body) {
        return args -> {
            try {
                return body.apply(args);
            } catch (WorkspaceRefusal e) {
                return ToolResult.error(e.getMessage());
            } catch (IOException e) {
                return ToolResult.error("cannot do that: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        };
    }

    /** A tool body that may fail with an I/O error. */
    @FunctionalInterface
    private interface IoFunction<P> {
        String apply(P args) throws IOException;
    }

    /** A tool body answering a whole result that may fail with an I/O error. */
    @FunctionalInterface
    private interface IoResultFunction<P> {
        ToolResult apply(P args) throws IOException;
    }

    static Path realFolder(Path root) {
        Objects.requireNonNull(root, "root");
        if (!Files.isDirectory(root)) throw new IllegalArgumentException("workspace root is not an existing folder: " + root);
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("workspace root cannot be resolved: " + root, e);
        }
    }
}
