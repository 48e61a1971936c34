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
import java.util.regex.Pattern;

/**
 * Writes a deliverables tree to a directory as the files a team would open: one source tree, documents under the
 * names a reader expects (PRD.md, openapi.json, ci.yml, README.md…), structured results as one JSON file each.
 * Refuses any path that would escape the directory or go through a symbolic link below it
 * ({@link DeliverablePathException}).
 *
 * <p>Rules, applied from the root:
 * <ul>
 *   <li>a path listed in {@code names} is written under that name: text as is, JSON pretty-printed. A name ending
 *       with {@code /} puts an object's members, or a file list's files, into that folder ({@code "./"} for the
 *       directory itself); a name like {@code db/migrations/*.sql} writes a list of texts (or one text) as
 *       numbered files of that type ({@code db/migrations/0001.sql}…);</li>
 *   <li>a <b>file list</b> ({@code [{path, content}, …]}) is written at the files' own repository-relative paths,
 *       so every step's code forms one source tree; a later file at the same path replaces an earlier one;</li>
 *   <li>an object is a folder of its members when one of them is a file list, or when every member is a document
 *       (a file list, a multi-line or long text, a text under a file name such as {@code README.md}, a named path, a list of texts under a key ending with {@code /})
 *       or itself such a folder; any other object (a review, a design system, counts) is one
 *       {@code <path>.json} file;</li>
 *   <li>a text is written as {@code <path>.md} (or as its key when the key has an extension, e.g.
 *       {@code documents/README.md}); a list of texts under a key ending with {@code /} (e.g. {@code adrs/}) as
 *       numbered Markdown files; any other value as {@code <path>.json}; empty lists and nulls write nothing.</li>
 * </ul>
 *
 * <pre>{@code
 * List<Path> written = Deliverables.write(result.deliverables(), Path.of("out"),
 *         Map.of("api_specification.openapi", "openapi.json", "implementation.migrations", "db/migrations/*.sql"));
 * Map<String, String> files = Deliverables.files(result.deliverables(), Map.of());   // relative path → content
 * }</pre>
 */
public final class Deliverables {
    /** Texts longer than this are documents even on one line. */
    private static final int DOCUMENT_CHARS = 160;
    /** A typed-files name: {@code <folder>/*.<type>}. */
    private static final Pattern TYPED = Pattern.compile(".+/\\*\\.[A-Za-z0-9]{1,8}");

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
        if (node.isArray() && node.isEmpty()) return;      // an empty list: nothing to write
        String named = names.get(dotted);
        if (named != null && named.endsWith("/") && node.isObject()) {
            String into = named.substring(0, named.length() - 1);
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                walk(e.getValue(), dotted + "." + e.getKey(), join(into, e.getKey()), names, out);
            }
            return;
        }
        if (named != null && named.endsWith("/") && isFileList(node)) {
            writeFiles(node, named.substring(0, named.length() - 1), out);
            return;
        }
        if (named != null && TYPED.matcher(named).matches() && (node.isTextual() || (node.isArray() && allText(node)))) {
            String dir = named.substring(0, named.lastIndexOf("/*."));
            String type = named.substring(named.lastIndexOf("/*.") + 3);
            if (node.isTextual()) out.put(join(dir, "0001." + type), node.asText());
            else for (int i = 0; i < node.size(); i++) out.put(join(dir, String.format("%04d.%s", i + 1, type)), node.get(i).asText());
            return;
        }
        if (named != null) {
            out.put(named, node.isTextual() ? node.asText() : InputJson.pretty(node));
            return;
        }
        if (isFileList(node)) {
            writeFiles(node, "", out);
            return;
        }
        if (node.isObject() && (dotted.isEmpty() || isFolder(node, dotted, names))) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                walk(e.getValue(), dotted.isEmpty() ? e.getKey() : dotted + "." + e.getKey(), join(folder, e.getKey()), names, out);
            }
            return;
        }
        if (node.isTextual()) {
            out.put(hasExtension(folder) ? folder : folder + ".md", node.asText());
            return;
        }
        if (node.isArray() && folder.endsWith("/") && allText(node)) {
            for (int i = 0; i < node.size(); i++) out.put(folder + String.format("%04d.md", i + 1), node.get(i).asText());
            return;
        }
        out.put(folder + ".json", InputJson.pretty(node));
    }

    private static void writeFiles(JsonNode fileList, String under, Map<String, String> out) {
        for (JsonNode f : fileList) out.put(join(under, f.path("path").asText()), f.path("content").asText(""));
    }

    /** Whether an object is written as a folder of its members rather than as one JSON file. */
    private static boolean isFolder(JsonNode object, String dotted, Map<String, String> names) {
        if (!object.isObject() || object.isEmpty()) return false;
        for (String name : names.keySet()) if (name.startsWith(dotted + ".")) return true; // a named member is a file of its own
        boolean anyFileList = false;
        boolean allDocuments = true;
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            JsonNode v = e.getValue();
            String childDotted = dotted.isEmpty() ? e.getKey() : dotted + "." + e.getKey();
            if (isFileList(v)) anyFileList = true;
            else if (!(names.containsKey(childDotted) || v.isNull() || v.isMissingNode() || (v.isArray() && v.isEmpty())
                    || isDocument(v) || (v.isTextual() && hasExtension(e.getKey())) || (e.getKey().endsWith("/") && v.isArray() && allText(v))
                    || isFolder(v, childDotted, names))) {
                allDocuments = false;
            }
        }
        return anyFileList || allDocuments;
    }

    /** A text a reader opens as a file: more than one line, or longer than a line. */
    private static boolean isDocument(JsonNode v) {
        return v.isTextual() && (v.asText().strip().contains("\n") || v.asText().length() > DOCUMENT_CHARS);
    }

    private static boolean hasExtension(String path) {
        String last = path.contains("/") ? path.substring(path.lastIndexOf('/') + 1) : path;
        return last.matches(".*\\.[A-Za-z0-9]{1,5}");
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
