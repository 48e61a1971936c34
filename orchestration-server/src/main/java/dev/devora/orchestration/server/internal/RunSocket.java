package dev.devora.orchestration.server.internal;

import dev.devora.orchestration.RunNotFoundException;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.server.AccessTokens;
import dev.devora.orchestration.server.ApiException;
import io.javalin.http.Context;
import io.javalin.websocket.WsCloseStatus;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A run's events over WebSocket ({@code /api/v1/runs/{id}/ws}): the same numbered events as the Server-Sent
 * Events route ({@link RunEvents}), each a text message holding the event's JSON (with its {@code id} and
 * {@code type}), from {@code ?after=N} (default 0: all), then live; the server closes the socket with 1000 after
 * {@code run-completed}. Each client gets every event (fan-out); a socket on a live run is pinged every
 * {@value #PING_SECONDS} s. Messages from the client are ignored.
 *
 * <p>Access: the upgrade request needs {@code Authorization: Bearer <token>} like every route, or, because browsers
 * cannot set headers on a WebSocket, {@code ?access_token=<token>} on this route only. A refused upgrade is answered
 * in the API's error shape (401, 404, 429) before any socket is opened.
 *
 * <pre>{@code
 * RunSocket socket = new RunSocket(tokens, started, engine, limits, (ctx, e) -> renderError(ctx, e));
 * config.routes.wsBeforeUpgrade(DevoraApi.BASE + "/runs/{id}/ws", socket::beforeUpgrade);
 * config.routes.ws(DevoraApi.BASE + "/runs/{id}/ws", socket::configure);
 * }</pre>
 */
public final class RunSocket {
    /** The query parameter that may carry the token on this route. */
    public static final String TOKEN_PARAM = "access_token";
    /** How often a socket on a live run is pinged, so neither Jetty's idle timeout nor a proxy closes it. */
    public static final long PING_SECONDS = 15;

    private final AccessTokens tokens;
    private final StartedRuns started;
    private final WorkflowEngine engine;
    private final Limits limits;
    private final BiConsumer<Context, ApiException> errors;
    private final Map<String, Runnable> open = new ConcurrentHashMap<>();

    /**
     * The route's handlers.
     *
     * @param tokens  the accepted tokens
     * @param started the runs this service started
     * @param engine  the engine (for runs from before a restart: their journal)
     * @param limits  the per-token rate limit
     * @param errors  renders an error in the API's shape (status, content type, result) on a context
     */
    public RunSocket(AccessTokens tokens, StartedRuns started, WorkflowEngine engine, Limits limits,
                     BiConsumer<Context, ApiException> errors) {
        this.errors = errors;
        this.tokens = tokens;
        this.started = started;
        this.engine = engine;
        this.limits = limits;
    }

    /**
     * Checks the upgrade request: token (header or {@code access_token}), rate limit, and that the run exists. A
     * refusal is written at once in the error shape (Javalin does not write a result on the upgrade path), with an
     * {@code X-Request-Id} like every answer, then thrown to stop the upgrade.
     *
     * @param ctx the upgrade request
     * @throws ApiException 401, 429 or 404
     */
    public void beforeUpgrade(Context ctx) {
        String requestId = ctx.header("X-Request-Id");
        if (requestId == null || !requestId.matches("[A-Za-z0-9._-]{1,64}")) requestId = UUID.randomUUID().toString();
        ctx.attribute("request-id", requestId);
        ctx.header("X-Request-Id", requestId);
        try {
            check(ctx);
        } catch (ApiException e) {
            errors.accept(ctx, e);
            try {
                byte[] body = String.valueOf(ctx.result()).getBytes(StandardCharsets.UTF_8);
                ctx.res().setContentLength(body.length);
                ctx.res().getOutputStream().write(body);
                ctx.res().flushBuffer();
            } catch (IOException io) {
                e.addSuppressed(io);
            }
            throw e;
        }
    }

    private void check(Context ctx) {
        String header = ctx.header("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip() : ctx.queryParam(TOKEN_PARAM);
        if (!tokens.accepts(presented)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"devora\"");
            throw new ApiException(401, "unauthorized", presented == null ? "the WebSocket upgrade has neither an "
                    + "Authorization header nor ?" + TOKEN_PARAM + "=" : "the bearer token is not accepted",
                    header != null ? "Authorization" : TOKEN_PARAM);
        }
        limits.throttle(ctx, presented);
        String id = ctx.pathParam("id");
        if (started.get(id).isEmpty() && engine.runStore().run(id).isEmpty()) {
            throw new ApiException(404, "run_not_found", "no run '" + id + "'", "id");
        }
    }

    /**
     * Configures the socket's handlers.
     *
     * @param ws the route's configuration
     */
    public void configure(WsConfig ws) {
        ws.onConnect(this::connect);
        ws.onClose(ctx -> {
            ctx.disableAutomaticPings();
            stop(ctx.sessionId());
        });
        ws.onError(ctx -> {
            ctx.disableAutomaticPings();
            stop(ctx.sessionId());
        });
    }

    private void connect(WsConnectContext ctx) {
        String id = ctx.pathParam("id");
        long after = after(ctx.queryParam("after"));
        StartedRuns.Started s = started.get(id).orElse(null);
        if (s == null) {
            List<WorkflowEvent> journal;
            try {
                journal = engine.events(id);
            } catch (RunNotFoundException e) {
                ctx.closeSession(WsCloseStatus.POLICY_VIOLATION, "no run '" + id + "'");
                return;
            }
            RunEvents replay = new RunEvents();
            journal.forEach(replay::onEvent);
            for (RunEvents.Numbered n : replay.snapshot()) if (n.id() > after) ctx.send(Json.write(n.data()));
            ctx.closeSession(WsCloseStatus.NORMAL_CLOSURE, "end of the journal");
            return;
        }
        ctx.enableAutomaticPings(PING_SECONDS, TimeUnit.SECONDS); // a quiet run must not reach the idle timeout
        Consumer<RunEvents.Numbered> subscriber = n -> deliver(ctx, n);
        open.put(ctx.sessionId(), () -> s.events().unsubscribe(subscriber));
        boolean ended = s.events().subscribe(after, subscriber);
        if (ended) {
            stop(ctx.sessionId());
            ctx.closeSession(WsCloseStatus.NORMAL_CLOSURE, "run ended");
        }
    }

    private void deliver(WsContext ctx, RunEvents.Numbered n) {
        try {
            ctx.send(Json.write(n.data()));
            if (n.type().equals("run-completed")) {
                stop(ctx.sessionId());
                ctx.closeSession(WsCloseStatus.NORMAL_CLOSURE, "run ended");
            }
        } catch (RuntimeException e) {
            stop(ctx.sessionId()); // the client went away: never fail the run's listener
        }
    }

    private void stop(String sessionId) {
        Runnable r = open.remove(sessionId);
        if (r != null) r.run();
    }

    private static long after(String v) {
        if (v == null || v.isBlank()) return 0;
        try {
            return Math.max(0, Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@return how many sockets are following a live run} */
    public int openSockets() {
        return open.size();
    }

    @Override
    public String toString() {
        return "RunSocket[" + open.size() + " open]";
    }
}
