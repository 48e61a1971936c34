package dev.devora.orchestration.jdbc.internal;

import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunSummary;

/** One append waiting in the {@link GroupCommitWriter}'s queue, with the thread that waits for it. */
final class PendingAppend {
    final String runId;
    final JournalEntry entry;
    final String json;
    final RunSummary summary;
    final Thread waiter = Thread.currentThread();
    /** Set (then {@link #done}) by the thread that wrote it; read by the waiter once done. */
    RuntimeException failure;
    volatile boolean done;

    PendingAppend(String runId, JournalEntry entry, String json, RunSummary summary) {
        this.runId = runId;
        this.entry = entry;
        this.json = json;
        this.summary = summary;
    }

    String describe() {
        return "run " + runId + ": journal entry " + entry.seq() + " (" + entry.type() + ")";
    }
}
