package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunQuery;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal benchmark appends what it claims: runs of 100 step entries, each run started and ended. */
@org.junit.jupiter.api.Timeout(60)
class JournalStoreBenchmarkTest {
    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite"})
    void eachThreadAppendsRunsOfAHundredSteps_startedAndEnded(String store) throws Exception {
        JournalStoreBenchmark bench = new JournalStoreBenchmark();
        bench.store = store;
        bench.open();
        try {
            JournalStoreBenchmark.Run run = new JournalStoreBenchmark.Run();
            for (int i = 0; i < JournalStoreBenchmark.ENTRIES_PER_RUN + 2; i++) bench.append(run);

            List<String> runs = bench.runStore.runs(RunQuery.ALL).stream().map(r -> r.runId()).toList();
            assertThat(runs).hasSize(2);
            String first = runs.stream().filter(id -> !id.equals(run.runId)).findFirst().orElseThrow();
            List<JournalEntry> entries = bench.runStore.entries(first);
            assertThat(entries).hasSize(JournalStoreBenchmark.ENTRIES_PER_RUN + 1);
            assertThat(entries.get(0)).isInstanceOf(JournalEntry.RunStarted.class);
            assertThat(entries.get(1)).isInstanceOf(JournalEntry.StepCompleted.class);
            assertThat(((JournalEntry.StepCompleted) entries.get(1)).output().text()).hasSize(2048);
            assertThat(entries.get(entries.size() - 1)).isInstanceOf(JournalEntry.RunEnded.class);
            bench.purge();
            assertThat(bench.runStore.runs(RunQuery.ALL)).extracting(r -> r.runId()).containsExactly(run.runId);
        } finally {
            bench.close();
        }
    }
}
