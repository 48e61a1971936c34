package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
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

import static dev.devora.orchestration.workflows.internal.Schema.array;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * Workflow 3, Documentation Generation: (an outline, when {@code source_code_path} is given: the analysis, and then
 * the reviewer, read the code with the read-only workspace tools) → analysis (facts, prerequisites and the
 * project's own commands) → each requested document type written in parallel → the drafts assembled into one
 * {@link DocumentSet} → review loop carrying the set (the documentation reviewer judges the current set against
 * the {@code docs-review} rubric; after a failed review the technical writer returns the complete revised set) →
 * publishing (a plain-Java step laying out the last version as repository files, with the review and metadata).
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
    /** The carried artefact: the step holding the current documentation set. */
    public static final String DOCUMENTS = "documents";

    /** The document types, in publishing order. */
    static final List<String> TYPES = List.of("readme", "architecture", "installation", "contributing", "api_reference", "adr");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final InputSpec INPUT = InputSpec.builder()
            .required("project_name", "name of the project")
            .choice("project_type", "kind of project", "library", "application", "api", "service")
            .required("tech_stack", FieldType.LIST, "technologies, one string per item")
            .field(InputField.optional("source_code_path", FieldType.STRING, "optional: a local directory with the source code")
                    .withDefault(NODES.textNode("")))
            .field(InputField.optional("existing_docs", FieldType.LIST, "existing documentation to include (texts)"))
            .required("documentation_types", FieldType.LIST,
                    "documents to generate: readme, architecture, api_reference, installation, contributing, adr")
            .field(InputField.optional("target_audiences", FieldType.LIST, "e.g. [\"developers\", \"users\", \"contributors\"]")
                    .withDefault(NODES.arrayNode().add("developers")))
            .field(InputField.optional("include_diagrams", FieldType.BOOLEAN, "add Mermaid diagrams").withDefault(NODES.booleanNode(false)))
            .field(InputField.optional("output_format", FieldType.STRING, "markdown, html or pdf (documents are written in Markdown)")
                    .allowing("markdown", "html", "pdf").withDefault(NODES.textNode("markdown")))
            .build();

    /** What the analysis hands the writers and the reviewer: facts, prerequisites and the project's own commands. */
    static final JsonNode ANALYSIS = object(
            prop("summary", string("Markdown: purpose, components and responsibilities, public interfaces, configuration keys, "
                    + "notable decisions; file:line for what was read")),
            prop("prerequisites", strings("runtimes and tools with versions, e.g. \"Java 17\", \"Node.js 20\"")),
            prop("commands", array(object(
                    prop("purpose", string("what it is for: install, build, test, run, lint, deploy or another word")),
                    prop("command", string("the exact command as the project defines it, e.g. mvn -B verify or npm test")),
                    prop("source", string("where it is defined (file:line, script name), or 'TODO: not found' when inferred"))))
                    .put("description", "every install, build, test, run and lint command of the project")),
            prop("unknowns", strings("what the material does not show, each as 'TODO: <what is needed>'")));
    private static final JsonNode ADRS = object(prop("adrs", strings("each ADR as a complete Markdown document (Nygard format)")));

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
                .allowedItems("documentation_types", TYPES.toArray(String[]::new))
                .nonBlankStrings("target_audiences", false)
                .nonBlankStrings("existing_docs", false);
        c.directory("source_code_path");
        return c.problems();
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        Rubric rubric = Rubric.of(GATE);
        var source = SourceSummary.step(kit, SOURCE_BUDGET, "No source code was provided; rely on the description.");

        var analysis = Steps.agent("analysis", kit.codeReader(Roles.TECHNICAL_WRITER, "analysis", ANALYSIS))
                .squad("documentation").prompt(prompts.get("analysis"));

        List<Step> generators = new ArrayList<>();
        for (String type : TYPES) {
            String name = type.replace('_', '-');
            var writer = "adr".equals(type)
                    ? Steps.agent("write-adr", kit.json(Roles.TECHNICAL_WRITER, "adrs", ADRS))
                    : Steps.agent("write-" + name, kit.text(Roles.TECHNICAL_WRITER));
            generators.add(Steps.when("doc-" + name, InputValues.listContains("documentation_types", type),
                            writer.squad("documentation").prompt(prompts.get("write-" + name)))
                    .otherwise(Steps.task("skip-" + name, "not requested", ctx -> "")));
        }
        generators.add(Steps.when("doc-diagrams", InputValues.isTrue("include_diagrams"),
                        Steps.agent("write-diagrams", kit.json(Roles.TECHNICAL_WRITER, "diagrams", DocumentSet.DIAGRAM_SCHEMA))
                                .squad("documentation").prompt(prompts.get("write-diagrams")))
                .otherwise(Steps.task("skip-diagrams", "diagrams not requested", ctx -> "")));
        var generation = Steps.parallel("generation", generators);
        var drafts = Steps.task("drafts", "assemble the drafts into one documentation set", DocumentSet::drafts);

        var revise = Steps.agent("revise-docs", kit.json(Roles.TECHNICAL_WRITER, "documents", DocumentSet.SCHEMA))
                .squad("documentation").prompt(prompts.get("revise-docs"));
        var review = Steps.agent("review", kit.codeReader(Roles.DOCUMENTATION_REVIEWER, "docs_review", OutputSchemas.review(rubric)))
                .squad("documentation").prompt(prompts.get("review"));
        var loop = ReviewLoop.builder("docs-review-loop", GATE, rubric, kit.config())
                .carry(DOCUMENTS, "drafts", revise)
                .review(review)
                .build();

        var publish = Steps.task("publish", "lay out the last documentation set as files, with the review and metadata",
                DocumentationRecipe::publish);

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(source, analysis, generation, drafts, loop, publish)
                .deliverables(state -> state.json("publish"))
                .build();
    }

    static ObjectNode publish(TaskContext ctx) {
        List<String> requested = TYPES.stream().filter(t -> InputValues.contains(ctx, "documentation_types", t)).toList();
        boolean diagrams = InputValues.isTrue(ctx.input().path("include_diagrams"));
        Map<String, String> files = DocumentSet.files(ctx.json(DOCUMENTS), requested, diagrams);

        ObjectNode out = NODES.objectNode();
        ObjectNode documents = out.putObject("documents");
        files.forEach(documents::put);
        out.set("review", ctx.json("review"));
        StringBuilder prose = new StringBuilder();
        files.forEach((path, text) -> { if (path.endsWith(".md")) prose.append(text).append("\n\n"); });
        ObjectNode meta = out.putObject("metadata");
        meta.put("word_count", Readability.words(prose.toString()));
        meta.put("readability_score", Readability.fleschReadingEase(prose.toString()));
        meta.put("output_format", "markdown");
        String requestedFormat = ctx.inputText("output_format");
        if (!requestedFormat.isBlank() && !"markdown".equalsIgnoreCase(requestedFormat)) {
            meta.put("conversion_note", "documents are Markdown; convert them to " + requestedFormat
                    + " with your publishing tool (e.g. pandoc)");
        }
        return out;
    }

    @Override
    public Map<String, String> files() {
        return Map.of("documents", "./", "review", "docs-review.json", "metadata", "docs-metadata.json");
    }

    @Override
    public String notes() {
        return "The analysis (technical writer) answers in JSON: a Markdown `summary`, the `prerequisites` with versions, "
                + "the project's own install, build, test, run and lint `commands` with where each is defined, and the "
                + "`unknowns` as TODOs. The README, installation and contributing writers get those commands and are told "
                + "to use no other, so their quick starts are the project's real commands (or visibly `TODO:`). When "
                + "`source_code_path` is given, the analysis and the reviewer read the code themselves: each gets a "
                + "read-only workspace of that directory (tools `list_dir`, `search_text`, `read_file`, `file_info`, "
                + "confined to it and bounded) with instructions to cite `file:line`, and the analysis, from a plain-Java "
                + "step (`source-tree`), an outline of the directory (the files at its root, then each folder holding "
                + "files with how many, at most 200; VCS, dependency and build folders skipped; no content) so it knows "
                + "where to look. (`definition()` itself, run on an engine directly, still gives the analysis the older "
                + "fixed summary instead: the tree, build files, README, entry points and the shallowest sources, at most "
                + "40,000 characters.) Each requested document type is written in parallel by the technical writer (types "
                + "not requested are skipped), plus Mermaid diagrams when `include_diagrams`; each writer gets only the "
                + "parts of the analysis it needs. A plain-Java step (`drafts`) assembles them into one documentation set "
                + "(`readme`, `contributing`, `architecture`, `installation`, `api_reference`, `adrs`, `diagrams`), which "
                + "the review loop carries as `documents`: the documentation reviewer judges the current set, the analysis "
                + "and the commands against the `docs-review` rubric (accuracy, completeness, usability, examples, style; "
                + "pass mark stated in its prompt); after a failed review the technical writer gets the current set and "
                + "the feedback and returns the complete set, which replaces it, so each round revises the last one and "
                + "the published documents are the last version. Publishing is plain Java: README.md and CONTRIBUTING.md "
                + "at the root (where code hosts show them), the other documents under `docs/`, each ADR as "
                + "`docs/adr/NNNN-<title>.md`, the diagrams as `docs/diagrams/*.mmd`, the last verdict as "
                + "`docs-review.json`, word count and Flesch reading ease in `docs-metadata.json`. Documents are Markdown "
                + "whatever `output_format` says (a `conversion_note` tells how to get HTML or PDF).";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("documents", "{\"README.md\": md, \"CONTRIBUTING.md\": md, \"docs/ARCHITECTURE.md\": md, "
                + "\"docs/INSTALLATION.md\": md, \"docs/API.md\": md, \"docs/adr/NNNN-<title>.md\": md, "
                + "\"docs/diagrams/architecture.mmd\": mermaid, \"docs/diagrams/dataflow.mmd\": mermaid}: the requested ones, "
                + "as last revised in the review loop (diagrams when include_diagrams); written at these paths");
        d.put("review", "the documentation reviewer's last verdict {criteria: {accuracy, completeness, usability, examples, "
                + "style: {score, evidence}}, score, approved, blockers, issues, feedback}: docs-review.json");
        d.put("metadata", "{word_count, readability_score (Flesch), output_format, conversion_note?}: docs-metadata.json; "
                + "completion time is in the report's metrics.total_time");
        return d;
    }
}
