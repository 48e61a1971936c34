package dev.devora.orchestration.workflows.internal;

import dev.devora.orchestration.workflows.DeliverablePathException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes files below a root folder without following a symbolic link anywhere below it: every folder on the way
 * and the file itself must be real (not a link), folders where folders are needed, a file where the file goes; an
 * existing file with a second name (a hard link, which may be a file outside the root) is refused too. The
 * root itself is the caller's choice and is resolved once to its real path.
 *
 * <pre>{@code
 * Path root = LinkFreeFiles.realRoot(Path.of("out"));           // created when missing
 * LinkFreeFiles.check(root, "docs/GUIDE.md");                    // throws DeliverablePathException
 * LinkFreeFiles.write(root, "docs/GUIDE.md", "# Guide");
 * }</pre>
 */
public final class LinkFreeFiles {
    private static final LinkOption NO_FOLLOW = LinkOption.NOFOLLOW_LINKS;

    private LinkFreeFiles() {
    }

    /** The real path of {@code root}, creating it (and its parents) when missing. */
    public static Path realRoot(Path root) throws IOException {
        Files.createDirectories(root);
        return root.toRealPath();
    }

    /**
     * Checks that {@code relative} can be written below {@code realRoot} without going through a link: a folder
     * that exists on the way is a real folder, the file is not a link nor a folder. Parts that do not exist yet
     * are fine (they will be created). {@code realRoot} may not exist yet: then nothing below it does.
     *
     * @throws DeliverablePathException naming the relative path and the offending path on disk
     */
    public static void check(Path realRoot, String relative) {
        Path rel = Path.of(relative).normalize();
        Path p = realRoot;
        for (int i = 0; i < rel.getNameCount(); i++) {
            p = p.resolve(rel.getName(i));
            if (!refuseLinkOrWrongKind(relative, p, i < rel.getNameCount() - 1)) return; // nothing further down exists
        }
    }

    /**
     * Writes {@code content} (UTF-8) to {@code relative} below {@code realRoot}, creating its folders one at a time;
     * a link found on the way (even one made since {@link #check}) is refused, and the file is opened without
     * following a link.
     *
     * @return the file written
     * @throws DeliverablePathException when a link or a file is in the way
     */
    public static Path write(Path realRoot, String relative, String content) throws IOException {
        Path rel = Path.of(relative).normalize();
        Path folder = realRoot;
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            folder = folder.resolve(rel.getName(i));
            try {
                Files.createDirectory(folder);
            } catch (FileAlreadyExistsException exists) {
                refuseLinkOrWrongKind(relative, folder, true);
            }
        }
        Path file = realRoot.resolve(rel);
        refuseLinkOrWrongKind(relative, file, false);
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, NO_FOLLOW);
        return file;
    }

    /**
     * Refuses {@code p} when it is a symbolic link, or exists as the wrong kind (a file where a folder is needed, a
     * folder where the file goes), or is the file and has more than one name (a hard link).
     *
     * @return whether {@code p} exists
     */
    private static boolean refuseLinkOrWrongKind(String relative, Path p, boolean folderNeeded) {
        if (Files.isSymbolicLink(p)) {
            throw new DeliverablePathException(relative, p + " is a symbolic link (deliverables are never written through links)");
        }
        if (!Files.exists(p, NO_FOLLOW)) return false;
        boolean folder = Files.isDirectory(p, NO_FOLLOW);
        if (folderNeeded && !folder) throw new DeliverablePathException(relative, p + " is a file, not a folder");
        if (!folderNeeded && folder) throw new DeliverablePathException(relative, p + " is a folder, not a file");
        int names = folderNeeded ? 1 : names(p);
        if (names > 1) {
            throw new DeliverablePathException(relative, p + " is a hard link (a file with " + names
                    + " names; deliverables are never written through links)");
        }
        return true;
    }

    /** How many names (hard links) the file {@code p} has; 1 where the file system does not say. */
    private static int names(Path p) {
        try {
            return ((Number) Files.getAttribute(p, "unix:nlink", NO_FOLLOW)).intValue();
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException notKnown) {
            return 1;
        }
    }
}
