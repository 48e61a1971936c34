package dev.devora.orchestration.examples.runner;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.journal.RunSummary;

import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The {@code --runs} output: one row per stored run, newest first (id, workflow, status, cost, model calls, start
 * in UTC, time from start to its last end). A run whose process died keeps the status {@code RUNNING} in the store;
 * the run's {@link RunLock} tells: held, it is running; free, it is {@code INTERRUPTED}; without a lock file (a
 * store written by another program), it is labelled "RUNNING (or interrupted)", since the store alone cannot tell the two apart.
 *
 * <pre>{@code
 * System.out.print(RunsTable.render(store.runs(RunQuery.ALL), Path.of("devora-output/runs.db"), 100,
 *         run -> RunLock.probe(storeFile, run.runId())));
 * }</pre>
 */
final class RunsTable {
    private static final String[] HEADERS = {"run id", "workflow", "status", "cost USD", "calls", "started (UTC)", "duration"};
    static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private RunsTable() {
    }

    /**
     * @param runs  the runs, newest first
     * @param store where they are stored, named in the footer
     * @param limit the most the query returned: a list this long says so
     * @param lock  the lock of a run that has not ended
     */
    static String render(List<RunSummary> runs, Path store, int limit, Function<RunSummary, RunLock.State> lock) {
        if (runs.isEmpty()) return "No stored runs in " + store + ".\n";
        List<String[]> rows = new ArrayList<>();
        for (RunSummary r : runs) {
            rows.add(new String[] {r.runId(), r.workflowId(), r.status().isFinal() ? r.status().name() : status(r.status(), lock.apply(r)),
                    r.costUsd().setScale(6, RoundingMode.HALF_UP).toPlainString(), String.valueOf(r.calls()),
                    STARTED.format(r.startedAt()), duration(r)});
        }
        StringBuilder sb = new StringBuilder();
        SummaryTable.table(sb, HEADERS, 3, rows, false);
        sb.append('\n').append(runs.size()).append(runs.size() == 1 ? " run" : " runs").append(" in ").append(store)
                .append(runs.size() >= limit ? " (the newest " + limit + " shown)" : "").append(", newest first.")
                .append(" Resume one with --resume RUN_ID.\n");
        return sb.toString();
    }

    /** The status of a run that has not ended, as its lock tells; without a lock it may be one whose process died. */
    static String status(RunStatus status, RunLock.State lock) {
        if (status.isFinal()) return status.name();
        return switch (lock) {
            case HELD -> status.name();
            case FREE -> "INTERRUPTED";
            case UNKNOWN -> status.name() + " (or interrupted)";
        };
    }

    private static String duration(RunSummary r) {
        if (r.endedAt() == null || !r.status().isFinal()) return "not ended";
        Duration d = Duration.between(r.startedAt(), r.endedAt());
        long s = d.toSeconds();
        if (s < 60) return ProgressDisplay.seconds(d.toMillis());
        if (s < 3600) return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }
}
