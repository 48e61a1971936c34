package dev.devora.orchestration.server.internal;

import dev.devora.orchestration.RunNotFoundException;
import dev.devora.orchestration.event.WorkflowEvent;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code GET /api/v1/runs/{id}/events} as Server-Sent Events: the run's numbered events after {@code Last-Event-ID}
 * (or {@code ?after=}), then live ones until {@code run-completed}, with a heartbeat comment while nothing happens.
 * A run this service did not start (one from before a restart) gets its journal's events, numbered the same way,
 * and the stream ends. Each client holds one of the server's threads while it streams.
 *
 * <pre>{@code
 * config.routes.sse("/api/v1/runs/{id}/events", new RunEventStream(results, 15_000)::stream);
 * }</pre>
 */
public final class RunEventStream {
    private final RunResults runs;
    private final long heartbeatMillis;

    /**
     * A stream over the service's runs.
     *
     * @param runs            the service's runs
     * @param heartbeatMillis how long a quiet stream waits before a heartbeat comment
     */
    public RunEventStream(RunResults runs, long heartbeatMillis) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.heartbeatMillis = heartbeatMillis;
    }

    /**
     * Streams one client's events.
     *
     * @param client the SSE client Javalin hands over
     */
    public void stream(SseClient client) {
        Context ctx = client.ctx();
        String id = ctx.pathParam("id");
        long after = lastEventId(ctx);
        StartedRuns.Started s = runs.started().get(id).orElse(null);
        if (s == null) {
            replayJournal(client, id, after);
            return;
        }
        BlockingQueue<RunEvents.Numbered> queue = new LinkedBlockingQueue<>();
        Consumer<RunEvents.Numbered> subscriber = queue::add;
        boolean ended = s.events().subscribe(after, subscriber);
        try {
            while (!client.terminated()) {
                RunEvents.Numbered n = queue.poll(heartbeatMillis, TimeUnit.MILLISECONDS);
                if (n == null) {
                    if (ended || s.events().ended() && queue.isEmpty()) break;
                    client.sendComment("heartbeat");
                    continue;
                }
                send(client, n);
                if (n.type().equals("run-completed")) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            s.events().unsubscribe(subscriber);
            client.close();
        }
    }

    private void replayJournal(SseClient client, String id, long after) {
        List<WorkflowEvent> journal;
        try {
            journal = runs.engine().events(id);
        } catch (RunNotFoundException e) {
            client.sendEvent("error", Json.write(Json.NODES.objectNode().put("code", "run_not_found")
                    .put("message", "no run '" + id + "'")), "0");
            client.close();
            return;
        }
        RunEvents replay = new RunEvents();
        journal.forEach(replay::onEvent);
        for (RunEvents.Numbered n : replay.snapshot()) {
            if (n.id() > after) send(client, n);
        }
        client.close();
    }

    private static void send(SseClient client, RunEvents.Numbered n) {
        client.sendEvent(n.type(), Json.write(n.data()), Long.toString(n.id()));
    }

    /** {@return the number of the last event the client has: {@code Last-Event-ID}, else {@code ?after=}, else 0} */
    static long lastEventId(Context ctx) {
        String v = ctx.header("Last-Event-ID");
        if (v == null) v = ctx.queryParam("after");
        if (v == null || v.isBlank()) return 0;
        try {
            return Math.max(0, Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
