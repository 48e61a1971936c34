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
import dev.devora.orchestration.workflows.internal.InputJson;
import dev.devora.orchestration.workflows.internal.Recipe;
import dev.devora.orchestration.workflows.internal.Reports;
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
    private final Recipe recipe;
    private final Workflow definition;
    private final WorkflowConfig config;
    private final WorkflowEngine engine;

    PredefinedWorkflow(Recipe recipe, Workflow definition, WorkflowConfig config, WorkflowEngine engine) {
        this.recipe = recipe;
        this.definition = definition;
        this.config = config;
        this.engine = engine;
    }

    public String id() {
        return recipe.id();
    }

    public String name() {
        return recipe.name();
    }

    public String description() {
        return recipe.description();
    }

    public List<SquadId> squads() {
        return recipe.squads();
    }

    public InputSpec inputSpec() {
        return definition.input();
    }

    /** The workflow definition; extend it with {@code definition().toBuilder()} and {@link #withDefinition}. */
    public Workflow definition() {
        return definition;
    }

    public WorkflowConfig config() {
        return config;
    }

    /** Deliverable path → what it holds. */
    public Map<String, String> deliverableDescriptions() {
        return recipe.deliverables();
    }

    /** The same workflow run by another engine. */
    public PredefinedWorkflow withEngine(WorkflowEngine other) {
        return new PredefinedWorkflow(recipe, definition, config, Objects.requireNonNull(other, "engine"));
    }

    /** Another definition (usually an extension of this one) with this workflow's validation, report and files. */
    public PredefinedWorkflow withDefinition(Workflow extended) {
        return new PredefinedWorkflow(recipe, Objects.requireNonNull(extended, "definition"), config, engine);
    }

    /**
     * Every problem of the input (fields, types, allowed values, and inside lists and objects, within the engine's
     * {@link WorkflowEngine#inputLimits() input limits}); empty when valid.
     */
    public List<ValidationProblem> validate(JsonNode input) {
        List<ValidationProblem> problems = new ArrayList<>();
        definition.input().normalise(input, engine.inputLimits(), problems); // the spec carries the recipe's checks
        return problems;
    }

    /**
     * Runs with the config's budget.
     *
     * @throws InputValidationException listing every problem, before any model call
     */
    public WorkflowResult run(Map<String, ?> input) {
        return run(InputSpec.toJson(input), WorkflowListener.NONE);
    }

    public WorkflowResult run(WorkflowInput input) {
        return run(input.toJson(), WorkflowListener.NONE);
    }

    public WorkflowResult run(JsonNode input) {
        return run(input, WorkflowListener.NONE);
    }

    public WorkflowResult run(JsonNode input, WorkflowListener listener) {
        return engine.run(definition, checked(input), config.budget(), listener);
    }

    public WorkflowResult run(WorkflowInput input, WorkflowListener listener) {
        return run(input.toJson(), listener);
    }

    /** Starts a run asynchronously with the config's budget. */
    public WorkflowRun start(JsonNode input, WorkflowListener listener) {
        return engine.start(definition, checked(input), config.budget(), listener);
    }

    public WorkflowRun start(WorkflowInput input, WorkflowListener listener) {
        return start(input.toJson(), listener);
    }

    /** Runs with other limits than the config's budget. */
    public WorkflowResult run(JsonNode input, RunOptions options, WorkflowListener listener) {
        return engine.run(definition, checked(input), options, listener);
    }

    /** What a run would do, without any model call. */
    public ExecutionPlan plan(Map<String, ?> input) {
        checked(InputSpec.toJson(input));
        return engine.plan(definition, input);
    }

    public ExecutionPlan plan(WorkflowInput input) {
        checked(input.toJson());
        return engine.plan(definition, InputJson.toMap(input.toJson()));
    }

    /**
     * The run's report without timestamps ({@code started_at}/{@code finished_at} null): see
     * {@link #report(WorkflowResult, ReportContext)}.
     */
    public ObjectNode report(WorkflowResult result) {
        return report(result, ReportContext.NONE);
    }

    /**
     * The run's report, one schema for every workflow (docs/workflows.md, "The report"): schema version, run and
     * workflow ids, status, timestamps and duration, where the costs come from, totals, per-step agent, models,
     * tokens, cost, time and retries, per-squad totals, the gate history with failed checks, warnings, the error,
     * the deliverables (under {@code deliverables}) and the files {@link #writeDeliverables} writes.
     */
    public ObjectNode report(WorkflowResult result, ReportContext context) {
        return Reports.of(result, Objects.requireNonNull(context, "context"), recipe.files());
    }

    /**
     * Writes the deliverables as files under {@code directory} (see {@link Deliverables}).
     *
     * @return the files written
     */
    public List<Path> writeDeliverables(WorkflowResult result, Path directory) throws IOException {
        return Deliverables.write(result.deliverables(), directory, recipe.files());
    }

    private JsonNode checked(JsonNode input) {
        List<ValidationProblem> problems = validate(input);
        if (!problems.isEmpty()) throw new InputValidationException(id(), problems);
        return input;
    }

    @Override
    public String toString() {
        return "PredefinedWorkflow[" + id() + "]";
    }
}
