package dev.devora.orchestration.tool.workspace;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.devora.orchestration.internal.SourceFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** The {@code read_file} and {@code file_info} tools: bounded, streaming reads (a huge file is never loaded whole). */
final class FileReading {
    /** Arguments of {@code read_file}. */
    record ReadFile(@JsonPropertyDescription("the file, relative to the workspace root") String path,
                    @JsonPropertyDescription("first line to read, 1-based; default 1") Optional<Integer> fromLine,
                    @JsonPropertyDescription("last line to read, inclusive; default the end") Optional<Integer> toLine) {
    }

    /** Arguments of {@code file_info}. */
    record FileInfo(@JsonPropertyDescription("the file or folder, relative to the workspace root") String path) {
    }

    private final PathGuard guard;
    private final int maxReadBytes;
    private final long maxCountedBytes;

    FileReading(PathGuard guard, int maxReadBytes, long maxCountedBytes) {
        this.guard = guard;
        this.maxReadBytes = maxReadBytes;
        this.maxCountedBytes = maxCountedBytes;
    }

    String read(ReadFile args) throws IOException {
        int from = args.fromLine() == null ? 1 : args.fromLine().orElse(1);
        int to = args.toLine() == null ? Integer.MAX_VALUE : args.toLine().orElse(Integer.MAX_VALUE);
        if (from < 1) throw new WorkspaceRefusal("fromLine must be 1 or more (lines count from 1), was " + from);
        if (to < from) throw new WorkspaceRefusal("toLine must be at least fromLine " + from + ", was " + to);
        Path file = regularFile(args.path());
        long size = Files.size(file);
        byte[] out = new byte[maxReadBytes];
        int length = 0;
        int line = 1;
        int lastComplete = from - 1;
        boolean cut = false;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            int n = in.readNBytes(buf, 0, SourceFiles.BINARY_SNIFF_BYTES);
            if (SourceFiles.looksBinary(buf, n)) {
                throw new WorkspaceRefusal("'" + args.path() + "' is a binary file (" + size + " bytes); read_file reads text only");
            }
            scan:
            while (n > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (line >= from) {
                        if (length == out.length) {
                            cut = true;
                            break scan;
                        }
                        out[length++] = b;
                    }
                    if (b == '\n') {
                        if (line >= from) lastComplete = line;
                        if (++line > to) break scan;
                    }
                }
                n = in.read(buf);
            }
        }
        if (length == 0) {
            return "(" + args.path() + " has " + (line - 1) + " lines; nothing from line " + from + ")";
        }
        if (cut) length = wholeCharacters(out, length);
        String text = new String(out, 0, length, StandardCharsets.UTF_8);
        if (!cut) return text;
        String shown = lastComplete >= from ? "lines " + from + "-" + lastComplete + " in full" : "part of line " + from;
        return text + "\n… (cut at " + maxReadBytes + " bytes: " + shown + "; the file has " + size
                + " bytes; read on with fromLine=" + (lastComplete >= from ? lastComplete + 1 : from) + ")";
    }

    /** How many of the first bytes of UTF-8 text end on a character boundary (a cut never splits a character). */
    static int wholeCharacters(byte[] bytes, int length) {
        int start = length;
        while (start > 0 && length - start < 4 && (bytes[start - 1] & 0xC0) == 0x80) start--;
        if (start == 0) return length;
        int lead = bytes[start - 1] & 0xFF;
        int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return length - (start - 1) >= needed ? length : start - 1;
    }

    String info(FileInfo args) throws IOException {
        Path p = guard.existing(args.path());
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        StringBuilder sb = new StringBuilder();
        sb.append("path: ").append(guard.relative(p)).append('\n');
        sb.append("type: ").append(a.isDirectory() ? "directory" : a.isRegularFile() ? "file" : "other").append('\n');
        if (a.isRegularFile()) {
            sb.append("size: ").append(a.size()).append(" bytes\n");
            sb.append(lines(p, a.size())).append('\n');
        }
        sb.append("modified: ").append(a.lastModifiedTime().toInstant()).append('\n');
        return sb.toString();
    }

    private String lines(Path file, long size) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            int n = in.readNBytes(buf, 0, SourceFiles.BINARY_SNIFF_BYTES);
            if (SourceFiles.looksBinary(buf, n)) return "lines: - (binary file)";
            long count = 0;
            long scanned = 0;
            boolean endsWithNewline = n == 0;
            do {
                for (int i = 0; i < n; i++) if (buf[i] == '\n') count++;
                if (n > 0) endsWithNewline = buf[n - 1] == '\n';
                scanned += n;
                if (scanned >= maxCountedBytes && scanned < size) {
                    return "lines: more than " + count + " (counted in the first " + scanned + " bytes only)";
                }
            } while ((n = in.read(buf)) != -1);
            if (size > 0 && !endsWithNewline) count++;
            return "lines: " + count;
        }
    }

    private Path regularFile(String path) {
        Path p = guard.existing(path);
        if (!Files.isRegularFile(p)) throw new WorkspaceRefusal("'" + path + "' is not a file (use list_dir for folders)");
        return p;
    }
}
