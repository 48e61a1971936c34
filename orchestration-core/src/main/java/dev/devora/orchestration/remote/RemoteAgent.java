package dev.devora.orchestration.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentCall;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.agent.CallContext;
import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.remote.internal.NotDispatchedException;
import dev.devora.orchestration.remote.internal.SeenOutcomes;
import dev.devora.orchestration.remote.internal.TaskDispatcher;
import dev.devora.orchestration.remote.internal.TaskDispatcher.DispatchFailedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An agent that is a separate service (seed 004): it posts its task to the service's endpoint with a bearer
 * inter-agent token, and its output is the {@code data} of the service's {@code task_completed}.
 *
 * <p>Asynchronously (the default) the service accepts the task (2xx) and reports later to the callback URL
 * ({@link RemoteCallbacks}, e.g. behind a {@link RemoteCallbackServer}); meanwhile the run waits without holding a
 * thread ({@code CallContext.await} of kind {@value #KIND}, its request holding {@code agentId}, {@code stepPath},
 * {@code task} and {@code callbackUrl}, never the token), and survives a restart of this process. Synchronously
 * ({@link Builder#synchronous()}) the answer is the endpoint's response body.
 *
 * <p>The task posted is {@code {"agentId", "projectId" (the run id), "taskId" (the request id), "stepPath",
 * "task" (the rendered prompt), "callbackUrl"}}. Each request is bounded by {@code requestTimeout} (30 s) and
 * retried up to {@code maxAttempts} (3) on connection errors, timeouts and 5xx, never on 4xx. A
 * {@code task_failed} sends the task again as a new task, up to {@code maxAttempts} tasks. A circuit breaker per
 * instance counts spent dispatches and failed tasks as failures and completed tasks as successes; while it is open
 * no task is sent. When the dispatch retries are spent, every task failed or the breaker is open, the
 * {@link Builder#fallback fallback} agent does the task (another remote agent, an {@code LlmAgent}); without one the
 * step fails with a {@link RemoteAgentException}. Every decision is a {@code RemoteAgentDecision} event.
 *
 * <pre>{@code
 * RemoteAgent design = RemoteAgent.builder("design-ia", URI.create(System.getenv("DESIGN_IA_ENDPOINT")))
 *         .token(ApiKey.of(System.getenv("INTER_AGENT_TOKEN")))
 *         .callbackUrl(server.uri())                // a RemoteCallbackServer
 *         .fallback(LlmAgent.builder("designer").model("openai/gpt-5-mini").build())
 *         .build();
 * Workflow wf = Workflow.builder("restaurant").step(Steps.agent("design", design).prompt("{{input.brief}}")).build();
 * }</pre>
 */
public final class RemoteAgent implements Agent {
    /** The kind of the requests a remote agent's run waits for. */
    public static final String KIND = "remote-task";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String agentId;
    private final URI endpoint;
    private final URI callbackUrl;
    private final boolean synchronous;
    private final Agent fallback;
    private final int maxAttempts;
    private final dev.devora.orchestration.agent.WaitTimeout reportTimeout;
    private final TaskDispatcher dispatcher;
    private final CircuitBreaker breaker;
    private final SeenOutcomes seen = new SeenOutcomes(10_000);

    private RemoteAgent(Builder b) {
        this.agentId = b.agentId;
        this.endpoint = b.endpoint;
        this.callbackUrl = b.callbackUrl;
        this.synchronous = b.synchronous;
        this.fallback = b.fallback;
        this.maxAttempts = b.maxAttempts;
        this.reportTimeout = b.reportTimeout == null ? null : dev.devora.orchestration.agent.WaitTimeout.answer(
                b.reportTimeout, JsonNodeFactory.instance.objectNode().put("event", "task_failed")
                        .put("error", "no report within " + b.reportTimeout));
        HttpClient client = b.httpClient != null ? b.httpClient
                : HttpClient.newBuilder().connectTimeout(b.requestTimeout).build();
        this.dispatcher = new TaskDispatcher(agentId, endpoint, b.token, b.requestTimeout, b.maxAttempts, b.retryDelay,
                client);
        this.breaker = CircuitBreaker.of("remote-agent-" + agentId, b.breakerConfig());
    }

    /**
     * Starts a remote agent.
     *
     * @param agentId  the agent's id, also its name in step paths and events: letters, digits, {@code -} and
     *                 {@code _} (e.g. {@code design-ia})
     * @param endpoint where tasks are posted: an absolute {@code http} or {@code https} URI
     * @return a builder; {@link Builder#token} is required, and {@link Builder#callbackUrl} unless synchronous
     */
    public static Builder builder(String agentId, URI endpoint) {
        return new Builder(agentId, endpoint);
    }

    @Override
    public String name() {
        return agentId;
    }

    /**
     * The state of this agent's circuit breaker ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}…).
     *
     * @return the breaker's state
     */
    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    @Override
    public AgentResult run(AgentCall call) {
        return synchronous ? runSynchronously(call) : runAsynchronously(call);
    }

    private AgentResult runAsynchronously(AgentCall call) {
        CallContext context = call.context();
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("agentId", agentId)
                .put("stepPath", call.stepPath()).put("task", call.prompt()).put("callbackUrl", callbackUrl.toString());
        String lastError = "no task was sent";
        for (int task = 1; task <= maxAttempts; task++) {
            JsonNode answer;
            try {
                answer = context.await(KIND, request, taskId -> dispatch(call, taskId), reportTimeout);
            } catch (NotDispatchedException e) {
                return fallback(call, e.getMessage());
            }
            String taskId = answer.path("taskId").asText(call.stepPath() + "#" + call.attempt() + "/" + task);
            boolean fresh = seen.firstTime(context.runId() + " " + taskId);
            if ("task_completed".equals(answer.path("event").asText())) {
                if (fresh) completed(context, taskId, answer);
                return output(answer.get("data"));
            }
            lastError = failure(answer);
            if (fresh) failed(context, taskId, lastError, task);
        }
        return fallback(call, lastError);
    }

    /** Sends one task (the await's {@code send}): refused by an open breaker, or accepted, or failed for good. */
    private void dispatch(AgentCall call, String taskId) {
        CallContext context = call.context();
        send(context.runId(), taskId, call.stepPath(), call.prompt(), context::remoteAgentDecision);
    }

    /**
     * Sends one task of a run to the service, as the run's wait does when it asks: refused by an open breaker,
     * accepted, or failed for good. What a durable engine's adapter calls on a worker, so that a replay of the run
     * does not send the task again; it gives the decisions back to the run's events. Internal to the engines.
     *
     * @param runId     the run (the task's {@code projectId})
     * @param taskId    the wait's request id (the task's {@code taskId})
     * @param stepPath  the step
     * @param task      the rendered prompt
     * @param decisions receives each decision (agent id, decision, detail): {@code dispatched}, {@code retried},
     *                  {@code failed}, {@code breaker-open}
     * @throws dev.devora.orchestration.remote.internal.NotDispatchedException when the task was not sent: the agent
     *                                                                         then goes to its fallback
     */
    public void send(String runId, String taskId, String stepPath, String task, Decisions decisions) {
        if (!breaker.tryAcquirePermission()) {
            decisions.decided(agentId, "breaker-open", "task " + taskId + " not sent: the circuit breaker is "
                    + breaker.getState());
            throw new NotDispatchedException("the circuit breaker of remote agent '" + agentId + "' is open");
        }
        ObjectNode body = task(stepPath, task, runId, taskId);
        try {
            TaskDispatcher.Accepted accepted = dispatcher.post(body.toString(), (next, why) ->
                    decisions.decided(agentId, "retried", "dispatch attempt " + next + " of " + maxAttempts
                            + " of task " + taskId + " after: " + why));
            decisions.decided(agentId, "dispatched", "task " + taskId + " accepted (HTTP " + accepted.status() + ")");
        } catch (DispatchFailedException e) {
            breaker.onError(0, TimeUnit.NANOSECONDS, e);
            decisions.decided(agentId, "failed", "task " + taskId + " not accepted: " + e.getMessage());
            throw new NotDispatchedException(e.getMessage());
        } catch (RuntimeException e) { // interrupted: says nothing about the remote's health
            breaker.releasePermission();
            throw e;
        }
    }

    /**
     * Receives a remote agent's decisions while it sends a task ({@code CallContext.remoteAgentDecision} in a run).
     *
     * <pre>{@code
     * RemoteAgent.Decisions log = (agent, decision, detail) -> System.out.println(agent + " " + decision);
     * }</pre>
     */
    @FunctionalInterface
    public interface Decisions {
        /**
         * One decision.
         *
         * @param agentId  the agent
         * @param decision what it decided
         * @param detail   why, safe text
         */
        void decided(String agentId, String decision, String detail);
    }

    /** {@return whether the agent waits for the service's response instead of a report (synchronous mode)} */
    public boolean isSynchronous() {
        return synchronous;
    }

    /** {@return the agent that does the task when this one cannot, if any} */
    public java.util.Optional<Agent> fallback() {
        return java.util.Optional.ofNullable(fallback);
    }

    private AgentResult runSynchronously(AgentCall call) {
        CallContext context = call.context();
        String lastError = "no task was sent";
        for (int task = 1; task <= maxAttempts; task++) {
            String taskId = call.stepPath() + "/attempt-" + call.attempt() + "/" + KIND + "-" + task;
            if (!breaker.tryAcquirePermission()) {
                context.remoteAgentDecision(agentId, "breaker-open", "task " + taskId + " not sent: the circuit breaker"
                        + " is " + breaker.getState());
                return fallback(call, "the circuit breaker of remote agent '" + agentId + "' is open");
            }
            TaskDispatcher.Accepted accepted;
            try {
                accepted = dispatcher.post(task(call, context.runId(), taskId).toString(), (next, why) ->
                        context.remoteAgentDecision(agentId, "retried", "attempt " + next + " of " + maxAttempts
                                + " of task " + taskId + " after: " + why));
            } catch (DispatchFailedException e) {
                breaker.onError(0, TimeUnit.NANOSECONDS, e);
                context.remoteAgentDecision(agentId, "failed", "task " + taskId + ": " + e.getMessage());
                return fallback(call, e.getMessage());
            } catch (RuntimeException e) {
                breaker.releasePermission();
                throw e;
            }
            JsonNode answer = parse(accepted.body());
            String event = answer.path("event").asText(answer.path("type").asText());
            if ("task_completed".equals(event)) {
                completed(context, taskId, answer);
                return output(answer.get("data"));
            }
            lastError = answer.isMissingNode()
                    ? "the answer is not a JSON object: " + dispatcher.bounded(accepted.body())
                    : failure(answer);
            failed(context, taskId, lastError, task);
        }
        return fallback(call, lastError);
    }

    private void completed(CallContext context, String taskId, JsonNode answer) {
        breaker.onSuccess(0, TimeUnit.NANOSECONDS);
        JsonNode time = answer.get("executionTime");
        context.remoteAgentDecision(agentId, "completed", "task " + taskId + " completed"
                + (time == null ? "" : " (executionTime " + time + ")"));
    }

    private void failed(CallContext context, String taskId, String error, int task) {
        breaker.onError(0, TimeUnit.NANOSECONDS, new NotDispatchedException("task_failed"));
        context.remoteAgentDecision(agentId, "failed", "task " + taskId + ": " + error);
        if (task < maxAttempts) {
            context.remoteAgentDecision(agentId, "retried", "sending the task again as task " + (task + 1) + " of "
                    + maxAttempts);
        }
    }

    private AgentResult fallback(AgentCall call, String reason) {
        if (fallback == null) throw new RemoteAgentException(agentId, reason);
        call.context().remoteAgentDecision(agentId, "fallback", "agent '" + fallback.name() + "' does the task: "
                + reason);
        return fallback.run(call);
    }

    private ObjectNode task(AgentCall call, String runId, String taskId) {
        return task(call.stepPath(), call.prompt(), runId, taskId);
    }

    private ObjectNode task(String stepPath, String prompt, String runId, String taskId) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("agentId", agentId).put("projectId", runId)
                .put("taskId", taskId).put("stepPath", stepPath).put("task", prompt);
        if (callbackUrl != null) body.put("callbackUrl", callbackUrl.toString());
        return body;
    }

    /** The remote's reason for a failed task, or a description of an answer that is neither: safe text. */
    private String failure(JsonNode answer) {
        String event = answer.path("event").asText(answer.path("type").asText(""));
        if (!"task_failed".equals(event)) {
            return "unexpected answer (event '" + dispatcher.bounded(event) + "'), expected task_completed or task_failed";
        }
        JsonNode why = answer.hasNonNull("error") ? answer.get("error") : answer.get("data");
        String text = why == null || why.isNull() ? "" : why.isTextual() ? why.asText() : why.toString();
        return "task_failed" + (text.isBlank() ? "" : ": " + dispatcher.bounded(text));
    }

    private static AgentResult output(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) return AgentResult.text("");
        return data.isTextual() ? AgentResult.text(data.asText()) : AgentResult.json(data);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.isObject() ? n : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        } catch (Exception e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    @Override
    public String toString() {
        return "RemoteAgent[" + agentId + " -> " + endpoint.getScheme() + "://" + endpoint.getHost()
                + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort()) + endpoint.getRawPath()
                + (synchronous ? ", synchronous" : "") + ", token ***]";
    }

    /**
     * Configures a {@link RemoteAgent}; every value is checked when given, with an {@link IllegalArgumentException}
     * naming the field and the value (never the token's).
     *
     * <pre>{@code
     * RemoteAgent.builder("ads-management", URI.create("http://localhost:3337/tasks"))
     *         .token(ApiKey.of(System.getenv("INTER_AGENT_TOKEN"))).callbackUrl(server.uri())
     *         .requestTimeout(Duration.ofSeconds(30)).maxAttempts(3)
     *         .circuitBreaker(50, 5, Duration.ofSeconds(30))
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final String agentId;
        private final URI endpoint;
        private ApiKey token;
        private URI callbackUrl;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxAttempts = 3;
        private Duration retryDelay = Duration.ofSeconds(1);
        private float failureRate = 50;
        private int window = 5;
        private Duration openDuration = Duration.ofSeconds(30);
        private CircuitBreakerConfig breakerConfig;
        private Agent fallback;
        private Duration reportTimeout;
        private boolean synchronous;
        private HttpClient httpClient;

        private Builder(String agentId, URI endpoint) {
            if (agentId == null || !agentId.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("agentId must be letters, digits, '-' or '_', was "
                        + (agentId == null ? "null" : "'" + agentId + "'"));
            }
            this.agentId = agentId;
            this.endpoint = httpUri("endpoint", endpoint);
        }

        private static URI httpUri(String field, URI uri) {
            if (uri == null || !uri.isAbsolute() || uri.getHost() == null
                    || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw new IllegalArgumentException(field + " must be an absolute http or https URI, was "
                        + (uri == null ? "null" : "'" + uri + "'"));
            }
            return uri;
        }

        /**
         * The inter-agent bearer token sent with every task (required).
         *
         * @param interAgentToken the token
         * @return this builder
         */
        public Builder token(ApiKey interAgentToken) {
            if (interAgentToken == null) throw new IllegalArgumentException("token must not be null");
            this.token = interAgentToken;
            return this;
        }

        /**
         * Where the remote agent reports its task (required unless synchronous): a {@link RemoteCallbackServer}'s
         * {@code uri()}, or the address of your own server's {@link RemoteCallbacks}.
         *
         * @param callbackUrl an absolute http or https URI
         * @return this builder
         */
        public Builder callbackUrl(URI callbackUrl) {
            this.callbackUrl = httpUri("callbackUrl", callbackUrl);
            return this;
        }

        /**
         * The longest wait for one HTTP request's answer, and for its connection (default 30 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /**
         * How many times a task is dispatched at most when the endpoint cannot be reached, times out or answers
         * 5xx, and how many tasks are sent at most when the remote reports {@code task_failed} (default 3).
         *
         * @param attempts at least 1
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, was " + attempts);
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * The wait before the first dispatch retry, doubled before each later one (default 1 s).
         *
         * @param delay zero or positive
         * @return this builder
         */
        public Builder retryDelay(Duration delay) {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("retryDelay must be zero or positive, was " + delay);
            }
            this.retryDelay = delay;
            return this;
        }

        /**
         * The circuit breaker: over the last {@code window} tasks (once that many were counted), when at least
         * {@code failureRatePercent} % failed it opens for {@code openDuration}, then lets one task through to
         * probe the remote (default 50 %, 5 tasks, 30 s).
         *
         * @param failureRatePercent above 0, at most 100
         * @param window             at least 1
         * @param openDuration       positive
         * @return this builder
         */
        public Builder circuitBreaker(float failureRatePercent, int window, Duration openDuration) {
            if (!(failureRatePercent > 0 && failureRatePercent <= 100)) {
                throw new IllegalArgumentException("failureRatePercent must be above 0 and at most 100, was "
                        + failureRatePercent);
            }
            if (window < 1) throw new IllegalArgumentException("window must be >= 1, was " + window);
            this.openDuration = positive("openDuration", openDuration);
            this.failureRate = failureRatePercent;
            this.window = window;
            this.breakerConfig = null;
            return this;
        }

        /**
         * The circuit breaker as a resilience4j configuration, for what {@link #circuitBreaker(float, int, Duration)}
         * does not set. Each task's outcome is recorded as one call.
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder circuitBreaker(CircuitBreakerConfig config) {
            if (config == null) throw new IllegalArgumentException("circuitBreaker config must not be null");
            this.breakerConfig = config;
            return this;
        }

        /**
         * The agent that does the task when this one cannot: dispatch retries spent, every task failed, or the
         * breaker open (default none: the step fails with a {@link RemoteAgentException}).
         *
         * @param agent another agent
         * @return this builder
         */
        public Builder fallback(Agent agent) {
            if (agent == null) throw new IllegalArgumentException("fallback must not be null");
            this.fallback = agent;
            return this;
        }

        /**
         * How long a dispatched task may go without a {@code task_completed} or {@code task_failed} report: then it
         * counts as failed (sent again as a new task while attempts are left, then the fallback). The deadline is
         * journaled with the wait and kept by the engine's timer (or {@code engine.watchWaitingRuns()} after a
         * restart). Default: wait for as long as it takes.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder reportTimeout(Duration timeout) {
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("reportTimeout must be a positive duration, was " + timeout);
            }
            this.reportTimeout = timeout;
            return this;
        }

        /**
         * The endpoint answers the task in its response body ({@code {"event":"task_completed","data":…}} or
         * {@code task_failed}; {@code type} is read when {@code event} is absent): no callback, no wait.
         *
         * @return this builder
         */
        public Builder synchronous() {
            this.synchronous = true;
            return this;
        }

        /**
         * The HTTP client to use (default: one of this agent's own, connecting within {@code requestTimeout}).
         *
         * @param client the client
         * @return this builder
         */
        public Builder httpClient(HttpClient client) {
            if (client == null) throw new IllegalArgumentException("httpClient must not be null");
            this.httpClient = client;
            return this;
        }

        /**
         * Builds the agent.
         *
         * @return the agent
         * @throws IllegalArgumentException without a token, or without a callback URL unless synchronous
         */
        public RemoteAgent build() {
            if (token == null) throw new IllegalArgumentException("token is required (the inter-agent bearer token)");
            if (!synchronous && callbackUrl == null) {
                throw new IllegalArgumentException("callbackUrl is required for remote agent '" + agentId
                        + "' unless it is synchronous()");
            }
            return new RemoteAgent(this);
        }

        private CircuitBreakerConfig breakerConfig() {
            if (breakerConfig != null) return breakerConfig;
            return CircuitBreakerConfig.custom()
                    .failureRateThreshold(failureRate)
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(window)
                    .minimumNumberOfCalls(window)
                    .waitDurationInOpenState(openDuration)
                    .permittedNumberOfCallsInHalfOpenState(1)
                    .maxWaitDurationInHalfOpenState(openDuration) // a probe whose callback never comes
                    .build();
        }

        private static Duration positive(String field, Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(field + " must be a positive duration, was " + d);
            }
            return d;
        }
    }
}
