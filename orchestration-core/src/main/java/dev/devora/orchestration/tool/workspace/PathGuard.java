package dev.devora.orchestration.tool.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves the paths a model gives against the workspace root and refuses every one that is, or leads, outside it:
 * absolute paths, {@code ..} climbing above the root, and symbolic links whose target lies outside.
 */
final class PathGuard {
    private final Path root;

    /**
     * @param root the workspace root, already a real path
     */
    PathGuard(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The real path of an existing file or folder inside the root. */
    Path existing(String path) {
        Path lexical = lexical(path);
        if (!Files.exists(lexical, LinkOption.NOFOLLOW_LINKS)) {
            throw new WorkspaceRefusal("no file or folder '" + path + "' in the workspace");
        }
        Path real;
        try {
            real = lexical.toRealPath();
        } catch (IOException e) {
            throw new WorkspaceRefusal("path '" + path + "' cannot be resolved (a broken symbolic link?)");
        }
        if (!real.startsWith(root)) {
            throw new WorkspaceRefusal("path '" + path + "' refused: it leads outside the workspace (symbolic link)");
        }
        return real;
    }

    /** A path inside the root that may not exist yet (for writing): its nearest existing ancestor must be inside. */
    Path forWriting(String path) {
        Path lexical = lexical(path);
        if (lexical.equals(root)) throw new WorkspaceRefusal("path '" + path + "' refused: it is the workspace root");
        if (Files.isSymbolicLink(lexical)) {
            existing(path); // a link may be written through only when it stays inside
        }
        Path ancestor = lexical.getParent();
        while (ancestor != null && !Files.exists(ancestor, LinkOption.NOFOLLOW_LINKS)) ancestor = ancestor.getParent();
        try {
            if (ancestor == null || !ancestor.toRealPath().startsWith(root)) {
                throw new WorkspaceRefusal("path '" + path + "' refused: it leads outside the workspace (symbolic link)");
            }
        } catch (IOException e) {
            throw new WorkspaceRefusal("path '" + path + "' cannot be resolved (a broken symbolic link?)");
        }
        return lexical;
    }

    /** The path relative to the root, with {@code /} separators, for results. */
    String relative(Path p) {
        String r = root.relativize(p).toString().replace('\\', '/');
        return r.isEmpty() ? "." : r;
    }

    private Path lexical(String path) {
        if (path == null || path.isBlank()) throw new WorkspaceRefusal("path is empty; give a path relative to the workspace, '.' for its root");
        Path given;
        try {
            given = Path.of(path);
        } catch (InvalidPathException e) {
            throw new WorkspaceRefusal("path '" + path + "' is not a valid path: " + e.getReason());
        }
        if (given.isAbsolute() || path.startsWith("/") || path.startsWith("\\")) {
            throw new WorkspaceRefusal("path '" + path + "' refused: absolute paths are not allowed, give a path relative to the workspace");
        }
        Path resolved = root.resolve(given).normalize();
        if (!resolved.startsWith(root)) {
            throw new WorkspaceRefusal("path '" + path + "' refused: it leads outside the workspace");
        }
        return resolved;
    }
}
