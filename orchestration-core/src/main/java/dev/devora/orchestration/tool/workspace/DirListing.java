package dev.devora.orchestration.tool.workspace;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code list_dir} tool: a folder's entries, sorted, folders marked with a trailing {@code /}, bounded. */
final class DirListing {
    /** Arguments of {@code list_dir}. */
    record ListDir(@JsonPropertyDescription("the folder, relative to the workspace root; '.' for the root") String path) {
    }

    private final PathGuard guard;
    private final int maxEntries;

    DirListing(PathGuard guard, int maxEntries) {
        this.guard = guard;
        this.maxEntries = maxEntries;
    }

    String list(ListDir args) throws IOException {
        Path dir = guard.existing(args.path());
        if (!Files.isDirectory(dir)) throw new WorkspaceRefusal("'" + args.path() + "' is not a folder (use read_file for files)");
        List<String> names = new ArrayList<>();
        long total = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                total++;
                if (names.size() < maxEntries) {
                    boolean folder = Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS);
                    boolean link = Files.isSymbolicLink(e);
                    names.add(e.getFileName() + (folder ? "/" : "") + (link ? " (symbolic link)" : ""));
                }
            }
        }
        names.sort(null);
        StringBuilder sb = new StringBuilder();
        for (String n : names) sb.append(n).append('\n');
        if (total == 0) sb.append("(empty folder)\n");
        if (total > names.size()) {
            sb.append("… (").append(total - names.size()).append(" more entries not shown; ").append(total)
                    .append(" in all, at most ").append(maxEntries).append(" are listed)\n");
        }
        return sb.toString();
    }
}
