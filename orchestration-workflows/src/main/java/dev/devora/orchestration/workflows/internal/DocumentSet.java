package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.workflow.TaskContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * The documentation set that Documentation Generation carries through its review loop, in one schema: the drafts
 * step assembles it from the parallel writers ({@link #drafts}), the reviser answers with a complete replacement in
 * the same schema ({@link #SCHEMA}), and publishing lays the last version out as repository files
 * ({@link #files}):
 *
 * <pre>{@code
 * README.md, CONTRIBUTING.md                 at the repository root, where code hosts show them
 * docs/ARCHITECTURE.md, docs/INSTALLATION.md, docs/API.md
 * docs/adr/0001-use-postgresql.md, …         one file per ADR, numbered in order, named after its title
 * docs/diagrams/architecture.mmd, docs/diagrams/dataflow.mmd
 *
 * ObjectNode set = DocumentSet.drafts(ctx);                       // {"readme": "# App…", …, "adrs": […], "diagrams": {…}}
 * Map<String, String> files = DocumentSet.files(set, List.of("readme", "adr"), false);   // path → content
 * }</pre>
 */
public final class DocumentSet {
    /** Document type (the input's {@code documentation_types}) → its published path. */
    public static final Map<String, String> PATHS = new LinkedHashMap<>();
    /** Where the ADRs go, one numbered file each. */
    public static final String ADR_FOLDER = "docs/adr/";
    /** Diagram field → its published path. */
    public static final Map<String, String> DIAGRAMS = new LinkedHashMap<>();

    static {
        PATHS.put("readme", "README.md");
        PATHS.put("contributing", "CONTRIBUTING.md");
        PATHS.put("architecture", "docs/ARCHITECTURE.md");
        PATHS.put("installation", "docs/INSTALLATION.md");
        PATHS.put("api_reference", "docs/API.md");
        DIAGRAMS.put("architecture_mmd", "docs/diagrams/architecture.mmd");
        DIAGRAMS.put("dataflow_mmd", "docs/diagrams/dataflow.mmd");
    }

    /** The diagrams a writer draws: Mermaid source per diagram. */
    public static final JsonNode DIAGRAM_SCHEMA = object(
            prop("architecture_mmd", string("Mermaid flowchart of the components (Mermaid source only); empty when diagrams are not requested")),
            prop("dataflow_mmd", string("Mermaid sequence diagram or flowchart of the main data flow; empty when diagrams are not requested")));

    /** The whole set: one field per document type, the ADRs, the diagrams. */
    public static final JsonNode SCHEMA = object(
            prop("readme", string("README.md, the complete Markdown; empty when not requested")),
            prop("contributing", string("CONTRIBUTING.md, the complete Markdown; empty when not requested")),
            prop("architecture", string("docs/ARCHITECTURE.md, the complete Markdown; empty when not requested")),
            prop("installation", string("docs/INSTALLATION.md, the complete Markdown; empty when not requested")),
            prop("api_reference", string("docs/API.md, the complete Markdown; empty when not requested")),
            prop("adrs", strings("each ADR as one complete Markdown document (Nygard format), in order; empty when not requested")),
            prop("diagrams", DIAGRAM_SCHEMA));

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern FENCED = Pattern.compile("(?s)\\A```(?:markdown|md|mermaid)[ \\t]*\\R(.*)\\R```\\z");
    private static final Pattern TITLE = Pattern.compile("(?m)^#\\s+(.+)$");
    private static final int SLUG_CHARS = 48;

    private DocumentSet() {
    }

    /**
     * The first version of the set, from the writers' outputs: {@code doc-<type>} (text; {@code doc-adr} with
     * {@code adrs}) and {@code doc-diagrams}; a type that was skipped is empty.
     *
     * @param ctx the task's context, after the generation step
     * @return the set, in {@link #SCHEMA}
     */
    public static ObjectNode drafts(TaskContext ctx) {
        ObjectNode set = NODES.objectNode();
        for (String type : PATHS.keySet()) set.put(type, unfenced(ctx.text("doc-" + type.replace('_', '-'))));
        ArrayNode adrs = set.putArray("adrs");
        JsonNode written = ctx.json("doc-adr.adrs");
        if (written.isArray()) written.forEach(a -> { if (!a.asText().isBlank()) adrs.add(unfenced(a.asText())); });
        ObjectNode diagrams = set.putObject("diagrams");
        for (String d : DIAGRAMS.keySet()) diagrams.put(d, unfenced(ctx.json("doc-diagrams." + d).asText("")));
        return set;
    }

    /**
     * The repository files of a set: the requested types at their {@linkplain #PATHS paths}, each ADR as
     * {@code docs/adr/NNNN-<title>.md}, the diagrams as {@code .mmd} files when requested; blank documents are left
     * out, a document wrapped in one code fence is unwrapped.
     *
     * @param set       a set in {@link #SCHEMA} (the last accepted version)
     * @param requested the input's {@code documentation_types}
     * @param diagrams  whether diagrams were requested
     * @return path → content, in publishing order
     */
    public static Map<String, String> files(JsonNode set, List<String> requested, boolean diagrams) {
        Map<String, String> out = new LinkedHashMap<>();
        PATHS.forEach((type, path) -> {
            String text = unfenced(set.path(type).asText(""));
            if (requested.contains(type) && !text.isBlank()) out.put(path, text);
        });
        if (requested.contains("adr")) {
            int n = 0;
            for (JsonNode adr : set.path("adrs")) {
                String text = unfenced(adr.asText(""));
                if (text.isBlank()) continue;
                n++;
                out.put(ADR_FOLDER + String.format(Locale.ROOT, "%04d-%s.md", n, slug(text)), text);
            }
        }
        if (diagrams) {
            DIAGRAMS.forEach((field, path) -> {
                String text = unfenced(set.path("diagrams").path(field).asText(""));
                if (!text.isBlank()) out.put(path, text);
            });
        }
        return out;
    }

    /** A file name part from a document's first {@code #} title: {@code "# 2. Use PostgreSQL"} → {@code use-postgresql}. */
    static String slug(String markdown) {
        Matcher m = TITLE.matcher(markdown);
        String title = m.find() ? m.group(1) : "";
        String s = title.toLowerCase(Locale.ROOT)
                .replaceFirst("^\\s*(adr)?[\\s\\-:#]*\\d*[\\s.:)\\-]*", "")
                .replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (s.length() > SLUG_CHARS) s = s.substring(0, SLUG_CHARS).replaceAll("-+$", "");
        return s.isEmpty() ? "decision" : s;
    }

    /** The text inside a {@code ```markdown} or {@code ```mermaid} fence wrapping the whole answer, else the text stripped. */
    static String unfenced(String text) {
        String t = text.strip();
        Matcher m = FENCED.matcher(t);
        return m.matches() ? m.group(1).strip() : t;
    }
}
