package dev.devora.orchestration.remote.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The task outcomes this process has already counted, so that an answer read again from the journal (each time
 * the waiting step runs again) is counted by the circuit breaker and reported as an event once. Bounded: the
 * oldest are forgotten first. Thread-safe. Internal: not part of the API.
 */
public final class SeenOutcomes {
    private final int capacity;
    private final Map<String, Boolean> seen;

    /** @param capacity how many outcomes to remember */
    public SeenOutcomes(int capacity) {
        this.capacity = capacity;
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > SeenOutcomes.this.capacity;
            }
        };
    }

    /**
     * Whether this outcome is seen for the first time (and remembers it).
     *
     * @param key the outcome's key (run and task)
     * @return true the first time this key is given
     */
    public synchronized boolean firstTime(String key) {
        return seen.put(key, Boolean.TRUE) == null;
    }
}
