package dev.devora.orchestration.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.journal.RunSummary;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;

/**
 * {@code GET /api/v1/metrics}, from the run store's summaries (the newest {@link #WINDOW} runs): runs by status,
 * the runs executing now in this service, the success rate (succeeded among the runs that ended), and per workflow
 * the number of runs, the success rate and the mean and 95th-percentile duration (nearest rank) of the runs that
 * ended, in milliseconds; and the remote agents' availability as this service has seen it since it started
 * ({@link RemoteAgentHealth}: empty when none is configured).
 *
 * <pre>{@code
 * GET /api/v1/metrics
 * 200 {"window": 10000, "runs": 12, "by_status": {"succeeded": 10, "failed": 1, "running": 1, ...},
 *      "active_runs": 1, "max_concurrent_runs": 64, "success_rate": 0.909,
 *      "workflows": {"api-development": {"runs": 12, "ended": 11, "succeeded": 10, "success_rate": 0.909,
 *                                        "mean_ms": 5120, "p95_ms": 9800}}}
 * }</pre>
 */
public final class MetricsRoutes {
    /** How many of the newest runs the metrics cover. */
    public static final int WINDOW = 10_000;

    private final RunStore store;
    private final IntSupplier activeRuns;
    private final int maxRuns;
    private final RemoteAgentHealth agents;

    /**
     * The route over a store.
     *
     * @param store      the run store
     * @param activeRuns the runs executing now
     * @param maxRuns    the concurrent-run cap
     * @param agents     what the service has seen of its remote agents
     */
    public MetricsRoutes(RunStore store, IntSupplier activeRuns, int maxRuns, RemoteAgentHealth agents) {
        this.agents = java.util.Objects.requireNonNull(agents, "agents");
        this.store = store;
        this.activeRuns = activeRuns;
        this.maxRuns = maxRuns;
    }

    /**
     * Answers the metrics.
     *
     * @param ctx the request
     */
    public void metrics(Context ctx) {
        List<RunSummary> runs = store.runs(RunQuery.builder().limit(WINDOW).build());
        ObjectNode out = Json.NODES.objectNode().put("window", WINDOW).put("runs", runs.size());
        ObjectNode byStatus = out.putObject("by_status");
        for (RunStatus s : RunStatus.values()) byStatus.put(s.name().toLowerCase(Locale.ROOT), 0);
        Map<String, List<RunSummary>> byWorkflow = new TreeMap<>();
        for (RunSummary r : runs) {
            String key = r.status().name().toLowerCase(Locale.ROOT);
            byStatus.put(key, byStatus.path(key).asInt() + 1);
            byWorkflow.computeIfAbsent(r.workflowId(), k -> new ArrayList<>()).add(r);
        }
        out.put("active_runs", activeRuns.getAsInt()).put("max_concurrent_runs", maxRuns);
        rate(out, runs);
        ObjectNode workflows = out.putObject("workflows");
        byWorkflow.forEach((id, list) -> {
            ObjectNode w = workflows.putObject(id).put("runs", list.size());
            rate(w, list);
            List<Long> ms = new ArrayList<>();
            for (RunSummary r : list) {
                if (r.status().isFinal() && r.endedAt() != null) ms.add(Duration.between(r.startedAt(), r.endedAt()).toMillis());
            }
            if (ms.isEmpty()) {
                w.putNull("mean_ms").putNull("p95_ms");
            } else {
                Collections.sort(ms);
                w.put("mean_ms", Math.round(ms.stream().mapToLong(Long::longValue).average().orElse(0)));
                w.put("p95_ms", ms.get((int) Math.ceil(0.95 * ms.size()) - 1));
            }
        });
        out.set("remote_agents", agents.toJson());
        Json.respond(ctx, 200, out);
    }

    /** Puts {@code ended}, {@code succeeded} and {@code success_rate} (null when none ended). */
    private static void rate(ObjectNode o, List<RunSummary> runs) {
        long ended = runs.stream().filter(r -> r.status().isFinal()).count();
        long ok = runs.stream().filter(r -> r.status() == RunStatus.SUCCEEDED).count();
        o.put("ended", ended).put("succeeded", ok);
        if (ended == 0) o.putNull("success_rate");
        else o.put("success_rate", Math.round(1000.0 * ok / ended) / 1000.0);
    }

    @Override
    public String toString() {
        return "MetricsRoutes[" + store + "]";
    }
}
