package dev.devora.orchestration.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.AnswerRefusedException;
import dev.devora.orchestration.RunNotFoundException;
import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.engine.PendingRequest;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.server.ApiException;
import io.javalin.http.Context;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code POST /api/v1/runs/{id}/decisions}: a person's decision on a run's pending approval request
 * ({@code {"request_id", "verdict": "approve|reject|edit", "feedback"?, "text"?}}, {@code text} being an edit's
 * replacement). The decision is journaled first ({@link WorkflowEngine#recordDecision}), then the run goes on: through
 * the pass running it in this engine, or resumed on the engine's executor ({@link WorkflowEngine#startResume}) with
 * the definition the service builds for its workflow and stored input, also after a restart of the service. Answers
 * 202 with the run's status; 404 for an unknown run, 409 when the run has no such pending request (naming those it
 * has), 422 for a bad field, 429 {@code too_many_runs} (nothing recorded) when the new pass would exceed the
 * service's cap on concurrent runs.
 *
 * <pre>{@code
 * ApprovalRoutes decisions = new ApprovalRoutes(engine, workflows, limits, continuer);
 * config.routes.post("/api/v1/runs/{id}/decisions", decisions::decide);
 * }</pre>
 */
public final class ApprovalRoutes {
    private final WorkflowEngine engine;
    private final ServiceWorkflows workflows;
    private final Limits limits;
    private final RunContinuer continuer;

    /**
     * The route's handler.
     *
     * @param engine    the engine that runs and journals the runs
     * @param workflows how the service builds each workflow
     * @param limits    the cap on concurrent runs a resumed pass counts against
     * @param continuer continues the run once the decision is journaled
     */
    public ApprovalRoutes(WorkflowEngine engine, ServiceWorkflows workflows, Limits limits,
                          RunContinuer continuer) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.workflows = Objects.requireNonNull(workflows, "workflows");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.continuer = Objects.requireNonNull(continuer, "continuer");
    }

    /** Records the decision in the request and continues the run. */
    public void decide(Context ctx) {
        String runId = ctx.pathParam("id");
        JsonNode body = Json.body(ctx);
        String requestId = text(body, "request_id", true);
        String verdictText = text(body, "verdict", true);
        Decision.Verdict verdict;
        try {
            verdict = Decision.Verdict.valueOf(verdictText.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(422, "invalid_request", "'verdict' must be approve, reject or edit, was '"
                    + verdictText + "'", "verdict");
        }
        String feedback = text(body, "feedback", false);
        String edited = text(body, "text", false);
        if (verdict == Decision.Verdict.EDIT && edited == null) {
            throw new ApiException(422, "invalid_request", "an edit needs 'text', the replacing output, was missing", "text");
        }
        if (verdict != Decision.Verdict.EDIT && edited != null) {
            throw new ApiException(422, "invalid_request", "'text' is an edit's replacement: a verdict "
                    + verdict.name().toLowerCase(Locale.ROOT) + " takes none", "text");
        }
        engine.runStore().run(runId).orElseThrow(() -> new ApiException(404, "run_not_found", "no run '" + runId + "'", "id"));
        // a new pass of the run will execute: it takes a run slot like a submission, before anything is recorded
        Runnable slot = engine.isRunning(runId) ? () -> { } : limits.acquireRun(ctx);
        try {
            decide(ctx, runId, requestId, verdict, feedback, edited, slot);
        } catch (RuntimeException e) {
            slot.run();
            throw e;
        }
    }

    private void decide(Context ctx, String runId, String requestId, Decision.Verdict verdict, String feedback,
                        String edited, Runnable slot) {
        List<PendingRequest> pending = engine.pending(runId);
        Decision decision = new Decision(verdict, feedback, edited);
        if (pending.stream().noneMatch(p -> p.requestId().equals(requestId))) {
            if (recordedButWaiting(runId, requestId, decision)) { // e.g. journaled while no service ran the run
                answer(ctx, runId, requestId, verdict, false, continuer.continueRun(runId, slot));
                return;
            }
            throw new ApiException(409, "no_such_request", "run '" + runId + "' has no pending request '" + requestId
                    + "'; " + (pending.isEmpty() ? "it waits for nothing" : "it waits for "
                    + String.join(", ", pending.stream().map(PendingRequest::requestId).toList())), "request_id");
        }
        PendingRequest asked = pending.stream().filter(p -> p.requestId().equals(requestId)).findFirst().orElseThrow();
        String workflowId = engine.runStore().run(runId).orElseThrow().workflowId();
        if (workflows.unconfiguredReview(workflowId, asked.kind(), asked.stepPath(), asked.request())) {
            String stepId = asked.stepPath().substring(asked.stepPath().lastIndexOf('/') + 1);
            throw new ApiException(409, "review_not_configured", "request '" + requestId + "' of run '" + runId
                    + "' is a review of step '" + stepId + "' of " + workflowId + ", which this service does not review:"
                    + " continued without it, the step would run again unreviewed and the decision would be ignored;"
                    + " start the service with the reviews it started with; nothing was recorded", "request_id");
        }
        boolean fresh;
        try {
            fresh = engine.recordDecision(runId, requestId, decision);
        } catch (AnswerRefusedException e) {
            if (e.reason() == AnswerRefusedException.Reason.NOT_ALLOWED) {
                throw new ApiException(422, "decision_not_allowed", e.getMessage(), verdict == Decision.Verdict.EDIT ? "text" : "verdict");
            }
            throw new ApiException(409, "decision_refused", e.getMessage(), "request_id");
        } catch (RunNotFoundException e) {
            throw new ApiException(404, "run_not_found", "no run '" + runId + "'", "id");
        }
        answer(ctx, runId, requestId, verdict, fresh, continuer.continueRun(runId, slot));
    }

    private static void answer(Context ctx, String runId, String requestId, Decision.Verdict verdict, boolean fresh, String how) {
        ObjectNode out = Json.NODES.objectNode().put("run_id", runId).put("request_id", requestId)
                .put("verdict", verdict.name().toLowerCase(Locale.ROOT)).put("recorded", fresh).put("continued", how);
        Json.respond(ctx, 202, out);
    }

    /**
     * Whether the store has this very decision already while the run still waits and no pass of it runs here: it was
     * journaled (by this route before a failed continuation, or by another process, e.g. the runner's
     * {@code --decide}) but the run was not continued; posting it again continues it.
     */
    private boolean recordedButWaiting(String runId, String requestId, Decision decision) {
        boolean waiting = engine.runStore().run(runId).map(r -> r.status() == dev.devora.orchestration.engine.RunStatus.WAITING)
                .orElse(false);
        if (!waiting || engine.isRunning(runId)) return false;
        try {
            return !engine.recordDecision(runId, requestId, decision); // false: the same decision is in the store
        } catch (AnswerRefusedException | IllegalArgumentException e) {
            return false; // never asked, decided otherwise, or expired: reported as no such pending request
        }
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new ApiException(422, "invalid_request", "'" + field + "' is required, was missing", field);
            return null;
        }
        if (!v.isTextual()) {
            throw new ApiException(422, "invalid_request", "'" + field + "' must be text, was " + v, field);
        }
        if (required && v.asText().isBlank()) {
            throw new ApiException(422, "invalid_request", "'" + field + "' must not be blank", field);
        }
        return v.asText();
    }
}
