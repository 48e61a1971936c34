package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.workflows.internal.InputJson;
import dev.devora.orchestration.workflows.internal.LinkFreeFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Writes a deliverables tree to a directory as files under the names a reader expects (PRD.md,
 * openapi.json, ci.yml, README.md…). Refuses any path that would escape the directory or go through a symbolic
 * link below it ({@link DeliverablePathException}).
 *
 * <p>Rules, applied from the root: a path listed in {@code names} is written under that file name (text as is,
 * JSON pretty-printed), or, when the name ends with {@code /}, its members are written into that folder
 * ({@code "./"} for the directory itself); a list of {@code {path, content}} objects (source files) is written file by file under the
 * folder named after the deliverable path; a text leaf is written as {@code <path>.md} (or as its key when the key
 * already has an extension, e.g. {@code documents/README.md}); a list of texts under a key ending in {@code /}
 * (e.g. {@code adrs/}) as numbered Markdown files; any other leaf as {@code <path>.json}. Object members become
 * folders.
 *
 * <pre>{@code
 * List<Path> written = Deliverables.write(result.deliverables(), Path.of("out"),
 *         Map.of("api_specification.openapi", "openapi.json"));
 * Map<String, String> files = Deliverables.files(result.deliverables(), Map.of());   // relative path → content
 * }</pre>
 */
public final class Deliverables {
    private Deliverables() {
    }

    /**
     * Writes every deliverable under {@code directory}, creating it and its folders. {@code directory} itself may be
     * a symbolic link (it is resolved once); below it no link is followed: a folder or file on the way that is a
     * link, or a file where a folder is needed, is refused.
     *
     * @throws DeliverablePathException when a file would land outside {@code directory} or be written through a
     *                                  link; nothing is written then
     * @param deliverables the deliverables tree, e.g. {@code result.deliverables()}
     * @param directory    the output folder; created when missing
     * @param names        file names by deliverable path, overriding the derived ones (e.g. {@code "openapi.json"})
     * @return the files written, in tree order
     * @throws IOException when a file or folder cannot be created or written
     */
    public static List<Path> write(JsonNode deliverables, Path directory, Map<String, String> names) throws IOException {
        Map<String, String> files = files(deliverables, names);
        if (files.isEmpty()) return List.of();
        Path root = directory.toAbsolutePath().normalize();
        for (String relative : files.keySet()) resolveInside(root, relative);
        if (Files.exists(root)) {
            Path realRoot = root.toRealPath();
            for (String relative : files.keySet()) LinkFreeFiles.check(realRoot, relative);
        }
        Path realRoot = LinkFreeFiles.realRoot(root);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            written.add(LinkFreeFiles.write(realRoot, e.getKey(), e.getValue()));
        }
        return written;
    }

    /**
     * The files that {@link #write} would write: relative path → content, in tree order. Paths are plain, as the
     * files are named on disk: no {@code .} or empty segments ({@code README.md}, not {@code ./README.md};
     * {@code paths/tasks} for an OpenAPI key {@code /tasks}); a path that is absolute or climbs out with
     * {@code ..} keeps that, for {@link #write} to refuse.
     *
     * @param deliverables the deliverables tree
     * @param names        file names by deliverable path, overriding the derived ones
     * @return the files, relative path to content
     */
    public static Map<String, String> files(JsonNode deliverables, Map<String, String> names) {
        Map<String, String> walked = new LinkedHashMap<>();
        if (deliverables != null) walk(deliverables, "", "", names, walked);
        Map<String, String> out = new LinkedHashMap<>();
        walked.forEach((path, content) -> out.put(plain(path), content));
        return out;
    }

    /**
     * The path {@code relative} resolved under {@code root}.
     *
     * @throws DeliverablePathException when it is absolute or escapes {@code root}
     * @param root     the folder
     * @param relative the relative path
     * @return the absolute, normalised path inside {@code root}
     */
    public static Path resolveInside(Path root, String relative) {
        Path normalRoot = root.toAbsolutePath().normalize();
        Path rel = Path.of(relative);
        Path target = normalRoot.resolve(rel).normalize();
        if (rel.isAbsolute() || !target.startsWith(normalRoot) || target.equals(normalRoot)) {
            throw new DeliverablePathException(relative, "it is outside " + normalRoot);
        }
        return target;
    }

    private static void walk(JsonNode node, String dotted, String folder, Map<String, String> names, Map<String, String> out) {
        if (node.isMissingNode() || node.isNull()) return; // nothing was produced there (e.g. a failed run)
        String named = names.get(dotted);
        if (named != null && named.endsWith("/") && node.isObject()) {
            String into = named.substring(0, named.length() - 1);
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                walk(e.getValue(), dotted + "." + e.getKey(), join(into, e.getKey()), names, out);
            }
            return;
        }
        if (named != null) {
            out.put(named, node.isTextual() ? node.asText() : InputJson.pretty(node));
            return;
        }
        if (isFileList(node)) {
            for (JsonNode f : node) out.put(join(folder, f.path("path").asText()), f.path("content").asText(""));
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                walk(e.getValue(), dotted.isEmpty() ? e.getKey() : dotted + "." + e.getKey(), join(folder, e.getKey()), names, out);
            }
            return;
        }
        if (node.isTextual()) {
            String last = folder.contains("/") ? folder.substring(folder.lastIndexOf('/') + 1) : folder;
            out.put(last.matches(".*\\.[A-Za-z0-9]{1,5}") ? folder : folder + ".md", node.asText());
            return;
        }
        if (node.isArray() && folder.endsWith("/") && allText(node)) {
            for (int i = 0; i < node.size(); i++) out.put(folder + String.format("%04d.md", i + 1), node.get(i).asText());
            return;
        }
        out.put(folder + ".json", InputJson.pretty(node));
    }

    /** {@code path} without empty and {@code .} segments; a leading {@code /} and {@code ..} segments are kept. */
    private static String plain(String path) {
        StringJoiner kept = new StringJoiner("/", path.startsWith("/") ? "/" : "", "");
        for (String segment : path.split("/")) {
            if (!segment.isEmpty() && !segment.equals(".")) kept.add(segment);
        }
        return kept.toString();
    }

    private static boolean allText(JsonNode node) {
        for (JsonNode e : node) if (!e.isTextual()) return false;
        return true;
    }

    private static boolean isFileList(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) return false;
        for (JsonNode f : node) {
            if (!f.isObject() || !f.path("path").isTextual() || !f.has("content")) return false;
        }
        return true;
    }

    private static String join(String folder, String name) {
        return folder.isEmpty() ? name : folder + "/" + name;
    }
}
