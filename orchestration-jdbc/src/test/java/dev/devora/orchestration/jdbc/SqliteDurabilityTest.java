package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.testing.RunStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** SQLite: what a killed process appended is there, and two stores on one file never see SQLITE_BUSY. */
class SqliteDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void everyAppendThatReturned_survivesAKill9OfTheProcess() throws Exception {
        Path file = dir.resolve("runs.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"),
                KilledAppender.class.getName(), file.toString()).redirectErrorStream(true).start();
        Map<String, Long> acked = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            int acks = 0;
            for (String line; acks < 2000 && (line = out.readLine()) != null; ) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("acked")) {
                    acked.merge(parts[1], Long.parseLong(parts[2]), Math::max);
                    acks++;
                } else {
                    other.add(line);
                }
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no checkpoint
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(other).isEmpty();
        assertThat(acked).hasSizeGreaterThan(100);

        try (JdbcRunStore store = JdbcRunStore.sqlite(file)) {
            for (Map.Entry<String, Long> run : acked.entrySet()) {
                List<JournalEntry> entries = store.entries(run.getKey());
                assertThat(entries.size()).as(run.getKey()).isGreaterThanOrEqualTo(run.getValue().intValue());
                for (int i = 0; i < entries.size(); i++) assertThat(entries.get(i).seq()).isEqualTo(i + 1);
                assertThat(store.run(run.getKey())).isPresent();
            }
        }
    }

    @Test
    void twoStoresWritingOneFileAtOnce_asTwoProcessesWould_neverFail() throws Exception {
        Path file = dir.resolve("shared.db");
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try (JdbcRunStore a = JdbcRunStore.sqlite(file); JdbcRunStore b = JdbcRunStore.sqlite(file)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                JdbcRunStore store = t % 2 == 0 ? a : b;
                String prefix = "t" + t + "-";
                threads.add(new Thread(() -> {
                    try {
                        for (int r = 0; r < 50; r++) {
                            String id = prefix + r;
                            RunSummary s = RunStoreContract.started(id, "wf", RunStoreContract.T0);
                            store.append(id, RunStoreContract.runStarted("wf", RunStoreContract.T0), s);
                            for (long seq = 2; seq <= 5; seq++) {
                                store.append(id, RunStoreContract.stepCompleted(seq, "s", "out"), null);
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(60));

            assertThat(failures).isEmpty();
            for (int t = 0; t < 8; t++) {
                for (int r = 0; r < 50; r++) assertThat(a.entries("t" + t + "-" + r)).hasSize(5);
            }
        }
    }
}
