package dev.devora.orchestration.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A gate's judgement: a score, the threshold it was held to, whether it passed (score ≥ threshold and no blocker),
 * the checks with their own scores, blockers, recommendations and feedback text for the next attempt.
 *
 * <pre>{@code
 * GateVerdict v = GateVerdict.builder("qa", 72, 80)
 *         .check(new CheckResult("tests", 60, false, "no edge cases"))
 *         .recommendation("add tests for empty input")
 *         .build();
 * v.passed();    // false
 * v.feedback();  // "Score 72/80 (not passed).\nFailed checks:\n- tests (60): no edge cases\n..."
 * }</pre>
 *
 * @param gate            the gate's name
 * @param score           0..100
 * @param threshold       0..100
 * @param passed          score ≥ threshold and no blockers
 * @param checks          individual checks
 * @param blockers        problems that fail the gate whatever the score
 * @param recommendations suggestions
 * @param feedback        text given to the next attempt as {@code {{gate.feedback}}}
 */
public record GateVerdict(String gate, int score, int threshold, boolean passed, List<CheckResult> checks,
                          List<String> blockers, List<String> recommendations, String feedback) {
    /**
     * Checks the ranges and copies the lists; a null feedback becomes "".
     *
     * @throws IllegalArgumentException if the score or the threshold is outside 0..100
     * @param gate            the gate's name
     * @param score           0..100
     * @param threshold       0..100
     * @param passed          score ≥ threshold and no blockers
     * @param checks          individual checks
     * @param blockers        problems that fail the gate whatever the score
     * @param recommendations suggestions
     * @param feedback        text given to the next attempt as {@code {{gate.feedback}}} /
     */
    public GateVerdict {
        Objects.requireNonNull(gate, "gate");
        if (score < 0 || score > 100) throw new IllegalArgumentException("score must be 0..100, was " + score);
        if (threshold < 0 || threshold > 100) {
            throw new IllegalArgumentException("threshold must be 0..100, was " + threshold);
        }
        checks = checks == null ? List.of() : List.copyOf(checks);
        blockers = blockers == null ? List.of() : List.copyOf(blockers);
        recommendations = recommendations == null ? List.of() : List.copyOf(recommendations);
        feedback = feedback == null ? "" : feedback;
    }

    /**
     * A passing verdict with no detail.
     *
     * @param gate      the gate's name
     * @param score     0..100
     * @param threshold 0..100
     * @return the verdict; it passes only if the score reaches the threshold
     */
    public static GateVerdict pass(String gate, int score, int threshold) {
        return builder(gate, score, threshold).build();
    }

    /**
     * A verdict with one recommendation.
     *
     * @param gate           the gate's name
     * @param score          0..100
     * @param threshold      0..100
     * @param recommendation what to improve
     * @return the verdict; it passes or fails by score and threshold
     */
    public static GateVerdict fail(String gate, int score, int threshold, String recommendation) {
        return builder(gate, score, threshold).recommendation(recommendation).build();
    }

    /**
     * Starts a verdict; {@code passed} and, unless set, {@code feedback} are derived at {@code build()}.
     *
     * @param gate      the gate's name
     * @param score     0..100
     * @param threshold 0..100
     * @return a builder
     */
    public static Builder builder(String gate, int score, int threshold) {
        return new Builder(gate, score, threshold);
    }

    /**
     * The same verdict held to another threshold.
     *
     * @param newThreshold 0..100
     * @return a new verdict, its {@code passed} recomputed
     */
    public GateVerdict withThreshold(int newThreshold) {
        return builder(gate, score, newThreshold).checks(checks).blockers(blockers).recommendations(recommendations)
                .feedback(feedback).build();
    }

    /** Builder; {@code passed} and, when not set, {@code feedback} are derived. */
    public static final class Builder {
        private final String gate;
        private final int score;
        private final int threshold;
        private final List<CheckResult> checks = new ArrayList<>();
        private final List<String> blockers = new ArrayList<>();
        private final List<String> recommendations = new ArrayList<>();
        private String feedback;

        private Builder(String gate, int score, int threshold) {
            this.gate = gate;
            this.score = score;
            this.threshold = threshold;
        }

        /**
         * Adds a check.
         *
         * @param check the check's result
         * @return this builder
         */
        public Builder check(CheckResult check) { checks.add(check); return this; }
        /**
         * Adds checks.
         *
         * @param all the checks' results
         * @return this builder
         */
        public Builder checks(List<CheckResult> all) { checks.addAll(all); return this; }
        /**
         * Adds a blocker: the verdict fails whatever the score.
         *
         * @param blocker the problem
         * @return this builder
         */
        public Builder blocker(String blocker) { blockers.add(blocker); return this; }
        /**
         * Adds blockers: the verdict fails whatever the score.
         *
         * @param all the problems
         * @return this builder
         */
        public Builder blockers(List<String> all) { blockers.addAll(all); return this; }
        /**
         * Adds a recommendation.
         *
         * @param text the suggestion
         * @return this builder
         */
        public Builder recommendation(String text) { recommendations.add(text); return this; }
        /**
         * Adds recommendations.
         *
         * @param all the suggestions
         * @return this builder
         */
        public Builder recommendations(List<String> all) { recommendations.addAll(all); return this; }
        /**
         * Overrides the derived feedback text.
         *
         * @param text the feedback given to the next attempt; blank to derive it
         * @return this builder
         */
        public Builder feedback(String text) { this.feedback = text; return this; }

        /**
         * Builds the verdict.
         *
         * @return the verdict
         */
        public GateVerdict build() {
            boolean passed = score >= threshold && blockers.isEmpty();
            String text = feedback != null && !feedback.isBlank() ? feedback : deriveFeedback(passed);
            return new GateVerdict(gate, score, threshold, passed, checks, blockers, recommendations, text);
        }

        private String deriveFeedback(boolean passed) {
            StringBuilder sb = new StringBuilder("Score ").append(score).append('/').append(threshold)
                    .append(passed ? " (passed)." : " (not passed).");
            if (!blockers.isEmpty()) {
                sb.append("\nBlockers:");
                blockers.forEach(b -> sb.append("\n- ").append(b));
            }
            boolean anyFailed = checks.stream().anyMatch(c -> !c.passed());
            if (anyFailed) {
                sb.append("\nFailed checks:");
                checks.stream().filter(c -> !c.passed()).forEach(c -> sb.append("\n- ").append(c.name())
                        .append(" (").append(c.score()).append(')').append(c.detail().isEmpty() ? "" : ": " + c.detail()));
            }
            if (!recommendations.isEmpty()) {
                sb.append("\nRecommendations:");
                recommendations.forEach(r -> sb.append("\n- ").append(r));
            }
            return sb.toString();
        }
    }
}
