package dev.devora.orchestration.tool.workspace;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.devora.orchestration.tool.ToolResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The {@code write_file} tool: creates or replaces a text file inside the root, atomically, and records the write. */
final class FileWriting {
    /** Arguments of {@code write_file}. */
    record WriteFile(@JsonPropertyDescription("the file, relative to the workspace root") String path,
                     @JsonPropertyDescription("the whole new content of the file") String content) {
    }

    private final PathGuard guard;
    private final int maxWriteBytes;
    private final List<FileWrite> writes = new CopyOnWriteArrayList<>();

    FileWriting(PathGuard guard, int maxWriteBytes) {
        this.guard = guard;
        this.maxWriteBytes = maxWriteBytes;
    }

    List<FileWrite> writes() {
        return List.copyOf(writes);
    }

    ToolResult write(WriteFile args) throws IOException {
        if (args.content() == null) throw new WorkspaceRefusal("content is missing for '" + args.path() + "'");
        byte[] bytes = checkedBytes(args.path(), args.content());
        Path target = target(args.path());
        FileWrite w = write(target, bytes);
        return ToolResult.ok((w.created() ? "created " : "replaced ") + w.path() + " (" + bytes.length + " bytes)")
                .withChangedFiles(List.of(w.path()));
    }

    /** The bytes of a file's new content, refused when more than a write may have. */
    byte[] checkedBytes(String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxWriteBytes) {
            throw new WorkspaceRefusal("content for '" + path + "' has " + bytes.length
                    + " bytes, more than the " + maxWriteBytes + " a write may have");
        }
        return bytes;
    }

    /** The file a write goes to, confined to the root and not a folder. */
    Path target(String path) {
        Path target = guard.forWriting(path);
        if (Files.isDirectory(target)) throw new WorkspaceRefusal("'" + path + "' is a folder, not a file");
        return target;
    }

    /** Writes a checked target atomically and records the write. */
    FileWrite write(Path target, byte[] bytes) throws IOException {
        boolean created = !Files.exists(target);
        Path parent = target.getParent();
        Files.createDirectories(parent);
        guard.forWriting(guard.relative(target)); // the folders just made are still inside
        Path temp = Files.createTempFile(parent, ".write-", ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        FileWrite w = new FileWrite(guard.relative(target), bytes.length, created);
        writes.add(w);
        return w;
    }
}
