package dev.devora.orchestration.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the service has seen of its remote agents since it started, from the {@code RemoteAgentDecision} events of
 * the passes it runs: per agent, its tasks dispatched, completed and failed, how often its circuit breaker refused
 * a task or its fallback took one, and its last outcome. An agent is {@code available} when its last outcome was a
 * completed task, unavailable when it was a failure, an open breaker or a fallback, and unknown ({@code null})
 * before any outcome. The configured agents are listed from the start, with their endpoint's origin only (never a
 * path, query or token).
 *
 * <pre>{@code
 * RemoteAgentHealth health = new RemoteAgentHealth(endpoints.endpoints());
 * RunEvents events = new RunEvents(health);        // each live event of a run also reaches the health
 * metrics.set("remote_agents", health.toJson());
 * }</pre>
 */
public final class RemoteAgentHealth implements WorkflowListener {
    /** One agent's counts. */
    private static final class Seen {
        String origin;
        long dispatched;
        long completed;
        long failed;
        long breakerOpen;
        long fallback;
        String lastOutcome;
        Instant lastAt;
    }

    private final Map<String, Seen> agents = new LinkedHashMap<>();

    /**
     * The health of the configured agents.
     *
     * @param endpoints agent id → its endpoint
     */
    public RemoteAgentHealth(Map<String, URI> endpoints) {
        endpoints.forEach((id, uri) -> agents.computeIfAbsent(id, k -> new Seen()).origin = origin(uri));
    }

    @Override
    public void onEvent(WorkflowEvent event) {
        if (!(event instanceof WorkflowEvent.RemoteAgentDecision d)) return;
        synchronized (agents) {
            Seen s = agents.computeIfAbsent(d.agentId(), k -> new Seen());
            switch (d.decision()) {
                case "dispatched" -> s.dispatched++;
                case "completed" -> s.completed++;
                case "failed" -> s.failed++;
                case "breaker-open" -> s.breakerOpen++;
                case "fallback" -> s.fallback++;
                default -> {
                    return; // retried: no outcome
                }
            }
            if (!d.decision().equals("dispatched")) {
                s.lastOutcome = d.decision();
                s.lastAt = d.at();
            }
        }
    }

    /** {@return agent id → {endpoint, available, last_outcome, last_at, dispatched, completed, failed, breaker_open, fallback}} */
    public ObjectNode toJson() {
        ObjectNode out = Json.NODES.objectNode();
        synchronized (agents) {
            agents.forEach((id, s) -> {
                ObjectNode o = out.putObject(id).put("endpoint", s.origin);
                if (s.lastOutcome == null) o.putNull("available");
                else o.put("available", s.lastOutcome.equals("completed"));
                o.put("last_outcome", s.lastOutcome).put("last_at", s.lastAt == null ? null : s.lastAt.toString())
                        .put("dispatched", s.dispatched).put("completed", s.completed).put("failed", s.failed)
                        .put("breaker_open", s.breakerOpen).put("fallback", s.fallback);
            });
        }
        return out;
    }

    private static String origin(URI uri) {
        if (uri == null || uri.getHost() == null) return null;
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    @Override
    public String toString() {
        return "RemoteAgentHealth" + agents.keySet();
    }
}
