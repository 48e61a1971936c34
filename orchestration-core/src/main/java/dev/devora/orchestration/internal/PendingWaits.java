package dev.devora.orchestration.internal;

import dev.devora.orchestration.agent.WaitTimeout;
import dev.devora.orchestration.journal.JournalEntry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a stored run waits for, read from its journal: the requests made and neither answered nor expired, which of
 * them were escalated, and whether answers came after the run's current interpretation started (it then has to run
 * again to see them).
 */
public final class PendingWaits {
    private final Map<String, JournalEntry.WaitRequested> requested = new LinkedHashMap<>();
    private final Map<String, com.fasterxml.jackson.databind.JsonNode> answered = new LinkedHashMap<>();
    private final Map<String, WaitTimeout.Action> expired = new LinkedHashMap<>();
    private final Set<String> escalated = new HashSet<>();
    private final boolean unseen;
    private final long lastSeq;
    private final long lastAnswerSeq;

    private PendingWaits(List<JournalEntry> entries) {
        boolean sinceStart = false;
        long last = 0;
        long lastAnswer = 0;
        for (JournalEntry e : entries) {
            last = Math.max(last, e.seq());
            if (e instanceof JournalEntry.RunStarted
                    || e instanceof JournalEntry.RunResumed r && "resumed".equals(r.reason())) {
                sinceStart = false; // a new interpretation read everything before it
            } else if (e instanceof JournalEntry.WaitRequested w) {
                requested.putIfAbsent(w.requestId(), w);
            } else if (e instanceof JournalEntry.WaitAnswered a) {
                answered.putIfAbsent(a.requestId(), a.answer());
                sinceStart = true;
                lastAnswer = Math.max(lastAnswer, a.seq());
            } else if (e instanceof JournalEntry.WaitTimedOut t) {
                if (t.action() == WaitTimeout.Action.ESCALATE) {
                    escalated.add(t.requestId());
                } else {
                    expired.putIfAbsent(t.requestId(), t.action());
                    sinceStart = true;
                    lastAnswer = Math.max(lastAnswer, t.seq());
                }
            }
        }
        this.unseen = sinceStart;
        this.lastSeq = last;
        this.lastAnswerSeq = lastAnswer;
    }

    /**
     * Reads a run's journal.
     *
     * @param entries the run's entries, in order
     * @return what it waits for
     */
    public static PendingWaits of(List<JournalEntry> entries) {
        return new PendingWaits(entries);
    }

    /** The requests neither answered nor expired, in the order they were made. */
    public List<JournalEntry.WaitRequested> pending() {
        List<JournalEntry.WaitRequested> open = new ArrayList<>();
        for (JournalEntry.WaitRequested w : requested.values()) {
            if (!answered.containsKey(w.requestId()) && !expired.containsKey(w.requestId())) open.add(w);
        }
        return open;
    }

    /** The request as journaled; or null when the run made none of that id. */
    public JournalEntry.WaitRequested request(String requestId) {
        return requested.get(requestId);
    }

    /** Its answer; or null. */
    public com.fasterxml.jackson.databind.JsonNode answer(String requestId) {
        return answered.get(requestId);
    }

    /** How its timeout ended it ({@code FAIL} or {@code ANSWER}); or null. */
    public WaitTimeout.Action expiry(String requestId) {
        return expired.get(requestId);
    }

    /** Whether its timeout escalated it already. */
    public boolean escalated(String requestId) {
        return escalated.contains(requestId);
    }

    /** Whether an answer or expiry was journaled after the run's latest interpretation started. */
    public boolean unseenAnswers() {
        return unseen;
    }

    /**
     * Whether an answer or expiry was journaled after a seq (e.g. the last one a pass read before it started).
     *
     * @param seq the seq
     * @return whether one was
     */
    public boolean answeredAfter(long seq) {
        return lastAnswerSeq > seq;
    }

    /** The journal's last seq. */
    public long lastSeq() {
        return lastSeq;
    }
}
