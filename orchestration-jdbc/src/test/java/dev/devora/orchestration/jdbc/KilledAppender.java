package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.testing.RunStoreContract;

import java.nio.file.Path;

/**
 * The child process of {@link SqliteDurabilityTest}: appends to a SQLite store without end, from 4 threads, and
 * prints {@code acked <run> <seq>} once each append has returned, until it is killed.
 */
public final class KilledAppender {
    private KilledAppender() {
    }

    /**
     * Appends until killed.
     *
     * @param args the database file
     */
    public static void main(String[] args) {
        JdbcRunStore store = JdbcRunStore.sqlite(Path.of(args[0]));
        for (int t = 0; t < 4; t++) {
            int thread = t;
            new Thread(() -> {
                for (int run = 0; ; run++) {
                    String id = "t" + thread + "-" + run;
                    RunSummary s = RunStoreContract.started(id, "wf", RunStoreContract.T0);
                    store.append(id, RunStoreContract.runStarted("wf", RunStoreContract.T0), s);
                    ack(id, 1);
                    for (long seq = 2; seq <= 5; seq++) {
                        JournalEntry e = RunStoreContract.stepCompleted(seq, "s" + seq, "x".repeat(2000));
                        store.append(id, e, null);
                        ack(id, seq);
                    }
                }
            }).start();
        }
    }

    private static void ack(String runId, long seq) {
        synchronized (System.out) {
            System.out.println("acked " + runId + " " + seq);
            System.out.flush();
        }
    }
}
