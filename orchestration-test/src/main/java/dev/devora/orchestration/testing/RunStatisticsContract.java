package dev.devora.orchestration.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.engine.RunStatistics;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.journal.StepRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RunStatistics} over a store: hand-made journals with known statuses, wall times, SLA breaches and remote
 * tasks give known numbers, whatever the store. Extend it and give {@link #newStore()} an empty store, as for
 * {@link RunStoreContract}.
 *
 * <pre>{@code
 * class MyStoreStatisticsTest extends RunStatisticsContract {
 *     @Override
 *     protected RunStore newStore() {
 *         return new MyStore(freshDatabase());
 *     }
 * }
 * }</pre>
 */
public abstract class RunStatisticsContract {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final RunQuery EVERY_RUN = RunQuery.builder().limit(10_000).build();

    /** The store under test, new for each test and closed after it. */
    protected RunStore store;

    /** Creates the contract. */
    protected RunStatisticsContract() {
    }

    /**
     * An empty store for one test.
     *
     * @return the store; the test closes it
     */
    protected abstract RunStore newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Builds one run's journal and summary, appending as the engine does (a summary with each status change). */
    private final class Run {
        final String id;
        final String workflow;
        final Instant start;
        RunSummary summary;
        long seq = 1;

        Run(String id, String workflow, Instant start) {
            this.id = id;
            this.workflow = workflow;
            this.start = start;
            summary = RunStoreContract.started(id, workflow, start);
            store.append(id, RunStoreContract.runStarted(workflow, start), summary);
        }

        Run breach(String path, String instance) {
            store.append(id, new JournalEntry.SlaBreached(++seq, start, new StepRef(path, "00001", "agent", "a", null),
                    instance, Duration.ofMinutes(5), Duration.ofMinutes(6)), null);
            return this;
        }

        Run remoteTask(String requestId, String kind, JsonNode request) {
            store.append(id, new JournalEntry.WaitRequested(++seq, start, new StepRef("phase", "00001", "agent", "a",
                    null), "", requestId, kind, request, null), null);
            return this;
        }

        Run answered(String requestId, String event) {
            store.append(id, new JournalEntry.WaitAnswered(++seq, start, requestId,
                    JSON.objectNode().put("event", event).put("data", "done")), null);
            return this;
        }

        void ended(RunStatus status, Duration wall) {
            Instant end = start.plus(wall);
            summary = summary.withStatus(status, end, status.isFinal());
            JournalEntry last = status.isFinal() ? new JournalEntry.RunEnded(++seq, end, status, null, null)
                    : new JournalEntry.RunSuspended(++seq, end, "waiting for x");
            store.append(id, last, summary);
        }
    }

    private static JsonNode task(String agentId) {
        return JSON.objectNode().put("agentId", agentId).put("task", "do it");
    }

    /**
     * Workflow {@code launch}: 20 finished runs taking 1 s to 20 s (15 succeeded, 3 failed, 1 partial, 1 cancelled),
     * one waiting and one running; workflow {@code other}: one succeeded run of 5 s.
     */
    private void fillStore() {
        RunStatus[] ends = new RunStatus[20];
        java.util.Arrays.fill(ends, RunStatus.SUCCEEDED);
        ends[2] = ends[7] = ends[11] = RunStatus.FAILED;
        ends[5] = RunStatus.PARTIAL;
        ends[13] = RunStatus.CANCELLED;
        for (int i = 0; i < 20; i++) {
            Run r = new Run("launch-" + i, "launch", RunStoreContract.T0.plusSeconds(60L * i));
            if (i == 0) {
                r.breach("build", "#1").breach("build", "#2").breach("design", "")
                        .remoteTask("r0-a", "remote-task", task("design-ia")).answered("r0-a", "task_completed")
                        .remoteTask("r0-b", "remote-task", task("core-platform")).answered("r0-b", "task_failed")
                        .remoteTask("r0-c", "approval", task("design-ia")).answered("r0-c", "task_completed")
                        .remoteTask("r0-d", "remote-task", JSON.objectNode().put("task", "no agent named"));
            }
            if (i == 1) {
                r.breach("design", "").remoteTask("r1-a", "remote-task", task("design-ia"));
            }
            r.ended(ends[i], Duration.ofSeconds(i + 1));
        }
        new Run("launch-waiting", "launch", RunStoreContract.T0.plusSeconds(3_000))
                .remoteTask("w-a", "remote-task", task("automation")).ended(RunStatus.WAITING, Duration.ofHours(1));
        new Run("launch-running", "launch", RunStoreContract.T0.plusSeconds(3_100));
        new Run("other-0", "other", RunStoreContract.T0.plusSeconds(5)).ended(RunStatus.SUCCEEDED, Duration.ofSeconds(5));
    }

    @Test
    void statistics_countStatusesRatesWallTimesBreachesAndAvailability() {
        fillStore();

        RunStatistics stats = RunStatistics.of(store, EVERY_RUN);

        assertEquals(23, stats.runs());
        assertEquals(List.of("launch", "other"), stats.workflows().stream()
                .map(RunStatistics.WorkflowStatistics::workflowId).toList());
        RunStatistics.WorkflowStatistics launch = stats.workflow("launch").orElseThrow();
        assertEquals(22, launch.runs());
        assertEquals(Map.of(RunStatus.SUCCEEDED, 15, RunStatus.FAILED, 3, RunStatus.PARTIAL, 1,
                RunStatus.CANCELLED, 1, RunStatus.WAITING, 1, RunStatus.RUNNING, 1, RunStatus.PAUSED, 0),
                launch.runsByStatus());
        assertEquals(20, launch.finished());
        assertEquals(0.75, launch.successRate(), 1e-12);
        assertEquals(Duration.ofMillis(10_500), launch.meanWallTime(), "mean of 1..20 s");
        assertEquals(Duration.ofSeconds(19), launch.p95WallTime(), "nearest rank: the 19th of 20");
        assertEquals(Map.of("build", 2, "design", 2), launch.slaBreaches());

        RunStatistics.WorkflowStatistics other = stats.workflow("other").orElseThrow();
        assertEquals(1.0, other.successRate(), 1e-12);
        assertEquals(Duration.ofSeconds(5), other.meanWallTime());
        assertEquals(Duration.ofSeconds(5), other.p95WallTime());
        assertEquals(Map.of(), other.slaBreaches());

        assertEquals(List.of("automation", "core-platform", "design-ia"), stats.remoteAgents().stream()
                .map(RunStatistics.RemoteAgentStatistics::agentId).toList());
        RunStatistics.RemoteAgentStatistics design = stats.remoteAgent("design-ia").orElseThrow();
        assertEquals(List.of(2, 1, 0, 1), List.of(design.dispatched(), design.completed(), design.failed(),
                design.pending()), "an approval naming an agent is not a remote task");
        assertEquals(0.5, design.availability(), 1e-12);
        RunStatistics.RemoteAgentStatistics core = stats.remoteAgent("core-platform").orElseThrow();
        assertEquals(List.of(1, 0, 1), List.of(core.dispatched(), core.completed(), core.failed()));
        assertEquals(0.0, core.availability(), 1e-12);
        assertEquals(0.0, stats.remoteAgent("automation").orElseThrow().availability(), 1e-12);
    }

    @Test
    void statistics_coverTheRunsTheQueryLists() {
        fillStore();

        RunStatistics other = RunStatistics.of(store, RunQuery.builder().workflow("other").build());
        assertEquals(1, other.runs());
        assertEquals(List.of("other"), other.workflows().stream()
                .map(RunStatistics.WorkflowStatistics::workflowId).toList());
        assertEquals(List.of(), other.remoteAgents());

        RunStatistics unfinished = RunStatistics.of(store, RunQuery.builder()
                .status(RunStatus.WAITING, RunStatus.RUNNING).build());
        RunStatistics.WorkflowStatistics launch = unfinished.workflow("launch").orElseThrow();
        assertEquals(2, launch.runs());
        assertEquals(0, launch.finished());
        assertNull(launch.successRate(), "no rate without a finished run");
        assertNull(launch.meanWallTime());
        assertNull(launch.p95WallTime());
        assertEquals(1, unfinished.remoteAgent("automation").orElseThrow().pending());
    }

    @Test
    void anEmptyStore_hasNoNumbers_andTheStatisticsReadWell() {
        RunStatistics none = RunStatistics.of(store, EVERY_RUN);
        assertEquals(0, none.runs());
        assertEquals(List.of(), none.workflows());
        assertEquals("RunStatistics[0 runs]", none.toString());

        fillStore();
        String text = RunStatistics.of(store, RunQuery.builder().workflow("launch").limit(1000).build()).toString();
        assertTrue(text.contains("launch: 22 runs (RUNNING 1, WAITING 1, SUCCEEDED 15, PARTIAL 1, FAILED 3, "
                + "CANCELLED 1), success 75.0% of 20 finished, mean PT10.5S, p95 PT19S, sla breaches {build=2, "
                + "design=2}"), text);
        assertTrue(text.contains("design-ia: 1 of 2 tasks completed (50.0%), 0 failed, 1 pending"), text);
    }

    /** Many runs: every one is counted, each journal read once. */
    @Test
    void manyRuns_areAllCounted() {
        for (int i = 0; i < 500; i++) {
            Run r = new Run("many-" + i, "many", RunStoreContract.T0.plusMillis(i))
                    .remoteTask("t-" + i, "remote-task", task("ads-management"))
                    .answered("t-" + i, i % 10 == 0 ? "task_failed" : "task_completed");
            if (i % 50 == 0) r.breach("ads", "");
            r.ended(RunStatus.SUCCEEDED, Duration.ofMillis(100 + i));
        }
        RunStatistics stats = RunStatistics.of(store, RunQuery.builder().limit(10_000).build());
        assertEquals(500, stats.runs());
        RunStatistics.RemoteAgentStatistics ads = stats.remoteAgent("ads-management").orElseThrow();
        assertEquals(List.of(500, 450, 50), List.of(ads.dispatched(), ads.completed(), ads.failed()));
        RunStatistics.WorkflowStatistics many = stats.workflow("many").orElseThrow();
        assertEquals(Map.of("ads", 10), many.slaBreaches());
        assertEquals(Duration.ofMillis(100 + 474), many.p95WallTime(), "the 475th of 500");
        assertEquals(Duration.ofNanos(349_500_000), many.meanWallTime());
    }
}
