package dev.devora.orchestration.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.RunNotFoundException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.remote.internal.RunContinuations;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The receiving end of remote agents' notifications (seed 004's {@code task_started}, {@code task_completed},
 * {@code task_failed}, named by the body's {@code event}, or {@code type} as the seed writes it), for any HTTP
 * server: give it the {@code Authorization} header and the body, send back the status and body it answers.
 * {@code projectId} is the run's id and {@code taskId} the request's id the remote agent was given
 * ({@link RemoteAgent}). A {@code task_completed} or {@code task_failed} is journaled as the answer to the waiting
 * run's request before the reply (200 means it is stored), and the run continues off the calling thread, on the
 * receiver's executor; a {@code task_started} is acknowledged (202). Bad requests change nothing: a missing or
 * wrong bearer token is 401 (compared in constant time), a malformed body 400, an unknown run or task 404, a
 * second, different notification for a finished task 409; the same one again is 200. While the run is running
 * (its store status is {@code RUNNING}, or this receiver is continuing it) a report of a task it waits for, or of
 * one it has not journaled yet, is 503 with nothing changed: report it again once the run waits (a running run
 * writes its own journal, and its request is journaled only once the task was dispatched).
 *
 * <pre>{@code
 * try (RemoteCallbacks callbacks = RemoteCallbacks.of(engine, ApiKey.of(System.getenv("INTER_AGENT_TOKEN")))) {
 *     RemoteCallbacks.Reply reply = callbacks.handle(request.header("Authorization"), request.body());
 *     response.status(reply.status()).body(reply.body());
 * }
 * }</pre>
 *
 * The engine must know the runs' workflows (it ran them, or was given them with
 * {@code WorkflowEngine.builder().workflows(…)}); a run it cannot continue keeps its journaled answer, logged,
 * and {@code engine.resume(workflow, runId)} continues it.
 */
public final class RemoteCallbacks implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WorkflowEngine engine;
    private final byte[] expected;
    private final RunContinuations continuations;
    private final Object answering = new Object();

    private RemoteCallbacks(WorkflowEngine engine, ApiKey token, java.util.concurrent.Executor executor) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.expected = ("Bearer " + Objects.requireNonNull(token, "token").reveal()).getBytes(StandardCharsets.UTF_8);
        this.continuations = new RunContinuations(engine, executor);
    }

    /**
     * A receiver answering runs of this engine (it must know their workflows: it ran them, or was given them).
     *
     * @param engine the engine whose store holds the runs
     * @param token  the inter-agent bearer token the notifications must carry
     * @return the receiver
     */
    public static RemoteCallbacks of(WorkflowEngine engine, ApiKey token) {
        return new RemoteCallbacks(engine, token, null);
    }

    /**
     * A receiver that continues the answered runs on the given executor (instead of two daemon threads of its
     * own); {@link #close()} then leaves the executor running.
     *
     * @param engine   the engine whose store holds the runs
     * @param token    the inter-agent bearer token the notifications must carry
     * @param executor where answered runs continue
     * @return the receiver
     */
    public static RemoteCallbacks of(WorkflowEngine engine, ApiKey token, java.util.concurrent.Executor executor) {
        return new RemoteCallbacks(engine, token, Objects.requireNonNull(executor, "executor"));
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
        return handle(authorization, body, continuations::continueRun);
    }

    /**
     * Handles one notification, handing a run whose answer it has just journaled to {@code continuation} instead of
     * continuing it on the receiver's executor: for a service that runs its passes its own way (counting them, or
     * following their events). {@code continuation} is called on this thread, at most once, before this returns,
     * and only for a freshly journaled answer (not for the same notification again). It is called as well for a run
     * this engine is running already, which goes on with the answer by itself: check {@code engine.isRunning}.
     *
     * <pre>{@code
     * RemoteCallbacks.Reply reply = callbacks.handle(auth, body, runId -> myService.continueRun(runId));
     * }</pre>
     *
     * @param authorization the request's {@code Authorization} header; or null
     * @param body          the request's body
     * @param continuation  continues the answered run
     * @return the status and body to answer
     */
    public Reply handle(String authorization, String body, java.util.function.Consumer<String> continuation) {
        Objects.requireNonNull(continuation, "continuation");
        byte[] given = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) return Reply.of(401, "missing or wrong bearer token");
        JsonNode n;
        try {
            n = body == null ? null : JSON.readTree(body);
        } catch (Exception e) {
            return Reply.of(400, "the body is not JSON");
        }
        ObjectNode answer;
        try {
            answer = answerOf(n);
        } catch (IllegalArgumentException e) {
            return Reply.of(400, e.getMessage());
        }
        String event = answer.get("event").asText();
        String runId = text(n, "projectId");
        String taskId = answer.get("taskId").asText();
        synchronized (answering) { // the check that the run is not running, and the append, at once
            boolean waiting;
            try {
                waiting = engine.pending(runId).stream().anyMatch(p -> p.requestId().equals(taskId));
            } catch (RunNotFoundException e) {
                return Reply.of(404, "no run '" + runId + "'");
            }
            if (event.equals("task_started")) {
                return waiting ? Reply.of(202, "task '" + taskId + "' started") : unknownTask(runId, taskId);
            }
            try {
                if (engine.recordAnswer(runId, taskId, answer)) continuation.accept(runId);
                return Reply.of(200, "task '" + taskId + "' " + (event.equals("task_completed") ? "completed" : "failed"));
            } catch (dev.devora.orchestration.AnswerRefusedException e) {
                switch (e.reason()) {
                    case ANSWERED_OTHERWISE:
                        return Reply.of(409, "task '" + taskId + "' was reported otherwise already");
                    case EXPIRED:
                        return Reply.of(409, "task '" + taskId + "' expired: its run no longer waits for it");
                    case NO_SUCH_REQUEST:
                        return unknownTask(runId, taskId);
                    case RUN_ENDED:
                        return Reply.of(409, "run '" + runId + "' has ended: it takes no report any more");
                    case RUNNING_ELSEWHERE: // another process writes the run's journal: nothing appended
                        return Reply.of(503, "run '" + runId + "' is running; report task '" + taskId
                                + "' again once it waits");
                    default:
                        return Reply.of(400, e.getMessage());
                }
            }
        }
    }

    /**
     * The answer a remote agent's report gives its run's wait: its {@code event} (or the seed's {@code type}),
     * {@code taskId}, and {@code agentId}, {@code data}, {@code error}, {@code executionTime} when given; the run is
     * the report's {@code projectId}. What another engine's callback receiver (Temporal's) records too.
     *
     * <pre>{@code
     * ObjectNode answer = RemoteCallbacks.answerOf(report); // answers request taskId of run projectId
     * }</pre>
     *
     * @param report the report's body
     * @return the answer
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public static ObjectNode answerOf(JsonNode report) {
        if (report == null || !report.isObject()) throw new IllegalArgumentException("the body must be a JSON object");
        String event = text(report, "event") != null ? text(report, "event") : text(report, "type");
        if (event == null || text(report, "projectId") == null || text(report, "taskId") == null) {
            throw new IllegalArgumentException("the body needs text fields 'event' (or 'type'), 'projectId' (the run)"
                    + " and 'taskId'");
        }
        if (!event.equals("task_started") && !event.equals("task_completed") && !event.equals("task_failed")) {
            throw new IllegalArgumentException("'event' must be task_started, task_completed or task_failed, was '"
                    + event + "'");
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("event", event)
                .put("taskId", text(report, "taskId"));
        for (String field : new String[] {"agentId", "data", "error", "executionTime"}) {
            if (report.has(field)) answer.set(field, report.get(field));
        }
        return answer;
    }

    private boolean isRunning(String runId) {
        return engine.runStore().run(runId).map(r -> r.status() == RunStatus.RUNNING).orElse(false);
    }

    /** 404; or 503 while the run runs, since the request is journaled only once the task was dispatched. */
    private Reply unknownTask(String runId, String taskId) {
        return isRunning(runId) ? Reply.of(503, "run '" + runId + "' is running and waits for no task '" + taskId
                + "' yet; retry") : Reply.of(404, "run '" + runId + "' waits for no task '" + taskId + "'");
    }

    /** Stops continuing runs: the own threads end once the continuations under way have (at most 10 s). */
    @Override
    public void close() {
        continuations.close();
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
