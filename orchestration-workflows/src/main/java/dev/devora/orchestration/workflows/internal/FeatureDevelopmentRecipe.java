package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.TaskContext;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.devora.orchestration.workflows.internal.Schema.array;
import static dev.devora.orchestration.workflows.internal.Schema.integer;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * Seed 003's workflow 1, Feature Development, on a repository ({@code workspace}): outline → requirement analysis
 * (the product manager, business squad: user stories and numbered acceptance criteria) → technical design (the
 * backend developer, reading the code with the tools: every touch point at a {@code file:line}, checked in Java
 * against the workspace) → the backend and frontend changes in parallel (the frontend change only when
 * {@code has_ui} is true; otherwise a recorded "no UI change") → tests for each acceptance criterion (QA) →
 * documentation (the technical writer: changelog entry and docs patch) → review loop (the QA lead against the
 * {@code feature-review} rubric, carrying the backend and frontend changes and the tests: each rejection is answered
 * by complete replacements) → {@code changes.patch}, one combined diff, and its check in plain Java (form, and the
 * acceptance criteria no test covers). The code writers read the code; only with the caller's writing opt-in do they
 * also write it.
 *
 * <pre>{@code
 * Workflow w = FeatureDevelopmentRecipe.INSTANCE.build(kit, FeatureDevelopmentRecipe.INSTANCE.input());
 * }</pre>
 */
public final class FeatureDevelopmentRecipe implements Recipe {
    public static final FeatureDevelopmentRecipe INSTANCE = new FeatureDevelopmentRecipe();
    public static final String GATE = "feature-review";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final InputSpec INPUT = InputSpec.builder()
            .required("workspace", "the repository's directory (read-only unless the caller opts into writing)")
            .required("requirement", "the feature as asked: who needs what, and why")
            .field(InputField.optional("acceptance_criteria", FieldType.LIST, "acceptance criteria already agreed (texts); "
                    + "the product manager keeps them and numbers them AC-1, AC-2…"))
            .field(InputField.optional("has_ui", FieldType.BOOLEAN, "whether the feature has a user interface; false "
                    + "skips the frontend change").withDefault(NODES.booleanNode(true)))
            .field(InputField.optional("context", FieldType.STRING, "users, constraints, related tickets or links")
                    .withDefault(NODES.textNode("not given")))
            .build();

    static final JsonNode SPEC = object(
            prop("summary", string("the feature in two or three sentences: who, what, why")),
            prop("user_stories", strings("As a <user>, I want <goal> so that <benefit>")),
            prop("acceptance_criteria", array(object(
                    prop("id", string("AC-1, AC-2, … in order")),
                    prop("criterion", string("testable: Given … When … Then …"))))),
            prop("out_of_scope", strings("what this change does not do")),
            prop("open_questions", strings("what the requirement leaves open, with the assumption taken")));

    static final JsonNode DESIGN = object(
            prop("overview", string("Markdown: the approach, the components touched and why, data and API changes")),
            prop("touch_points", array(object(
                    prop("file", string("repository-relative path read with the tools")),
                    prop("line", integer("the line read (1-based) where the change goes")),
                    prop("change", string("what changes there"))))),
            prop("backend_work", string("the server-side changes, in order")),
            prop("frontend_work", string("the user-interface changes, or 'none' when the feature has no UI")),
            prop("risks", strings("what could break, and how the tests catch it")));

    static final JsonNode CHANGE = object(
            prop("patch", string("unified diff (--- a/path, +++ b/path, @@ hunks) of this change, against the current code")),
            prop("summary", string("what the change does, per acceptance criterion")),
            prop("files_changed", strings("repository-relative paths the patch changes")),
            prop("written", Schema.bool("true when the change was written to the workspace with the tools")));

    static final JsonNode TESTS = object(
            prop("test_files", Schema.files("the tests, each file at its repository path, in the project's test style")),
            prop("coverage", array(object(
                    prop("criterion", string("the acceptance criterion's id, e.g. AC-1")),
                    prop("tests", strings("the tests asserting it, as path: test name"))))),
            prop("written", Schema.bool("true when the tests were written to the workspace with the tools")));

    static final JsonNode DOCS = object(
            prop("changelog_entry", string("Markdown: the changelog entry (Added/Changed, user-facing wording)")),
            prop("patch", string("unified diff of the documentation changes (CHANGELOG, README, docs/), or empty")),
            prop("files_changed", strings("repository-relative paths the patch changes")),
            prop("written", Schema.bool("true when the documentation was written to the workspace with the tools")));

    /** Holds when the input says the feature has a user interface ({@code has_ui}, true by default). */
    static final Condition HAS_UI = Condition.of("input.has_ui = true (the feature has a user interface)",
            s -> s.input().path("has_ui").asBoolean(true));

    private FeatureDevelopmentRecipe() {
    }

    @Override public String id() { return "feature-development"; }
    @Override public String name() { return "Feature Development"; }
    @Override public String description() {
        return "Take a requirement to a reviewed, tested and documented change in an existing repository";
    }
    @Override public List<SquadId> squads() { return List.of(SquadId.BUSINESS, SquadId.BACKEND, SquadId.FRONTEND, SquadId.QA, SquadId.DOCUMENTATION); }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input).nonBlankStrings("acceptance_criteria", false);
        if (input.path("workspace").isTextual() && input.path("workspace").asText().isBlank()) {
            c.problem("input.workspace", "must name the repository's directory, was blank");
        } else c.directory("workspace");
        if (input.path("requirement").isTextual() && input.path("requirement").asText().isBlank()) {
            c.problem("input.requirement", "must describe the feature, was blank");
        }
        return c.problems();
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        var outline = Steps.task("source", "list the files of the workspace for the agents that read them with the tools",
                ctx -> SourceSummary.tree(Path.of(ctx.inputText("workspace"))));
        var requirements = Steps.agent("requirements", kit.json(Roles.PRODUCT_MANAGER, "feature_spec", SPEC))
                .squad("business").prompt(prompts.get("requirements"));
        var specDoc = Steps.task("spec", "write the requirement analysis as feature/spec.md", FeatureDevelopmentRecipe::spec);
        var design = Steps.agent("technical-design", kit.codeReader(Roles.BACKEND_DEVELOPER, "feature_design", DESIGN))
                .squad("backend").prompt(prompts.get("technical-design"));
        var designDoc = Steps.task("design", "write the design as feature/design.md, each touch point checked against the workspace",
                FeatureDevelopmentRecipe::design);
        var implementation = Steps.parallel("implementation",
                Steps.agent("backend-changes", kit.codeWriter(Roles.BACKEND_DEVELOPER, "backend_change", CHANGE))
                        .squad("backend").prompt(prompts.get("backend-changes")),
                Steps.when("ui-changes", HAS_UI,
                                Steps.agent("frontend-changes", kit.codeWriter(Roles.FRONTEND_DEVELOPER, "frontend_change", CHANGE))
                                        .squad("frontend").prompt(prompts.get("frontend-changes")))
                        .otherwise(Steps.task("no-ui-changes", "the feature has no user interface: no frontend change",
                                ctx -> noUiChange())));
        var tests = Steps.agent("acceptance-tests", kit.codeWriter(Roles.TEST_ENGINEER, "acceptance_tests", TESTS))
                .squad("qa").prompt(prompts.get("acceptance-tests"));
        var docs = Steps.agent("documentation", kit.codeWriter(Roles.TECHNICAL_WRITER, "feature_docs", DOCS))
                .squad("documentation").prompt(prompts.get("documentation"));
        var review = ReviewLoop.builder("review-loop", GATE, Rubric.of(GATE), kit.config())
                .carry("backend", "backend-changes", Steps.agent("revised-backend-changes",
                        kit.codeWriter(Roles.BACKEND_DEVELOPER, "backend_change", CHANGE)).squad("backend")
                        .prompt(prompts.get("revised-backend-changes")))
                .carry("frontend", "ui-changes", Steps.when("ui-rework", HAS_UI,
                        Steps.agent("revised-frontend-changes", kit.codeWriter(Roles.FRONTEND_DEVELOPER, "frontend_change", CHANGE))
                                .squad("frontend").prompt(prompts.get("revised-frontend-changes"))))
                .carry("tests", "acceptance-tests", Steps.agent("revised-acceptance-tests",
                        kit.codeWriter(Roles.TEST_ENGINEER, "acceptance_tests", TESTS)).squad("qa")
                        .prompt(prompts.get("revised-acceptance-tests")))
                .review(Steps.agent("code-review", kit.codeReader(Roles.QA_LEAD, "feature_review",
                        OutputSchemas.review(Rubric.of(GATE)))).squad("qa").prompt(prompts.get("code-review")))
                .build();
        var changes = Steps.task("changes", "join the backend, frontend and documentation patches and the tests into one unified diff",
                FeatureDevelopmentRecipe::changes);
        var patchCheck = Steps.task("patch-check", "check the combined diff's form and that every acceptance criterion has a test",
                FeatureDevelopmentRecipe::checkPatch);

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(outline, requirements, specDoc, design, designDoc, implementation, tests, docs, review, changes, patchCheck)
                .deliverable("changes", "changes")
                .deliverable("spec", "spec")
                .deliverable("design", "design")
                .deliverable("tests", "tests.test_files")
                .deliverable("changelog", "documentation.changelog_entry")
                .deliverable("patch_check", "patch-check")
                .deliverable("review", "code-review")
                .build();
    }

    static ObjectNode noUiChange() {
        ObjectNode n = NODES.objectNode();
        n.put("patch", "");
        n.put("summary", "No frontend change: the input says the feature has no user interface (has_ui = false).");
        n.putArray("files_changed");
        n.put("written", false);
        return n;
    }

    static String spec(TaskContext ctx) {
        JsonNode s = ctx.json("requirements");
        StringBuilder md = new StringBuilder("# Feature specification\n\n## Requirement\n")
                .append(ctx.inputText("requirement").strip()).append("\n\n## Summary\n")
                .append(s.path("summary").asText("").strip()).append("\n\n## User stories\n");
        for (JsonNode u : s.path("user_stories")) md.append("\n- ").append(u.asText());
        md.append("\n\n## Acceptance criteria\n");
        for (JsonNode a : s.path("acceptance_criteria")) {
            md.append("\n- **").append(a.path("id").asText("?")).append("** ").append(a.path("criterion").asText(""));
        }
        md.append("\n\n## Out of scope\n");
        for (JsonNode o : s.path("out_of_scope")) md.append("\n- ").append(o.asText());
        md.append("\n\n## Open questions\n");
        for (JsonNode q : s.path("open_questions")) md.append("\n- ").append(q.asText());
        return md.append('\n').toString();
    }

    static String design(TaskContext ctx) {
        JsonNode d = ctx.json("technical-design");
        Path workspace = Path.of(ctx.inputText("workspace"));
        StringBuilder md = new StringBuilder("# Technical design\n\n").append(d.path("overview").asText("").strip())
                .append("\n\n## Touch points\n\n| file:line | change | checked |\n|---|---|---|\n");
        List<String> unresolved = new ArrayList<>();
        for (JsonNode t : d.path("touch_points")) {
            String at = t.path("file").asText("?") + ":" + t.path("line").asText("?");
            Optional<String> problem = citationProblem(workspace, t.path("file").asText(""), t.path("line").asInt(0));
            problem.ifPresent(p -> unresolved.add(at + " (" + p + ")"));
            md.append("| `").append(at).append("` | ").append(t.path("change").asText("").replace("|", "\\|").replace("\n", " "))
                    .append(" | ").append(problem.orElse("line exists")).append(" |\n");
        }
        md.append("\n## Backend\n").append(d.path("backend_work").asText("").strip())
                .append("\n\n## Frontend\n").append(ctx.input().path("has_ui").asBoolean(true)
                        ? d.path("frontend_work").asText("").strip() : "None: the feature has no user interface.")
                .append("\n\n## Risks\n");
        for (JsonNode r : d.path("risks")) md.append("\n- ").append(r.asText());
        md.append("\n\n## Citations\n").append(unresolved.isEmpty()
                ? "Every touch point names an existing file and line of the workspace."
                : "Touch points that do not resolve in the workspace: " + String.join("; ", unresolved) + ".").append('\n');
        return md.toString();
    }

    /** Why {@code file:line} does not name a line of the workspace, if it does not. */
    static Optional<String> citationProblem(Path workspace, String file, int line) {
        Optional<Path> p = ChangeSet.inside(workspace, file);
        if (p.isEmpty()) return Optional.of("outside the workspace");
        if (!Files.isRegularFile(p.get())) return Optional.of("no such file");
        try (var lines = Files.lines(p.get())) {
            long count = lines.count();
            return line >= 1 && line <= count ? Optional.empty() : Optional.of("the file has " + count + " lines");
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.of("unreadable");
        }
    }

    static String changes(TaskContext ctx) {
        return ChangeSet.combine(List.of(ctx.json("backend").path("patch").asText(""),
                        ctx.json("frontend").path("patch").asText(""), ctx.json("documentation").path("patch").asText("")),
                Path.of(ctx.inputText("workspace")), ctx.json("tests").path("test_files"));
    }

    static ObjectNode checkPatch(TaskContext ctx) {
        String combined = ctx.text("changes");
        ObjectNode out = NODES.objectNode();
        List<String> problems = new ArrayList<>(PatchCheck.problems(combined));
        ChangeSet.outside(Path.of(ctx.inputText("workspace")), ctx.json("tests").path("test_files"))
                .forEach(p -> problems.add("test file outside the workspace, left out of the patch: " + p));
        out.put("well_formed", problems.isEmpty());
        out.put("written", ctx.json("backend").path("written").asBoolean(false)
                || ctx.json("frontend").path("written").asBoolean(false)
                || ctx.json("tests").path("written").asBoolean(false)
                || ctx.json("documentation").path("written").asBoolean(false));
        problems.forEach(out.putArray("problems")::add);
        Set<String> covered = new LinkedHashSet<>();
        for (JsonNode c : ctx.json("tests").path("coverage")) {
            if (c.path("tests").isArray() && !c.path("tests").isEmpty()) covered.add(c.path("criterion").asText().strip());
        }
        var uncovered = out.putArray("criteria_without_tests");
        for (JsonNode a : ctx.json("requirements").path("acceptance_criteria")) {
            String id = a.path("id").asText("").strip();
            if (!id.isEmpty() && !covered.contains(id)) uncovered.add(id);
        }
        out.put("test_files", ctx.json("tests").path("test_files").size());
        return out;
    }

    @Override
    public String notes() {
        return "An engineering-operations workflow, run on a repository: `workspace` is its directory, and every "
                + "agent that reads code gets the read-only workspace tools (list, search, read the lines, cite "
                + "`file:line`). The product manager (business squad) turns the requirement into user stories and "
                + "numbered, testable acceptance criteria (AC-1…; the ones given in `acceptance_criteria` are kept), "
                + "written as `feature/spec.md`. The backend developer reads the code and writes the technical design; "
                + "each touch point is a `file:line`, and plain Java checks that the file and the line exist in the "
                + "workspace (the table in `feature/design.md`). The backend and frontend changes are made in "
                + "parallel; when `has_ui` is false the frontend developer is not called and the frontend change is "
                + "recorded as none. The test engineer (QA) writes tests for each acceptance criterion, at their "
                + "repository paths, and maps each criterion to its tests; the technical writer adds the changelog "
                + "entry and the documentation patch. The QA lead reviews the changes and the tests against the "
                + "`feature-review` rubric (acceptance criteria met, tests per criterion, design followed and no "
                + "regression, code quality, documentation); each rejection is answered by complete replacements of "
                + "the changes and the tests (bounded). Writing is the caller's opt-in "
                + "(`PredefinedWorkflow.withWritableWorkspace()`, the runner's `--write`): only then do the code "
                + "writers get `write_file` and `apply_patch`; otherwise nothing in the workspace changes and "
                + "`changes.patch` is one combined unified diff (the patches, then the tests as file diffs; in a writable run "
                + "a test file already written adds nothing), whose "
                + "form and acceptance-criteria coverage plain Java checks (`feature/patch-check.json`).";
    }

    @Override
    public String reportNotice() {
        return "Apply `changes.patch` with `git apply` when the run did not write to the repository (see "
                + "`feature/patch-check.json`: its form, and `criteria_without_tests`), then run the tests.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("changes", "the backend, frontend and documentation patches and the tests as one unified diff "
                + "(changes.patch); applied to the workspace only with the writing opt-in");
        d.put("spec", "summary, user stories, numbered acceptance criteria, out of scope, open questions (feature/spec.md)");
        d.put("design", "the technical design with its touch points at file:line, each checked against the workspace "
                + "(feature/design.md)");
        d.put("tests", "[{path, language, content}]: the tests for the acceptance criteria, at their repository paths");
        d.put("changelog", "the changelog entry (feature/changelog.md)");
        d.put("patch_check", "{well_formed, written, problems, criteria_without_tests, test_files}: checked in Java "
                + "(feature/patch-check.json)");
        d.put("review", "the QA lead's last verdict against the feature-review rubric {criteria: {acceptance, tests, "
                + "design_and_regression, code_quality, documentation: {score, evidence}}, score, approved, blockers, "
                + "issues, feedback} (feature/review.json)");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("changes", "changes.patch");
        f.put("spec", "feature/spec.md");
        f.put("design", "feature/design.md");
        f.put("tests", "./");
        f.put("changelog", "feature/changelog.md");
        f.put("patch_check", "feature/patch-check.json");
        f.put("review", "feature/review.json");
        return f;
    }
}
