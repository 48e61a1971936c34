package dev.devora.orchestration.workflows.internal;

import dev.devora.orchestration.workflow.AgentStep;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.LoopStep;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.StepOutput;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflows.WorkflowConfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The seed's iterative pattern with a reviewer, where rework <em>replaces</em> the work. Each carried artefact has
 * a step holding its current version ({@code {{<artefact>}}}): the original step's output on the first round, the
 * rework's complete replacement after each failed review. Each round after a failed review, the reworks (in
 * parallel) read the current versions and the feedback ({@code {{gate.feedback}}}); then the reviewer judges the
 * current versions against the rubric, whose text and pass mark are appended to its prompt. So round 3 starts from
 * round 2's fix, and a deliverable read from {@code <artefact>} is the last version. Bounded by the config's
 * {@code maxIterations}; exhaustion ends the run {@code PARTIAL}.
 *
 * <p>Step ids: {@code {id}} (the loop), {@code {id}-round} (its body), {@code {id}-rework} (the conditional holding
 * the reworks; {@code {id}-first} on the first round), one step per carried artefact (its id is the artefact's
 * name), the {@linkplain Builder#check checks}, then the review step.
 *
 * <pre>{@code
 * LoopStep release = ReviewLoop.builder("release", "qa-release", Rubric.of("qa-release"), config)
 *         .carry("frontend", "frontend-code", frontendRework)   // the rework's prompt reads {{frontend}}
 *         .carry("backend", "backend-code", backendRework)
 *         .review(releaseReview)                                // reads {{frontend}} and {{backend}}
 *         .build();
 * // deliverables: .deliverable("frontend.files", "frontend.files")
 * }</pre>
 */
public final class ReviewLoop {
    /** Holds after a failed review. */
    public static final Condition AFTER_FAILED_REVIEW =
            Condition.of("a review has failed (iteration > 1)", s -> s.loopIteration() > 1);

    private ReviewLoop() {
    }

    /**
     * A loop builder.
     *
     * @param id       the loop's step id
     * @param gateName the gate's name; its threshold is {@code config.thresholdOf(gateName)}
     * @param rubric   the rubric the reviewer applies
     * @param config   the workflow configuration
     * @return the builder
     */
    public static Builder builder(String id, String gateName, Rubric rubric, WorkflowConfig config) {
        return new Builder(id, gateName, rubric, config);
    }

    /** Builds a {@link ReviewLoop}: at least one carried artefact and the review. */
    public static final class Builder {
        private final String id;
        private final String gateName;
        private final Rubric rubric;
        private final WorkflowConfig config;
        private final List<Carried> carried = new ArrayList<>();
        private final List<Step> checks = new ArrayList<>();
        private AgentStep review;

        private Builder(String id, String gateName, Rubric rubric, WorkflowConfig config) {
            this.id = Objects.requireNonNull(id, "id");
            this.gateName = Objects.requireNonNull(gateName, "gateName");
            this.rubric = Objects.requireNonNull(rubric, "rubric");
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * Carries an artefact through the loop.
         *
         * @param artefact the id of the step holding its current version (read it as {@code {{artefact}}})
         * @param original the step whose output is the first version; it runs before the loop
         * @param rework   the step answering with a complete replacement in the same schema, after a failed review
         * @return this builder
         */
        public Builder carry(String artefact, String original, Step rework) {
            Objects.requireNonNull(artefact, "artefact");
            Objects.requireNonNull(original, "original");
            Objects.requireNonNull(rework, "rework");
            if (artefact.equals(original) || artefact.equals(rework.id())) {
                throw new IllegalArgumentException("the carried artefact '" + artefact + "' needs its own step id, not the original's or the rework's");
            }
            carried.add(new Carried(artefact, original, rework));
            return this;
        }

        /**
         * A step run every round after the current versions are set and before the review: a plain-Java check of
         * the current versions (coverage, a patch's form), which the review reads. Checks run in the order given.
         *
         * @param step the check
         * @return this builder
         */
        public Builder check(Step step) {
            checks.add(Objects.requireNonNull(step, "check"));
            return this;
        }

        /**
         * The review step; its prompt gets the rubric and the pass mark appended.
         *
         * @param step the reviewer, answering with {@link OutputSchemas#review(Rubric)}
         * @return this builder
         */
        public Builder review(AgentStep step) {
            this.review = Objects.requireNonNull(step, "review");
            return this;
        }

        /**
         * The loop.
         *
         * @return the loop step
         * @throws IllegalStateException when no artefact is carried, an artefact is carried twice, or the review is missing
         */
        public LoopStep build() {
            if (carried.isEmpty()) throw new IllegalStateException("review loop '" + id + "' carries no artefact: call carry(...)");
            if (review == null) throw new IllegalStateException("review loop '" + id + "' has no review: call review(...)");
            Set<String> seen = new LinkedHashSet<>();
            for (Carried c : carried) {
                if (!seen.add(c.artefact())) throw new IllegalStateException("review loop '" + id + "' carries '" + c.artefact() + "' twice");
            }
            Step reworks = carried.size() == 1 ? carried.get(0).rework()
                    : Steps.parallel(id + "-reworks", carried.stream().map(Carried::rework).toArray(Step[]::new));
            List<Step> body = new ArrayList<>();
            body.add(Steps.when(id + "-rework", AFTER_FAILED_REVIEW, reworks)
                    .otherwise(Steps.task(id + "-first", "first round: nothing to rework yet",
                            ctx -> "First review round: nothing has been reworked yet.")));
            for (Carried c : carried) body.add(current(c));
            body.addAll(checks);
            int threshold = config.thresholdOf(gateName);
            body.add(review.prompt(rubric.appendTo(review.prompt(), threshold)));
            return Steps.loop(id, Steps.sequence(id + "-round", body.toArray(Step[]::new)))
                    .until(ReviewGate.of(gateName, rubric, config), threshold)
                    .maxIterations(config.maxIterations());
        }

        private static Step current(Carried c) {
            return Steps.task(c.artefact(), "the current version of '" + c.artefact() + "': '" + c.original()
                    + "' on the first round, then '" + c.rework().id() + "' after each failed review", ctx -> {
                Optional<StepOutput> rework = ctx.loopIteration() > 1 ? ctx.output(c.rework().id()) : Optional.empty();
                return rework.or(() -> ctx.output(c.original())).orElseThrow(() -> new IllegalStateException(
                        "the carried artefact '" + c.artefact() + "' has no version: step '" + c.original() + "' has no output"));
            });
        }
    }

    private record Carried(String artefact, String original, Step rework) {
    }
}
