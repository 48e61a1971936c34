package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.gate.CheckResult;
import dev.devora.orchestration.gate.GateInput;
import dev.devora.orchestration.gate.GatePolicy;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.tool.ToolInvocation;
import dev.devora.orchestration.tool.ToolResult;
import dev.devora.orchestration.tool.workspace.CommandResult;
import dev.devora.orchestration.tool.workspace.Workspace;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.TaskContext;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.WorkspaceCommand;
import dev.devora.orchestration.workflows.WorkspaceCommandException;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * Seed 003's workflow 4, Quality Gate, on a repository ({@code workspace}), with auto-fix: outline → checks (the
 * commands the caller enabled, run for real: exit codes and output) → auto-fix when one fails (the quality engineer
 * gets the real output and answers a fix; the commands run again on it, in place with the writing opt-in, else on a
 * temporary copy of the workspace with the fix's patch applied; until they pass or the bound) → the QA lead's review
 * against the {@code code-quality} rubric, reading the code with the tools → the quality gate, whose score is
 * computed here from the real results (share of passing commands, weighted with the review's rubric score), or the
 * review's score alone when no command was enabled.
 *
 * <pre>{@code
 * Workflow w = QualityGateRecipe.INSTANCE.build(kit.withCommands(List.of(WorkspaceCommand.of("lint", "sh", "lint.sh"))),
 *         QualityGateRecipe.INSTANCE.input());
 * }</pre>
 */
public final class QualityGateRecipe implements Recipe {
    public static final QualityGateRecipe INSTANCE = new QualityGateRecipe();
    /** The gate's name and the rubric of the review. */
    public static final String GATE = "quality-gate";
    public static final String RUBRIC = "code-quality";
    /** The weights of the score when commands ran: the share of passing commands, the review's rubric score. */
    public static final int COMMANDS_WEIGHT = 80;
    public static final int REVIEW_WEIGHT = 20;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final InputSpec INPUT = InputSpec.builder()
            .required("workspace", "the repository's directory (read-only unless the caller opts into writing)")
            .field(InputField.optional("scope", FieldType.STRING, "what to check: paths, a module or the change under review")
                    .withDefault(NODES.textNode("the whole repository")))
            .field(InputField.optional("standards", FieldType.STRING, "the project's coding standards or conventions to review against")
                    .withDefault(NODES.textNode("the conventions the code already follows")))
            .build();

    static final JsonNode FIX = object(
            prop("patch", string("unified diff (--- a/path, +++ b/path, @@ hunks) of the whole fix, against the code as it was before the auto-fix")),
            prop("summary", string("what the fix changes, problem by problem, citing the command output it answers")),
            prop("files_changed", strings("repository-relative paths the patch changes")),
            prop("written", Schema.bool("true when the change was written to the workspace with the tools")));

    private QualityGateRecipe() {
    }

    @Override public String id() { return "quality-gate"; }
    @Override public String name() { return "Quality Gate"; }
    @Override public String description() { return "Run a repository's checks (type check, lint, tests), auto-fix what fails and score its quality out of 100, or review the code when no command is enabled"; }
    @Override public List<SquadId> squads() { return List.of(SquadId.QA); }
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
        List<WorkspaceCommand> commands = kit.commands();
        Optional<Workspace> writable = kit.writableWorkspace();
        Rubric rubric = Rubric.of(RUBRIC);
        int threshold = kit.config().thresholdOf(GATE);

        var outline = Steps.task("source", "list the files of the workspace for the agents that read them with the tools",
                ctx -> SourceSummary.tree(Path.of(ctx.inputText("workspace"))));
        var checks = Steps.task("checks", "run the enabled commands in the workspace: exit codes and output",
                ctx -> runAll(commands, Path.of(ctx.inputText("workspace"))));
        var failing = Steps.task("failing", "the latest results of the commands and the previous fix, for the fixer",
                ctx -> failing(ctx, writable.isPresent()));
        var fix = Steps.agent("fix", kit.codeWriter(Roles.QUALITY_ENGINEER, "quality_fix", FIX))
                .squad("qa").prompt(prompts.get("fix"));
        var recheck = Steps.task("recheck", writable.isPresent()
                        ? "run the commands again in the workspace, after the fix written in place"
                        : "run the commands again on a temporary copy of the workspace with the fix's patch applied",
                ctx -> recheck(ctx, commands, writable.orElse(null)));
        var loop = Steps.loop("fix-loop", Steps.sequence("fix-round", failing, fix, recheck))
                .until(new ChecksGate("auto-fix"), 100).maxIterations(kit.config().maxIterations());
        var autoFix = Steps.when("auto-fix", Condition.of("a command failed",
                        s -> s.json("checks.ran").asBoolean(false) && !s.json("checks.all_passed").asBoolean(true)), loop)
                .otherwise(Steps.task("no-fix", "nothing to fix: every command passed, or none was enabled",
                        ctx -> ctx.json("checks.ran").asBoolean(false)
                                ? "Every enabled command passed: nothing to fix."
                                : "No command was enabled: the code is reviewed only."));
        var results = Steps.task("results", "every command before and after the fix, and the change made",
                QualityGateRecipe::results);
        var review = Steps.agent("review", kit.codeReader(Roles.QA_LEAD, "code_quality_review", OutputSchemas.review(rubric)))
                .squad("qa").prompt(rubric.appendTo(prompts.get("review"), threshold));
        var score = Steps.gate(GATE, Steps.task("quality-score", "the score out of 100, computed from the real results",
                        ctx -> score(ctx, rubric, threshold)), new ScoreGate(GATE))
                .threshold(threshold).onFailure(GatePolicy.partial());
        var summary = Steps.task("summary", "the quality report as Markdown", QualityGateRecipe::summary);

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(outline, checks, autoFix, results, review, score, summary)
                .deliverable("checks", "results.commands")
                .deliverable("score", "quality-score")
                .deliverable("changes", "results.patch")
                .deliverable("review", "review")
                .deliverable("summary", "summary")
                .build();
    }

    /** Runs every command in {@code dir}, in order. */
    static ObjectNode runAll(List<WorkspaceCommand> commands, Path dir) {
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("commands");
        int passed = 0;
        for (WorkspaceCommand c : commands) {
            CommandResult r = CommandRunner.run(c, dir);
            if (r.passed()) passed++;
            list.add(CommandRunner.toJson(r));
        }
        out.put("ran", !commands.isEmpty());
        out.put("total", commands.size());
        out.put("passed", passed);
        out.put("all_passed", passed == commands.size());
        return out;
    }

    /** The latest results (the first checks on round 1, the last re-run after) and the previous fix, as text. */
    static String failing(TaskContext ctx, boolean writable) {
        int round = ctx.loopIteration();
        JsonNode latest = round > 1 ? ctx.json("recheck") : ctx.json("checks");
        StringBuilder sb = new StringBuilder("Auto-fix round ").append(round).append(". ");
        sb.append(round > 1 ? "The commands run again after your previous fix" : "The commands run on the code as it is")
                .append(": ").append(latest.path("passed").asInt()).append(" of ").append(latest.path("total").asInt())
                .append(" pass.\n");
        if (round > 1 && !latest.path("patch_error").asText("").isEmpty()) {
            sb.append("\nYour previous patch did NOT apply, so nothing changed: ").append(latest.path("patch_error").asText())
                    .append('\n');
        }
        for (JsonNode c : latest.path("commands")) {
            sb.append("\n## ").append(c.path("name").asText()).append(": `").append(argv(c)).append("` — ")
                    .append(c.path("passed").asBoolean() ? "passes" : c.path("timed_out").asBoolean()
                            ? "FAILS: killed at its timeout" : c.path("exit_code").isNull() ? "NOT RUN"
                            : "FAILS: exit code " + c.path("exit_code").asText())
                    .append('\n');
            if (!c.path("passed").asBoolean()) {
                sb.append("```\n").append(c.path("output").asText("").stripTrailing()).append("\n```\n");
            }
        }
        if (round > 1) {
            String previous = ctx.json("fix.patch").asText("");
            sb.append(writable
                    ? "\nYour previous changes are in the workspace (read the files again); answer the further change in `patch`.\n"
                    : "\nThe workspace is unchanged (read-only): each round's patch is applied to a fresh copy of the original "
                    + "code. Answer a complete patch against the original code, replacing this previous one:\n```diff\n"
                    + previous.stripTrailing() + "\n```\n");
        }
        return sb.toString();
    }

    /** The commands again: in the workspace (writable), else on a temporary copy with the fix's patch applied. */
    static ObjectNode recheck(TaskContext ctx, List<WorkspaceCommand> commands, Workspace writable) {
        Path workspace = Path.of(ctx.inputText("workspace"));
        String patch = ctx.json("fix.patch").asText("");
        ObjectNode out;
        if (writable != null) {
            // the fixer writes with the tools; one that only answered a patch gets it applied in place
            int earlierWrites = ctx.loopIteration() > 1 ? ctx.json("recheck.writes").asInt(0) : 0;
            boolean wrote = writable.writes().size() > earlierWrites;
            String error = wrote || patch.isBlank() ? null : applyPatch(writable, patch);
            out = runAll(commands, workspace);
            if (error != null) out.put("patch_error", error);
            out.put("where", "workspace");
            out.put("written_with_tools", wrote);
            out.put("patch_applied", !wrote && error == null && !patch.isBlank());
            out.put("writes", writable.writes().size());
            ArrayNode patches = out.putArray("patches");
            if (ctx.loopIteration() > 1) ctx.json("recheck.patches").forEach(patches::add);
            if (!patch.isBlank() && (wrote || error == null)) patches.add(patch); // what changed the workspace
        } else {
            Path copy = null;
            try {
                copy = TempCopy.of(workspace);
                String error = applyPatch(copy, patch);
                if (error == null) {
                    out = runAll(commands, copy);
                } else {
                    out = notRun(commands, "not run: the fix's patch did not apply to the copy of the workspace: " + error);
                    out.put("patch_error", error);
                }
            } catch (IOException e) {
                throw new WorkspaceCommandException(commands.get(0).name(), "cannot copy the workspace " + workspace
                        + " to re-run the commands on the fix: " + e.getMessage(), e);
            } finally {
                TempCopy.delete(copy);
            }
            out.put("where", "temporary copy of the workspace, with the fix's patch applied");
            out.put("patch_applied", !out.has("patch_error"));
        }
        out.put("round", ctx.loopIteration());
        out.put("patch", patch);
        return out;
    }

    private static ObjectNode notRun(List<WorkspaceCommand> commands, String why) {
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("commands");
        for (WorkspaceCommand c : commands) {
            list.add(CommandRunner.toJson(CommandRunner.notRun(c, why)));
        }
        out.put("ran", false);
        out.put("total", commands.size());
        out.put("passed", 0);
        out.put("all_passed", false);
        return out;
    }

    /**
     * Applies {@code patch} to the folder with the workspace's own {@code apply_patch} tool (nothing is written
     * unless every hunk matches).
     *
     * @return null when applied, else why not
     */
    static String applyPatch(Path folder, String patch) {
        return applyPatch(Workspace.writable(folder), patch);
    }

    /** Applies {@code patch} with the writable workspace's {@code apply_patch}; null when applied, else why not. */
    static String applyPatch(Workspace copy, String patch) {
        if (patch == null || patch.isBlank()) return "the fix has no patch";
        List<String> problems = PatchCheck.problems(patch);
        if (!problems.isEmpty()) return "the patch is not a well-formed unified diff: " + String.join("; ", problems);
        ObjectNode args = NODES.objectNode().put("patch", unfenced(patch));
        ToolResult r;
        try {
            r = copy.toolbox().find("apply_patch").orElseThrow()
                    .call(new ToolInvocation("quality-gate-recheck", "apply_patch", args, "quality-gate", "recheck"));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            return "apply_patch failed: " + e.getMessage();
        }
        return r.error() ? r.content() : null;
    }

    private static String unfenced(String diff) {
        String text = diff.replace("\r\n", "\n");
        String t = text.strip();
        if (t.startsWith("```")) {
            int start = t.indexOf('\n');
            int end = t.lastIndexOf("```");
            return start < 0 || end <= start ? "" : t.substring(start + 1, end);
        }
        return text;
    }

    /** Every command before and after the fix, and the change: {@code checks.json} and {@code changes.patch}. */
    static ObjectNode results(TaskContext ctx) {
        JsonNode before = ctx.json("checks");
        JsonNode after = ctx.output("recheck").isPresent() ? ctx.json("recheck") : null;
        ObjectNode out = NODES.objectNode();
        ObjectNode doc = out.putObject("commands");
        doc.put("ran", before.path("ran").asBoolean(false));
        doc.put("auto_fix", after != null);
        if (after != null) {
            doc.put("fix_rounds", after.path("round").asInt());
            doc.put("rerun_in", after.path("where").asText());
        }
        doc.put("passed_before", before.path("passed").asInt());
        doc.put("passed_after", (after != null ? after : before).path("passed").asInt());
        doc.put("total", before.path("total").asInt());
        ArrayNode list = doc.putArray("commands");
        for (int i = 0; i < before.path("commands").size(); i++) {
            JsonNode b = before.path("commands").get(i);
            ObjectNode c = list.addObject();
            c.put("name", b.path("name").asText());
            c.set("argv", b.path("argv"));
            c.set("before", run(b));
            JsonNode a = after == null ? null : after.path("commands").get(i);
            if (a == null) c.putNull("after");
            else c.set("after", run(a));
            JsonNode last = a == null ? b : a;
            c.set("exit_code", last.path("exit_code"));
            c.put("passed", last.path("passed").asBoolean());
        }
        String patch = after == null ? "" : patchOf(ctx, after);
        if (!patch.isBlank()) out.put("patch", patch);
        return out;
    }

    /**
     * The fix's change: the last round's patch when it applied (read-only); every round's change that reached the
     * workspace, in order, when written in place. Empty (no {@code changes.patch}) when none did.
     */
    private static String patchOf(TaskContext ctx, JsonNode after) {
        if (!"workspace".equals(after.path("where").asText())) {
            return after.path("patch_applied").asBoolean(false) ? after.path("patch").asText("") : ""; // one that applies
        }
        List<String> all = new ArrayList<>();
        after.path("patches").forEach(p -> all.add(p.asText().stripTrailing() + "\n"));
        return String.join("", all);
    }

    private static ObjectNode run(JsonNode c) {
        ObjectNode r = NODES.objectNode();
        r.set("exit_code", c.path("exit_code"));
        r.put("passed", c.path("passed").asBoolean());
        r.put("timed_out", c.path("timed_out").asBoolean());
        r.put("duration_ms", c.path("duration_ms").asLong());
        r.put("output", c.path("output").asText(""));
        return r;
    }

    /** The score: from the commands' real results weighted with the review, or the review alone without commands. */
    static ObjectNode score(TaskContext ctx, Rubric rubric, int threshold) {
        JsonNode checks = ctx.json("results.commands");
        JsonNode review = ctx.json("review");
        int reviewScore = rubric.score(review.path("criteria"));
        boolean ran = checks.path("ran").asBoolean(false);
        ObjectNode out = NODES.objectNode();
        int score;
        if (ran) {
            int total = checks.path("total").asInt();
            int passed = checks.path("passed_after").asInt();
            int commandsScore = total == 0 ? 0 : (int) Math.round(100.0 * passed / total);
            score = (int) Math.round((COMMANDS_WEIGHT * commandsScore + REVIEW_WEIGHT * reviewScore) / 100.0);
            out.put("score", score);
            out.put("basis", "commands and review");
            out.put("commands_score", commandsScore);
            out.put("review_score", reviewScore);
            out.putObject("weights").put("commands", COMMANDS_WEIGHT).put("review", REVIEW_WEIGHT);
            out.put("passed_before", checks.path("passed_before").asInt());
            out.put("passed_after", passed);
            out.put("total", total);
            ArrayNode failing = out.putArray("failing_commands");
            for (JsonNode c : checks.path("commands")) if (!c.path("passed").asBoolean()) failing.add(c.path("name").asText());
        } else {
            score = reviewScore;
            out.put("score", score);
            out.put("basis", "review");
            out.put("review_score", reviewScore);
        }
        out.put("threshold", threshold);
        out.put("passed", score >= threshold);
        out.put("computed", "in Java from " + (ran ? "the commands' exit codes (" + COMMANDS_WEIGHT + " %) and the review's"
                + " rubric criteria (" + REVIEW_WEIGHT + " %)" : "the review's rubric criteria (no command was enabled)")
                + ", not from a model's total");
        return out;
    }

    static String summary(TaskContext ctx) {
        JsonNode score = ctx.json("quality-score");
        JsonNode checks = ctx.json("results.commands");
        JsonNode review = ctx.json("review");
        StringBuilder md = new StringBuilder("# Quality gate\n\nScore: **").append(score.path("score").asInt())
                .append("/100** (pass mark ").append(score.path("threshold").asInt()).append(": ")
                .append(score.path("passed").asBoolean() ? "passed" : "NOT passed").append("), computed ")
                .append(score.path("computed").asText()).append(".\n\nScope: ").append(ctx.inputText("scope")).append('\n');
        if (checks.path("ran").asBoolean(false)) {
            md.append("\n## Commands\n\n| command | before | after |\n|---|---|---|\n");
            for (JsonNode c : checks.path("commands")) {
                md.append("| `").append(c.path("name").asText()).append("` | ").append(cell(c.path("before")))
                        .append(" | ").append(c.path("after").isNull() ? "not re-run" : cell(c.path("after"))).append(" |\n");
            }
            md.append('\n').append(checks.path("auto_fix").asBoolean()
                    ? "Auto-fix: " + checks.path("fix_rounds").asInt() + " round(s), re-run in the "
                    + checks.path("rerun_in").asText() + (ctx.json("results.patch").isMissingNode()
                    ? "; no patch of the fixer applied, so there is no `changes.patch`."
                    : "; the change is `changes.patch`.")
                    : "Every command passed: no fix was needed.").append('\n');
        } else {
            md.append("\nNo command was enabled: the score is the review's.\n");
        }
        md.append("\n## Review\n\n").append(review.path("feedback").asText("").strip()).append('\n');
        for (JsonNode i : review.path("issues")) {
            md.append("\n- [").append(i.path("severity").asText("?")).append("] ").append(i.path("area").asText(""))
                    .append(": ").append(i.path("problem").asText("")).append(" → ").append(i.path("fix").asText(""));
        }
        return md.append('\n').toString();
    }

    private static String cell(JsonNode run) {
        if (run.path("passed").asBoolean()) return "passes";
        return run.path("exit_code").isNull() && !run.path("timed_out").asBoolean() ? "not run (the patch did not apply)"
                : "FAILS (" + why(run) + ")";
    }

    /** Why a command failed: killed at its timeout, not run (the reason), or its exit code. */
    static String why(JsonNode c) {
        if (c.path("timed_out").asBoolean()) return "killed at its timeout";
        if (c.path("exit_code").isNull() || c.path("exit_code").isMissingNode()) {
            String reason = c.path("output").asText("").lines().findFirst().orElse("");
            return reason.isBlank() ? "not run" : reason;
        }
        return "exit " + c.path("exit_code").asText();
    }

    private static String argv(JsonNode c) {
        List<String> parts = new ArrayList<>();
        c.path("argv").forEach(a -> parts.add(a.asText()));
        return String.join(" ", parts);
    }

    /** The auto-fix loop's exit: every command passes on the fix (score: the share of passing commands). */
    static final class ChecksGate implements QualityGate {
        private final String name;

        ChecksGate(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public GateVerdict evaluate(GateInput in) {
            JsonNode r = in.json();
            if (r == null || !r.isObject()) return GateVerdict.fail(name, 0, in.threshold(), "the commands did not run again");
            int total = Math.max(1, r.path("total").asInt());
            int score = (int) Math.round(100.0 * r.path("passed").asInt() / total);
            GateVerdict.Builder v = GateVerdict.builder(name, score, in.threshold());
            List<String> failed = new ArrayList<>();
            for (JsonNode c : r.path("commands")) {
                boolean passed = c.path("passed").asBoolean();
                v.check(new CheckResult(c.path("name").asText(), passed ? 100 : 0, passed, passed ? "" : why(c)));
                if (!passed) failed.add(c.path("name").asText());
            }
            failed.forEach(f -> v.blocker("command '" + f + "' still fails"));
            v.feedback(failed.isEmpty() ? "Every command passes." : "Still failing: " + String.join(", ", failed));
            return v.build();
        }
    }

    /**
     * The quality gate: the score computed by {@code quality-score}; one check per command and per review criterion;
     * a command that still fails is a blocker.
     */
    static final class ScoreGate implements QualityGate {
        private final String name;

        ScoreGate(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public GateVerdict evaluate(GateInput in) {
            JsonNode s = in.json();
            if (s == null || !s.isObject()) return GateVerdict.fail(name, 0, in.threshold(), "no score was computed");
            int score = s.path("score").asInt();
            GateVerdict.Builder v = GateVerdict.builder(name, score, in.threshold());
            JsonNode checks = in.state().json("results.commands");
            for (JsonNode c : checks.path("commands")) {
                boolean passed = c.path("passed").asBoolean();
                JsonNode last = c.path("after").isObject() ? c.path("after") : c.path("before");
                v.check(new CheckResult("command " + c.path("name").asText(), passed ? 100 : 0, passed, passed ? "" : why(last)));
                if (!passed) v.blocker("command '" + c.path("name").asText() + "' fails (" + why(last) + ")");
            }
            JsonNode criteria = in.state().json("review.criteria");
            for (Rubric.Criterion c : Rubric.of(RUBRIC).criteria()) {
                int cs = Rubric.criterionScore(criteria, c.id());
                v.check(new CheckResult("review " + c.id(), cs, cs >= in.threshold(),
                        criteria.path(c.id()).path("evidence").asText("")));
            }
            v.feedback("Quality score " + score + "/" + in.threshold() + " (" + s.path("basis").asText() + ").");
            return v.build();
        }
    }

    /** A temporary copy of a workspace (without its {@code .git}), for re-running the commands on a patched tree. */
    static final class TempCopy {
        private TempCopy() {
        }

        static Path of(Path source) throws IOException {
            Path root = source.toRealPath();
            Path target = Files.createTempDirectory("devora-quality-gate-");
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(root) && dir.getFileName().toString().equals(".git")) return FileVisitResult.SKIP_SUBTREE;
                    Files.createDirectories(target.resolve(root.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, target.resolve(root.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                    return FileVisitResult.CONTINUE;
                }
            });
            return target;
        }

        static void delete(Path copy) {
            if (copy == null) return;
            try (Stream<Path> all = Files.walk(copy)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException | UncheckedIOException ignored) {
                // a temporary folder left behind is not worth failing the run for
            }
        }
    }

    @Override
    public String notes() {
        return "An engineering-operations workflow, run on a repository (`workspace`), for a pre-commit hook or a CI "
                + "step. The commands it runs (type check, lint, tests) are the caller's opt-in, never an input field: "
                + "`PredefinedWorkflow.withCommands(WorkspaceCommand...)`, the runner's `--command NAME=COMMAND`. Each runs "
                + "through the core's `WorkspaceCommands` (the `run_command` tool's runner): without a shell in the "
                + "workspace, stdin closed, stderr merged, its output bounded (the middle of a long output is cut), killed "
                + "with its child processes at its timeout, and with a minimal environment (`PATH`, `HOME`, the locale…) "
                + "plus the variables the caller names (`WorkspaceCommand.withEnvironment(...)`, the runner's `--pass-env "
                + "NAME[,NAME]`); a secret-looking name (`OPENROUTER_API_KEY`, `*TOKEN*`…) is refused, so no secret "
                + "reaches a command. When one fails, the auto-fix loop starts: the quality "
                + "engineer (QA) gets the commands' real output and answers a fix; the commands run again on it, until "
                + "they all pass or the bound (`maxIterations`). With the writing opt-in (`withWritableWorkspace()`, "
                + "`--write`) the fixer writes in place (a fix answered only as a patch is applied in place by `apply_patch`) and "
                + "the commands re-run in the workspace; otherwise the fix is a "
                + "unified diff applied (by the workspace's `apply_patch`) to a temporary copy of the workspace (without "
                + "`.git`), the commands re-run there, and no fix reaches the workspace: the diff is `changes.patch`. The "
                + "commands' first run is in the workspace itself (copying a repository with its dependencies for a lint "
                + "would cost more than the lint), so enable commands that do not write into it, or point a writing "
                + "one's output elsewhere. "
                + "The QA lead then reviews the code with the read-only tools against the `code-quality` rubric. The gate's "
                + "score out of 100 is computed in Java: with commands, " + COMMANDS_WEIGHT + " % the share of commands "
                + "passing at the end and " + REVIEW_WEIGHT + " % the review's rubric score, a still-failing command being a "
                + "blocker; without commands, the review's rubric score (`quality/score.json`). The runner's "
                + "`--fail-under N` exits with status 4 when the score is below N.";
    }

    @Override
    public String reportNotice() {
        return "The quality score is computed from the commands' real exit codes (`quality/checks.json`, before and "
                + "after the fix) and the review's rubric (`quality/score.json`), not from a model's claim. When the run did "
                + "not write to the repository, apply the fix with `git apply changes.patch` and run the commands again.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("checks", "{ran, auto_fix, fix_rounds, passed_before, passed_after, total, commands: [{name, argv, exit_code, "
                + "passed, before: {exit_code, passed, timed_out, duration_ms, output}, after}]}: each command's real "
                + "results before and after the fix (quality/checks.json; the middle of a long output is cut)");
        d.put("score", "{score, basis, commands_score, review_score, weights, passed_before, passed_after, total, threshold, "
                + "passed}: the score out of 100 computed from the real results (quality/score.json)");
        d.put("changes", "the auto-fix as a unified diff (changes.patch), when a fix's patch applied; written to the workspace only "
                + "with the writing opt-in");
        d.put("review", "the QA lead's verdict against the code-quality rubric {criteria: {correctness, maintainability, "
                + "consistency, tests}, score, approved, blockers, issues, feedback} (quality/review.json)");
        d.put("summary", "the score, each command before and after, and the review, as Markdown (quality/summary.md)");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("checks", "quality/checks.json");
        f.put("score", "quality/score.json");
        f.put("changes", "changes.patch");
        f.put("review", "quality/review.json");
        f.put("summary", "quality/summary.md");
        return f;
    }
}
