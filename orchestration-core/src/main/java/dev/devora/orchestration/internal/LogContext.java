package dev.devora.orchestration.internal;

import org.slf4j.MDC;

/**
 * Puts the run id and step path in SLF4J's MDC for the log lines of a run, and takes them out again. Does nothing
 * when no SLF4J provider is bound (no allocation on the hot path then).
 */
final class LogContext {
    private static final boolean ENABLED = !(MDC.getMDCAdapter() instanceof org.slf4j.helpers.NOPMDCAdapter);
    private static final Restore NOTHING = new Restore(null, null);

    private LogContext() {
    }

    /** Restores the MDC entry it replaced. */
    static final class Restore {
        private final String key;
        private final String previous;

        private Restore(String key, String previous) {
            this.key = key;
            this.previous = previous;
        }

        void restore() {
            if (key == null) return;
            if (previous == null) MDC.remove(key);
            else MDC.put(key, previous);
        }
    }

    static Restore run(String runId) {
        return put("runId", runId);
    }

    static Restore step(String path) {
        return put("stepPath", path);
    }

    private static Restore put(String key, String value) {
        if (!ENABLED) return NOTHING;
        String previous = MDC.get(key);
        MDC.put(key, value);
        return new Restore(key, previous);
    }
}
