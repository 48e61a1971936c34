package dev.devora.orchestration.journal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default {@link RunStore}: journals in memory, for the life of the process. Resuming a run works within the
 * process (after a cancellation, a failure or a budget stop); nothing survives a restart (use the
 * {@code orchestration-jdbc} module for that).
 *
 * <p>It keeps every run that has not ended and the most recent {@code maxEndedRuns} ended ones (default
 * {@value #DEFAULT_MAX_ENDED_RUNS}); older ended runs are dropped, so a long-lived engine does not grow without bound.
 *
 * <pre>{@code
 * WorkflowEngine engine = WorkflowEngine.builder().runStore(new InMemoryRunStore(10_000)).build();
 * }</pre>
 */
public final class InMemoryRunStore implements RunStore {
    /** How many ended runs the default store keeps. */
    public static final int DEFAULT_MAX_ENDED_RUNS = 100;

    private static final class Stored {
        volatile RunSummary summary;
        long summarySeq;
        final List<JournalEntry> entries = new ArrayList<>();
        long maxSeq;
        volatile boolean ended;
    }

    private final int maxEndedRuns;
    private final ConcurrentHashMap<String, Stored> runs = new ConcurrentHashMap<>();
    private final java.util.ArrayDeque<String> endedOrder = new java.util.ArrayDeque<>(); // guarded by itself
    private final AtomicInteger endedCount = new AtomicInteger();

    /** A store keeping the {@value #DEFAULT_MAX_ENDED_RUNS} most recent ended runs. */
    public InMemoryRunStore() {
        this(DEFAULT_MAX_ENDED_RUNS);
    }

    /**
     * A store keeping the most recent ended runs.
     *
     * @param maxEndedRuns how many ended runs to keep, at least 1
     * @throws IllegalArgumentException if maxEndedRuns is below 1
     */
    public InMemoryRunStore(int maxEndedRuns) {
        if (maxEndedRuns < 1) throw new IllegalArgumentException("maxEndedRuns must be ≥ 1, was " + maxEndedRuns);
        this.maxEndedRuns = maxEndedRuns;
    }

    @Override
    public void append(String runId, JournalEntry entry, RunSummary summary) {
        if (entry.seq() < 1) throw new IllegalArgumentException("entry seq must be ≥ 1, was " + entry.seq());
        Stored s = runs.computeIfAbsent(runId, k -> new Stored());
        boolean endedNow;
        synchronized (s) {
            long seq = entry.seq();
            if (seq <= s.maxSeq && hasSeq(s, seq)) { // entries come nearly in order: search only behind the last one
                throw new IllegalStateException("run " + runId + " already has journal entry " + seq);
            }
            s.maxSeq = Math.max(s.maxSeq, seq);
            s.entries.add(entry);
            if (summary != null) {
                s.summary = summary;
                s.summarySeq = Math.max(s.summarySeq, entry.seq());
            }
            boolean ended = entry instanceof JournalEntry.RunEnded;
            endedNow = ended && !s.ended;
            if (entry instanceof JournalEntry.RunResumed r && "resumed".equals(r.reason()) && s.ended) {
                s.ended = false;
                endedCount.decrementAndGet();
                synchronized (endedOrder) {
                    endedOrder.remove(runId);
                }
            }
            if (endedNow) s.ended = true;
        }
        if (endedNow) {
            synchronized (endedOrder) {
                endedOrder.add(runId);
            }
            if (endedCount.incrementAndGet() > maxEndedRuns) evictOldest();
        }
    }

    private static boolean hasSeq(Stored s, long seq) {
        for (int i = s.entries.size() - 1; i >= 0; i--) if (s.entries.get(i).seq() == seq) return true;
        return false;
    }

    private void evictOldest() {
        while (endedCount.get() > maxEndedRuns) {
            String oldest;
            synchronized (endedOrder) {
                oldest = endedOrder.poll();
            }
            if (oldest == null) return;
            Stored s = runs.get(oldest);
            if (s != null && s.ended && runs.remove(oldest, s)) endedCount.decrementAndGet();
        }
    }

    @Override
    public List<JournalEntry> entries(String runId) {
        Stored s = runs.get(runId);
        if (s == null) return List.of();
        List<JournalEntry> copy;
        synchronized (s) {
            copy = new ArrayList<>(s.entries);
        }
        copy.sort(Comparator.comparingLong(JournalEntry::seq));
        return copy;
    }

    @Override
    public Optional<RunSummary> run(String runId) {
        Stored s = runs.get(runId);
        return s == null ? Optional.empty() : Optional.ofNullable(current(s));
    }

    /** The last summary given, plus the model calls journaled after it. */
    private static RunSummary current(Stored s) {
        synchronized (s) {
            RunSummary r = s.summary;
            if (r == null) return null;
            long since = s.summarySeq;
            for (JournalEntry e : s.entries) {
                if (e.seq() > since && e instanceof JournalEntry.CallRecorded c) r = r.withCall(c.call().usage(), c.at());
            }
            return r;
        }
    }

    @Override
    public List<RunSummary> runs(RunQuery query) {
        List<RunSummary> found = new ArrayList<>();
        for (Stored s : runs.values()) {
            RunSummary r = current(s);
            if (r != null && query.matches(r)) found.add(r);
        }
        found.sort(Comparator.comparing(RunSummary::startedAt).reversed().thenComparing(RunSummary::runId));
        return found.size() > query.limit() ? List.copyOf(found.subList(0, query.limit())) : List.copyOf(found);
    }

    @Override
    public int purge(Instant endedBefore) {
        int n = 0;
        for (var e : runs.entrySet()) {
            RunSummary r = e.getValue().summary;
            if (e.getValue().ended && r != null && r.endedAt() != null && r.endedAt().isBefore(endedBefore)
                    && runs.remove(e.getKey(), e.getValue())) {
                endedCount.decrementAndGet();
                synchronized (endedOrder) {
                    endedOrder.remove(e.getKey());
                }
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "InMemoryRunStore[" + runs.size() + " runs]";
    }
}
