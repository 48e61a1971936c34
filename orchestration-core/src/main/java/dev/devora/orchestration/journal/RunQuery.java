package dev.devora.orchestration.journal;

import dev.devora.orchestration.engine.RunStatus;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which stored runs to list: by status, workflow and start time, newest first, at most {@link #limit()}.
 *
 * <pre>{@code
 * List<RunSummary> failed = store.runs(RunQuery.builder()
 *         .status(RunStatus.FAILED, RunStatus.CANCELLED)
 *         .workflow("full-stack")
 *         .startedAfter(Instant.now().minus(Duration.ofDays(7)))
 *         .limit(20)
 *         .build());
 * }</pre>
 *
 * @param statuses      the statuses to list; empty for all
 * @param workflowId    the workflow to list; or null for all
 * @param startedAfter  only runs started at or after this time; or null
 * @param startedBefore only runs started before this time; or null
 * @param limit         at most this many runs, at least 1
 */
public record RunQuery(Set<RunStatus> statuses, String workflowId, Instant startedAfter, Instant startedBefore,
                       int limit) {
    /** Every run, newest first, at most 100. */
    public static final RunQuery ALL = new RunQuery(Set.of(), null, null, null, 100);

    /**
     * Checks the query.
     *
     * @param statuses      the statuses; empty for all
     * @param workflowId    the workflow; or null
     * @param startedAfter  lower bound of the start time; or null
     * @param startedBefore upper bound (exclusive); or null
     * @param limit         the maximum number of runs
     * @throws IllegalArgumentException if limit is below 1
     */
    public RunQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        if (limit < 1) throw new IllegalArgumentException("limit must be ≥ 1, was " + limit);
    }

    /**
     * Whether a run matches (for stores that filter in memory).
     *
     * @param run a stored run
     * @return true if the query selects it
     */
    public boolean matches(RunSummary run) {
        return (statuses.isEmpty() || statuses.contains(run.status()))
                && (workflowId == null || workflowId.equals(run.workflowId()))
                && (startedAfter == null || !run.startedAt().isBefore(startedAfter))
                && (startedBefore == null || run.startedAt().isBefore(startedBefore));
    }

    /**
     * A builder listing every run, at most 100.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link RunQuery}. */
    public static final class Builder {
        private final Set<RunStatus> statuses = EnumSet.noneOf(RunStatus.class);
        private String workflowId;
        private Instant startedAfter;
        private Instant startedBefore;
        private int limit = 100;

        private Builder() {
        }

        /**
         * Only runs with one of these statuses.
         *
         * @param wanted the statuses
         * @return this builder
         */
        public Builder status(RunStatus... wanted) {
            for (RunStatus s : wanted) statuses.add(Objects.requireNonNull(s, "status"));
            return this;
        }

        /**
         * Only runs of this workflow.
         *
         * @param id the workflow id
         * @return this builder
         */
        public Builder workflow(String id) {
            this.workflowId = id;
            return this;
        }

        /**
         * Only runs started at or after this time.
         *
         * @param t the time
         * @return this builder
         */
        public Builder startedAfter(Instant t) {
            this.startedAfter = t;
            return this;
        }

        /**
         * Only runs started before this time.
         *
         * @param t the time
         * @return this builder
         */
        public Builder startedBefore(Instant t) {
            this.startedBefore = t;
            return this;
        }

        /**
         * At most this many runs (default 100).
         *
         * @param max the maximum, at least 1
         * @return this builder
         */
        public Builder limit(int max) {
            this.limit = max;
            return this;
        }

        /**
         * Builds the query.
         *
         * @return the query
         * @throws IllegalArgumentException if the limit is below 1
         */
        public RunQuery build() {
            return new RunQuery(statuses, workflowId, startedAfter, startedBefore, limit);
        }
    }
}
