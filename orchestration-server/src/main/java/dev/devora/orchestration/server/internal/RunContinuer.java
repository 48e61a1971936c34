package dev.devora.orchestration.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.engine.ResumeOptions;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.server.ApiException;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.PredefinedWorkflow;

import java.util.Objects;

/**
 * Continues a waiting run once its answer is journaled (a person's decision, a remote agent's report): through the
 * pass running it in this engine, or in a new pass ({@link WorkflowEngine#startResume}) with the definition the
 * service builds again for the run's workflow and stored input, registered in {@link StartedRuns} with its numbered
 * events (the journal's so far, then live), so the run's detail and streams follow it, also after a restart of
 * the service. The caller holds a concurrent-run slot for the new pass; it is given back when the pass ends, or at
 * once when no new pass is needed.
 *
 * <pre>{@code
 * Runnable slot = limits.acquireRun(ctx);
 * String how = continuer.continueRun(runId, slot);   // "running" or "resumed"
 * }</pre>
 */
public final class RunContinuer {
    private final WorkflowEngine engine;
    private final StartedRuns started;
    private final ServiceWorkflows workflows;
    private final WorkflowListener also;

    /**
     * The continuer of a service.
     *
     * @param engine    the engine that runs and journals the runs
     * @param started   where a continued run is registered
     * @param workflows how the service builds each workflow
     * @param also      told every event of a continued pass too (e.g. the remote agents' health); may be null
     */
    public RunContinuer(WorkflowEngine engine, StartedRuns started, ServiceWorkflows workflows, WorkflowListener also) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.started = Objects.requireNonNull(started, "started");
        this.workflows = Objects.requireNonNull(workflows, "workflows");
        this.also = also;
    }

    /**
     * Continues a run whose answer is journaled.
     *
     * @param runId the run
     * @param slot  gives back the caller's concurrent-run slot (run when the new pass ends, or now)
     * @return "running" when a pass of it runs in this engine (it reads the answer when it settles), "resumed" when
     *         a new pass was started (it waits again if another request is still open)
     * @throws ApiException 503 {@code engine_closed} when the engine takes no new pass (the answer stays journaled)
     */
    public String continueRun(String runId, Runnable slot) {
        synchronized (started) {
            if (engine.isRunning(runId)) {
                slot.run();
                return "running";
            }
            JsonNode input = ServiceWorkflows.storedInput(engine.runStore(), runId);
            String workflowId = engine.runStore().run(runId).orElseThrow().workflowId();
            PredefinedWorkflow workflow = workflows.byId(workflowId, input);
            Workflow definition = workflow.definitionFor(input);
            RunEvents events = new RunEvents(also);
            for (WorkflowEvent e : engine.events(runId)) {
                if (!(e instanceof WorkflowEvent.RunCompleted)) events.record(e); // each pass's end: the run goes on
            }
            try {
                WorkflowRun run = engine.startResume(definition, runId, ResumeOptions.DEFAULT, events);
                run.result().whenComplete((r, e) -> slot.run());
                started.put(new StartedRuns.Started(run, events, workflow));
                return "resumed";
            } catch (IllegalStateException e) {
                slot.run();
                if (engine.isRunning(runId)) return "running"; // continued by the engine itself meanwhile
                throw new ApiException(503, "engine_closed", "the answer is recorded but run '" + runId
                        + "' cannot be continued now: " + e.getMessage(), null);
            }
        }
    }
}
