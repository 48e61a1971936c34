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

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.internal.Schema.array;
import static dev.devora.orchestration.workflows.internal.Schema.integer;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * Seed 003's workflow 2, Bug Resolution, on a repository ({@code workspace}): outline → reproduce (QA: the
 * reproduction and a failing regression test, written first) → locate (the backend developer, or the frontend
 * developer when {@code area} is {@code frontend}: the root cause at {@code file:line}, read with the tools) → fix →
 * regression test (QA: the test's final form, why it fails before and passes after) → verification loop (QA lead
 * against the {@code bug-fix-verification} rubric, carrying the fix and the test: each rejection is answered by a
 * complete revised fix and test) → the last fix's patch checked for form in plain Java. The fixer reads the
 * code; when the caller opted into a writable workspace it also writes the fix and the test, else it only answers
 * the unified diff that becomes {@code changes.patch}.
 *
 * <pre>{@code
 * Workflow w = BugResolutionRecipe.INSTANCE.build(kit, BugResolutionRecipe.INSTANCE.input());
 * }</pre>
 */
public final class BugResolutionRecipe implements Recipe {
    public static final BugResolutionRecipe INSTANCE = new BugResolutionRecipe();
    public static final String GATE = "bug-fix-verification";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final InputSpec INPUT = InputSpec.builder()
            .required("workspace", "the repository's directory (read-only unless the caller opts into writing)")
            .required("bug_report", "what goes wrong, as reported")
            .field(InputField.optional("steps_to_reproduce", FieldType.STRING, "how to make it happen")
                    .withDefault(NODES.textNode("not given")))
            .field(InputField.optional("expected", FieldType.STRING, "what should happen")
                    .withDefault(NODES.textNode("not given")))
            .field(InputField.optional("actual", FieldType.STRING, "what happens instead (error, output, stack trace)")
                    .withDefault(NODES.textNode("not given")))
            .field(InputField.optional("area", FieldType.STRING, "where the bug shows: backend, frontend (the UI) or unknown")
                    .allowing("backend", "frontend", "unknown").withDefault(NODES.textNode("unknown")))
            .build();

    static final JsonNode REPRODUCTION = object(
            prop("reproduction", string("Markdown: how the bug is triggered, from the code read, with file:line")),
            prop("failing_behaviour", string("the observable failure the test asserts against")),
            prop("test_files", Schema.files("the regression test, one file at its repository path, failing on the current code")),
            prop("why_it_fails_now", string("why the test fails before the fix, citing file:line")));

    static final JsonNode ROOT_CAUSE = object(
            prop("file", string("repository-relative path of the root cause")),
            prop("line", integer("line of the root cause (1-based)")),
            prop("explanation", string("why this code produces the bug")),
            prop("evidence", strings("file:line citations read with the tools")),
            prop("related", strings("other places with the same defect or depending on it (file:line)")));

    static final JsonNode REGRESSION = object(
            prop("test_files", Schema.files("the regression test, one file at its repository path, in its final form")),
            prop("fails_before", string("why the test fails on the current code, citing file:line")),
            prop("passes_after", string("why it passes with the fix, citing the patch's lines")),
            prop("edge_cases", strings("the neighbouring cases the test also asserts (boundaries, empty, zero)")));

    static final JsonNode FIX = object(
            prop("patch", string("unified diff (--- a/path, +++ b/path, @@ hunks) of the fix and the regression test")),
            prop("summary", string("what the fix changes and why it addresses the root cause")),
            prop("files_changed", strings("repository-relative paths the patch changes")),
            prop("written", Schema.bool("true when the change was written to the workspace with the tools")));

    private BugResolutionRecipe() {
    }

    @Override public String id() { return "bug-resolution"; }
    @Override public String name() { return "Bug Resolution"; }
    @Override public String description() { return "Reproduce a reported bug in a repository, locate its root cause, fix it with a regression test and verify the fix"; }
    @Override public List<SquadId> squads() { return List.of(SquadId.QA, SquadId.BACKEND, SquadId.FRONTEND); }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input);
        c.directory("workspace");
        return c.problems();
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        var outline = Steps.task("source", "list the files of the workspace for the agents that read them with the tools",
                ctx -> SourceSummary.tree(Path.of(ctx.inputText("workspace"))));
        var reproduce = Steps.agent("reproduce", kit.codeReader(Roles.TEST_ENGINEER, "reproduction", REPRODUCTION))
                .squad("qa").prompt(prompts.get("reproduce"));
        var locate = Steps.when("locate", Condition.inputEquals("area", "frontend"),
                        Steps.agent("frontend-root-cause", kit.codeReader(Roles.FRONTEND_DEVELOPER, "root_cause", ROOT_CAUSE))
                                .squad("frontend").prompt(prompts.get("frontend-root-cause")))
                .otherwise(Steps.agent("backend-root-cause", kit.codeReader(Roles.BACKEND_DEVELOPER, "root_cause", ROOT_CAUSE))
                        .squad("backend").prompt(prompts.get("backend-root-cause")));
        var fix = Steps.agent("draft-fix", kit.codeWriter(Roles.BACKEND_DEVELOPER, "fix", FIX))
                .squad("backend").prompt(prompts.get("draft-fix"));
        var regression = Steps.agent("regression-test", kit.codeWriter(Roles.TEST_ENGINEER, "regression_test", REGRESSION))
                .squad("qa").prompt(prompts.get("regression-test"));
        var verifyLoop = ReviewLoop.builder("verify-loop", GATE, Rubric.of(GATE), kit.config())
                .carry("fix", "draft-fix", Steps.agent("revised-fix", kit.codeWriter(Roles.BACKEND_DEVELOPER, "fix", FIX))
                        .squad("backend").prompt(prompts.get("revised-fix")))
                .carry("regression", "regression-test", Steps.agent("revised-regression-test",
                        kit.codeWriter(Roles.TEST_ENGINEER, "regression_test", REGRESSION)).squad("qa")
                        .prompt(prompts.get("revised-regression-test")))
                .review(Steps.agent("verification", kit.codeReader(Roles.QA_LEAD, "bug_fix_verification",
                        OutputSchemas.review(Rubric.of(GATE)))).squad("qa").prompt(prompts.get("verification")))
                .build();
        var patchCheck = Steps.task("patch-check", "check that the last fix's patch is a well-formed unified diff",
                BugResolutionRecipe::checkPatch);
        var analysis = Steps.task("analysis", "write the reproduction, the root cause and the fix as one Markdown document",
                BugResolutionRecipe::analysis);

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(outline, reproduce, locate, fix, regression, verifyLoop, patchCheck, analysis)
                .deliverable("changes", "fix.patch")
                .deliverable("fix_summary", "fix.summary")
                .deliverable("regression_test", "regression.test_files")
                .deliverable("analysis", "analysis")
                .deliverable("root_cause", "locate")
                .deliverable("patch_check", "patch-check")
                .deliverable("review", "verification")
                .build();
    }

    static ObjectNode checkPatch(TaskContext ctx) {
        JsonNode fix = ctx.json("fix");
        List<String> problems = PatchCheck.problems(fix.path("patch").asText(""));
        ObjectNode out = NODES.objectNode();
        out.put("well_formed", problems.isEmpty());
        out.put("written", fix.path("written").asBoolean(false));
        problems.forEach(out.putArray("problems")::add);
        return out;
    }

    static String analysis(TaskContext ctx) {
        JsonNode repro = ctx.json("reproduce");
        JsonNode cause = ctx.json("locate");
        JsonNode fix = ctx.json("fix");
        StringBuilder md = new StringBuilder("# Bug analysis\n\n## Report\n").append(ctx.inputText("bug_report").strip())
                .append("\n\n## Reproduction\n").append(repro.path("reproduction").asText("").strip())
                .append("\n\nFailing behaviour: ").append(repro.path("failing_behaviour").asText("").strip())
                .append("\n\nWhy the regression test fails on the current code: ")
                .append(repro.path("why_it_fails_now").asText("").strip())
                .append("\n\n## Root cause\n`").append(cause.path("file").asText("?")).append(':')
                .append(cause.path("line").asText("?")).append("`: ").append(cause.path("explanation").asText("").strip())
                .append('\n');
        for (JsonNode e : cause.path("evidence")) md.append("\n- ").append(e.asText());
        JsonNode regression = ctx.json("regression");
        md.append("\n\n## Regression test\n");
        for (JsonNode f : regression.path("test_files")) md.append("`").append(f.path("path").asText()).append("`\n");
        md.append("\nFails before the fix: ").append(regression.path("fails_before").asText("").strip())
                .append("\n\nPasses after: ").append(regression.path("passes_after").asText("").strip());
        md.append("\n\n## Fix\n").append(fix.path("summary").asText("").strip()).append("\n\nFiles changed:");
        for (JsonNode f : fix.path("files_changed")) md.append("\n- `").append(f.asText()).append('`');
        md.append("\n\n").append(fix.path("written").asBoolean(false)
                ? "The fix was written to the workspace; `changes.patch` is the change applied."
                : "Nothing was written to the workspace: apply `changes.patch` (`git apply changes.patch`).").append('\n');
        return md.toString();
    }

    @Override
    public String notes() {
        return "An engineering-operations workflow, run on a repository: `workspace` is its directory, and every "
                + "agent that reads code gets the read-only workspace tools (list, search, read the lines, cite "
                + "`file:line`). The test engineer (QA) reproduces the bug from the code and writes the regression "
                + "test first, at its repository path, failing on the current code. The root cause is located by the "
                + "frontend developer when `area` is `frontend` (a UI bug), else by the backend developer, at a "
                + "`file:line` read with the tools. The backend developer drafts the fix; the test engineer brings the "
                + "regression test to its final form against it (why it fails before and passes after); the QA lead "
                + "verifies the current fix and test against the `bug-fix-verification` rubric (root cause addressed, test fails before and "
                + "passes after, no regression, minimal change), and each rejection is answered by a complete revised "
                + "fix and test (bounded). Writing is the caller's opt-in (`PredefinedWorkflow.withWritableWorkspace()`, the "
                + "runner's `--write`): only then do the fixer and the test engineer get `write_file` and `apply_patch` and change the "
                + "repository; otherwise nothing in the workspace changes and the fix is `changes.patch`, a unified "
                + "diff whose form plain Java checks (`bug/patch-check.json`) before you `git apply` it.";
    }

    @Override
    public String reportNotice() {
        return "Apply `changes.patch` with `git apply` when the run did not write to the repository (see "
                + "`bug/patch-check.json`), then run the regression test: it must fail before the fix and pass after.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("changes", "the last verified fix and its regression test as a unified diff (changes.patch); applied "
                + "to the workspace only with the writing opt-in");
        d.put("fix_summary", "what the fix changes and why it addresses the root cause (bug/fix-summary.md)");
        d.put("regression_test", "[{path, language, content}]: the regression test (written first, then checked against "
                + "the fix), at its repository path");
        d.put("analysis", "reproduction, root cause at file:line and the fix, as Markdown (bug/analysis.md)");
        d.put("root_cause", "{file, line, explanation, evidence, related} (bug/root-cause.json)");
        d.put("patch_check", "{well_formed, written, problems}: the patch's form checked in Java (bug/patch-check.json)");
        d.put("review", "the QA lead's last verdict against the bug-fix-verification rubric {criteria: {root_cause, "
                + "regression_test, no_regression, minimal_change: {score, evidence}}, score, approved, blockers, issues, "
                + "feedback} (bug/review.json)");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("changes", "changes.patch");
        f.put("fix_summary", "bug/fix-summary.md");
        f.put("regression_test", "./");
        f.put("analysis", "bug/analysis.md");
        f.put("root_cause", "bug/root-cause.json");
        f.put("patch_check", "bug/patch-check.json");
        f.put("review", "bug/review.json");
        return f;
    }
}
