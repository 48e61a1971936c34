package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.engine.ExecutionPlan;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.tool.workspace.Workspace;
import dev.devora.orchestration.workflows.internal.AgentKit;
import dev.devora.orchestration.workflows.internal.InputChecks;
import dev.devora.orchestration.workflows.internal.InputJson;
import dev.devora.orchestration.workflows.internal.Recipe;
import dev.devora.orchestration.workflows.internal.Reports;
import dev.devora.orchestration.workflows.internal.RunReportMarkdown;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A ready-to-run predefined workflow: its definition built for one model provider and {@link WorkflowConfig}, the
 * engine that runs it (a shared {@code WorkflowEngine.create()} created on first use, unless {@link #withEngine}), input validation (top-level fields and inside lists and
 * objects, every problem at once, before any model call), the report and the file writer.
 *
 * <pre>{@code
 * PredefinedWorkflow api = Workflows.apiDevelopment(llm);
 * WorkflowResult result = api.run(Map.of("api_name", "TaskMaster API", ...));
 * JsonNode openapi = result.deliverables().path("api_specification").path("openapi");
 * api.writeDeliverables(result, Path.of("out"));               // openapi.json, API_README.md, …
 *
 * // extend the definition and keep the validation and the report:
 * PredefinedWorkflow extended = api.withDefinition(api.definition().toBuilder()
 *         .step(Steps.agent("security", reviewer).prompt("Review {{endpoints}}")).build());
 * }</pre>
 */
public final class PredefinedWorkflow {
    /** The input field whose directory the code-reading agents get as a read-only workspace. */
    static final String SOURCE_FIELD = "source_code_path";
    /** The input field naming the repository the engineering-operations workflows work on. */
    static final String WORKSPACE_FIELD = "workspace";

    private final Recipe recipe;
    private final AgentKit kit;
    private final Workflow definition;
    private final boolean recipesOwn;
    private final WorkflowConfig config;
    private final WorkflowEngine engine;
    private final boolean writable;
    private final List<WorkspaceCommand> commands;

    PredefinedWorkflow(Recipe recipe, AgentKit kit, Workflow definition, boolean recipesOwn, WorkflowEngine engine) {
        this(recipe, kit, definition, recipesOwn, engine, false, List.of());
    }

    private PredefinedWorkflow(Recipe recipe, AgentKit kit, Workflow definition, boolean recipesOwn, WorkflowEngine engine,
                               boolean writable, List<WorkspaceCommand> commands) {
        this.writable = writable;
        this.commands = List.copyOf(commands);
        this.recipe = recipe;
        this.kit = kit;
        this.definition = definition;
        this.recipesOwn = recipesOwn;
        this.config = kit.config();
        this.engine = engine;
    }

    /** {@return the workflow's id, e.g. {@code api-development}} */
    public String id() {
        return recipe.id();
    }

    /** {@return the workflow's display name} */
    public String name() {
        return recipe.name();
    }

    /** {@return what the workflow does, in one paragraph} */
    public String description() {
        return recipe.description();
    }

    /** {@return the squads whose agents take part} */
    public List<SquadId> squads() {
        return recipe.squads();
    }

    /** {@return the input fields the workflow takes, with their types and descriptions} */
    public InputSpec inputSpec() {
        return definition.input();
    }

    /** {@return the workflow definition; extend it with {@code definition().toBuilder()} and {@link #withDefinition}} */
    public Workflow definition() {
        return definition;
    }

    /** {@return the configuration it was built with (models, thresholds, iterations, budget)} */
    public WorkflowConfig config() {
        return config;
    }

    /** {@return deliverable path → what it holds} */
    public Map<String, String> deliverableDescriptions() {
        return recipe.deliverables();
    }

    /**
     * The same workflow run by another engine.
     *
     * @param other the engine
     * @return a copy using it
     */
    public PredefinedWorkflow withEngine(WorkflowEngine other) {
        return new PredefinedWorkflow(recipe, kit, definition, recipesOwn, Objects.requireNonNull(other, "engine"), writable, commands);
    }

    /**
     * The same workflow allowed to change the repository it works on. The workflows that change code (bug
     * resolution…) then give their fixer a {@linkplain Workspace#writable writable} workspace of the input's
     * {@code workspace} ({@code write_file}, {@code apply_patch}) and it writes the fix; without this opt-in the fixer
     * only reads and answers a unified diff, written as the deliverable {@code changes.patch}. Writing is the
     * caller's decision, not an input field: an input comes from a ticket, an alert or a form, and must not be able
     * to turn a review into a change of the repository; nor is it a {@link WorkflowConfig} option, since the same
     * configuration (models, thresholds) serves read-only and writing runs alike. The other workflows ignore it.
     *
     * <pre>{@code
     * WorkflowResult fixed = Workflows.bugResolution(llm).withWritableWorkspace()
     *         .run(Map.of("workspace", "/src/shop", "bug_report", "Checkout total ignores the discount"));
     * }</pre>
     *
     * @return a copy whose code writers may write
     */
    public PredefinedWorkflow withWritableWorkspace() {
        return new PredefinedWorkflow(recipe, kit, definition, recipesOwn, engine, true, commands);
    }

    /**
     * The same workflow allowed to run these commands in its input's {@code workspace}. The Quality Gate runs them
     * (the project's type check, lint, tests…), gives their real output to its fixer, runs them again on the fix
     * (in place with {@link #withWritableWorkspace()}, else on a temporary copy with the fix's patch applied) and
     * scores their real exit codes. Like writing, running commands is the caller's decision, never an input field:
     * an input may come from an untrusted service and must not choose what runs on this machine. The other
     * workflows ignore them.
     *
     * <pre>{@code
     * WorkflowResult gate = Workflows.qualityGate(llm)
     *         .withCommands(WorkspaceCommand.of("lint", "npm", "run", "lint"), WorkspaceCommand.of("types", "npx", "tsc"))
     *         .run(Map.of("workspace", "/src/shop"));
     * int score = gate.deliverables().path("score").path("score").asInt();
     * }</pre>
     *
     * @param enabled the commands, in the order they run; names must differ
     * @return a copy that runs them (replacing any given before)
     * @throws IllegalArgumentException naming the command when two have the same name
     */
    public PredefinedWorkflow withCommands(WorkspaceCommand... enabled) {
        List<WorkspaceCommand> list = List.of(enabled);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (WorkspaceCommand c : list) {
            if (!names.add(c.name())) throw new IllegalArgumentException("two commands are named '" + c.name() + "'");
        }
        return new PredefinedWorkflow(recipe, kit, definition, recipesOwn, engine, writable, list);
    }

    /** {@return the commands the workflow may run ({@link #withCommands}), in order; empty when none} */
    public List<WorkspaceCommand> commands() {
        return commands;
    }

    /** {@return whether the code writers may change the workspace ({@link #withWritableWorkspace})} */
    public boolean writesWorkspace() {
        return writable;
    }

    /**
     * Another definition (usually an extension of this one) with this workflow's validation, report and files. It
     * runs as given, whatever the input: a {@code source_code_path} is read as that definition's steps read it
     * (see {@link #definitionFor}).
     *
     * @param extended the definition
     * @return a copy running it
     */
    public PredefinedWorkflow withDefinition(Workflow extended) {
        return new PredefinedWorkflow(recipe, kit, Objects.requireNonNull(extended, "definition"), false, engine, writable, commands);
    }

    /**
     * The definition a run of this input uses. For the workflows that take a {@code source_code_path}
     * (documentation, security audit, accessibility, performance), when the input names an existing directory: the
     * workflow built for that directory, whose agents that analyse the code get a read-only
     * {@link dev.devora.orchestration.tool.workspace.Workspace Workspace} of it ({@code list_dir}, {@code read_file},
     * {@code search_text}, {@code file_info}) and instructions to use it, and whose {@code source} step gives them
     * an outline of the directory instead of the fixed summary. The engineering-operations workflows read their
     * {@code workspace} field the same way; with {@link #withWritableWorkspace()} their code writers also get a
     * writable workspace of it. Otherwise {@link #definition()}, as is a definition given with
     * {@link #withDefinition}. {@code run}, {@code start} and {@code plan} use it; pass it to
     * {@code WorkflowEngine.resume} to resume such a run.
     *
     * <pre>{@code
     * PredefinedWorkflow audit = Workflows.securityAudit(llm);
     * Workflow forRepo = audit.definitionFor(InputSpec.toJson(Map.of(..., "source_code_path", "/src/shop")));
     * WorkflowResult resumed = engine.resume(forRepo, runId);
     * }</pre>
     *
     * @param input the run's input
     * @return the definition to run it with; the same instance as {@link #definition()} when nothing is read
     */
    public Workflow definitionFor(JsonNode input) {
        String field = sourceField();
        JsonNode path = input == null || field == null ? null : input.get(field);
        return forSource(path != null && path.isTextual() ? path.asText() : null);
    }

    /** The recipe's field naming the directory its agents read: {@code workspace}, else {@code source_code_path}, else null. */
    private String sourceField() {
        if (recipe.input().field(WORKSPACE_FIELD).isPresent()) return WORKSPACE_FIELD;
        return recipe.input().field(SOURCE_FIELD).isPresent() ? SOURCE_FIELD : null;
    }

    /** The definition for a run whose source directory is {@code path} (null: none, or not a text). */
    private Workflow forSource(String path) {
        if (!recipesOwn || path == null) return definition;
        java.util.Optional<Path> dir = InputChecks.existingDirectory(path);
        if (dir.isEmpty()) return definition; // a missing directory is reported by the input validation
        AgentKit forRun;
        try {
            forRun = kit.withWorkspace(Workspace.readOnly(dir.get())).withCommands(commands);
            if (writable) forRun = forRun.withWritableWorkspace(Workspace.writable(dir.get()));
        } catch (IllegalArgumentException gone) {
            return definition; // removed or unresolvable since: the input validation reports it
        }
        return recipe.build(forRun, definition.input());
    }

    /**
     * Every problem of the input (fields, types, allowed values, and inside lists and objects, within the engine's
     * {@link WorkflowEngine#inputLimits() input limits}).
     *
     * @param input the input as JSON
     * @return the problems, each with its path; empty when valid
     */
    public List<ValidationProblem> validate(JsonNode input) {
        List<ValidationProblem> problems = new ArrayList<>();
        definition.input().normalise(input, engine.inputLimits(), problems); // the spec carries the recipe's checks
        return problems;
    }

    /**
     * Runs with the config's budget.
     *
     * @param input field name → value (text, numbers, booleans, lists and maps)
     * @return the result, whatever the run's status
     * @throws InputValidationException listing every problem, before any model call
     */
    public WorkflowResult run(Map<String, ?> input) {
        return run(InputSpec.toJson(input), WorkflowListener.NONE);
    }

    /**
     * Runs a typed input with the config's budget.
     *
     * @param input the workflow's input record, e.g. {@link ApiDevelopmentInput}
     * @return the result, whatever the run's status
     * @throws InputValidationException listing every problem of the input, before any model call
     */
    public WorkflowResult run(WorkflowInput input) {
        return run(input.toJson(), WorkflowListener.NONE);
    }

    /**
     * Runs a JSON input with the config's budget.
     *
     * @param input the input object
     * @return the result, whatever the run's status
     * @throws InputValidationException listing every problem of the input, before any model call
     */
    public WorkflowResult run(JsonNode input) {
        return run(input, WorkflowListener.NONE);
    }

    /**
     * Runs a JSON input with the config's budget, streaming events to the listener.
     *
     * @param input    the input object
     * @param listener receives the run's events
     * @return the result, whatever the run's status
     * @throws InputValidationException listing every problem of the input, before any model call
     */
    public WorkflowResult run(JsonNode input, WorkflowListener listener) {
        return engine.run(definitionFor(input), input, config.budget(), listener);
    }

    /**
     * Runs a typed input with the config's budget, streaming events to the listener.
     *
     * @param input    the workflow's input record
     * @param listener receives the run's events
     * @return the result, whatever the run's status
     * @throws InputValidationException listing every problem of the input, before any model call
     */
    public WorkflowResult run(WorkflowInput input, WorkflowListener listener) {
        return run(input.toJson(), listener);
    }

    /**
     * Starts a run asynchronously with the config's budget.
     *
     * @param input    the input object
     * @param listener receives the run's events
     * @return the run's handle (progress, cancel, pause, the result's future)
     * @throws InputValidationException listing every problem of the input, before any model call
     */
    public WorkflowRun start(JsonNode input, WorkflowListener listener) {
        return engine.start(definitionFor(input), input, config.budget(), listener);
    }

    /**
     * Starts a run of a typed input asynchronously with the config's budget.
     *
     * @param input    the workflow's input record
     * @param listener receives the run's events
     * @return the run's handle
     * @throws InputValidationException listing every problem of the input, before any model call
     */
    public WorkflowRun start(WorkflowInput input, WorkflowListener listener) {
        return start(input.toJson(), listener);
    }

    /**
     * Runs with other limits than the config's budget.
     *
     * @param input    the input object
     * @param options  the run's limits, id and timeout
     * @param listener receives the run's events
     * @return the result, whatever the run's status
     * @throws InputValidationException listing every problem of the input, before any model call
     */
    public WorkflowResult run(JsonNode input, RunOptions options, WorkflowListener listener) {
        return engine.run(definitionFor(input), input, options, listener);
    }

    /**
     * What a run would do, without any model call.
     *
     * @param input field name → value
     * @return the steps, parallel groups and estimated tokens and cost
     * @throws InputValidationException listing every problem of the input, before any model call
     */
    public ExecutionPlan plan(Map<String, ?> input) {
        String field = sourceField();
        Object path = input == null || field == null ? null : input.get(field);
        // the engine checks the input against the definition's spec
        return engine.plan(forSource(path instanceof String s ? s : null), input);
    }

    /**
     * What a run of a typed input would do, without any model call.
     *
     * @param input the workflow's input record
     * @return the steps, parallel groups and estimated tokens and cost
     * @throws InputValidationException listing every problem of the input, before any model call
     */
    public ExecutionPlan plan(WorkflowInput input) {
        JsonNode json = input.toJson();
        return engine.plan(definitionFor(json), InputJson.toMap(json));
    }

    /**
     * The run's report without timestamps ({@code started_at}/{@code finished_at} null): see
     * {@link #report(WorkflowResult, ReportContext)}.
     *
     * @param result a finished run of this workflow
     * @return the report
     */
    public ObjectNode report(WorkflowResult result) {
        return report(result, ReportContext.NONE);
    }

    /**
     * The run's report, one schema for every workflow (docs/workflows.md, "The report"): schema version, metadata
     * (library version, execution id, generation time), run and workflow ids, status, timestamps and duration, where the costs come from, totals, per-step agent, models,
     * tokens, cost, time and retries, per-squad totals, the gate history with failed checks, warnings, the error and
     * every failure ({@code errors}),
     * the deliverables (under {@code deliverables}) and the files {@link #writeDeliverables} writes.
     *
     * @param result  a finished run of this workflow
     * @param context the run's timestamps
     * @return the report
     */
    public ObjectNode report(WorkflowResult result, ReportContext context) {
        return Reports.of(result, Objects.requireNonNull(context, "context"), recipe.files());
    }

    /**
     * The run's {@code REPORT.md}, readable by a team lead: status, an offline note when simulated, what was done
     * (one row per agent step: agent, model, status, time), the quality gates (attempts, scores against the
     * threshold, the last attempt's failed checks), findings by severity with the critical and high ones listed, the
     * cost (saying whether it is reported, estimated or simulated), the files {@link #writeDeliverables} writes, the
     * errors, and what to do next, derived from all of these; then the workflow's own notes.
     *
     * <pre>{@code
     * Instant started = Instant.now();
     * WorkflowResult result = audit.run(input);
     * String md = audit.reportMarkdown(result, new ReportContext(started, Instant.now(), false));
     * Files.writeString(out.resolve("REPORT.md"), md);
     * }</pre>
     *
     * @param result  a finished run of this workflow (failed and cancelled runs included)
     * @param context the run's timestamps and whether the provider was simulated
     * @return the Markdown text
     */
    public String reportMarkdown(WorkflowResult result, ReportContext context) {
        return RunReportMarkdown.render(Objects.requireNonNull(result, "result"), Objects.requireNonNull(context, "context"),
                recipe.name(), recipe.files(), recipe.reportNotice());
    }

    /**
     * Writes the deliverables as files under {@code directory} (see {@link Deliverables}).
     *
     * @param result    a finished run of this workflow
     * @param directory where to write (created if missing)
     * @return the files written
     * @throws IOException when a file cannot be written
     */
    public List<Path> writeDeliverables(WorkflowResult result, Path directory) throws IOException {
        return Deliverables.write(result.deliverables(), directory, recipe.files());
    }

    /**
     * The files {@link #writeDeliverables} would write, without writing them: relative path → content.
     *
     * <pre>{@code
     * workflow.deliverableFiles(result).keySet();   // e.g. [PRD.md, openapi.json, app/main.py, db/migrations/0001.sql]
     * }</pre>
     *
     * @param result a finished run of this workflow
     * @return the files, in tree order
     */
    public Map<String, String> deliverableFiles(WorkflowResult result) {
        return Deliverables.files(result.deliverables(), recipe.files());
    }

    @Override
    public String toString() {
        return "PredefinedWorkflow[" + id() + "]";
    }
}
