package dev.devora.orchestration.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.engine.LlmCallRecord;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.gate.CheckResult;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.journal.StepRef;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.workflow.StepOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every {@link RunStore} owes the engine, as JUnit 5 tests: extend it, give {@link #newStore()} an
 * empty store, and the tests run against yours. Needs JUnit Jupiter on the test class path (an optional dependency
 * of this module).
 *
 * <pre>{@code
 * class MyStoreContractTest extends RunStoreContract {
 *     @Override
 *     protected RunStore newStore() {
 *         return new MyStore(freshDatabase());
 *     }
 * }
 * }</pre>
 */
public abstract class RunStoreContract {
    /** When the runs of these tests start; times are exact to the nanosecond. */
    public static final Instant T0 = Instant.parse("2026-11-30T10:15:30.123456789Z");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The store under test, new for each test and closed after it. */
    protected RunStore store;

    /** Creates the contract. */
    protected RunStoreContract() {
    }

    /**
     * An empty store for one test.
     *
     * @return the store; the test closes it
     */
    protected abstract RunStore newStore();

    /**
     * How many runs the concurrency test appends at once (default 1,000).
     *
     * @return the number of runs
     */
    protected int concurrentRuns() {
        return 1000;
    }

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /**
     * The summary of a run that just started.
     *
     * @param runId    the run
     * @param workflow its workflow
     * @param started  when it started
     * @return the summary, {@code RUNNING}, no calls
     */
    public static RunSummary started(String runId, String workflow, Instant started) {
        return new RunSummary(runId, workflow, RunStatus.RUNNING, started, started, null, Usage.ZERO, 0);
    }

    /**
     * A run's first entry.
     *
     * @param workflow its workflow
     * @param at       when
     * @return the entry, seq 1
     */
    public static JournalEntry.RunStarted runStarted(String workflow, Instant at) {
        ObjectNode input = JSON.objectNode().put("topic", "durable runs").put("z-first", 1).put("a-second", 2.50);
        input.putArray("tags").add("x").add(JSON.numberNode(new java.math.BigInteger("123456789012345678901234567890")));
        return new JournalEntry.RunStarted(1, at, workflow, "fp-" + workflow, input,
                new RunOptions(Duration.ofMinutes(5), 10_000L, new BigDecimal("1.50"), "run-x", new BigDecimal("0.010")),
                Map.of("draft", "d1", "review/critique", "c2"));
    }

    /**
     * A finished step with a text output.
     *
     * @param seq  position in the journal
     * @param path the step path
     * @param text its output
     * @return the entry
     */
    public static JournalEntry.StepCompleted stepCompleted(long seq, String path, String text) {
        return new JournalEntry.StepCompleted(seq, T0.plusMillis(seq), step(path, "agent"), "",
                StepOutput.text(text), false, 1_234_567L + seq);
    }

    private static StepRef step(String path, String kind) {
        return new StepRef(path, "00001", kind, "agent".equals(kind) ? "writer" : null,
                "agent".equals(kind) ? "team" : null);
    }

    /**
     * One entry of every type, seq 1 to 14, with the fields that are hardest to keep exact.
     *
     * @return the entries in seq order
     */
    public static List<JournalEntry> oneOfEachType() {
        Instant at = T0;
        Usage usage = new Usage(1200, 340, 40, 300, new BigDecimal("0.0012300"), new BigDecimal("0.00125"));
        GateVerdict verdict = new GateVerdict("quality", 72, 80, false,
                List.of(new CheckResult("length", 90, true, "ok"), new CheckResult("tone", 40, false, "too dry")),
                List.of("missing tests"), List.of("add a test", "shorten"), "almost");
        ObjectNode answer = JSON.objectNode().put("route", "fix").put("confidence", 0.875);
        return List.of(
                runStarted("review", at),
                new JournalEntry.StepCompleted(2, at.plusNanos(1), step("refine/draft", "agent"), "#2",
                        StepOutput.json(JSON.objectNode().put("b", 1).put("a", "ü\u2028\"q\"")), false, 42),
                new JournalEntry.StepCompleted(3, at.plusNanos(2), step("maybe", "conditional"), "", null, true,
                        0),
                new JournalEntry.BranchChosen(4, at, step("pick", "conditional"), "#1#2", null, "no condition held"),
                new JournalEntry.RouteChosen(5, at, step("route", "route"), "", StepOutput.json(answer), "fix",
                        "json field route"),
                new JournalEntry.LoopDecided(6, at, step("refine", "loop"), "", 3, true),
                new JournalEntry.GateEvaluated(7, at, step("refine", "loop"), "#4", 2, verdict),
                new JournalEntry.CallRecorded(8, at, step("draft", "agent"), "",
                        new LlmCallRecord("draft", "writer", "openai/gpt-5-mini", usage, Duration.ofMillis(1234),
                                "gen-1", true, List.of("read_file", "apply_patch"))),
                new JournalEntry.RetryScheduled(9, at, step("draft", "agent"), "#3", 2, 1500, "rate limited"),
                new JournalEntry.WarningRecorded(10, at, "deliverables", "left out: too deep", true),
                new JournalEntry.RunSuspended(11, at, "paused"),
                new JournalEntry.RunResumed(12, at, "resumed", RunOptions.NONE, Map.of("draft", "d2")),
                new JournalEntry.ToolCalled(13, at, step("draft", "agent"), "#3", "apply_patch", "call_0",
                        "0123456789ab", 1, "patched a.txt (9 bytes)\nü ", false, List.of("a.txt", "docs/b.md"),
                        1_234_567),
                new JournalEntry.RunEnded(14, at.plusSeconds(9), RunStatus.FAILED, "StepFailedException",
                        "Step 'draft' failed after 3 attempts"));
    }

    @Test
    void entries_areReadBackInSeqOrder_whateverTheAppendOrder() {
        store.append("r1", runStarted("wf", T0), started("r1", "wf", T0));
        store.append("r1", stepCompleted(3, "b", "third"), null);
        store.append("r1", stepCompleted(2, "a", "second"), null);

        List<Long> seqs = store.entries("r1").stream().map(JournalEntry::seq).collect(Collectors.toList());

        assertEquals(List.of(1L, 2L, 3L), seqs);
    }

    @Test
    void everyEntryType_roundTripsExactly() {
        List<JournalEntry> all = oneOfEachType();
        store.append("r1", all.get(0), started("r1", "review", T0));
        for (JournalEntry e : all.subList(1, all.size())) store.append("r1", e, null);

        assertEquals(all, store.entries("r1"));
        assertEquals(13, all.stream().map(JournalEntry::type).distinct().count(), "every one of the 13 types");
    }

    /** A step's SLA entries (its clock's start, its breach) read back exactly: durations to the nanosecond. */
    @Test
    void slaEntries_roundTripExactly() {
        List<JournalEntry> all = List.of(runStarted("launch", T0),
                new JournalEntry.SlaStarted(2, T0.plusNanos(7), step("build", "parallel"), "#2"),
                new JournalEntry.SlaBreached(3, T0.plusSeconds(421), step("build", "parallel"), "#2",
                        Duration.ofMinutes(7), Duration.ofSeconds(421, 5)));
        store.append("r1", all.get(0), started("r1", "launch", T0));
        for (JournalEntry e : all.subList(1, all.size())) store.append("r1", e, null);

        assertEquals(all, store.entries("r1"));
    }

    /**
     * Text holding UTF-16 surrogates that are not a pair (an answer cut in the middle of an emoji, a JSON escape of
     * half of one), in an output's text, its JSON and a gate's feedback, is read back exactly, not as {@code ?}.
     */
    @Test
    void unpairedSurrogates_roundTripExactly() {
        String text = "cut \uD83D, pair \uD83D\uDE00, low \uDE00, end \uD83D";
        ObjectNode json = JSON.objectNode().put("reply", text);
        List<JournalEntry> entries = List.of(runStarted("wf", T0),
                new JournalEntry.StepCompleted(2, T0, step("draft", "agent"), "", new StepOutput(text, json), false, 1),
                new JournalEntry.GateEvaluated(3, T0, step("refine", "loop"), "#1", 1,
                        new GateVerdict("qa", 40, 80, false, List.of(), List.of(text), List.of(), text)));
        store.append("r", entries.get(0), started("r", "wf", T0));
        store.append("r", entries.get(1), null);
        store.append("r", entries.get(2), null);
        assertEquals(entries, store.entries("r"));
    }

    @Test
    void aDuplicateSeq_isRejected_andTheFirstEntryAndSummaryAreKept() {
        RunSummary first = started("r1", "wf", T0);
        store.append("r1", runStarted("wf", T0), first);
        store.append("r1", stepCompleted(2, "a", "first"), null);

        RunSummary changed = first.withStatus(RunStatus.FAILED, T0.plusSeconds(1), true);
        assertThrows(IllegalStateException.class, () -> store.append("r1", stepCompleted(2, "a", "again"), changed));

        assertEquals(List.of(runStarted("wf", T0), stepCompleted(2, "a", "first")), store.entries("r1"));
        assertEquals(first, store.run("r1").orElseThrow());
        store.append("r1", stepCompleted(3, "b", "next"), null);
        assertEquals(3, store.entries("r1").size());
    }

    @Test
    void theSummary_isReplacedByEachAppendThatGivesOne_andKeptByTheOthers() {
        RunSummary s = started("r1", "wf", T0);
        store.append("r1", runStarted("wf", T0), s);
        RunSummary afterCall = s.withCall(new Usage(10, 5, 1, 2, new BigDecimal("0.000100"), null),
                T0.plusNanos(7));
        store.append("r1", stepCompleted(2, "a", "x"), afterCall);
        store.append("r1", stepCompleted(3, "b", "y"), null);
        assertEquals(afterCall, store.run("r1").orElseThrow());

        RunSummary ended = afterCall.withStatus(RunStatus.SUCCEEDED, T0.plusSeconds(3), true);
        store.append("r1", new JournalEntry.RunEnded(4, T0.plusSeconds(3), RunStatus.SUCCEEDED, null, null), ended);
        assertEquals(ended, store.run("r1").orElseThrow());
    }

    @Test
    void modelCallsAppendedWithoutASummary_addTheirUsageToTheRunsSummary() {
        RunSummary s = started("r1", "wf", T0);
        store.append("r1", runStarted("wf", T0), s);
        Usage u1 = new Usage(100, 20, 0, 10, new BigDecimal("0.0010"), null);
        Usage u2 = new Usage(50, 5, 2, 0, new BigDecimal("0.00025"), null);
        JournalEntry.CallRecorded c1 = call(2, T0.plusSeconds(1), u1);
        JournalEntry.CallRecorded c2 = call(4, T0.plusSeconds(2), u2);
        store.append("r1", c1, null);
        store.append("r1", stepCompleted(3, "draft", "x"), null);
        store.append("r1", c2, null);

        RunSummary running = s.withCall(u1, c1.at()).withCall(u2, c2.at());
        assertEquals(running, store.run("r1").orElseThrow());
        assertEquals(List.of(running), store.runs(RunQuery.ALL));

        RunSummary ended = running.withStatus(RunStatus.SUCCEEDED, T0.plusSeconds(3), true);
        store.append("r1", new JournalEntry.RunEnded(5, T0.plusSeconds(3), RunStatus.SUCCEEDED, null, null), ended);
        assertEquals(ended, store.run("r1").orElseThrow());
    }

    private static JournalEntry.CallRecorded call(long seq, Instant at, Usage usage) {
        return new JournalEntry.CallRecorded(seq, at, step("draft", "agent"), "",
                new LlmCallRecord("draft", "writer", "openai/gpt-5-mini", usage, Duration.ofMillis(900), null));
    }

    @Test
    void anUnknownRun_hasNoEntriesAndNoSummary() {
        assertEquals(List.of(), store.entries("nope"));
        assertTrue(store.run("nope").isEmpty());
        assertEquals(List.of(), store.runs(RunQuery.ALL));
    }

    @Test
    void runs_areListedByStatusWorkflowAndTime_newestFirst_atMostTheLimit() {
        for (int i = 0; i < 6; i++) {
            String id = "r" + i;
            String wf = i % 2 == 0 ? "even" : "odd";
            Instant start = T0.plusSeconds(i);
            store.append(id, runStarted(wf, start), started(id, wf, start));
            if (i >= 3) {
                RunStatus end = i == 5 ? RunStatus.FAILED : RunStatus.SUCCEEDED;
                store.append(id, new JournalEntry.RunEnded(2, start.plusMillis(5), end, null, null),
                        started(id, wf, start).withStatus(end, start.plusMillis(5), true));
            }
        }

        assertEquals(List.of("r5", "r4", "r3", "r2", "r1", "r0"), ids(RunQuery.ALL));
        assertEquals(List.of("r5", "r4"), ids(RunQuery.builder().limit(2).build()));
        assertEquals(List.of("r4", "r2", "r0"), ids(RunQuery.builder().workflow("even").build()));
        assertEquals(List.of("r2", "r1", "r0"), ids(RunQuery.builder().status(RunStatus.RUNNING).build()));
        assertEquals(List.of("r5", "r3"),
                ids(RunQuery.builder().status(RunStatus.FAILED, RunStatus.SUCCEEDED).workflow("odd").build()));
        assertEquals(List.of("r3", "r2"), ids(RunQuery.builder().startedAfter(T0.plusSeconds(2))
                .startedBefore(T0.plusSeconds(4)).build()));
        assertEquals(List.of("r4"), ids(RunQuery.builder().status(RunStatus.SUCCEEDED)
                .startedAfter(T0.plusSeconds(4)).build()));
        assertEquals(List.of(), ids(RunQuery.builder().workflow("none").build()));
    }

    private List<String> ids(RunQuery q) {
        return store.runs(q).stream().map(RunSummary::runId).collect(Collectors.toList());
    }

    @Test
    void purge_deletesTheRunsEndedBeforeTheTime_withTheirJournals_andKeepsUnfinishedRuns() {
        for (int i = 0; i < 3; i++) {
            String id = "ended" + i;
            store.append(id, runStarted("wf", T0), started(id, "wf", T0));
            Instant end = T0.plusSeconds(10L * (i + 1));
            store.append(id, new JournalEntry.RunEnded(2, end, RunStatus.SUCCEEDED, null, null),
                    started(id, "wf", T0).withStatus(RunStatus.SUCCEEDED, end, true));
        }
        store.append("running", runStarted("wf", T0), started("running", "wf", T0));

        assertEquals(2, store.purge(T0.plusSeconds(30)));

        assertEquals(List.of("ended2", "running"), ids(RunQuery.ALL).stream().sorted().collect(Collectors.toList()));
        assertEquals(List.of(), store.entries("ended0"));
        assertEquals(2, store.entries("ended2").size());
        assertEquals(1, store.purge(Instant.MAX));
        assertEquals(List.of("running"), ids(RunQuery.ALL));
    }

    /**
     * Many runs at once, as an engine with many concurrent runs and 8-way parallel steps appends: each run's start,
     * then 8 step entries from a pool of 8 threads at once, then its end. Every entry is stored exactly once.
     *
     * @throws InterruptedException if the test is interrupted
     */
    @Test
    void manyRunsWithParallelSteps_appendingAtOnce_loseAndDuplicateNothing() throws InterruptedException {
        int runs = concurrentRuns();
        int branches = 8;
        ExecutorService pool = Executors.newFixedThreadPool(2 * branches);
        ExecutorService branchPool = Executors.newFixedThreadPool(branches);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch allDone = new CountDownLatch(runs);
        try {
            for (int r = 0; r < runs; r++) {
                String id = "run-" + r;
                pool.execute(() -> {
                    try {
                        store.append(id, runStarted("wf", T0), started(id, "wf", T0));
                        CountDownLatch branchesDone = new CountDownLatch(branches);
                        for (int b = 0; b < branches; b++) {
                            long seq = 2 + b;
                            branchPool.execute(() -> {
                                try {
                                    store.append(id, stepCompleted(seq, "par/b" + seq, "out " + seq), null);
                                } catch (Throwable t) {
                                    failures.add(t);
                                } finally {
                                    branchesDone.countDown();
                                }
                            });
                        }
                        branchesDone.await();
                        store.append(id, new JournalEntry.RunEnded(10, T0, RunStatus.SUCCEEDED, null, null),
                                started(id, "wf", T0).withStatus(RunStatus.SUCCEEDED, T0.plusSeconds(1), true));
                    } catch (Throwable t) {
                        failures.add(t);
                    } finally {
                        allDone.countDown();
                    }
                });
            }
            assertTrue(allDone.await(60, TimeUnit.SECONDS), "all runs appended within 60 s");
        } finally {
            pool.shutdownNow();
            branchPool.shutdownNow();
        }

        assertEquals(List.of(), new ArrayList<>(failures));
        Set<Long> expected = IntStream.rangeClosed(1, 10).mapToObj(i -> (long) i)
                .collect(Collectors.toCollection(TreeSet::new));
        for (int r = 0; r < runs; r++) {
            List<JournalEntry> entries = store.entries("run-" + r);
            assertEquals(10, entries.size(), "entries of run-" + r);
            assertEquals(expected, entries.stream().map(JournalEntry::seq).collect(Collectors.toCollection(TreeSet::new)));
        }
        assertEquals(runs, store.runs(RunQuery.builder().status(RunStatus.SUCCEEDED).limit(runs + 1).build()).size());
    }

    /**
     * Purges running all the while many runs append: a purge deletes whole ended runs only, so each run is at the end
     * either all there (every entry once, its summary {@code SUCCEEDED}) or not there at all, and the old ended runs
     * are gone. Nothing fails.
     *
     * @throws InterruptedException if the test is interrupted
     */
    @Test
    void purgesWhileManyRunsAppend_deleteWholeEndedRunsOnly() throws InterruptedException {
        int runs = Math.min(concurrentRuns(), 200);
        for (int i = 0; i < 50; i++) {
            String id = "old-" + i;
            store.append(id, runStarted("wf", T0.minusSeconds(100)), started(id, "wf", T0.minusSeconds(100)));
            store.append(id, new JournalEntry.RunEnded(2, T0.minusSeconds(50), RunStatus.SUCCEEDED, null, null),
                    started(id, "wf", T0.minusSeconds(100)).withStatus(RunStatus.SUCCEEDED, T0.minusSeconds(50), true));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch allDone = new CountDownLatch(runs);
        java.util.concurrent.atomic.AtomicBoolean appending = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread purger = new Thread(() -> {
            try {
                do { // at least once: the appends may all be done before this thread is first scheduled
                    store.purge(T0);           // the old runs
                    store.purge(Instant.MAX);  // and whichever new ones have ended so far
                } while (appending.get());
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        purger.start();
        try {
            for (int r = 0; r < runs; r++) {
                String id = "run-" + r;
                pool.execute(() -> {
                    try {
                        store.append(id, runStarted("wf", T0), started(id, "wf", T0));
                        for (long seq = 2; seq <= 9; seq++) {
                            store.append(id, stepCompleted(seq, "s" + seq, "out " + seq), null);
                        }
                        store.append(id, new JournalEntry.RunEnded(10, T0, RunStatus.SUCCEEDED, null, null),
                                started(id, "wf", T0).withStatus(RunStatus.SUCCEEDED, T0.plusSeconds(1), true));
                    } catch (Throwable t) {
                        failures.add(t);
                    } finally {
                        allDone.countDown();
                    }
                });
            }
            assertTrue(allDone.await(60, TimeUnit.SECONDS), "all runs appended within 60 s");
        } finally {
            appending.set(false);
            purger.join(60_000);
            pool.shutdownNow();
        }
        assertEquals(List.of(), new ArrayList<>(failures));
        for (int i = 0; i < 50; i++) assertEquals(List.of(), store.entries("old-" + i), "old-" + i + " purged");
        for (int r = 0; r < runs; r++) {
            String id = "run-" + r;
            List<JournalEntry> entries = store.entries(id);
            Optional<RunSummary> summary = store.run(id);
            if (entries.isEmpty()) {
                assertEquals(Optional.empty(), summary, id + ": purged with its journal");
            } else {
                assertEquals(10, entries.size(), "entries of " + id);
                assertEquals(RunStatus.SUCCEEDED, summary.orElseThrow().status(), id);
            }
        }
    }
}
