package dev.devora.orchestration.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.remote.RemoteCallbacks;
import dev.devora.orchestration.server.ApiException;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /api/v1/callbacks}: remote agents' notifications ({@code task_started}, {@code task_completed},
 * {@code task_failed}, seed 004), checked and journaled by {@link RemoteCallbacks} (its inter-agent bearer token, not
 * an access token; its {@code {"ok", "message"}} answers: 200 stored, 202 started, 400, 401, 404, 409, 503 report
 * again). A stored report's run goes on in a pass of this service ({@link RunContinuer}), so its detail and streams
 * follow it and it holds a concurrent-run slot like a submission; when every slot is taken the report is refused
 * with 503 and {@code Retry-After}, nothing recorded, and the agent reports again. A report stored but not continued
 * (the engine is closing) stays journaled: the run continues at the service's next start.
 *
 * <pre>{@code
 * CallbackRoutes callbacks = new CallbackRoutes(engine, RemoteCallbacks.of(engine, token), limits, continuer);
 * config.routes.post("/api/v1/callbacks", callbacks::receive);
 * }</pre>
 */
public final class CallbackRoutes {
    private static final Logger log = LoggerFactory.getLogger(CallbackRoutes.class);

    private final WorkflowEngine engine;
    private final RemoteCallbacks callbacks;
    private final Limits limits;
    private final RunContinuer continuer;

    /**
     * The route's handler.
     *
     * @param engine    the engine whose runs wait for the reports
     * @param callbacks checks and journals the reports
     * @param limits    the cap on concurrent runs a continued pass counts against
     * @param continuer continues a run once its report is journaled
     */
    public CallbackRoutes(WorkflowEngine engine, RemoteCallbacks callbacks, Limits limits, RunContinuer continuer) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.continuer = Objects.requireNonNull(continuer, "continuer");
    }

    /** Checks, journals and answers one report; continues its run when it is the answer the run waits for. */
    public void receive(Context ctx) {
        String body = ctx.body();
        Runnable slot = () -> { };
        if (mayContinue(body)) {
            try {
                slot = limits.acquireRun(ctx);
            } catch (ApiException e) {
                if (e.status() != 429) throw e;
                Json.respond(ctx, 503, Json.NODES.objectNode().put("ok", false)
                        .put("message", "the service runs as many runs as it may; nothing was recorded: report again later"));
                return;
            }
        }
        AtomicBoolean handed = new AtomicBoolean();
        Runnable held = slot;
        try {
            RemoteCallbacks.Reply reply = callbacks.handle(ctx.header("Authorization"), body, runId -> {
                handed.set(true);
                try {
                    continuer.continueRun(runId, held);
                } catch (ApiException e) { // the report is journaled (the agent is told 200): the next start continues it
                    log.warn("run {}: a remote agent's report is recorded but the run was not continued: {}", runId,
                            e.getMessage());
                }
            });
            ctx.status(reply.status()).contentType("application/json").result(reply.body());
        } finally {
            if (!handed.get()) held.run();
        }
    }

    /** Whether the body reports a task's end for a run this engine is not running now: a new pass may follow. */
    private boolean mayContinue(String body) {
        JsonNode n;
        try {
            n = body == null ? null : Json.MAPPER.readTree(body);
        } catch (Exception e) {
            return false; // the receiver answers 400
        }
        if (n == null || !n.isObject()) return false;
        String event = n.path("event").isTextual() ? n.path("event").asText() : n.path("type").asText("");
        String runId = n.path("projectId").asText("");
        return (event.equals("task_completed") || event.equals("task_failed")) && !runId.isBlank() && !engine.isRunning(runId);
    }
}
