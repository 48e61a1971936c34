package dev.devora.orchestration.tool.workspace;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.devora.orchestration.tool.ToolResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code apply_patch} tool: a unified diff over files of the workspace. Every file's new text is computed (and
 * every path checked) before any is written, so a hunk that does not match changes nothing.
 */
final class PatchApplying {
    /** Arguments of {@code apply_patch}. */
    record ApplyPatch(@JsonPropertyDescription("a unified diff, paths relative to the workspace root") String patch) {
    }

    private final PathGuard guard;
    private final FileWriting writing;
    private final int maxReadBytes;

    PatchApplying(PathGuard guard, FileWriting writing, int maxReadBytes) {
        this.guard = guard;
        this.writing = writing;
        this.maxReadBytes = maxReadBytes;
    }

    ToolResult apply(ApplyPatch args) throws IOException {
        List<UnifiedDiff.FilePatch> patches = UnifiedDiff.parse(args.patch());
        Map<Path, byte[]> results = new LinkedHashMap<>();
        for (UnifiedDiff.FilePatch p : patches) {
            Path target = writing.target(p.path());
            if (results.containsKey(target)) throw new WorkspaceRefusal("patch changes '" + p.path() + "' twice");
            String original = "";
            if (p.created()) {
                if (Files.exists(target)) throw new WorkspaceRefusal("patch creates '" + p.path() + "', which exists already");
            } else {
                if (!Files.isRegularFile(guard.existing(p.path()))) throw new WorkspaceRefusal("'" + p.path() + "' is not a file");
                if (Files.size(target) > maxReadBytes) {
                    throw new WorkspaceRefusal("'" + p.path() + "' has " + Files.size(target) + " bytes; apply_patch"
                            + " changes files of at most " + maxReadBytes);
                }
                original = Files.readString(target, StandardCharsets.UTF_8);
            }
            results.put(target, writing.checkedBytes(p.path(), UnifiedDiff.apply(original, p)));
        }
        List<String> done = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (Map.Entry<Path, byte[]> e : results.entrySet()) {
            FileWrite w = writing.write(e.getKey(), e.getValue());
            done.add((w.created() ? "created " : "patched ") + w.path() + " (" + w.bytes() + " bytes)");
            files.add(w.path());
        }
        return ToolResult.ok(String.join("\n", done)).withChangedFiles(files);
    }
}
