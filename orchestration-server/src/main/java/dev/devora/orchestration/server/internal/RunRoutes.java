package dev.devora.orchestration.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.engine.PendingRequest;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.server.ApiException;
import dev.devora.orchestration.workflows.WorkflowCatalog;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The runs themselves: {@code POST /api/v1/runs} (a predefined workflow and its input, validated before anything
 * starts; 202 with the run's id and addresses), {@code GET /api/v1/runs} (filters {@code status}, {@code workflow},
 * {@code limit} 1–500, paged by {@code before}), {@code GET /api/v1/runs/{id}} (status, progress, cost, pending
 * decisions, steps, gate history) and {@code POST /api/v1/runs/{id}/cancel} (409 {@code not_running} for a run this
 * service is not running). Query errors are 400 {@code invalid_query} naming the parameter and its value.
 *
 * <pre>{@code
 * new RunRoutes(results, catalog, workflows).register(config, "/api/v1");    // inside DevoraApi.mount
 * }</pre>
 */
public final class RunRoutes {
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 500;

    private final RunResults runs;
    private final WorkflowCatalog catalog;
    private final ServiceWorkflows workflows;

    /**
     * The run routes over the service's runs.
     *
     * @param runs      the service's runs
     * @param catalog   the predefined workflows a submission may name
     * @param workflows builds a submitted workflow with the service's provider, configuration and reviews
     */
    public RunRoutes(RunResults runs, WorkflowCatalog catalog, ServiceWorkflows workflows) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.workflows = Objects.requireNonNull(workflows, "workflows");
    }

    /**
     * Registers the routes.
     *
     * @param javalin the application's configuration
     * @param base    the API's base path, e.g. {@code /api/v1}
     */
    public void register(JavalinConfig javalin, String base) {
        javalin.routes.post(base + "/runs", ctx -> submit(ctx, base));
        javalin.routes.get(base + "/runs", this::list);
        javalin.routes.get(base + "/runs/{id}", this::one);
        javalin.routes.post(base + "/runs/{id}/cancel", this::cancel);
    }

    private void submit(Context ctx, String base) {
        WorkflowRequest request = WorkflowRequest.of(Json.body(ctx), catalog);
        WorkflowRun run = runs.start(ctx, workflows.byId(request.workflowId(), request.input()), request.input());
        String url = base + "/runs/" + run.id();
        ObjectNode out = Json.NODES.objectNode().put("run_id", run.id()).put("workflow", run.workflowId())
                .put("status", RunResults.lower(run.status())).put("events", url + "/events").put("url", url);
        ctx.header("Location", url);
        Json.respond(ctx, 202, out);
    }

    private void list(Context ctx) {
        RunQuery.Builder q = RunQuery.builder();
        String status = ctx.queryParam("status");
        if (status != null) {
            try {
                q.status(RunStatus.valueOf(status.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "invalid_query", "status must be one of "
                        + Arrays.toString(RunStatus.values()).toLowerCase(Locale.ROOT) + ", was '" + status + "'", "status");
            }
        }
        String workflow = ctx.queryParam("workflow");
        if (workflow != null) q.workflow(workflow);
        String before = ctx.queryParam("before");
        if (before != null) {
            try {
                q.startedBefore(Instant.parse(before));
            } catch (DateTimeParseException e) {
                throw new ApiException(400, "invalid_query", "before must be an ISO-8601 instant such as "
                        + "2026-12-02T10:15:30Z (the started_at of the last run of the previous page), was '" + before + "'", "before");
            }
        }
        int limit = pageSize(ctx.queryParam("limit"));
        List<RunSummary> page = runs.engine().runStore().runs(q.limit(limit).build());
        ArrayNode list = Json.NODES.arrayNode();
        page.forEach(r -> list.add(summaryJson(r)));
        ObjectNode out = Json.NODES.objectNode().set("runs", list);
        if (page.size() == limit) out.put("next_before", page.get(page.size() - 1).startedAt().toString());
        Json.respond(ctx, 200, out);
    }

    private static int pageSize(String text) {
        if (text == null) return DEFAULT_PAGE;
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= MAX_PAGE) return limit;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, "invalid_query", "limit must be a whole number from 1 to " + MAX_PAGE
                + ", was '" + text + "'", "limit");
    }

    /** A stored run as listed, with the live status and progress when this service is running it. */
    private ObjectNode summaryJson(RunSummary r) {
        ObjectNode o = Json.of(r);
        runs.started().get(r.runId()).ifPresent(s ->
                o.put("status", RunResults.lower(s.run().status())).put("progress", s.run().progress()));
        o.put("cost_usd", r.costUsd().toPlainString());
        return o;
    }

    private void one(Context ctx) {
        String id = ctx.pathParam("id");
        ObjectNode out = summaryJson(runs.summary(id));
        ArrayNode pending = out.putArray("pending");
        for (PendingRequest p : runs.engine().pending(id)) {
            pending.addObject().put("request_id", p.requestId()).put("kind", p.kind()).put("step", p.stepPath())
                    .put("since", p.at().toString()).set("request", p.request());
        }
        runs.addDetail(id, out);
        Json.respond(ctx, 200, out);
    }

    private void cancel(Context ctx) {
        String id = ctx.pathParam("id");
        StartedRuns.Started s = runs.started().get(id).orElse(null);
        if (s == null) {
            runs.summary(id);
            throw new ApiException(409, "not_running", "run '" + id + "' is not running in this service", "id");
        }
        s.run().cancel();
        Json.respond(ctx, 202, Json.NODES.objectNode().put("run_id", id).put("cancelling", true));
    }
}
