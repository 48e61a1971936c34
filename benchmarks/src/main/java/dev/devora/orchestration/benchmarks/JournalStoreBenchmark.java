package dev.devora.orchestration.benchmarks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.journal.StepRef;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.workflow.StepOutput;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Cost of one journaled step: µs per {@code RunStore.append} of a typical {@code StepCompleted} entry (a 2 KB text
 * output, no summary), on the in-memory store, the JDBC store on a SQLite file in a temp folder (WAL,
 * {@code synchronous=NORMAL}) and on an embedded PostgreSQL server (zonky; default settings, durable commits), from
 * one thread ({@code append}) and from 8 at once ({@code append8}: group commit shares transactions). With 8
 * threads JMH reports the average time of one append as each thread sees it; the store's throughput is
 * 8 / that time.
 *
 * <p>Each thread appends to its own run; after 100 entries the run ends (with its summary) and the next one starts
 * (so one op in 100 also writes a summary, as a run's end does). Ended runs are purged before each iteration
 * (untimed), so the file and the in-memory store do not grow without bound.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar JournalStoreBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED") // sqlite-jdbc's native library, JDK 24+
public class JournalStoreBenchmark {
    /** Entries per run before it ends and the thread starts another. */
    static final int ENTRIES_PER_RUN = 100;
    private static final String OUTPUT = "x".repeat(2048);

    @Param({"memory", "sqlite", "postgresql"})
    public String store;

    RunStore runStore;
    private StoreFixture fixture;

    /**
     * Opens the store.
     *
     * @throws IOException if the temp folder or the server cannot be made
     */
    @Setup(Level.Trial)
    public void open() throws IOException {
        fixture = StoreFixture.open(store, 16);
        runStore = fixture.store;
    }

    /** Drops the ended runs, untimed, so each iteration starts from a small database. */
    @Setup(Level.Iteration)
    public void purge() {
        runStore.purge(Instant.MAX);
    }

    /**
     * Closes the store and removes what it made.
     *
     * @throws IOException if the temp folder or the server cannot be removed
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        fixture.close();
    }

    /** One appending thread's run: its id and the next seq. */
    @State(Scope.Thread)
    public static class Run {
        String runId;
        long seq;
        RunSummary summary;
        final StepRef step = new StepRef("review/critique/security", "00003.00001", "agent", "security-reviewer",
                "review");

        /**
         * The next entry of this thread's run, starting a new run after {@link #ENTRIES_PER_RUN}.
         *
         * @param store where to append
         */
        void appendNext(RunStore store) {
            Instant now = Instant.now();
            if (runId == null || seq > ENTRIES_PER_RUN) {
                if (runId != null) {
                    store.append(runId, new JournalEntry.RunEnded(seq, now, RunStatus.SUCCEEDED, null, null),
                            summary.withStatus(RunStatus.SUCCEEDED, now, true));
                }
                runId = UUID.randomUUID().toString();
                seq = 1;
                summary = new RunSummary(runId, "bench", RunStatus.RUNNING, now, now, null, Usage.ZERO, 0);
                store.append(runId, new JournalEntry.RunStarted(seq++, now, "bench", "fingerprint",
                        JsonNodeFactory.instance.objectNode().put("topic", "journal cost"), RunOptions.NONE,
                        Map.of(step.path(), "fingerprint")), summary);
                return;
            }
            store.append(runId, new JournalEntry.StepCompleted(seq, now, step, "",
                    StepOutput.text(OUTPUT), false, 1_500_000_000L), null);
            seq++;
        }
    }

    /**
     * One append from one thread.
     *
     * @param run the thread's run
     */
    @Benchmark
    @Threads(1)
    public void append(Run run) {
        run.appendNext(runStore);
    }

    /**
     * One append as each of 8 threads appending at once sees it.
     *
     * @param run the thread's run
     */
    @Benchmark
    @Threads(8)
    public void append8(Run run) {
        run.appendNext(runStore);
    }
}
