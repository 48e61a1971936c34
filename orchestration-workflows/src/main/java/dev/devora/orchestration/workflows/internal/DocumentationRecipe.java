package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.TaskContext;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.internal.Schema.map;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * Workflow 3, Documentation Generation: (an outline, when {@code source_code_path} is given: the analysis reads
 * the code with the read-only workspace tools) → analysis →
 * each requested document type written in parallel → review loop (documentation reviewer gate; the technical
 * writer revises with the feedback) → publishing (a plain-Java step assembling the files, diagrams and metadata).
 *
 * <pre>{@code
 * Workflow w = DocumentationRecipe.INSTANCE.build(kit, DocumentationRecipe.INSTANCE.input());
 * }</pre>
 */
public final class DocumentationRecipe implements Recipe {
    public static final DocumentationRecipe INSTANCE = new DocumentationRecipe();
    public static final String GATE = "docs-review";
    /** Characters of source summary given to the analysis. */
    public static final int SOURCE_BUDGET = 40_000;

    /** Document type → file name, in publishing order. */
    static final Map<String, String> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("readme", "README.md");
        TYPES.put("architecture", "ARCHITECTURE.md");
        TYPES.put("installation", "INSTALLATION.md");
        TYPES.put("contributing", "CONTRIBUTING.md");
        TYPES.put("api_reference", "API.md");
        TYPES.put("adr", "adrs/");
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final InputSpec INPUT = InputSpec.builder()
            .required("project_name", "name of the project")
            .choice("project_type", "kind of project", "library", "application", "api", "service")
            .required("tech_stack", FieldType.LIST, "technologies, one string per item")
            .field(InputField.optional("source_code_path", FieldType.STRING, "optional: a local directory with the source code")
                    .withDefault(NODES.textNode("")))
            .field(InputField.optional("existing_docs", FieldType.LIST, "existing documentation to include (texts)")
                    .withDefault(NODES.arrayNode()))
            .required("documentation_types", FieldType.LIST,
                    "documents to generate: readme, architecture, api_reference, installation, contributing, adr")
            .field(InputField.optional("target_audiences", FieldType.LIST, "e.g. [\"developers\", \"users\", \"contributors\"]")
                    .withDefault(NODES.arrayNode().add("developers")))
            .field(InputField.optional("include_diagrams", FieldType.BOOLEAN, "add Mermaid diagrams").withDefault(NODES.booleanNode(false)))
            .field(InputField.optional("output_format", FieldType.STRING, "markdown, html or pdf (documents are written in Markdown)")
                    .allowing("markdown", "html", "pdf").withDefault(NODES.textNode("markdown")))
            .build();

    private static final JsonNode ADRS = object(prop("adrs", strings("each ADR as a complete Markdown document (Nygard format)")));
    private static final JsonNode DIAGRAMS = object(
            prop("architecture_mmd", string("Mermaid flowchart of the components")),
            prop("dataflow_mmd", string("Mermaid sequence or flowchart of the main data flow")));
    private static final JsonNode REVISION = object(prop("documents", map(string("complete revised Markdown"),
            "every requested document by file name (README.md, ARCHITECTURE.md, INSTALLATION.md, CONTRIBUTING.md, API.md, "
                    + "and adrs/NNNN-title.md for ADRs), revised or unchanged")));

    private DocumentationRecipe() {
    }

    @Override public String id() { return "documentation-generation"; }
    @Override public String name() { return "Documentation Generation"; }
    @Override public String description() { return "Generate professional technical documentation: README, architecture, installation, contributing, API reference, ADRs"; }
    @Override public List<SquadId> squads() { return List.of(SquadId.DOCUMENTATION); }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input)
                .nonBlankStrings("tech_stack", true)
                .nonBlankStrings("documentation_types", true)
                .allowedItems("documentation_types", TYPES.keySet().toArray(String[]::new))
                .nonBlankStrings("target_audiences", false)
                .nonBlankStrings("existing_docs", false);
        c.directory("source_code_path");
        return c.problems();
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        var source = SourceSummary.step(kit, SOURCE_BUDGET, "No source code was provided; rely on the description.");

        var analysis = Steps.agent("analysis", kit.codeReader(Roles.TECHNICAL_WRITER)).squad("documentation").prompt(prompts.get("analysis"));

        List<Step> generators = new ArrayList<>();
        for (String type : TYPES.keySet()) {
            var writer = "adr".equals(type)
                    ? Steps.agent("write-adr", kit.json(Roles.TECHNICAL_WRITER, "adrs", ADRS))
                    : Steps.agent("write-" + type.replace('_', '-'), kit.text(Roles.TECHNICAL_WRITER));
            generators.add(Steps.when("doc-" + type.replace('_', '-'), InputValues.listContains("documentation_types", type),
                            writer.squad("documentation").prompt(prompts.get("write-" + type.replace('_', '-'))))
                    .otherwise(Steps.task("skip-" + type.replace('_', '-'), "not requested", ctx -> "")));
        }
        generators.add(Steps.when("doc-diagrams", InputValues.isTrue("include_diagrams"),
                        Steps.agent("write-diagrams", kit.json(Roles.TECHNICAL_WRITER, "diagrams", DIAGRAMS)).squad("documentation")
                                .prompt(prompts.get("write-diagrams")))
                .otherwise(Steps.task("skip-diagrams", "diagrams not requested", ctx -> "")));
        var generation = Steps.parallel("generation", generators);

        var revise = Steps.agent("revise-docs", kit.json(Roles.TECHNICAL_WRITER, "revised_documents", REVISION))
                .squad("documentation").prompt(prompts.get("revise-docs"));
        var review = Steps.agent("review", kit.json(Roles.DOCUMENTATION_REVIEWER, "docs_review", OutputSchemas.review(Rubric.of(GATE))))
                .squad("documentation").prompt(prompts.get("review"));

        var publish = Steps.task("publish", "assemble the documents, diagrams and metadata", DocumentationRecipe::publish);

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(source, analysis, generation, ReviewLoop.of("docs-review-loop", GATE, Rubric.of(GATE), revise, review, kit.config()), publish)
                .deliverables(state -> state.json("publish"))
                .build();
    }

    static ObjectNode publish(TaskContext ctx) {
        ObjectNode documents = NODES.objectNode();
        for (Map.Entry<String, String> t : TYPES.entrySet()) {
            String id = "doc-" + t.getKey().replace('_', '-');
            if ("adr".equals(t.getKey())) {
                JsonNode adrs = ctx.json(id + ".adrs");
                if (adrs.isArray() && !adrs.isEmpty()) documents.set(t.getValue(), adrs);
            } else if (!ctx.text(id).isBlank()) {
                documents.put(t.getValue(), ctx.text(id));
            }
        }
        JsonNode revised = ctx.json("revise-docs.documents");
        if (revised.isObject()) {
            ArrayNode revisedAdrs = NODES.arrayNode();
            for (Map.Entry<String, JsonNode> e : revised.properties()) {
                if (e.getKey().startsWith("adrs/")) revisedAdrs.add(e.getValue().asText());
                else if (!e.getValue().asText().isBlank()) documents.put(e.getKey(), e.getValue().asText());
            }
            if (!revisedAdrs.isEmpty()) documents.set("adrs/", revisedAdrs);
        }
        ObjectNode out = NODES.objectNode();
        out.set("documents", documents);
        ObjectNode diagrams = out.putObject("diagrams");
        if (ctx.json("doc-diagrams").isObject()) {
            diagrams.put("architecture.mmd", ctx.json("doc-diagrams.architecture_mmd").asText(""));
            diagrams.put("dataflow.mmd", ctx.json("doc-diagrams.dataflow_mmd").asText(""));
        }
        StringBuilder all = new StringBuilder();
        documents.forEach(d -> {
            if (d.isArray()) d.forEach(a -> all.append(a.asText()).append("\n\n"));
            else all.append(d.asText()).append("\n\n");
        });
        ObjectNode meta = out.putObject("metadata");
        meta.put("word_count", Readability.words(all.toString()));
        meta.put("readability_score", Readability.fleschReadingEase(all.toString()));
        meta.put("output_format", "markdown");
        String requested = ctx.inputText("output_format");
        if (!requested.isBlank() && !"markdown".equalsIgnoreCase(requested)) {
            meta.put("conversion_note", "documents are Markdown; convert them to " + requested
                    + " with your publishing tool (e.g. pandoc)");
        }
        meta.set("review", ctx.json("review"));
        return out;
    }

    @Override
    public Map<String, String> files() {
        return Map.of("documents", "./", "diagrams", "diagrams/");
    }

    @Override
    public String notes() {
        return "When `source_code_path` is given, the analysis (technical writer) reads the code itself: it gets a "
                + "read-only workspace of that directory (tools `list_dir`, `search_text`, `read_file`, `file_info`, "
                + "confined to it and bounded), instructions to list, search, read the lines it describes and cite "
                + "`file:line`, and, from a plain-Java step (`source-tree`), an outline of the directory (the files "
                + "at its root, then each folder holding files with how many, at most 200; VCS, dependency and build "
                + "folders skipped; no content) so it knows where to look. The writers and the "
                + "reviewer work from the analysis, without tools. (`definition()` itself, run on an engine directly, "
                + "still gives the analysis the older fixed summary instead: the tree, build files, README, entry "
                + "points and the shallowest sources, at most 40,000 characters.) Each requested "
                + "document type is written in parallel by the technical writer (types not requested are skipped), plus "
                + "Mermaid diagrams when `include_diagrams`. The documentation reviewer scores the set; a failed review "
                + "sends the feedback to the writer, who returns every requested document revised. Publishing is plain "
                + "Java: file names, word count and Flesch reading ease. Documents are Markdown whatever "
                + "`output_format` says (a `conversion_note` tells how to get HTML or PDF).";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("documents", "{\"README.md\": md, \"ARCHITECTURE.md\": md, \"INSTALLATION.md\": md, \"CONTRIBUTING.md\": md, "
                + "\"API.md\": md, \"adrs/\": [md]}: the requested ones, revised after review");
        d.put("diagrams", "{\"architecture.mmd\", \"dataflow.mmd\"} when include_diagrams");
        d.put("metadata", "{word_count, readability_score (Flesch), output_format, conversion_note?, review}; "
                + "completion time is in the report's metrics.total_time");
        return d;
    }
}
