package dev.devora.orchestration.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.server.ApiException;
import dev.devora.orchestration.workflows.PredefinedWorkflow;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.Objects;

/**
 * Run control: {@code POST /api/v1/runs/{id}/pause} and {@code /resume} act on a run this service started and that is
 * running or paused (409 {@code not_running} otherwise, 404 for an unknown run); {@code POST /api/v1/runs/{id}/restart}
 * starts a new run of the same workflow with the input the run started with (read from its journal, so runs from
 * before a restart of the service can be restarted too), 202 with the new run's id, 409 {@code still_running} while
 * the run runs or pauses here.
 *
 * <pre>{@code
 * new ControlRoutes(runs).register(config);     // inside DevoraApi.mount
 * }</pre>
 */
public final class ControlRoutes {
    private final RunResults runs;

    /**
     * The control routes over these runs.
     *
     * @param runs the service's runs
     */
    public ControlRoutes(RunResults runs) {
        this.runs = Objects.requireNonNull(runs, "runs");
    }

    /**
     * Registers the routes.
     *
     * @param javalin the application's configuration
     * @param base    the API's base path, e.g. {@code /api/v1}
     */
    public void register(JavalinConfig javalin, String base) {
        javalin.routes.post(base + "/runs/{id}/pause", ctx -> control(ctx, true));
        javalin.routes.post(base + "/runs/{id}/resume", ctx -> control(ctx, false));
        javalin.routes.post(base + "/runs/{id}/restart", this::restart);
    }

    private void control(Context ctx, boolean pause) {
        String id = ctx.pathParam("id");
        StartedRuns.Started s = runs.started().get(id).orElse(null);
        if (s == null) {
            RunSummary summary = runs.summary(id);
            throw new ApiException(409, "not_running", "run '" + id + "' is not running in this service (its stored "
                    + "status is " + RunResults.lower(summary.status()) + "), so it cannot be "
                    + (pause ? "paused" : "resumed"), "id");
        }
        WorkflowRun run = s.run();
        RunStatus status = run.status();
        if (status != RunStatus.RUNNING && status != RunStatus.PAUSED) {
            throw new ApiException(409, "not_running", "run '" + id + "' is " + RunResults.lower(status)
                    + ", so it cannot be " + (pause ? "paused" : "resumed") + " (only a running or paused run can)", "id");
        }
        if (pause) run.pause();
        else run.resume();
        Json.respond(ctx, 202, Json.NODES.objectNode().put("run_id", id).put(pause ? "paused" : "resumed", true)
                .put("status", RunResults.lower(run.status())));
    }

    private void restart(Context ctx) {
        String id = ctx.pathParam("id");
        RunSummary summary = runs.summary(id);
        RunStatus status = runs.status(id);
        if (runs.started().get(id).isPresent() && (status == RunStatus.RUNNING || status == RunStatus.PAUSED)) {
            throw new ApiException(409, "still_running", "run '" + id + "' is " + RunResults.lower(status)
                    + " in this service: cancel it first (POST /api/v1/runs/" + id + "/cancel), then restart it", "id");
        }
        ObjectNode input = runs.storedInput(id);
        PredefinedWorkflow workflow = runs.workflowFor(summary.workflowId(), id, input);
        WorkflowRun run = runs.start(ctx, workflow, input);
        String url = ctx.path().substring(0, ctx.path().indexOf("/runs/")) + "/runs/" + run.id();
        ctx.header("Location", url);
        Json.respond(ctx, 202, Json.NODES.objectNode().put("run_id", run.id()).put("restarted_from", id)
                .put("workflow", run.workflowId()).put("status", RunResults.lower(run.status()))
                .put("events", url + "/events").put("url", url));
    }
}
