package dev.devora.orchestration.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.RunNotFoundException;
import dev.devora.orchestration.engine.PendingRequest;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.llm.ApiKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The receiving end of remote agents' notifications (seed 004's {@code task_started}, {@code task_completed},
 * {@code task_failed}), for any HTTP server: give it the {@code Authorization} header and the body, send back the
 * status and body it answers. {@code projectId} is the run's id and {@code taskId} the request's id the remote
 * agent was given. A {@code task_completed} or {@code task_failed} answers the waiting run's request and continues
 * it (on the calling thread); a {@code task_started} is acknowledged. Bad requests change nothing: a missing or
 * wrong bearer token is 401 (compared in constant time), a malformed body 400, an unknown run or task 404, a
 * second, different notification for a finished task 409; the same one again is 200.
 *
 * <pre>{@code
 * RemoteCallbacks callbacks = RemoteCallbacks.of(engine, ApiKey.of(System.getenv("INTER_AGENT_TOKEN")));
 * RemoteCallbacks.Reply reply = callbacks.handle(request.header("Authorization"), request.body());
 * response.status(reply.status()).body(reply.body());
 * }</pre>
 *
 * Work in progress (issue 11): the dispatching agent, the ready receiver and resilience are not built yet.
 */
public final class RemoteCallbacks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WorkflowEngine engine;
    private final byte[] expected;

    private RemoteCallbacks(WorkflowEngine engine, ApiKey token) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.expected = ("Bearer " + Objects.requireNonNull(token, "token").reveal()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A receiver answering runs of this engine (it must know their workflows: it ran them, or was given them).
     *
     * @param engine the engine whose store holds the runs
     * @param token  the inter-agent bearer token the notifications must carry
     * @return the receiver
     */
    public static RemoteCallbacks of(WorkflowEngine engine, ApiKey token) {
        return new RemoteCallbacks(engine, token);
    }

    /**
     * What the receiver answers.
     *
     * @param status the HTTP status
     * @param body   a short JSON body ({@code {"ok":…,"message":…}}), never holding the token
     */
    public record Reply(int status, String body) {
        static Reply of(int status, String message) {
            ObjectNode n = JsonNodeFactory.instance.objectNode().put("ok", status < 300).put("message", message);
            return new Reply(status, n.toString());
        }
    }

    /**
     * Handles one notification.
     *
     * @param authorization the request's {@code Authorization} header; or null
     * @param body          the request's body
     * @return the status and body to answer
     */
    public Reply handle(String authorization, String body) {
        byte[] given = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) return Reply.of(401, "missing or wrong bearer token");
        JsonNode n;
        try {
            n = body == null ? null : JSON.readTree(body);
        } catch (Exception e) {
            return Reply.of(400, "the body is not JSON");
        }
        if (n == null || !n.isObject()) return Reply.of(400, "the body must be a JSON object");
        String event = text(n, "event");
        String runId = text(n, "projectId");
        String taskId = text(n, "taskId");
        if (event == null || runId == null || taskId == null) {
            return Reply.of(400, "the body needs text fields 'event', 'projectId' (the run) and 'taskId'");
        }
        if (!event.equals("task_started") && !event.equals("task_completed") && !event.equals("task_failed")) {
            return Reply.of(400, "'event' must be task_started, task_completed or task_failed, was '" + event + "'");
        }
        java.util.List<PendingRequest> pending;
        try {
            pending = engine.pending(runId);
        } catch (RunNotFoundException e) {
            return Reply.of(404, "no run '" + runId + "'");
        }
        boolean waiting = pending.stream().anyMatch(p -> p.requestId().equals(taskId));
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("event", event);
        if (n.has("agentId")) answer.set("agentId", n.get("agentId"));
        if (n.has("data")) answer.set("data", n.get("data"));
        if (n.has("executionTime")) answer.set("executionTime", n.get("executionTime"));
        if (event.equals("task_started")) {
            return waiting ? Reply.of(202, "task '" + taskId + "' started") : Reply.of(404, "run '" + runId
                    + "' waits for no task '" + taskId + "'");
        }
        try {
            engine.answer(runId, taskId, answer);
            return Reply.of(200, "task '" + taskId + "' " + (event.equals("task_completed") ? "completed" : "failed"));
        } catch (dev.devora.orchestration.AnswerRefusedException e) {
            switch (e.reason()) {
                case ANSWERED_OTHERWISE:
                case EXPIRED:
                    return Reply.of(409, "task '" + taskId + "' was reported otherwise already, or expired");
                case NO_SUCH_REQUEST:
                    return Reply.of(404, "run '" + runId + "' waits for no task '" + taskId + "'");
                default:
                    return Reply.of(400, e.getMessage());
            }
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    @Override
    public String toString() {
        return "RemoteCallbacks[token ***]";
    }
}
