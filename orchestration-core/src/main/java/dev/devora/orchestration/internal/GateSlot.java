package dev.devora.orchestration.internal;

import dev.devora.orchestration.gate.GateVerdict;

/** The latest verdict of the innermost gate or gated loop, read by {@code {{gate.feedback}}}. */
final class GateSlot {
    private volatile GateVerdict last;

    GateVerdict last() {
        return last;
    }

    void set(GateVerdict verdict) {
        this.last = verdict;
    }
}
