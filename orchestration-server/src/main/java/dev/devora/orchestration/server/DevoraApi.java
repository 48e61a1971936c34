package dev.devora.orchestration.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.RunNotFoundException;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.engine.PendingRequest;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.server.internal.DashboardRoutes;
import dev.devora.orchestration.server.internal.Json;
import dev.devora.orchestration.server.internal.RunEvents;
import dev.devora.orchestration.server.internal.StartedRuns;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflows.PredefinedWorkflow;
import dev.devora.orchestration.workflows.WorkflowCatalog;
import dev.devora.orchestration.workflows.WorkflowConfig;
import dev.devora.orchestration.workflows.WorkflowInfo;
import dev.devora.orchestration.workflows.Workflows;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The task service's routes, to mount in a Javalin application ({@link #mount}) or to run on their own
 * ({@link DevoraServer}): the workflow catalogue, submitting a predefined workflow with its input (validated first:
 * every problem listed, nothing started), the runs (list, one, cancel) and each run's events as Server-Sent Events
 * from any point ({@code Last-Event-ID}). Every route but {@code GET /health} needs {@code Authorization: Bearer
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
    /** Where the API's routes are. */
    public static final String BASE = "/api/v1";
    /** The largest request body accepted, in bytes (1 MiB). */
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    /** How often an idle event stream gets a comment, so proxies keep it open. */
    static final long HEARTBEAT_MILLIS = 15_000;
    /** The events route, the one that also takes {@code ?access_token=}. */
    private static final java.util.regex.Pattern EVENTS_PATH = java.util.regex.Pattern.compile(BASE + "/runs/[^/]+/events");

    private final WorkflowEngine engine;
    private final LlmProvider provider;
    private final WorkflowConfig config;
    private final WorkflowCatalog catalog;
    private final AccessTokens tokens;
    private final StartedRuns started = new StartedRuns();

    private DevoraApi(Builder b) {
        this.engine = Objects.requireNonNull(b.engine, "engine");
        this.provider = Objects.requireNonNull(b.provider, "provider");
        this.tokens = Objects.requireNonNull(b.tokens, "tokens");
        this.config = b.config;
        this.catalog = Workflows.catalog();
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers the routes, the access check and the error shape on a Javalin configuration.
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
        javalin.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e));
        javalin.routes.exception(Exception.class, (e, ctx) -> error(ctx, new ApiException(500, "internal_error",
                "the request failed inside the service: " + e.getClass().getSimpleName(), null)));
        javalin.routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, new ApiException(404, "not_found", "no route " + ctx.method() + " " + ctx.path(), null));
            }
        });
        javalin.routes.get("/health", ctx -> json(ctx, 200, Json.NODES.objectNode().put("status", "ok")));
        javalin.routes.get(BASE + "/workflows", this::listWorkflows);
        javalin.routes.get(BASE + "/workflows/{id}", this::oneWorkflow);
        javalin.routes.post(BASE + "/runs", this::submit);
        javalin.routes.get(BASE + "/runs", this::listRuns);
        javalin.routes.get(BASE + "/runs/{id}", this::oneRun);
        javalin.routes.post(BASE + "/runs/{id}/cancel", this::cancel);
        javalin.routes.sse(BASE + "/runs/{id}/events", this::events);
        DashboardRoutes.mount(javalin);
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
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
        if (header == null && ctx.method() == io.javalin.http.HandlerType.GET && EVENTS_PATH.matcher(ctx.path()).matches()) {
            String query = ctx.queryParam("access_token");
            if (query != null) {
                if (tokens.accepts(query.strip())) return;
                ctx.header("WWW-Authenticate", "Bearer realm=\"devora\"");
                throw new ApiException(401, "unauthorized", "the access_token is not accepted", "access_token");
            }
        }
        if (!tokens.accepts(presented)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"devora\"");
            throw new ApiException(401, "unauthorized", header == null ? "the request has no Authorization header: send "
                    + "'Authorization: Bearer <token>'" : "the bearer token is not accepted", "Authorization");
        }
    }

    private void listWorkflows(Context ctx) {
        ArrayNode list = Json.NODES.arrayNode();
        for (WorkflowInfo w : catalog.workflows()) list.add(workflowJson(w, false));
        json(ctx, 200, Json.NODES.objectNode().set("workflows", list));
    }

    private void oneWorkflow(Context ctx) {
        json(ctx, 200, workflowJson(info(ctx.pathParam("id"), "id"), true));
    }

    private WorkflowInfo info(String id, String field) {
        if (!catalog.ids().contains(id)) {
            throw new ApiException(404, "workflow_not_found", "no workflow '" + id + "' (known: "
                    + String.join(", ", catalog.ids()) + ")", field);
        }
        return catalog.workflow(id);
    }

    private static ObjectNode workflowJson(WorkflowInfo w, boolean full) {
        ObjectNode o = Json.NODES.objectNode().put("id", w.id()).put("name", w.name()).put("description", w.description());
        w.squads().forEach(o.putArray("squads")::add);
        ArrayNode fields = o.putArray("input");
        for (InputField f : w.input().fields()) {
            ObjectNode field = fields.addObject().put("name", f.name()).put("type", f.type().name().toLowerCase(Locale.ROOT))
                    .put("required", f.required()).put("description", f.description());
            if (f.defaultValue() != null) field.set("default", f.defaultValue());
            if (!f.allowedValues().isEmpty()) f.allowedValues().forEach(field.putArray("allowed")::add);
        }
        if (full) {
            ObjectNode d = o.putObject("deliverables");
            w.deliverables().forEach(d::put);
            o.put("mermaid", w.mermaid());
        }
        return o;
    }

    private void submit(Context ctx) {
        JsonNode body = body(ctx);
        JsonNode workflowId = body.get("workflow");
        if (workflowId == null || !workflowId.isTextual() || workflowId.asText().isBlank()) {
            throw new ApiException(422, "invalid_request", "'workflow' must name a workflow id, e.g. api-development, was "
                    + (workflowId == null ? "missing" : workflowId.toString()), "workflow");
        }
        info(workflowId.asText(), "workflow");
        JsonNode input = body.path("input");
        if (!input.isObject()) {
            throw new ApiException(422, "invalid_request", "'input' must be a JSON object of the workflow's input fields, was "
                    + (input.isMissingNode() ? "missing" : input.getNodeType().name().toLowerCase(Locale.ROOT)), "input");
        }
        PredefinedWorkflow workflow = (config == null ? Workflows.byId(workflowId.asText(), provider)
                : Workflows.byId(workflowId.asText(), provider, config)).withEngine(engine);
        List<ValidationProblem> problems = workflow.validate(input);
        if (!problems.isEmpty()) {
            throw new ApiException(422, "invalid_input", problems.size() + " problem(s) in the input of '"
                    + workflowId.asText() + "': " + problems.get(0), problems.get(0).path(), problems);
        }
        RunEvents events = new RunEvents();
        WorkflowRun run = engine.start(workflow.definitionFor(input), input, RunOptions.NONE, events);
        started.put(new StartedRuns.Started(run, events, workflow));
        ObjectNode out = Json.NODES.objectNode().put("run_id", run.id()).put("workflow", run.workflowId())
                .put("status", run.status().name().toLowerCase(Locale.ROOT))
                .put("events", BASE + "/runs/" + run.id() + "/events").put("url", BASE + "/runs/" + run.id());
        ctx.header("Location", BASE + "/runs/" + run.id());
        json(ctx, 202, out);
    }

    private static JsonNode body(Context ctx) {
        String text = ctx.body();
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            if (n == null || !n.isObject()) throw new ApiException(400, "invalid_json", "the body must be a JSON object", null);
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException(400, "invalid_json", "the body is not JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), null);
        }
    }

    private void listRuns(Context ctx) {
        RunQuery.Builder q = RunQuery.builder();
        String status = ctx.queryParam("status");
        if (status != null) {
            try {
                q.status(RunStatus.valueOf(status.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "invalid_query", "status must be one of "
                        + java.util.Arrays.toString(RunStatus.values()).toLowerCase(Locale.ROOT) + ", was '" + status + "'", "status");
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
        int limit = 50;
        String limitText = ctx.queryParam("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText.strip());
                if (limit < 1 || limit > 500) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw new ApiException(400, "invalid_query", "limit must be a whole number from 1 to 500, was '" + limitText + "'", "limit");
            }
        }
        List<RunSummary> runs = engine.runStore().runs(q.limit(limit).build());
        ArrayNode list = Json.NODES.arrayNode();
        runs.forEach(r -> list.add(summaryJson(r)));
        ObjectNode out = Json.NODES.objectNode().set("runs", list);
        if (runs.size() == limit) out.put("next_before", runs.get(runs.size() - 1).startedAt().toString());
        json(ctx, 200, out);
    }

    private ObjectNode summaryJson(RunSummary r) {
        ObjectNode o = Json.of(r);
        StartedRuns.Started s = started.get(r.runId()).orElse(null);
        if (s != null) {
            o.put("status", s.run().status().name().toLowerCase(Locale.ROOT)).put("progress", s.run().progress());
        }
        o.put("cost_usd", r.costUsd().toPlainString());
        return o;
    }

    private void oneRun(Context ctx) {
        String id = ctx.pathParam("id");
        RunSummary summary = engine.runStore().run(id).orElseThrow(() -> notFound(id));
        ObjectNode out = summaryJson(summary);
        ArrayNode pending = out.putArray("pending");
        for (PendingRequest p : engine.pending(id)) {
            pending.addObject().put("request_id", p.requestId()).put("kind", p.kind()).put("step", p.stepPath())
                    .put("since", p.at().toString()).set("request", p.request());
        }
        json(ctx, 200, out);
    }

    private void cancel(Context ctx) {
        String id = ctx.pathParam("id");
        StartedRuns.Started s = started.get(id).orElse(null);
        if (s == null) {
            engine.runStore().run(id).orElseThrow(() -> notFound(id));
            throw new ApiException(409, "not_running", "run '" + id + "' is not running in this service", "id");
        }
        s.run().cancel();
        json(ctx, 202, Json.NODES.objectNode().put("run_id", id).put("cancelling", true));
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, "run_not_found", "no run '" + id + "'", "id");
    }

    /**
     * The run's events: those after {@code Last-Event-ID} (or {@code ?after=}), then live ones until the run ends.
     * A run this service did not start (before a restart) gets its journal's events, numbered the same way.
     */
    private void events(SseClient client) {
        Context ctx = client.ctx();
        String id = ctx.pathParam("id");
        long after = lastEventId(ctx);
        StartedRuns.Started s = started.get(id).orElse(null);
        if (s == null) {
            List<WorkflowEvent> journal;
            try {
                journal = engine.events(id);
            } catch (RunNotFoundException e) {
                client.sendEvent("error", Json.write(Json.NODES.objectNode().put("code", "run_not_found")
                        .put("message", "no run '" + id + "'")), "0");
                client.close();
                return;
            }
            RunEvents replay = new RunEvents();
            journal.forEach(replay::onEvent);
            for (RunEvents.Numbered n : replay.snapshot()) {
                if (n.id() > after) client.sendEvent(n.type(), Json.write(n.data()), Long.toString(n.id()));
            }
            client.close();
            return;
        }
        BlockingQueue<RunEvents.Numbered> queue = new LinkedBlockingQueue<>();
        Consumer<RunEvents.Numbered> subscriber = queue::add;
        boolean ended = s.events().subscribe(after, subscriber);
        try {
            while (!client.terminated()) {
                RunEvents.Numbered n = queue.poll(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
                if (n == null) {
                    if (ended || s.events().ended() && queue.isEmpty()) break;
                    client.sendComment("heartbeat");
                    continue;
                }
                client.sendEvent(n.type(), Json.write(n.data()), Long.toString(n.id()));
                if (n.type().equals("run-completed")) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            s.events().unsubscribe(subscriber);
            client.close();
        }
    }

    private static long lastEventId(Context ctx) {
        String v = ctx.header("Last-Event-ID");
        if (v == null) v = ctx.queryParam("after");
        if (v == null || v.isBlank()) return 0;
        try {
            return Math.max(0, Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }

    private static void error(Context ctx, ApiException e) {
        ObjectNode err = Json.NODES.objectNode().put("code", e.code()).put("message", e.getMessage());
        if (e.field() != null) err.put("field", e.field());
        if (!e.problems().isEmpty()) {
            ArrayNode list = err.putArray("problems");
            e.problems().forEach(p -> list.addObject().put("field", p.path()).put("message", p.message()));
        }
        err.put("request_id", String.valueOf((Object) ctx.attribute("request-id")));
        json(ctx, e.status(), Json.NODES.objectNode().set("error", err));
    }

    @Override
    public String toString() {
        return "DevoraApi[" + BASE + ", " + tokens + ", " + started.size() + " runs started]";
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

        private Builder() {
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
