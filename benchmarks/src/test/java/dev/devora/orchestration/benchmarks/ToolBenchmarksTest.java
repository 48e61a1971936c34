package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.journal.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tool benchmarks run what they claim: the rounds and calls of their parameters, journaled, concurrently. */
@org.junit.jupiter.api.Timeout(60)
class ToolBenchmarksTest {
    @ParameterizedTest
    @CsvSource({"0,1,default,memory", "1,8,default,memory", "4,8,default,sqlite", "4,8,caller,memory"})
    void toolRound_makesTheRoundsAndCallsOfItsParameters_eachJournaled(int rounds, int calls, String executor,
                                                                     String store) throws Exception {
        ToolRoundBenchmark bench = new ToolRoundBenchmark();
        bench.rounds = rounds;
        bench.calls = calls;
        bench.executor = executor;
        bench.store = store;
        bench.setUp();
        try {
            bench.purge();
            WorkflowResult r = bench.run();
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.text(ToolShapes.STEP)).isEqualTo(ScriptedToolProvider.FINAL_TEXT);
            assertThat(r.metrics().llmCalls()).isEqualTo(rounds + 1);
            assertThat(bench.model.calls()).isEqualTo(rounds + 1);

            List<JournalEntry.ToolCalled> tools = bench.stores.store.entries(r.runId()).stream()
                    .filter(e -> e instanceof JournalEntry.ToolCalled).map(e -> (JournalEntry.ToolCalled) e).toList();
            assertThat(tools).hasSize(rounds * calls);
            assertThat(tools).allSatisfy(t -> {
                assertThat(t.error()).as(t.result()).isFalse();
                assertThat(t.result()).matches("value of k[1-8]");
            });
            // ToolCallStarted + ToolCallCompleted per call, on top of the step's and calls' events
            assertThat(bench.listener.count()).isGreaterThan(2L * rounds * calls + 2L * (rounds + 1));
        } finally {
            bench.tearDown();
        }
    }

    @Test
    void concurrentToolCalls_engineAndPlainBatchesRunEveryCallOfEveryRun_andARunsCallsOverlap() throws Exception {
        ConcurrentToolCallsBenchmark bench = new ConcurrentToolCallsBenchmark();
        bench.runs = 10;
        bench.calls = 8;
        bench.toolMs = 200; // long enough that a run's 8 calls overlap even on a loaded machine
        bench.executor = "default";
        bench.threads = 64;
        bench.jitWarmupRuns = 3;
        bench.setUp();
        try {
            ConcurrentToolCallsBenchmark.Calls measured = new ConcurrentToolCallsBenchmark.Calls();
            for (int batch = 0; batch < 2; batch++) {
                bench.collect();
                measured.reset();
                assertThat(batch == 0 ? bench.batch(measured) : bench.plain(measured)).isEqualTo(10);
                assertThat(measured.toolCalls).isEqualTo(80);
                assertThat(measured.peakConcurrentCalls).isGreaterThanOrEqualTo(8).isLessThanOrEqualTo(80);
            }
        } finally {
            bench.tearDown();
        }
    }

    @Test
    void scriptedProvider_refusesBadScripts_namingTheValue() {
        assertThatThrownBy(() -> new ScriptedToolProvider(-1, 1, "t")).hasMessageContaining("rounds").hasMessageContaining("-1");
        assertThatThrownBy(() -> new ScriptedToolProvider(1, 0, "t")).hasMessageContaining("callsPerRound").hasMessageContaining("0");
    }
}
