package dev.devora.orchestration.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.remote.RemoteCallbacks;
import dev.devora.orchestration.server.internal.CallbackRoutes;
import dev.devora.orchestration.server.internal.CatalogRoutes;
import dev.devora.orchestration.server.internal.ControlRoutes;
import dev.devora.orchestration.server.internal.DashboardRoutes;
import dev.devora.orchestration.server.internal.Json;
import dev.devora.orchestration.server.internal.Limits;
import dev.devora.orchestration.server.internal.MetricsRoutes;
import dev.devora.orchestration.server.internal.OutputRoutes;
import dev.devora.orchestration.server.internal.RemoteAgentHealth;
import dev.devora.orchestration.server.internal.RunContinuer;
import dev.devora.orchestration.server.internal.RunEventStream;
import dev.devora.orchestration.server.internal.RunResults;
import dev.devora.orchestration.server.internal.RunRoutes;
import dev.devora.orchestration.server.internal.RunSocket;
import dev.devora.orchestration.server.internal.StartedRuns;
import dev.devora.orchestration.server.internal.TaskRoutes;
import dev.devora.orchestration.server.internal.WaitingRunsSweep;
import dev.devora.orchestration.server.internal.WorkflowRoutes;
import dev.devora.orchestration.workflows.WorkflowCatalog;
import dev.devora.orchestration.workflows.WorkflowConfig;
import dev.devora.orchestration.workflows.Workflows;
import dev.devora.orchestration.workflows.business.AgentEndpoints;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The task service's routes, to mount in a Javalin application ({@link #mount}) or to run on their own
 * ({@link DevoraServer}): the workflow catalogue, submitting a predefined workflow with its input (validated first:
 * every problem listed, nothing started), the runs (list, one with its steps and gate history, cancel, pause,
 * resume, restart, and an ended run's report and deliverables), each run's events as Server-Sent Events from any
 * point ({@code Last-Event-ID}) and over WebSocket, free-text task suggestions, dry-run plans, metrics and the
 * OpenAPI document ({@code /api/v1/openapi.json}); a per-token rate limit and a cap on concurrent runs answer 429
 * with {@code Retry-After}. Every route but {@code GET /health} needs {@code Authorization: Bearer
 * <token>}; every answer carries an {@code X-Request-Id}, and every failure has one JSON shape:
 * {@code {"error": {"code", "message", "field"?, "problems"?, "request_id"}}}. The model provider's key never
 * appears in an answer: runs are built here with the provider given, and no route echoes configuration.
 *
 * <pre>{@code
 * DevoraApi api = DevoraApi.builder().engine(engine).provider(llm).tokens(AccessTokens.of(token)).build();
 * Javalin app = Javalin.create(config -> {
 *     api.mount(config);                                    // /health and /api/v1/...
 *     config.routes.get("/", ctx -> ctx.result("my application"));
 * }).start(8080);
 * }</pre>
 */
public final class DevoraApi {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DevoraApi.class);
    /** Where the API's routes are. */
    public static final String BASE = "/api/v1";
    /** The largest request body accepted, in bytes (1 MiB). */
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    /** The OpenAPI document of these routes ({@code GET /api/v1/openapi.json}), a resource beside this class. */
    static final String OPENAPI = resource("openapi.json");
    /** How often an idle event stream gets a comment, so proxies keep it open. */
    static final long HEARTBEAT_MILLIS = 15_000;
    /** Requests an access token may make at once, by default. */
    public static final int DEFAULT_RATE_BURST = 120;
    /** Requests an access token regains a minute, by default. */
    public static final int DEFAULT_RATE_PER_MINUTE = 600;
    /** Runs executing at once, by default. */
    public static final int DEFAULT_MAX_CONCURRENT_RUNS = 64;
    /** The request attribute holding the token {@link #authorize} accepted, for the per-token rate limit. */
    private static final String ACCEPTED_TOKEN = "devora.accepted-token";
    /** Where remote agents report, when {@link Builder#agentEndpoints} has an inter-agent token. */
    public static final String CALLBACKS_PATH = BASE + "/callbacks";
    /** The events route, the one that also takes {@code ?access_token=}. */
    private static final java.util.regex.Pattern EVENTS_PATH = java.util.regex.Pattern.compile(BASE + "/runs/[^/]+/events");

    private final WorkflowEngine engine;
    private final LlmProvider provider;
    private final WorkflowConfig config;
    private final WorkflowCatalog catalog;
    private final AccessTokens tokens;
    private final StartedRuns started;
    private final Limits limits;
    private final RunResults results;
    private final dev.devora.orchestration.server.internal.ServiceWorkflows workflows;
    private final AgentEndpoints endpoints;
    private final RemoteAgentHealth agents;
    private final RunContinuer continuer;
    /** How often waiting runs are swept; null: never. */
    private final java.time.Duration sweepEvery;
    /** The receiver of the remote agents' reports; null when no inter-agent token is configured. */
    private final RemoteCallbacks callbacks;

    private DevoraApi(Builder b) {
        this.engine = Objects.requireNonNull(b.engine, "engine");
        this.started = new StartedRuns(engine.runStore());
        this.provider = Objects.requireNonNull(b.provider, "provider");
        this.tokens = Objects.requireNonNull(b.tokens, "tokens");
        this.config = b.config;
        this.catalog = Workflows.catalog();
        this.limits = new Limits(b.rateBurst, b.ratePerMinute, b.maxConcurrentRuns, MAX_BODY_BYTES, System::nanoTime);
        this.endpoints = b.endpoints;
        this.sweepEvery = b.sweepEvery;
        this.agents = new RemoteAgentHealth(endpoints.endpoints());
        this.workflows = new dev.devora.orchestration.server.internal.ServiceWorkflows(engine, provider, config, b.reviews,
                endpoints);
        this.results = new RunResults(engine, provider, config, started, workflows, limits, agents);
        this.continuer = new RunContinuer(engine, started, workflows, agents);
        this.callbacks = endpoints.token().map(t -> RemoteCallbacks.of(engine, t)).orElse(null);
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers the routes, the access check and the error shape on a Javalin configuration. Once the server has
     * started, and then every 10 s ({@link Builder#waitingRunsSweep}) until it stops, the waiting runs of the store
     * that wait for nothing any more (answered or timed out while no service ran them, also while it was stopped)
     * are continued in passes of this service.
     *
     * @param javalin the application's configuration, inside {@code Javalin.create(config -> ...)}
     */
    public void mount(JavalinConfig javalin) {
        javalin.http.maxRequestSize = MAX_BODY_BYTES;
        javalin.routes.before(ctx -> {
            String id = ctx.header("X-Request-Id");
            if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) id = UUID.randomUUID().toString();
            ctx.attribute("request-id", id);
            ctx.header("X-Request-Id", id);
        });
        javalin.routes.before(BASE + "/*", this::authorize);
        javalin.routes.before(BASE + "/*", this::limit);
        javalin.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> error(ctx, limits.translate(e, ctx)));
        javalin.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e));
        javalin.routes.exception(Exception.class, (e, ctx) -> {
            log.warn("{} {} failed inside the service", ctx.method(), ctx.path(), e); // the path holds no token
            error(ctx, new ApiException(500, "internal_error", "the request failed inside the service: "
                    + e.getClass().getSimpleName(), null));
        });
        javalin.routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, new ApiException(404, "not_found", "no route " + ctx.method() + " " + ctx.path(), null));
            }
        });
        javalin.routes.get("/health", ctx -> Json.respond(ctx, 200, Json.NODES.objectNode().put("status", "ok")));
        javalin.routes.get(BASE + "/openapi.json", ctx -> ctx.contentType("application/json").result(OPENAPI));
        new WorkflowRoutes(catalog).register(javalin, BASE);
        new RunRoutes(results, catalog, workflows).register(javalin, BASE);
        javalin.routes.sse(BASE + "/runs/{id}/events", new RunEventStream(results, HEARTBEAT_MILLIS)::stream);
        javalin.routes.post(BASE + "/tasks", new TaskRoutes(catalog, BASE)::suggest);
        javalin.routes.get(BASE + "/metrics", new MetricsRoutes(engine.runStore(), limits::activeRuns, limits.maxRuns(),
                agents)::metrics);
        if (callbacks != null) {
            javalin.routes.post(CALLBACKS_PATH, new CallbackRoutes(engine, callbacks, limits, continuer)::receive);
        }
        RunSocket socket = new RunSocket(tokens, started, engine, limits, DevoraApi::error);
        javalin.routes.wsBeforeUpgrade(BASE + "/runs/{id}/ws", socket::beforeUpgrade);
        javalin.routes.ws(BASE + "/runs/{id}/ws", socket::configure);
        new ControlRoutes(results).register(javalin, BASE);
        new OutputRoutes(results).register(javalin, BASE);
        new CatalogRoutes(results, config).register(javalin, BASE);
        javalin.routes.post(BASE + "/runs/{id}/decisions",
                new dev.devora.orchestration.server.internal.ApprovalRoutes(engine, workflows, limits, continuer)::decide);
        DashboardRoutes.mount(javalin);
        if (sweepEvery != null) {
            WaitingRunsSweep sweep = new WaitingRunsSweep(engine, workflows, limits, continuer, sweepEvery);
            javalin.events.serverStarted(sweep::start);
            javalin.events.serverStopping(sweep::stop);
        }
    }

    /** The per-token rate limit and the declared body size, after {@link #authorize} accepted the token. */
    private void limit(Context ctx) {
        limits.throttle(ctx, ctx.attribute(ACCEPTED_TOKEN));
        limits.checkDeclaredSize(ctx);
    }

    /**
     * Checks the bearer token of {@code Authorization}. The events route alone also takes it as
     * {@code ?access_token=} when the header is absent: a browser's {@code EventSource} (the dashboard's live view)
     * cannot send headers, and that route only reads. Everywhere else a token in the address is refused, since
     * addresses end up in histories and proxy logs; the token in the query is never echoed (the error messages name
     * only the path).
     */
    private void authorize(Context ctx) {
        String header = ctx.header("Authorization");
        if (callbacks != null && ctx.path().equals(CALLBACKS_PATH)) { // the receiver checks the inter-agent token
            ctx.attribute(ACCEPTED_TOKEN, "remote-callbacks " + (header == null ? "" : header)); // its rate bucket
            return;
        }
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
        if (header == null && ctx.method() == io.javalin.http.HandlerType.GET && EVENTS_PATH.matcher(ctx.path()).matches()) {
            String query = ctx.queryParam("access_token");
            if (query != null) {
                if (tokens.accepts(query.strip())) {
                    ctx.attribute(ACCEPTED_TOKEN, query.strip());
                    return;
                }
                ctx.header("WWW-Authenticate", "Bearer realm=\"devora\"");
                throw new ApiException(401, "unauthorized", "the access_token is not accepted", "access_token");
            }
        }
        if (!tokens.accepts(presented)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"devora\"");
            throw new ApiException(401, "unauthorized", header == null ? "the request has no Authorization header: send "
                    + "'Authorization: Bearer <token>'" : "the bearer token is not accepted", "Authorization");
        }
        ctx.attribute(ACCEPTED_TOKEN, presented);
    }

    private static String resource(String name) {
        try (java.io.InputStream in = DevoraApi.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("resource missing from the jar: " + name);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void error(Context ctx, ApiException e) {
        String requestId;
        try {
            if (ctx.res().isCommitted()) return; // e.g. an event stream under way: no error body can follow
            requestId = String.valueOf((Object) ctx.attribute("request-id"));
        } catch (RuntimeException gone) { // the exchange is over (its client went away): nobody to answer
            return;
        }
        ObjectNode err = Json.NODES.objectNode().put("code", e.code()).put("message", e.getMessage());
        if (e.field() != null) err.put("field", e.field());
        if (!e.problems().isEmpty()) {
            ArrayNode list = err.putArray("problems");
            e.problems().forEach(p -> list.addObject().put("field", p.path()).put("message", p.message()));
        }
        err.put("request_id", requestId);
        Json.respond(ctx, e.status(), Json.NODES.objectNode().set("error", err));
    }

    @Override
    public String toString() {
        return "DevoraApi[" + BASE + ", " + tokens + ", " + started.size() + " runs kept]";
    }

    /**
     * Builds a {@link DevoraApi}.
     *
     * <pre>{@code
     * DevoraApi.builder().engine(engine).provider(llm).config(WorkflowConfig.defaults()).tokens(tokens).build();
     * }</pre>
     */
    public static final class Builder {
        private WorkflowEngine engine;
        private LlmProvider provider;
        private WorkflowConfig config;
        private AccessTokens tokens;
        private int rateBurst = DEFAULT_RATE_BURST;
        private int ratePerMinute = DEFAULT_RATE_PER_MINUTE;
        private int maxConcurrentRuns = DEFAULT_MAX_CONCURRENT_RUNS;
        private final java.util.Map<String, List<String>> reviews = new java.util.LinkedHashMap<>();
        private AgentEndpoints endpoints = AgentEndpoints.none();
        private java.time.Duration sweepEvery = WaitingRunsSweep.INTERVAL;

        private Builder() {
        }

        /**
         * The per-token rate limit, a token bucket: each accepted token may make {@code burst} requests at once and
         * regains {@code perMinute} a minute; beyond, 429 {@code rate_limited} with {@code Retry-After}. Default
         * {@value DevoraApi#DEFAULT_RATE_BURST} at once, {@value DevoraApi#DEFAULT_RATE_PER_MINUTE} a minute.
         *
         * @param burst     requests at once, at least 1
         * @param perMinute requests regained a minute, at least 1
         * @return this builder
         * @throws IllegalArgumentException when either is below 1
         */
        public Builder rateLimit(int burst, int perMinute) {
            if (burst < 1 || perMinute < 1) {
                throw new IllegalArgumentException("rateLimit needs burst and perMinute of at least 1, was " + burst
                        + " and " + perMinute);
            }
            this.rateBurst = burst;
            this.ratePerMinute = perMinute;
            return this;
        }

        /**
         * The most runs executing at once (a run waiting for an approval does not count once its pass ended);
         * beyond, a submission answers 429 {@code too_many_runs} with {@code Retry-After}. Default
         * {@value DevoraApi#DEFAULT_MAX_CONCURRENT_RUNS}.
         *
         * @param max at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder maxConcurrentRuns(int max) {
            if (max < 1) throw new IllegalArgumentException("maxConcurrentRuns must be at least 1, was " + max);
            this.maxConcurrentRuns = max;
            return this;
        }

        /**
         * The engine that runs and journals the runs (its run store is what the runs routes list).
         *
         * @param engine the engine
         * @return this builder
         */
        public Builder engine(WorkflowEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * The provider of every agent's model.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder provider(LlmProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * The workflows' configuration; default {@link WorkflowConfig#defaults()}.
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder config(WorkflowConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * A person reviews the work of these agent steps of a workflow before its run goes on: the run waits
         * (status {@code waiting}, the request listed in the run's {@code pending}) until a decision is posted to
         * {@code /api/v1/runs/{id}/decisions}. Service configuration, not a request's: a run waiting for a review is
         * continued, also after a restart, with the definition built from it, so give the same reviews at every start.
         *
         * <pre>{@code
         * DevoraApi.builder().engine(engine).provider(llm).tokens(tokens).review("documentation-generation", "readme");
         * }</pre>
         *
         * @param workflowId the workflow's id
         * @param agentSteps the ids of its agent steps to review (replacing those given before for it)
         * @return this builder; {@link #build()} refuses an unknown workflow or step, naming its agent steps
         */
        public Builder review(String workflowId, String... agentSteps) {
            reviews.put(Objects.requireNonNull(workflowId, "workflowId"), List.of(agentSteps));
            return this;
        }

        /**
         * Where the business templates' phase agents run (seed 004): a phase whose role has an endpoint is posted to
         * that remote agent, which reports back to {@code POST /api/v1/callbacks}; the others run on models. With an
         * inter-agent token, that route is mounted: it takes the remote agents' {@code task_started},
         * {@code task_completed} and {@code task_failed} with that token (not an access token) and continues the
         * waiting run. Point {@code ORCHESTRATION_WEBHOOK_URL} at it. Give the same endpoints at every start: a run
         * waiting for a remote agent is continued with the definition built from them.
         *
         * <pre>{@code
         * // DESIGN_IA_ENDPOINT, CORE_ENDPOINT, ..., INTER_AGENT_TOKEN, ORCHESTRATION_WEBHOOK_URL=http://host:8080/api/v1/callbacks
         * DevoraApi.builder().engine(engine).provider(llm).tokens(tokens).agentEndpoints(AgentEndpoints.fromSystemEnvironment());
         * }</pre>
         *
         * @param endpoints the endpoints; default {@link AgentEndpoints#none()}
         * @return this builder
         */
        public Builder agentEndpoints(AgentEndpoints endpoints) {
            this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
            return this;
        }

        /**
         * How often the service looks for waiting runs that wait for nothing any more (a decision or a remote agent's
         * report journaled while no service ran them, a request whose timeout expired, also while the service was
         * stopped) and continues them in its own passes: once the server has started, then at this interval. Default
         * 10 s; null turns it off (e.g. for all but one of several services on one store).
         *
         * @param every the interval, positive; or null for never
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder waitingRunsSweep(java.time.Duration every) {
            if (every != null && (every.isZero() || every.isNegative())) {
                throw new IllegalArgumentException("waitingRunsSweep must be positive (or null for never), was " + every);
            }
            this.sweepEvery = every;
            return this;
        }

        /**
         * The bearer tokens accepted.
         *
         * @param tokens the tokens
         * @return this builder
         */
        public Builder tokens(AccessTokens tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /**
         * The routes.
         *
         * @return the API
         * @throws NullPointerException when the engine, the provider or the tokens are missing
         */
        public DevoraApi build() {
            return new DevoraApi(this);
        }
    }
}
