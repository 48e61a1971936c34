package dev.devora.orchestration.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.journal.RunSummary;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The dashboard numbers of the runs a {@link RunStore} holds: per workflow, runs by status, success rate, mean and
 * 95th-percentile wall time of finished runs and SLA breaches per step path; per remote agent, its availability.
 * Computed over the {@code RunStore} SPI (its run list and each listed run's journal), so every store gives them.
 *
 * <pre>{@code
 * RunStatistics stats = RunStatistics.of(engine.runStore(), RunQuery.builder().limit(5_000).build());
 * stats.workflow("restaurant-premium").ifPresent(w -> System.out.println(w.successRate() + " " + w.p95WallTime()));
 * stats.remoteAgent("design-ia").ifPresent(a -> System.out.println(a.availability()));
 * }</pre>
 *
 * <p>What it costs: one {@link RunStore#runs} call, then one {@link RunStore#entries} call per listed run (the SPI
 * has no bulk read; on the JDBC store each is one indexed query). The runs are those the query lists, at most its
 * limit (the newest first).
 *
 * @param runs         how many runs the numbers are over
 * @param workflows    per workflow id, sorted by id
 * @param remoteAgents per remote agent id, sorted by id
 */
public record RunStatistics(int runs, List<WorkflowStatistics> workflows, List<RemoteAgentStatistics> remoteAgents) {
    /** The kind of the requests a remote agent's task waits on: their {@code request} names the {@code agentId}. */
    public static final String REMOTE_TASK = "remote-task";

    /**
     * Copies the lists.
     *
     * @param runs         how many runs the numbers are over
     * @param workflows    per workflow id
     * @param remoteAgents per remote agent id
     */
    public RunStatistics {
        workflows = List.copyOf(workflows);
        remoteAgents = List.copyOf(remoteAgents);
    }

    /**
     * The statistics of the runs a query lists.
     *
     * @param store the store
     * @param query which runs (status, workflow, start time; at most its limit, newest first)
     * @return the numbers
     * @throws dev.devora.orchestration.journal.RunStoreException if the store cannot be read
     */
    public static RunStatistics of(RunStore store, RunQuery query) {
        Objects.requireNonNull(store, "store");
        List<RunSummary> listed = store.runs(Objects.requireNonNull(query, "query"));
        Map<String, WorkflowTally> byWorkflow = new TreeMap<>();
        Map<String, AgentTally> byAgent = new TreeMap<>();
        for (RunSummary run : listed) {
            WorkflowTally w = byWorkflow.computeIfAbsent(run.workflowId(), k -> new WorkflowTally());
            w.add(run);
            readJournal(store.entries(run.runId()), w, byAgent);
        }
        List<WorkflowStatistics> workflows = new ArrayList<>(byWorkflow.size());
        byWorkflow.forEach((id, t) -> workflows.add(t.statistics(id)));
        List<RemoteAgentStatistics> agents = new ArrayList<>(byAgent.size());
        byAgent.forEach((id, t) -> agents.add(new RemoteAgentStatistics(id, t.dispatched, t.completed, t.failed)));
        return new RunStatistics(listed.size(), workflows, agents);
    }

    /** Counts one run's SLA breaches and remote tasks. */
    private static void readJournal(List<JournalEntry> entries, WorkflowTally workflow, Map<String, AgentTally> agents) {
        Map<String, String> agentOfRequest = null; // remote-task request id → agent id, for this run
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.SlaBreached b) {
                workflow.slaBreaches.merge(b.step().path(), 1, Integer::sum);
            } else if (e instanceof JournalEntry.WaitRequested w && REMOTE_TASK.equals(w.kind())) {
                JsonNode agent = w.request() == null ? null : w.request().get("agentId");
                if (agent == null || !agent.isTextual()) continue; // not a remote agent's task: no one to count it for
                if (agentOfRequest == null) agentOfRequest = new HashMap<>();
                if (agentOfRequest.putIfAbsent(w.requestId(), agent.asText()) == null) {
                    agents.computeIfAbsent(agent.asText(), k -> new AgentTally()).dispatched++;
                }
            } else if (e instanceof JournalEntry.WaitAnswered a && agentOfRequest != null) {
                String agent = agentOfRequest.remove(a.requestId()); // one answer counts, as the engine takes one
                if (agent == null) continue;
                String event = a.answer() == null ? "" : a.answer().path("event").asText("");
                AgentTally t = agents.get(agent);
                if (event.equals("task_completed")) t.completed++;
                else if (event.equals("task_failed")) t.failed++;
            }
        }
    }

    /**
     * One workflow's numbers, by id.
     *
     * @param workflowId the id
     * @return the workflow's statistics, or empty when no listed run is of it
     */
    public Optional<WorkflowStatistics> workflow(String workflowId) {
        return workflows.stream().filter(w -> w.workflowId().equals(workflowId)).findFirst();
    }

    /**
     * One remote agent's numbers, by id.
     *
     * @param agentId the agent's id, as its tasks' requests name it
     * @return its statistics, or empty when no listed run dispatched a task to it
     */
    public Optional<RemoteAgentStatistics> remoteAgent(String agentId) {
        return remoteAgents.stream().filter(a -> a.agentId().equals(agentId)).findFirst();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("RunStatistics[").append(runs).append(runs == 1 ? " run" : " runs");
        for (WorkflowStatistics w : workflows) s.append("; ").append(w);
        for (RemoteAgentStatistics a : remoteAgents) s.append("; ").append(a);
        return s.append(']').toString();
    }

    /**
     * One workflow's runs.
     *
     * <pre>{@code
     * WorkflowStatistics w = stats.workflow("launch").orElseThrow();
     * System.out.println(w.runsByStatus().get(RunStatus.FAILED) + " failed, p95 " + w.p95WallTime());
     * }</pre>
     *
     * @param workflowId   the workflow's id
     * @param runsByStatus how many runs have each status (every status, 0 included, in the enum's order)
     * @param finished     how many runs ended ({@link RunStatus#isFinal()})
     * @param successRate  succeeded ({@link RunStatus#SUCCEEDED}; not {@code PARTIAL}) / finished, from 0 to 1; null
     *                     when none finished
     * @param meanWallTime the mean of the finished runs' wall times (start to end, waits included); null when none
     *                     finished
     * @param p95WallTime  the 95th percentile of those wall times (nearest rank: the smallest time at least 95% of
     *                     the finished runs did not exceed); null when none finished
     * @param slaBreaches  SLA breaches per step path (every iteration of a looped step counts), sorted by path; only
     *                     paths that breached
     */
    public record WorkflowStatistics(String workflowId, Map<RunStatus, Integer> runsByStatus, int finished,
                                     Double successRate, Duration meanWallTime, Duration p95WallTime,
                                     Map<String, Integer> slaBreaches) {
        /**
         * Copies the maps.
         *
         * @param workflowId   the workflow's id
         * @param runsByStatus runs per status
         * @param finished     runs that ended
         * @param successRate  succeeded / finished; null when none finished
         * @param meanWallTime mean wall time of finished runs; null when none finished
         * @param p95WallTime  95th-percentile wall time of finished runs; null when none finished
         * @param slaBreaches  breaches per step path
         */
        public WorkflowStatistics {
            Objects.requireNonNull(workflowId, "workflowId");
            runsByStatus = Collections.unmodifiableMap(new EnumMap<>(runsByStatus));
            slaBreaches = Collections.unmodifiableMap(new TreeMap<>(slaBreaches));
        }

        /**
         * All the workflow's listed runs, whatever their status.
         *
         * @return the number of runs
         */
        public int runs() {
            int n = 0;
            for (int c : runsByStatus.values()) n += c;
            return n;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(workflowId).append(": ").append(runs()).append(" runs (");
            String sep = "";
            for (Map.Entry<RunStatus, Integer> e : runsByStatus.entrySet()) {
                if (e.getValue() == 0) continue;
                s.append(sep).append(e.getKey()).append(' ').append(e.getValue());
                sep = ", ";
            }
            s.append(')');
            if (successRate != null) {
                s.append(", success ").append(String.format(Locale.ROOT, "%.1f%%", successRate * 100))
                        .append(" of ").append(finished).append(" finished, mean ").append(meanWallTime)
                        .append(", p95 ").append(p95WallTime);
            }
            if (!slaBreaches.isEmpty()) s.append(", sla breaches ").append(slaBreaches);
            return s.toString();
        }
    }

    /**
     * One remote agent's tasks: those dispatched to it (requests of kind {@value RunStatistics#REMOTE_TASK} whose
     * {@code request.agentId} names it) and how they were answered ({@code answer.event}).
     *
     * <pre>{@code
     * RemoteAgentStatistics a = stats.remoteAgent("design-ia").orElseThrow();
     * if (a.availability() < 0.9) alert(a.agentId() + " completed only " + a.completed() + " of " + a.dispatched());
     * }</pre>
     *
     * @param agentId    the agent's id
     * @param dispatched tasks sent to it
     * @param completed  tasks it reported {@code task_completed}
     * @param failed     tasks it reported {@code task_failed}; the others are still pending
     */
    public record RemoteAgentStatistics(String agentId, int dispatched, int completed, int failed) {
        /**
         * Checks the counts.
         *
         * @param agentId    the agent's id
         * @param dispatched tasks sent to it
         * @param completed  tasks completed
         * @param failed     tasks failed
         */
        public RemoteAgentStatistics {
            Objects.requireNonNull(agentId, "agentId");
            if (dispatched < 0 || completed < 0 || failed < 0 || completed + failed > dispatched) {
                throw new IllegalArgumentException("agent " + agentId + ": completed " + completed + " + failed "
                        + failed + " must be ≥ 0 and at most dispatched " + dispatched);
            }
        }

        /**
         * The tasks still waiting for the agent's report.
         *
         * @return dispatched − completed − failed
         */
        public int pending() {
            return dispatched - completed - failed;
        }

        /**
         * Its availability: tasks completed / tasks dispatched (pending ones count against it).
         *
         * @return from 0 to 1; 0 when nothing was dispatched
         */
        public double availability() {
            return dispatched == 0 ? 0 : (double) completed / dispatched;
        }

        @Override
        public String toString() {
            return agentId + ": " + completed + " of " + dispatched + " tasks completed ("
                    + String.format(Locale.ROOT, "%.1f%%", availability() * 100) + "), " + failed + " failed, "
                    + pending() + " pending";
        }
    }

    /** A workflow's counts while the runs are read. */
    private static final class WorkflowTally {
        final Map<RunStatus, Integer> byStatus = new EnumMap<>(RunStatus.class);
        final List<Long> wallNanos = new ArrayList<>();
        final Map<String, Integer> slaBreaches = new TreeMap<>();
        int succeeded;

        WorkflowTally() {
            for (RunStatus s : RunStatus.values()) byStatus.put(s, 0);
        }

        void add(RunSummary run) {
            byStatus.merge(run.status(), 1, Integer::sum);
            if (!run.status().isFinal()) return;
            if (run.status() == RunStatus.SUCCEEDED) succeeded++;
            java.time.Instant end = run.endedAt() != null ? run.endedAt() : run.updatedAt();
            wallNanos.add(Math.max(0, Duration.between(run.startedAt(), end).toNanos()));
        }

        WorkflowStatistics statistics(String id) {
            int finished = wallNanos.size();
            if (finished == 0) return new WorkflowStatistics(id, byStatus, 0, null, null, null, slaBreaches);
            long[] sorted = new long[finished];
            java.math.BigInteger sum = java.math.BigInteger.ZERO;
            for (int i = 0; i < finished; i++) {
                sorted[i] = wallNanos.get(i);
                sum = sum.add(java.math.BigInteger.valueOf(sorted[i]));
            }
            java.util.Arrays.sort(sorted);
            int rank = (95 * finished + 99) / 100; // nearest rank, 1-based: ceil(0.95 n) in integers
            Duration mean = Duration.ofNanos(sum.divide(java.math.BigInteger.valueOf(finished)).longValueExact());
            return new WorkflowStatistics(id, byStatus, finished, (double) succeeded / finished, mean,
                    Duration.ofNanos(sorted[rank - 1]), slaBreaches);
        }
    }

    /** A remote agent's counts while the runs are read. */
    private static final class AgentTally {
        int dispatched;
        int completed;
        int failed;
    }
}
