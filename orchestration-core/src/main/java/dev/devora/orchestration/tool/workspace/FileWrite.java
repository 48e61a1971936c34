package dev.devora.orchestration.tool.workspace;

import java.util.Objects;

/**
 * One file a writable {@link Workspace} wrote for a model, in the order the writes happened.
 *
 * <pre>{@code
 * for (FileWrite w : workspace.writes()) System.out.println(w.path() + (w.created() ? " (new)" : "") + ", " + w.bytes() + " bytes");
 * }</pre>
 *
 * @param path    the file, relative to the workspace root, with {@code /} separators
 * @param bytes   how many bytes were written
 * @param created whether the file did not exist before
 */
public record FileWrite(String path, long bytes, boolean created) {
    /**
     * Checks the path.
     *
     * @param path    the file, relative to the workspace root
     * @param bytes   how many bytes were written
     * @param created whether the file did not exist before
     * @throws NullPointerException if path is null
     */
    public FileWrite {
        Objects.requireNonNull(path, "path");
    }
}
