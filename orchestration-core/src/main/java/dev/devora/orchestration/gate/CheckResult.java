package dev.devora.orchestration.gate;

import java.util.Objects;

/**
 * The result of one check within a gate.
 *
 * <pre>{@code
 * new CheckResult("has section '## Risks'", 0, false, "section missing")
 * }</pre>
 *
 * @param name   what was checked
 * @param score  0..100
 * @param passed whether the check passed
 * @param detail why, in a sentence; may be empty
 */
public record CheckResult(String name, int score, boolean passed, String detail) {
    /**
     * Checks that the name is not null and the score is 0..100; normalises a null detail to "".
     *
     * @param name   what was checked
     * @param score  0..100
     * @param passed whether the check passed
     * @param detail why, in a sentence; may be empty /
     */
    public CheckResult {
        Objects.requireNonNull(name, "name");
        if (score < 0 || score > 100) throw new IllegalArgumentException("check score must be 0..100, was " + score);
        detail = detail == null ? "" : detail;
    }
}
