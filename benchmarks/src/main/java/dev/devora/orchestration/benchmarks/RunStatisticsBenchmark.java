package dev.devora.orchestration.benchmarks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatistics;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunQuery;
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
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cost of the dashboard numbers: ms per {@link RunStatistics#of} over {@code runs} ended runs of 12 journal entries
 * each (four 2 KB step outputs, a model call, an SLA's start and breach, a remote task and its answer), on the
 * in-memory store, a SQLite file and an embedded PostgreSQL server. It reads the run list once and each run's
 * journal once (the store SPI has no bulk read), so the cost grows linearly with the runs listed.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RunStatisticsBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED") // sqlite-jdbc's native library, JDK 24+
public class RunStatisticsBenchmark {
    private static final String OUTPUT = "x".repeat(2048);

    @Param({"memory", "sqlite", "postgresql"})
    public String store;

    @Param({"1000"})
    public int runs;

    private StoreFixture fixture;
    private RunQuery query;

    /**
     * Opens the store and fills it.
     *
     * @throws IOException if the temp folder or the server cannot be made
     */
    @Setup(Level.Trial)
    public void fill() throws IOException {
        fixture = StoreFixture.open(store, runs);
        query = RunQuery.builder().limit(runs).build();
        RunStore s = fixture.store;
        StepRef step = new StepRef("build/site", "00002.00001", "agent", "core-platform", null);
        Instant t0 = Instant.parse("2026-12-01T08:00:00Z");
        for (int r = 0; r < runs; r++) {
            String id = "run-" + r;
            Instant at = t0.plusSeconds(r);
            RunSummary summary = new RunSummary(id, r % 3 == 0 ? "coiffeur-express" : "restaurant-premium",
                    RunStatus.RUNNING, at, at, null, Usage.ZERO, 0);
            long seq = 1;
            s.append(id, new JournalEntry.RunStarted(seq++, at, summary.workflowId(), "fp",
                    JsonNodeFactory.instance.objectNode().put("secteur", "restaurant"), RunOptions.NONE,
                    Map.of(step.path(), "fp")), summary);
            s.append(id, new JournalEntry.SlaStarted(seq++, at, step, ""), null);
            for (int i = 0; i < 4; i++) {
                s.append(id, new JournalEntry.StepCompleted(seq++, at, step, "#" + i, StepOutput.text(OUTPUT), false,
                        1_000_000L), null);
            }
            s.append(id, new JournalEntry.CallRecorded(seq++, at, step, "", new dev.devora.orchestration.engine
                    .LlmCallRecord(step.path(), "core-platform", "m", Usage.ZERO, Duration.ofMillis(5), null)), null);
            s.append(id, new JournalEntry.WaitRequested(seq++, at, step, "", "build/site/remote-task-1",
                    RunStatistics.REMOTE_TASK, JsonNodeFactory.instance.objectNode().put("agentId", "core-platform"),
                    null), null);
            s.append(id, new JournalEntry.WaitAnswered(seq++, at, "build/site/remote-task-1",
                    JsonNodeFactory.instance.objectNode().put("event", r % 10 == 0 ? "task_failed" : "task_completed")),
                    null);
            s.append(id, new JournalEntry.SlaBreached(seq++, at, step, "", Duration.ofMinutes(5), Duration.ofMinutes(6)),
                    null);
            s.append(id, new JournalEntry.StepCompleted(seq++, at, step, "", StepOutput.text("done"), false, 1), null);
            Instant end = at.plusSeconds(60 + r % 600);
            RunStatus status = r % 7 == 0 ? RunStatus.FAILED : RunStatus.SUCCEEDED;
            s.append(id, new JournalEntry.RunEnded(seq, end, status, null, null), summary.withStatus(status, end, true));
        }
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

    /**
     * The statistics of every stored run.
     *
     * @return the numbers (consumed by JMH)
     */
    @Benchmark
    public RunStatistics statistics() {
        return RunStatistics.of(fixture.store, query);
    }
}
