package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.TaskContext;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.roles.Role;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.devora.orchestration.workflows.internal.Schema.array;
import static dev.devora.orchestration.workflows.internal.Schema.integer;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * Seed 003's workflow 6, Refactoring, on a repository ({@code workspace}): outline → analysis (the backend developer,
 * or the frontend developer when {@code area} is {@code frontend}: code smells at {@code file:line}, the public API
 * and the tests that cover it, read with the tools) → the plan as small behaviour-preserving steps, each with its
 * safety net → characterization tests first (QA: tests that pin the current behaviour) → the refactoring itself (the
 * area's developer; a patch, or written with the caller's opt-in) → safety review loop (the QA lead against the
 * {@code refactoring-safety} rubric, carrying the refactoring and the tests: each rejection is answered by complete
 * replacements) → {@code changes.patch} and its check in plain Java (form, and the files changed outside the
 * {@code target_paths}).
 *
 * <pre>{@code
 * Workflow w = RefactoringRecipe.INSTANCE.build(kit, RefactoringRecipe.INSTANCE.input());
 * }</pre>
 */
public final class RefactoringRecipe implements Recipe {
    public static final RefactoringRecipe INSTANCE = new RefactoringRecipe();
    public static final String GATE = "refactoring-safety";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final InputSpec INPUT = InputSpec.builder()
            .required("workspace", "the repository's directory (read-only unless the caller opts into writing)")
            .required("goal", "what the refactoring achieves, e.g. extract the payment code out of OrderService")
            .field(InputField.optional("target_paths", FieldType.LIST, "files or folders to refactor, relative to the "
                    + "workspace (texts); each must exist inside it"))
            .field(InputField.optional("constraints", FieldType.LIST, "what must not change, e.g. the public API, the "
                    + "database schema (texts)"))
            .field(InputField.optional("area", FieldType.STRING, "where the code is: backend or frontend (the UI)")
                    .allowing("backend", "frontend").withDefault(NODES.textNode("backend")))
            .build();

    static final JsonNode ANALYSIS = object(
            prop("smells", array(object(
                    prop("file", string("repository-relative path read with the tools")),
                    prop("line", integer("the line read (1-based)")),
                    prop("smell", string("e.g. long method, god class, duplicated code, feature envy")),
                    prop("why", string("why it hinders the goal"))))),
            prop("public_api", strings("the public types and signatures the refactoring touches, as file:line: signature")),
            prop("callers", strings("the callers of the code to refactor (file:line)")),
            prop("existing_tests", strings("the tests that reach the code to refactor (file:line), or none")),
            prop("risks", strings("behaviour that is easy to change by accident (ordering, errors, side effects)")));

    static final JsonNode SAFETY_TESTS = object(
            prop("test_files", Schema.files("the characterization tests, each file at its repository path")),
            prop("pinned_behaviour", array(object(
                    prop("behaviour", string("the current behaviour pinned, as it is today")),
                    prop("evidence", string("the file:line it comes from")),
                    prop("test", string("the test pinning it, as path: test name"))))),
            prop("written", Schema.bool("true when the tests were written to the workspace with the tools")));

    static final JsonNode REFACTORING = object(
            prop("patch", string("unified diff (--- a/path, +++ b/path, @@ hunks) of the refactoring, against the current code")),
            prop("summary", string("Markdown: what was restructured, step by step, and why the behaviour is unchanged")),
            prop("files_changed", strings("repository-relative paths the patch changes")),
            prop("public_api_changes", array(object(
                    prop("before", string("the signature before")),
                    prop("after", string("the signature after, or 'unchanged'")),
                    prop("migration", string("how callers migrate (all updated in the patch, deprecated delegate…)"))))),
            prop("written", Schema.bool("true when the change was written to the workspace with the tools")));

    /** Holds when the code to refactor is the user interface ({@code area} is {@code frontend}). */
    static final Condition FRONTEND = Condition.inputEquals("area", "frontend");

    private RefactoringRecipe() {
    }

    @Override public String id() { return "refactoring"; }
    @Override public String name() { return "Refactoring"; }
    @Override public String description() {
        return "Refactor code in a repository systematically and without changing its behaviour: analysis, plan, characterization tests first, safety review";
    }
    @Override public List<SquadId> squads() { return List.of(SquadId.BACKEND, SquadId.FRONTEND, SquadId.QA); }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input).nonBlankStrings("target_paths", false).nonBlankStrings("constraints", false);
        if (input.path("workspace").isTextual() && input.path("workspace").asText().isBlank()) {
            c.problem("input.workspace", "must name the repository's directory, was blank");
            return c.problems();
        }
        c.directory("workspace");
        if (input.path("goal").isTextual() && input.path("goal").asText().isBlank()) {
            c.problem("input.goal", "must say what the refactoring achieves, was blank");
        }
        Optional<Path> workspace = InputChecks.existingDirectory(input.path("workspace").asText(""));
        JsonNode targets = input.path("target_paths");
        if (workspace.isPresent() && targets.isArray()) {
            for (int i = 0; i < targets.size(); i++) {
                String t = targets.get(i).asText("");
                if (!targets.get(i).isTextual() || t.isBlank()) continue;
                Optional<Path> p = ChangeSet.inside(workspace.get(), t);
                if (p.isEmpty()) c.problem("input.target_paths[" + i + "]", "must be a path inside the workspace, was \"" + t + "\"");
                else if (!Files.exists(p.get())) c.problem("input.target_paths[" + i + "]", "does not exist in the workspace, was \"" + t + "\"");
                else if (!realPathInside(workspace.get(), p.get())) {
                    c.problem("input.target_paths[" + i + "]", "leads outside the workspace through a link, was \"" + t + "\"");
                }
            }
        }
        return c.problems();
    }

    /** Whether {@code path}, links resolved, is still inside {@code workspace}. */
    private static boolean realPathInside(Path workspace, Path path) {
        try {
            return path.toRealPath().startsWith(workspace.toRealPath());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        var outline = Steps.task("source", "list the files of the workspace for the agents that read them with the tools",
                ctx -> SourceSummary.tree(Path.of(ctx.inputText("workspace"))));
        var analysis = byArea("analysis", "analysis", prompts,
                role -> kit.codeReader(role, "refactoring_analysis", ANALYSIS));
        var plan = byArea("plan", "plan", prompts, kit::codeReader);
        var safetyTests = Steps.agent("safety-tests", kit.codeWriter(Roles.TEST_ENGINEER, "characterization_tests", SAFETY_TESTS))
                .squad("qa").prompt(prompts.get("safety-tests"));
        var refactor = byArea("refactor", "refactor", prompts, role -> kit.codeWriter(role, "refactoring", REFACTORING));
        var loop = ReviewLoop.builder("safety-loop", GATE, Rubric.of(GATE), kit.config())
                .carry("refactoring", "refactor", byArea("refactor-rework", "revised-refactor", prompts,
                        role -> kit.codeWriter(role, "refactoring", REFACTORING)))
                .carry("safety-net", "safety-tests", Steps.agent("revised-safety-tests",
                        kit.codeWriter(Roles.TEST_ENGINEER, "characterization_tests", SAFETY_TESTS)).squad("qa")
                        .prompt(prompts.get("revised-safety-tests")))
                .review(Steps.agent("safety-review", kit.codeReader(Roles.QA_LEAD, "refactoring_safety",
                        OutputSchemas.review(Rubric.of(GATE)))).squad("qa").prompt(prompts.get("safety-review")))
                .build();
        var changes = Steps.task("changes", "join the refactoring's patch and the characterization tests into one unified diff",
                ctx -> ChangeSet.combine(List.of(ctx.json("refactoring").path("patch").asText("")),
                        Path.of(ctx.inputText("workspace")), ctx.json("safety-net").path("test_files")));
        var patchCheck = Steps.task("patch-check", "check the combined diff's form and the files changed outside the target paths",
                RefactoringRecipe::checkPatch);

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(outline, analysis, plan, safetyTests, refactor, loop, changes, patchCheck)
                .deliverable("changes", "changes")
                .deliverable("plan", "plan")
                .deliverable("analysis", "analysis")
                .deliverable("tests", "safety-net.test_files")
                .deliverable("summary", "refactoring.summary")
                .deliverable("patch_check", "patch-check")
                .deliverable("review", "safety-review")
                .build();
    }

    /** {@code id}: the frontend developer's {@code frontend-<step>} when {@code area} is frontend, else the backend developer's. */
    private static Step byArea(String id, String step, StepPrompts prompts,
                               java.util.function.Function<Role, dev.devora.orchestration.agent.LlmAgent> agent) {
        return Steps.when(id, FRONTEND, Steps.agent("frontend-" + step, agent.apply(Roles.FRONTEND_DEVELOPER))
                        .squad("frontend").prompt(prompts.get("frontend-" + step)))
                .otherwise(Steps.agent("backend-" + step, agent.apply(Roles.BACKEND_DEVELOPER))
                        .squad("backend").prompt(prompts.get("backend-" + step)));
    }

    static ObjectNode checkPatch(TaskContext ctx) {
        JsonNode refactoring = ctx.json("refactoring");
        JsonNode tests = ctx.json("safety-net");
        Path workspace = Path.of(ctx.inputText("workspace"));
        List<String> problems = new ArrayList<>(PatchCheck.problems(ctx.text("changes")));
        ChangeSet.outside(workspace, tests.path("test_files"))
                .forEach(p -> problems.add("test file outside the workspace, left out of the patch: " + p));
        ObjectNode out = NODES.objectNode();
        out.put("well_formed", problems.isEmpty());
        out.put("written", refactoring.path("written").asBoolean(false) || tests.path("written").asBoolean(false));
        problems.forEach(out.putArray("problems")::add);
        List<Path> targets = new ArrayList<>();
        for (JsonNode t : ctx.input().path("target_paths")) ChangeSet.inside(workspace, t.asText("")).ifPresent(targets::add);
        var outside = out.putArray("changed_outside_targets");
        if (!targets.isEmpty()) {
            for (JsonNode f : refactoring.path("files_changed")) {
                Optional<Path> p = ChangeSet.inside(workspace, f.asText(""));
                if (p.isEmpty() || targets.stream().noneMatch(t -> p.get().startsWith(t))) outside.add(f.asText());
            }
        }
        int changedApi = 0;
        for (JsonNode a : refactoring.path("public_api_changes")) {
            if (!a.path("after").asText("").strip().equalsIgnoreCase("unchanged")) changedApi++;
        }
        out.put("public_api_changes", changedApi);
        out.put("characterization_tests", tests.path("test_files").size());
        return out;
    }

    @Override
    public String notes() {
        return "An engineering-operations workflow, run on a repository: `workspace` is its directory, and every "
                + "agent that reads code gets the read-only workspace tools (list, search, read the lines, cite "
                + "`file:line`). `target_paths`, when given, must each exist inside the workspace (checked before "
                + "any call). The backend developer, or the frontend developer when `area` is `frontend`, analyses "
                + "the code for the `goal` (code smells at `file:line`, the public API, callers and existing tests: "
                + "`refactoring/analysis.json`) and plans the refactoring as small behaviour-preserving steps, each "
                + "with its safety net (`refactoring/plan.md`). The test engineer (QA) writes characterization tests "
                + "first, pinning today's behaviour even where it looks wrong; then the developer refactors. The QA "
                + "lead reviews the refactoring and the tests against the `refactoring-safety` rubric (behaviour "
                + "preserved, public API unchanged or migrated, tests cover the touched code, smaller and clearer); "
                + "each rejection is answered by complete replacements of the refactoring and the tests (bounded). "
                + "Writing is the caller's opt-in (`PredefinedWorkflow.withWritableWorkspace()`, the runner's "
                + "`--write`): only then do the developer and the test engineer get `write_file` and `apply_patch`; "
                + "otherwise nothing in the workspace changes and `changes.patch` is one unified diff (the "
                + "refactoring, then the tests as file diffs; in a writable run a test file already written adds nothing) whose "
                + "form plain Java checks, with the files changed "
                + "outside `target_paths` and the public API changes counted (`refactoring/patch-check.json`).";
    }

    @Override
    public String reportNotice() {
        return "Apply `changes.patch` with `git apply` when the run did not write to the repository, run the "
                + "characterization tests before and after it (they must pass both times), and read "
                + "`refactoring/patch-check.json` for files changed outside the target paths.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("changes", "the refactoring and the characterization tests as one unified diff (changes.patch); applied "
                + "to the workspace only with the writing opt-in");
        d.put("plan", "the plan: small behaviour-preserving steps, each with its safety net (refactoring/plan.md)");
        d.put("analysis", "{smells: [{file, line, smell, why}], public_api, callers, existing_tests, risks} "
                + "(refactoring/analysis.json)");
        d.put("tests", "[{path, language, content}]: the characterization tests, at their repository paths");
        d.put("summary", "what was restructured and why the behaviour is unchanged (refactoring/summary.md)");
        d.put("patch_check", "{well_formed, written, problems, changed_outside_targets, public_api_changes, "
                + "characterization_tests}: checked in Java (refactoring/patch-check.json)");
        d.put("review", "the QA lead's last verdict against the refactoring-safety rubric {criteria: {behaviour_preserved, "
                + "public_api, safety_net, clarity: {score, evidence}}, score, approved, blockers, issues, feedback} "
                + "(refactoring/review.json)");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("changes", "changes.patch");
        f.put("plan", "refactoring/plan.md");
        f.put("analysis", "refactoring/analysis.json");
        f.put("tests", "./");
        f.put("summary", "refactoring/summary.md");
        f.put("patch_check", "refactoring/patch-check.json");
        f.put("review", "refactoring/review.json");
        return f;
    }
}
