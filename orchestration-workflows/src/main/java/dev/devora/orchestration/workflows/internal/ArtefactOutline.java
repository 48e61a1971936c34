package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.StateView;
import dev.devora.orchestration.workflow.Steps;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A task step giving a later step the shape of earlier artefacts without their content: for each file list, its
 * files' paths, languages and line counts; for an OpenAPI document, its operations. A deployment or monitoring step
 * needs to know what it deploys (entry points, Dockerfiles, DAG files, health endpoints), not every line of it, so
 * this join costs a few hundred tokens instead of the whole code.
 *
 * <pre>{@code
 * Step outline = ArtefactOutline.step("implementation-files", List.of("ingestion.files", "transformations.files"), List.of());
 * // a later prompt: "Files to deploy:\n{{implementation-files}}"
 * }</pre>
 */
public final class ArtefactOutline {
    /** At most this many files are listed per file list; the rest are counted. */
    static final int MAX_FILES = 200;
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private ArtefactOutline() {
    }

    /**
     * The outline task.
     *
     * @param id         the step id
     * @param fileLists  references to file lists ({@code [{path, language, content}]}), e.g. {@code "ingestion.files"}
     * @param openApis   references to OpenAPI documents, e.g. {@code "inference-api.openapi"}
     * @return the task step; its text output lists each reference's files or operations
     */
    public static Step step(String id, List<String> fileLists, List<String> openApis) {
        List<String> files = List.copyOf(fileLists);
        List<String> apis = List.copyOf(openApis);
        if (files.isEmpty() && apis.isEmpty()) throw new IllegalArgumentException("outline '" + id + "' names no artefact");
        return Steps.task(id, "outline of " + String.join(", ", files) + (files.isEmpty() || apis.isEmpty() ? "" : ", ")
                + String.join(", ", apis) + ": paths and operations, without the content", ctx -> of(ctx, files, apis));
    }

    static String of(StateView state, List<String> fileLists, List<String> openApis) {
        StringBuilder sb = new StringBuilder();
        for (String ref : fileLists) {
            sb.append(ref).append(":\n").append(files(state.json(ref)));
        }
        for (String ref : openApis) {
            sb.append(ref).append(" operations:\n").append(operations(state.json(ref)));
        }
        return sb.toString().stripTrailing();
    }

    /** One line per file: {@code - path (language, N lines)}; {@code - (none)} when there is none. */
    static String files(JsonNode fileList) {
        if (fileList == null || !fileList.isArray() || fileList.isEmpty()) return "- (none)\n";
        StringBuilder sb = new StringBuilder();
        int listed = 0;
        for (JsonNode f : fileList) {
            if (listed == MAX_FILES) {
                sb.append("- … and ").append(fileList.size() - MAX_FILES).append(" more files\n");
                break;
            }
            String content = f.path("content").asText("");
            long lines = content.isEmpty() ? 0 : content.lines().count();
            sb.append("- ").append(f.path("path").asText("(no path)"));
            String language = f.path("language").asText("");
            sb.append(" (").append(language.isBlank() ? "" : language + ", ").append(lines).append(lines == 1 ? " line)" : " lines)").append('\n');
            listed++;
        }
        return sb.toString();
    }

    /** One line per operation: {@code - METHOD /path: summary}; {@code - (none)} when there is none. */
    static String operations(JsonNode openApi) {
        JsonNode paths = openApi == null ? null : openApi.path("paths");
        if (paths == null || !paths.isObject() || paths.isEmpty()) return "- (none)\n";
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, JsonNode> p : paths.properties()) {
            for (Map.Entry<String, JsonNode> op : p.getValue().properties()) {
                if (!METHODS.contains(op.getKey().toLowerCase(Locale.ROOT))) continue;
                String summary = op.getValue().path("summary").asText("").strip();
                sb.append("- ").append(op.getKey().toUpperCase(Locale.ROOT)).append(' ').append(p.getKey())
                        .append(summary.isEmpty() ? "" : ": " + summary).append('\n');
            }
        }
        return sb.length() == 0 ? "- (none)\n" : sb.toString();
    }
}
