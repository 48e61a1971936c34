package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.tool.workspace.Workspace;
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
 * Workflow Migration (engineering operations), on a repository, with a dry-run mode: the workspace outline → the
 * inventory of what the migration touches ({@code file:line}, read with the tools) → the migration plan (ordered
 * steps, each with its check) → the change as a unified diff → the rollback plan (every step's reverse, the reverse
 * migration as a diff) → the readiness loop (the CI/CD specialist against the {@code migration-readiness} rubric;
 * each rejection answered by a complete revised change and rollback) → the dry-run checks in plain Java (the
 * patches' form, every changed file exists or is created, every plan step has a check and a reverse) → apply, only
 * when {@code dry_run} is false and the checks passed: written to the workspace with the caller's writing opt-in,
 * else {@code changes.patch}. The {@code kind} picks who does the migration's work: the data squad (database
 * engineer, database architect) for a database, the backend developer for a framework, the infrastructure engineer
 * (DevOps) for infrastructure. No agent ever gets a writing tool: the only write is the Java apply step's.
 *
 * <pre>{@code
 * Workflow w = MigrationRecipe.INSTANCE.build(kit.withWorkspace(Workspace.readOnly(repo)),
 *         MigrationRecipe.INSTANCE.input());
 * }</pre>
 */
public final class MigrationRecipe implements Recipe {
    public static final MigrationRecipe INSTANCE = new MigrationRecipe();
    public static final String GATE = "migration-readiness";
    /** The kinds of migration, each with the squad that does its work. */
    public static final List<String> KINDS = List.of("database", "framework", "infrastructure");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final InputSpec INPUT = InputSpec.builder()
            .required("workspace", "the repository to migrate: an existing directory, read-only unless the caller opts into writing")
            .field(InputField.required("kind", FieldType.STRING, "what is migrated: database, framework or infrastructure")
                    .allowing(KINDS.toArray(String[]::new)))
            .required("from", "what runs today, e.g. PostgreSQL 12, Spring Boot 2.7, Heroku")
            .required("to", "the migration's target, e.g. PostgreSQL 16, Spring Boot 3.3, Kubernetes")
            .field(InputField.optional("dry_run", FieldType.BOOLEAN, "true: plan, validate and write nothing; false: "
                    + "apply the validated change (to the workspace with the writing opt-in, else as changes.patch)")
                    .withDefault(NODES.booleanNode(true)))
            .field(InputField.optional("max_downtime", FieldType.STRING, "the longest acceptable downtime, e.g. "
                    + "'zero', '5 minutes'").withDefault(NODES.textNode("not given")))
            .field(InputField.optional("constraints", FieldType.LIST, "other constraints (texts), e.g. 'no data loss', "
                    + "'keep the public API'"))
            .build();

    static final JsonNode INVENTORY = object(
            prop("touches", array(object(
                    prop("file", string("repository-relative path")),
                    prop("line", integer("line read (1-based)")),
                    prop("what", string("what is there: a query, an import, a dependency, a resource")),
                    prop("change", string("what the migration changes there"))))),
            prop("summary", string("what the migration touches, in a paragraph")),
            prop("risks", strings("what could break: data, compatibility, downtime, each with its file:line")),
            prop("not_found", strings("what the repository does not show and the migration needs to know")));

    static final JsonNode PLAN = object(
            prop("steps", array(object(
                    prop("order", integer("the step's position, 1-based")),
                    prop("title", string("what the step does")),
                    prop("action", string("how: the command, script or change")),
                    prop("check", string("how to verify the step succeeded before the next one")),
                    prop("files", strings("repository paths the step changes"))))),
            prop("downtime", string("the expected downtime and why, against the maximum given")),
            prop("preconditions", strings("what must hold before step 1: backups, freezes, versions")),
            prop("point_of_no_return", string("the first step that cannot be reversed, or 'none'")));

    static final JsonNode CHANGE = object(
            prop("patch", string("unified diff (--- a/path, +++ b/path, @@ hunks; --- /dev/null for a new file) of the "
                    + "migration scripts and code changes")),
            prop("summary", string("what the change does, step by step of the plan")),
            prop("files_changed", strings("repository-relative paths the patch changes or creates")));

    static final JsonNode ROLLBACK = object(
            prop("steps", array(object(
                    prop("order", integer("the plan step it reverses")),
                    prop("reverse", string("how to undo that step")),
                    prop("check", string("how to verify it was undone"))))),
            prop("reverse_patch", string("unified diff of the reverse migration (down scripts, restored files) "
                    + "against the migrated state; empty when reverting the change is enough")),
            prop("triggers", strings("the measured signals that mean roll back")),
            prop("data_safety", string("what data can be lost or must be restored from backup on the way back")));

    private MigrationRecipe() {
    }

    @Override public String id() { return "migration"; }
    @Override public String name() { return "Migration"; }
    @Override public String description() {
        return "Migrate a repository's database, framework or infrastructure safely: inventory, ordered plan, the change as a patch, a rollback plan and a dry run before anything is applied";
    }
    @Override public List<SquadId> squads() { return List.of(SquadId.DATA, SquadId.BACKEND, SquadId.DEVOPS); }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input).nonBlankStrings("constraints", false);
        if (input.path("workspace").asText("").isBlank()) c.problem("input.workspace", "must name the repository's directory, was blank");
        else c.directory("workspace");
        if (input.path("from").isTextual() && input.path("to").isTextual()
                && input.path("from").asText().strip().equalsIgnoreCase(input.path("to").asText().strip())) {
            c.problem("input.to", "must differ from input.from, both were \"" + input.path("to").asText() + "\"");
        }
        return c.problems();
    }

    /** The side of each kind: the step id's prefix, its squad and the role doing the step. */
    private record Side(String kind, String prefix, String squad, Role inventory, Role plan, Role change) {
    }

    private static final List<Side> SIDES = List.of(
            new Side("database", "data", "data", Roles.DATABASE_ENGINEER, Roles.DATABASE_ARCHITECT, Roles.DATABASE_ENGINEER),
            new Side("framework", "backend", "backend", Roles.BACKEND_DEVELOPER, Roles.BACKEND_DEVELOPER, Roles.BACKEND_DEVELOPER),
            new Side("infrastructure", "devops", "devops", Roles.INFRASTRUCTURE_ENGINEER, Roles.INFRASTRUCTURE_ENGINEER,
                    Roles.INFRASTRUCTURE_ENGINEER));

    /** The conditional {@code id}: database's step, otherwise framework's, otherwise infrastructure's. */
    private static Step byKind(String id, java.util.function.Function<Side, Step> step) {
        Side db = SIDES.get(0);
        Side fw = SIDES.get(1);
        Side infra = SIDES.get(2);
        return Steps.when(id, Condition.inputEquals("kind", db.kind()), step.apply(db))
                .otherwise(Steps.when(id + "-not-database", Condition.inputEquals("kind", fw.kind()), step.apply(fw))
                        .otherwise(step.apply(infra)));
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        var outline = Steps.task("source", "list the files of the workspace for the agents that read them with the tools",
                ctx -> SourceSummary.tree(Path.of(ctx.inputText("workspace"))));
        var inventory = byKind("inventory", s -> agent(kit, prompts, s.prefix() + "-inventory", s.inventory(),
                "migration_inventory", INVENTORY, s.squad()));
        var plan = byKind("plan", s -> agent(kit, prompts, s.prefix() + "-plan", s.plan(), "migration_plan", PLAN, s.squad()));
        var change = byKind("draft-change", s -> agent(kit, prompts, s.prefix() + "-change", s.change(),
                "migration_change", CHANGE, s.squad()));
        var rollback = Steps.agent("rollback-plan", kit.codeReader(Roles.INFRASTRUCTURE_ENGINEER, "migration_rollback", ROLLBACK))
                .squad("devops").prompt(prompts.get("rollback-plan"));
        var readiness = ReviewLoop.builder("readiness-loop", GATE, Rubric.of(GATE), kit.config())
                .carry("change", "draft-change", byKind("revised-change", s -> agent(kit, prompts,
                        s.prefix() + "-revised-change", s.change(), "migration_change", CHANGE, s.squad())))
                .carry("rollback", "rollback-plan", Steps.agent("revised-rollback",
                        kit.codeReader(Roles.INFRASTRUCTURE_ENGINEER, "migration_rollback", ROLLBACK)).squad("devops")
                        .prompt(prompts.get("revised-rollback")))
                .review(Steps.agent("readiness-review", kit.codeReader(Roles.CICD_SPECIALIST, "migration_readiness",
                        OutputSchemas.review(Rubric.of(GATE)))).squad("devops").prompt(prompts.get("readiness-review")))
                .build();
        var dryRun = Steps.task("dry-run", "check the last change and rollback in plain Java: the patches' form, that every "
                + "file the change modifies exists or is created, that every plan step has a check and a reverse",
                MigrationRecipe::dryRunCheck);
        Optional<Workspace> writable = kit.writableWorkspace();
        int threshold = kit.config().thresholdOf(GATE);
        var apply = Steps.when("apply", WorkspaceChanges.NOT_DRY_RUN,
                Steps.task("apply-change", "write the validated change to the workspace when the caller opted into "
                        + "writing (else it stays changes.patch)", ctx -> applyChange(writable, threshold, ctx)));
        var summary = Steps.task("migration-summary", "write the plan, the dry-run results, the rollback plan and what "
                + "was applied as one Markdown document", MigrationRecipe::summary);

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(outline, inventory, plan, change, rollback, readiness, dryRun, apply, summary)
                .deliverable("changes", "change.patch")
                .deliverable("summary", "migration-summary")
                .deliverable("inventory", "inventory")
                .deliverable("plan", "plan")
                .deliverable("rollback", "rollback")
                .deliverable("reverse_patch", "rollback.reverse_patch")
                .deliverable("dry_run", "dry-run")
                .deliverable("review", "readiness-review")
                .deliverable("applied", "apply")
                .build();
    }

    private static Step agent(AgentKit kit, StepPrompts prompts, String id, Role role, String schemaName, JsonNode schema,
                              String squad) {
        return Steps.agent(id, kit.codeReader(role, schemaName, schema)).squad(squad).prompt(prompts.get(id));
    }

    static ObjectNode dryRunCheck(TaskContext ctx) {
        Path root = Path.of(ctx.inputText("workspace"));
        JsonNode change = ctx.json("change");
        JsonNode rollback = ctx.json("rollback");
        JsonNode plan = ctx.json("plan");
        ObjectNode out = NODES.objectNode();
        out.put("dry_run", ctx.json("input.dry_run").asBoolean(true));
        List<String> all = new ArrayList<>();

        String patch = change.path("patch").asText("");
        List<String> form = PatchCheck.problems(patch);
        List<String> files = form.isEmpty() ? WorkspaceChanges.fileProblems(root, patch) : List.of();
        ObjectNode p = out.putObject("patch");
        p.put("well_formed", form.isEmpty());
        form.forEach(p.putArray("problems")::add);
        ArrayNode touched = p.putArray("files");
        for (WorkspaceChanges.Touched t : WorkspaceChanges.files(patch)) {
            touched.addObject().put("path", t.path()).put("action", t.created() ? "create" : t.deleted() ? "delete" : "modify");
        }
        files.forEach(p.putArray("file_problems")::add);
        form.forEach(f -> all.add("change.patch: " + f));
        files.forEach(f -> all.add("change.patch: " + f));

        Set<Integer> orders = new LinkedHashSet<>();
        List<String> withoutCheck = new ArrayList<>();
        for (JsonNode s : plan.path("steps")) {
            int order = s.path("order").asInt(0);
            orders.add(order);
            if (s.path("check").asText("").isBlank()) withoutCheck.add("step " + order + " (" + s.path("title").asText("") + ")");
        }
        ObjectNode pl = out.putObject("plan");
        pl.put("steps", plan.path("steps").size());
        withoutCheck.forEach(pl.putArray("steps_without_check")::add);
        if (orders.isEmpty()) all.add("plan: no steps");
        withoutCheck.forEach(w -> all.add("plan: " + w + " has no check"));

        Set<Integer> reversed = new LinkedHashSet<>();
        for (JsonNode s : rollback.path("steps")) {
            if (!s.path("reverse").asText("").isBlank()) reversed.add(s.path("order").asInt(0));
        }
        List<Integer> missing = orders.stream().filter(o -> !reversed.contains(o)).toList();
        ObjectNode rb = out.putObject("rollback");
        missing.forEach(rb.putArray("steps_without_reverse")::add);
        missing.forEach(m -> all.add("rollback: plan step " + m + " has no reverse"));
        String reverse = rollback.path("reverse_patch").asText("");
        List<String> reverseForm = reverse.isBlank() ? List.of() : PatchCheck.problems(reverse);
        rb.put("reverse_patch", reverse.isBlank() ? "none (reverting the change is enough)" : reverseForm.isEmpty() ? "well formed" : "malformed");
        reverseForm.forEach(rb.putArray("reverse_patch_problems")::add);
        reverseForm.forEach(f -> all.add("rollback.reverse_patch: " + f));

        out.put("passed", all.isEmpty());
        all.forEach(out.putArray("problems")::add);
        out.put("written", false);
        return out;
    }

    /** Whether the reviewer's last verdict passes the gate: approved, no blocker, the rubric's score at the threshold. */
    static boolean reviewPassed(JsonNode review, Rubric rubric, int threshold) {
        boolean blocked = false;
        for (JsonNode b : review.path("blockers")) blocked |= !b.asText("").isBlank();
        for (JsonNode i : review.path("issues")) blocked |= i.path("severity").asText("").equalsIgnoreCase("critical");
        return review.path("approved").asBoolean(false) && !blocked && rubric.score(review.path("criteria")) >= threshold;
    }

    static ObjectNode applyChange(Optional<Workspace> writable, int threshold, TaskContext ctx) {
        JsonNode check = ctx.json("dry-run");
        if (!check.path("passed").asBoolean(false)) {
            ObjectNode out = NODES.objectNode().put("written", false);
            out.putArray("files");
            out.put("note", "not applied: the dry-run checks failed (see migration/dry-run.json)");
            return out;
        }
        if (!reviewPassed(ctx.json("readiness-review"), Rubric.of(GATE), threshold)) {
            ObjectNode out = NODES.objectNode().put("written", false);
            out.putArray("files");
            out.put("note", "not applied: the readiness review did not pass the change (see migration/review.json)");
            return out;
        }
        return WorkspaceChanges.apply(writable, ctx, ctx.json("change").path("patch").asText(""));
    }

    static String summary(TaskContext ctx) {
        boolean dry = ctx.json("input.dry_run").asBoolean(true);
        JsonNode plan = ctx.json("plan");
        JsonNode rollback = ctx.json("rollback");
        JsonNode check = ctx.json("dry-run");
        StringBuilder md = new StringBuilder("# Migration: ").append(ctx.inputText("kind")).append(", ")
                .append(ctx.inputText("from").strip()).append(" → ").append(ctx.inputText("to").strip()).append("\n\n")
                .append(dry ? "**Dry run**: nothing was applied to the workspace.\n" : "**Applied run.**\n")
                .append("\n## What it touches\n").append(ctx.json("inventory").path("summary").asText("").strip()).append('\n');
        for (JsonNode t : ctx.json("inventory").path("touches")) {
            md.append("\n- `").append(t.path("file").asText("?")).append(':').append(t.path("line").asText("?")).append("` ")
                    .append(t.path("what").asText("")).append(": ").append(t.path("change").asText(""));
        }
        md.append("\n\n## Plan\nDowntime: ").append(plan.path("downtime").asText("not stated")).append(" (maximum: ")
                .append(ctx.inputText("max_downtime")).append(")\n\nPoint of no return: ")
                .append(plan.path("point_of_no_return").asText("not stated")).append("\n\n| # | step | check | reverse |\n|---|---|---|---|\n");
        Map<Integer, String> reverse = new LinkedHashMap<>();
        for (JsonNode s : rollback.path("steps")) reverse.put(s.path("order").asInt(0), s.path("reverse").asText(""));
        for (JsonNode s : plan.path("steps")) {
            int order = s.path("order").asInt(0);
            md.append("| ").append(order).append(" | ").append(cell(s.path("title").asText(""))).append(" | ")
                    .append(cell(s.path("check").asText(""))).append(" | ")
                    .append(cell(reverse.getOrDefault(order, "**missing**"))).append(" |\n");
        }
        md.append("\n## Dry-run checks\n").append(check.path("passed").asBoolean(false) ? "Passed." : "Failed:").append('\n');
        for (JsonNode p : check.path("problems")) md.append("\n- ").append(p.asText());
        md.append("\n\n## Rollback\nTriggers:");
        for (JsonNode t : rollback.path("triggers")) md.append("\n- ").append(t.asText());
        md.append("\n\nData safety: ").append(rollback.path("data_safety").asText("not stated")).append("\n\n## Applied\n");
        JsonNode applied = ctx.json("apply");
        if (dry) {
            md.append("Nothing: a dry run. `changes.patch` is the validated change; run again with `dry_run: false` to apply it.\n");
        } else if (applied.path("written").asBoolean(false)) {
            md.append("The change was written to the workspace:");
            for (JsonNode f : applied.path("files")) md.append("\n- `").append(f.asText()).append('`');
            md.append('\n');
        } else {
            md.append(applied.path("note").asText("Nothing was written.")).append('\n');
        }
        return md.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ").strip();
    }

    @Override
    public String notes() {
        return "An engineering-operations workflow, run on a repository, with a dry-run mode (`dry_run`, true by "
                + "default). `kind` picks who does the migration's work, every branch visible in the plan and the "
                + "diagram: a `database` migration is inventoried and changed by the database engineer and planned by "
                + "the database architect (data squad), a `framework` migration by the backend developer, an "
                + "`infrastructure` migration by the infrastructure engineer (DevOps). They read the repository with the "
                + "read-only workspace tools: the inventory cites every place touched as `file:line`; the plan orders the "
                + "steps, each with the check that proves it before the next; the change is a unified diff of the "
                + "migration scripts and code changes. The infrastructure engineer writes the rollback plan (every plan "
                + "step's reverse, the trigger signals, the reverse migration as a diff); the CI/CD specialist reviews the "
                + "change and the rollback against the `migration-readiness` rubric (inventory complete, plan ordered "
                + "and checked, rollback complete, within the constraints), and each rejection is answered by a complete "
                + "revised change and rollback (bounded). Plain Java then checks the last versions (`migration/dry-run.json`): "
                + "both patches' form, that every file the change modifies exists in the workspace and every file it "
                + "creates does not, that every plan step has a check and a reverse. A dry run stops there and writes "
                + "nothing, even with the writing opt-in. With `dry_run: false` the `apply` step runs, and only when the "
                + "checks passed and the review approved: with the caller's opt-in (`PredefinedWorkflow.withWritableWorkspace()`, "
                + "the runner's `--write`) it writes the change to the workspace (every hunk checked before any file is "
                + "written), otherwise nothing is written and `changes.patch` is the change to `git apply`. No agent gets a "
                + "writing tool.";
    }

    @Override
    public String reportNotice() {
        return "A dry run (the default) changed nothing: read `MIGRATION.md`, `migration/dry-run.json` and "
                + "`migration/rollback.json`, then apply `changes.patch` with `git apply` or run again with "
                + "`dry_run: false` (and `--write` to let the workflow write it).";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("changes", "the last reviewed change (migration scripts, code changes) as a unified diff (changes.patch); "
                + "written to the workspace only when dry_run is false, the checks passed and the caller opted in");
        d.put("summary", "the migration as Markdown: what it touches, the plan with each step's check and reverse, the "
                + "dry-run results, the rollback and what was applied (MIGRATION.md)");
        d.put("inventory", "{touches: [{file, line, what, change}], summary, risks, not_found} (migration/inventory.json)");
        d.put("plan", "{steps: [{order, title, action, check, files}], downtime, preconditions, point_of_no_return} "
                + "(migration/plan.json)");
        d.put("rollback", "{steps: [{order, reverse, check}], reverse_patch, triggers, data_safety}: the last reviewed "
                + "rollback plan (migration/rollback.json)");
        d.put("reverse_patch", "the reverse migration as a unified diff, when one is needed (migration/rollback.patch)");
        d.put("dry_run", "{dry_run, patch: {well_formed, problems, files, file_problems}, plan: {steps, "
                + "steps_without_check}, rollback: {steps_without_reverse, reverse_patch}, passed, problems}: the checks "
                + "in plain Java (migration/dry-run.json)");
        d.put("review", "the CI/CD specialist's last verdict against the migration-readiness rubric {criteria: {inventory, "
                + "plan, rollback, constraints: {score, evidence}}, score, approved, blockers, issues, feedback} "
                + "(migration/review.json)");
        d.put("applied", "{written, files, note}: what the apply step wrote (dry_run false only; migration/applied.json)");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("changes", "changes.patch");
        f.put("summary", "MIGRATION.md");
        f.put("inventory", "migration/inventory.json");
        f.put("plan", "migration/plan.json");
        f.put("rollback", "migration/rollback.json");
        f.put("reverse_patch", "migration/rollback.patch");
        f.put("dry_run", "migration/dry-run.json");
        f.put("review", "migration/review.json");
        f.put("applied", "migration/applied.json");
        return f;
    }
}
