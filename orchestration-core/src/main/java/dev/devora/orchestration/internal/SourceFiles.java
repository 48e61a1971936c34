package dev.devora.orchestration.internal;

import java.nio.file.Path;
import java.util.Set;

/**
 * Which files of a source tree are worth reading: VCS, dependency and build output folders, hidden files and
 * binaries are not. Shared by the predefined workflows' source summary and the workspace tools.
 *
 * <pre>{@code
 * if (SourceFiles.isSkipped(root.relativize(file))) continue;
 * }</pre>
 */
public final class SourceFiles {
    /** Folders never read: version control, dependencies, build output, IDE settings. */
    public static final Set<String> SKIPPED_DIRS = Set.of(".git", ".hg", ".svn", "node_modules", "target", "build",
            "dist", "out", ".venv", "venv", "__pycache__", ".idea", ".vscode", ".gradle", ".mvn", "vendor", "coverage",
            ".next");
    /** How many leading bytes {@link #looksBinary} looks at. */
    public static final int BINARY_SNIFF_BYTES = 1024;

    private SourceFiles() {
    }

    /**
     * Whether a path (relative to the tree's root) lies in a skipped folder or is hidden ({@code .github} is not).
     *
     * @param relative the path relative to the root
     * @return true if it is not worth reading
     */
    public static boolean isSkipped(Path relative) {
        for (Path part : relative) {
            String n = part.toString();
            if (SKIPPED_DIRS.contains(n) || (n.startsWith(".") && !n.equals(".github") && !n.equals("."))) return true;
        }
        return false;
    }

    /**
     * Whether a file's first bytes say it is binary (a NUL byte among the first {@link #BINARY_SNIFF_BYTES}).
     *
     * @param head   the first bytes of the file
     * @param length how many of them are valid
     * @return true if it is binary
     */
    public static boolean looksBinary(byte[] head, int length) {
        for (int i = 0; i < Math.min(length, BINARY_SNIFF_BYTES); i++) if (head[i] == 0) return true;
        return false;
    }
}
