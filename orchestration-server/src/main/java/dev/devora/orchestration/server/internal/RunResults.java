package dev.devora.orchestration.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.server.ApiException;
import dev.devora.orchestration.workflows.PredefinedWorkflow;
import dev.devora.orchestration.workflows.ReportContext;
import dev.devora.orchestration.workflows.WorkflowConfig;
import dev.devora.orchestration.workflows.Workflows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * What the control, output and detail routes share about a run: its summary, its numbered events, its stored input,
 * the predefined workflow it runs, starting a new run, and its result once it has ended. A run this service started
 * gives its result from its handle; a stored run that succeeded (or ended partial) before this service started has
 * its result read back from its journal ({@code engine.resume} of a finished run calls no model and writes nothing);
 * a stored run that failed or was cancelled before has no result to read back. A run whose pass here ended waiting
 * and that was continued by another pass (an answer) is read from the store like a stored one.
 *
 * <pre>{@code
 * RunResults runs = new RunResults(engine, provider, config, started, serviceWorkflows, limits);
 * WorkflowResult result = runs.ended(runId);            // 404 unknown, 409 while it runs
 * String md = runs.workflowOf(runId).reportMarkdown(result, runs.context(runId));
 * }</pre>
 */
public final class RunResults {
    /** How long an ended run's result may take to be handed over once its status is final. */
    private static final long RESULT_WAIT_SECONDS = 10;
    /** How many stored runs' read-back results are kept. */
    private static final int READ_BACK_CACHE = 16;
    private final WorkflowEngine engine;
    private final LlmProvider provider;
    private final WorkflowConfig config;
    private final StartedRuns started;
    private final ServiceWorkflows workflows;
    private final Limits limits;
    /** The last stored runs read back, so that a report, its JSON and its zip read a run back once. */
    private final Map<String, WorkflowResult> readBack = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, WorkflowResult> eldest) {
            return size() > READ_BACK_CACHE;
        }
    };
    private final Object[] readLocks = new Object[16];
    private final dev.devora.orchestration.event.WorkflowListener also;

    /**
     * The shared view of the runs.
     *
     * @param engine    the engine that runs and journals them
     * @param provider  the agents' model provider
     * @param config    the workflows' configuration; or null for the defaults
     * @param started   the runs this service started
     * @param workflows the workflows as this service runs them (with their configured reviews)
     * @param limits    the cap on concurrent runs every start takes a slot of
     * @param also      told every live event of the runs started here too (e.g. the remote agents' health); may be null
     */
    public RunResults(WorkflowEngine engine, LlmProvider provider, WorkflowConfig config, StartedRuns started,
                      ServiceWorkflows workflows, Limits limits, dev.devora.orchestration.event.WorkflowListener also) {
        this.also = also;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.workflows = Objects.requireNonNull(workflows, "workflows");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.config = config;
        this.started = Objects.requireNonNull(started, "started");
        for (int i = 0; i < readLocks.length; i++) readLocks[i] = new Object();
    }

    /** {@return the engine} */
    public WorkflowEngine engine() {
        return engine;
    }

    /** {@return the runs this service started} */
    public StartedRuns started() {
        return started;
    }

    /** {@return the stored run's summary, or a 404 {@code run_not_found}} */
    public RunSummary summary(String id) {
        return engine.runStore().run(id).orElseThrow(() -> notFound(id));
    }

    /** {@return the 404 of an unknown run} */
    public static ApiException notFound(String id) {
        return new ApiException(404, "run_not_found", "no run '" + id + "'", "id");
    }

    /** {@return the run's status: its handle's when this service started it, else the store's} */
    public RunStatus status(String id) {
        return started.get(id).map(s -> s.run().status()).orElseGet(() -> summary(id).status());
    }

    /** {@return the run's numbered events: live ones for a run started here, else its journal's replayed} */
    public List<RunEvents.Numbered> events(String id) {
        StartedRuns.Started s = started.get(id).orElse(null);
        if (s != null) return s.events().snapshot();
        RunEvents replay = new RunEvents();
        List<WorkflowEvent> journal;
        try {
            journal = engine.events(id);
        } catch (dev.devora.orchestration.RunNotFoundException e) {
            throw notFound(id);
        }
        journal.forEach(replay::onEvent);
        return replay.snapshot();
    }

    /** {@return the input the run started with, from its journal} */
    public ObjectNode storedInput(String id) {
        ObjectNode input = ServiceWorkflows.storedInput(engine.runStore(), id);
        if (input == null) throw notFound(id);
        return input;
    }

    /** {@return a catalogue workflow on this engine, or a 409 naming the run when its workflow is not one} */
    public PredefinedWorkflow workflow(String workflowId, String runId) {
        if (!Workflows.catalog().ids().contains(workflowId)) {
            throw new ApiException(409, "not_a_catalogue_workflow", "run '" + runId + "' is a run of workflow '"
                    + workflowId + "', which is not in the catalogue this service runs", "id");
        }
        PredefinedWorkflow w = config == null ? Workflows.byId(workflowId, provider) : Workflows.byId(workflowId, provider, config);
        return w.withEngine(engine);
    }

    /**
     * The workflow as this service runs it for an input, with its configured reviews (a restart waits for the same
     * reviews as the first run).
     *
     * @param workflowId the workflow
     * @param runId      the run it is for, named in a 409 when the workflow is not in the catalogue
     * @param input      the input
     * @return the workflow
     */
    public PredefinedWorkflow workflowFor(String workflowId, String runId, com.fasterxml.jackson.databind.JsonNode input) {
        workflow(workflowId, runId);
        return workflows.byId(workflowId, input);
    }

    /** {@return the predefined workflow the run runs: the one it was started with here, else the catalogue's} */
    public PredefinedWorkflow workflowOf(String id) {
        StartedRuns.Started s = started.get(id).orElse(null);
        return s != null ? s.workflow() : workflow(summary(id).workflowId(), id);
    }

    /**
     * Validates an input and starts a run of the workflow, holding one of the concurrent-run slots until its pass
     * ends, recorded as started here: every route that starts a run (submit, restart) goes through it.
     *
     * @param ctx      the request, for a 429's {@code Retry-After}
     * @param workflow the workflow, on this engine
     * @param input    its input (a JSON object)
     * @return the new run
     * @throws ApiException 422 {@code invalid_input} listing every problem, or 429 {@code too_many_runs}; nothing
     *                      is started then
     */
    public WorkflowRun start(io.javalin.http.Context ctx, PredefinedWorkflow workflow, JsonNode input) {
        List<ValidationProblem> problems = workflow.validate(input);
        if (!problems.isEmpty()) {
            throw new ApiException(422, "invalid_input", problems.size() + " problem(s) in the input of '"
                    + workflow.id() + "': " + problems.get(0), problems.get(0).path(), problems);
        }
        Runnable release = limits.acquireRun(ctx);
        RunEvents events = new RunEvents(also);
        WorkflowRun run;
        try {
            run = engine.start(workflow.definitionFor(input), input, RunOptions.NONE, events);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        run.result().whenComplete((r, e) -> release.run());
        started.put(new StartedRuns.Started(run, events, workflow));
        return run;
    }

    /**
     * The result of a run that has ended.
     *
     * @param id the run
     * @return its result
     * @throws ApiException 404 for an unknown run; 409 {@code run_not_ended} while it runs, pauses or waits; 409
     *                      {@code result_unavailable} for a run that failed or was cancelled before this service started
     */
    public WorkflowResult ended(String id) {
        StartedRuns.Started s = started.get(id).orElse(null);
        if (s != null) {
            CompletableFuture<WorkflowResult> f = s.run().result();
            // a run's status turns final a moment before its result is handed over: wait for it then
            WorkflowResult r = f.isDone() || s.run().status().isFinal() ? join(f) : null;
            if (r != null && r.status().isFinal()) return r;
            // a pass that ended waiting may have been continued by another pass (an answer): the store knows
            if (r == null || r.status() != RunStatus.WAITING) throw notEnded(id, s.run().status());
        }
        RunSummary summary = summary(id);
        if (!summary.status().isFinal()) throw notEnded(id, summary.status());
        if (summary.status() != RunStatus.SUCCEEDED && summary.status() != RunStatus.PARTIAL) {
            throw new ApiException(409, "result_unavailable", "run '" + id + "' ended " + lower(summary.status())
                    + " in a pass this service did not run (before it started, or a continuation elsewhere), so its outputs are "
                    + "not kept; restart it: POST /api/v1/runs/"
                    + id + "/restart", "id");
        }
        synchronized (readBack) {
            WorkflowResult known = readBack.get(id);
            if (known != null) return known;
        }
        PredefinedWorkflow w = workflow(summary.workflowId(), id);
        WorkflowResult r;
        synchronized (lockOf(id)) { // one read-back of a run at a time: the engine refuses a second one meanwhile
            synchronized (readBack) {
                WorkflowResult known = readBack.get(id);
                if (known != null) return known;
            }
            try { // a finished run is read back from its journal: no model call, nothing written
                r = engine.resume(w.definitionFor(storedInput(id)), id);
            } catch (OrchestrationException | IllegalStateException | IllegalArgumentException e) {
                throw new ApiException(409, "result_unavailable", "run '" + id + "' could not be read back from the store: "
                        + e.getClass().getSimpleName(), "id");
            }
            synchronized (readBack) {
                readBack.put(id, r);
            }
        }
        return r;
    }

    private Object lockOf(String id) {
        return readLocks[(id.hashCode() & 0x7fffffff) % readLocks.length];
    }

    /** {@return the report context of an ended run: its times from the store, and whether the provider is the simulated one} */
    public ReportContext context(String id) {
        RunSummary s = summary(id);
        java.time.Instant end = s.endedAt() == null || s.endedAt().isBefore(s.startedAt()) ? null : s.endedAt();
        return new ReportContext(s.startedAt(), end, "simulated".equals(provider.name()));
    }

    /**
     * Adds a run's {@code steps}, {@code gate_history} and {@code progress} to its detail: from the live events of a
     * run started here, else from its journal. A stored run's progress is 100 once it has ended, else its last
     * journaled progress, else null (progress is not journaled).
     *
     * @param id  the run
     * @param out its detail, with its {@code status}
     */
    public void addDetail(String id, ObjectNode out) {
        List<RunEvents.Numbered> events = events(id);
        RunSteps steps = RunSteps.of(events);
        out.set("steps", steps.steps());
        out.set("gate_history", steps.gateHistory());
        StartedRuns.Started s = started.get(id).orElse(null);
        if (s != null) {
            out.put("progress", s.run().progress());
        } else {
            RunStatus status = summary(id).status();
            int last = RunSteps.lastProgress(events);
            if (status.isFinal()) out.put("progress", 100);
            else if (last >= 0) out.put("progress", last);
            else out.putNull("progress");
        }
    }

    private static WorkflowResult join(CompletableFuture<WorkflowResult> f) {
        try {
            return f.get(RESULT_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static ApiException notEnded(String id, RunStatus status) {
        return new ApiException(409, "run_not_ended", "run '" + id + "' has not ended (it is " + lower(status)
                + "): its outputs exist once it has", "id");
    }

    /** {@return a status as the API writes it} */
    public static String lower(RunStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
