package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.gate.CheckResult;
import dev.devora.orchestration.gate.GateInput;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.gate.QualityGates;
import dev.devora.orchestration.workflows.WorkflowConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A gate that reads a reviewer's verdict against a {@link Rubric} ({@link OutputSchemas#review(Rubric)}): the score
 * is the weighted mean of the criterion scores (computed here, not the reviewer's own total), one check per
 * criterion (passed at the threshold), the reviewer's approval as a check, its blockers and every
 * {@code critical} issue as blockers (they fail the gate whatever the score), and a feedback for the next attempt
 * that lists the failed checks, the blockers and the issues. Combined with the config's extra gates.
 *
 * <pre>{@code
 * Rubric rubric = Rubric.of("release");
 * QualityGate gate = ReviewGate.of("qa-release", rubric, config);
 * Steps.loop("release", body).until(gate, config.thresholdOf("qa-release")).maxIterations(3);
 * }</pre>
 */
public final class ReviewGate implements QualityGate {
    private final String name;
    private final Rubric rubric;

    private ReviewGate(String name, Rubric rubric) {
        this.name = Objects.requireNonNull(name, "name");
        this.rubric = Objects.requireNonNull(rubric, "rubric");
    }

    /**
     * The review gate for {@code rubric}, all-of with the config's extra gates.
     *
     * @param name   the gate's name (its threshold is {@code config.thresholdOf(name)})
     * @param rubric the rubric the reviewer scores
     * @param config the workflow configuration
     * @return the gate
     */
    public static QualityGate of(String name, Rubric rubric, WorkflowConfig config) {
        QualityGate review = new ReviewGate(name, rubric);
        if (config.extraGates().isEmpty()) return review;
        List<QualityGate> all = new ArrayList<>();
        all.add(review);
        all.addAll(config.extraGates());
        return QualityGates.allOf(name, all.toArray(QualityGate[]::new));
    }

    @Override
    public String name() {
        return name;
    }

    /** {@return the rubric this gate scores} */
    public Rubric rubric() {
        return rubric;
    }

    @Override
    public GateVerdict evaluate(GateInput in) {
        JsonNode review = in.json();
        if (review == null || !review.isObject()) {
            return GateVerdict.fail(name, 0, in.threshold(), "the review did not return a JSON verdict");
        }
        JsonNode criteria = review.path("criteria");
        int score = rubric.score(criteria);
        boolean approved = review.path("approved").asBoolean(false);
        GateVerdict.Builder v = GateVerdict.builder(name, score, in.threshold());
        List<String> failed = new ArrayList<>();
        for (Rubric.Criterion c : rubric.criteria()) {
            int s = Rubric.criterionScore(criteria, c.id());
            String evidence = criteria.path(c.id()).path("evidence").asText("").strip();
            if (criteria.path(c.id()).isMissingNode()) evidence = "not scored by the reviewer";
            boolean passed = s >= in.threshold();
            v.check(new CheckResult(c.id(), s, passed, evidence));
            if (!passed) failed.add(c.id() + " (" + s + "/" + in.threshold() + "): " + c.title()
                    + (evidence.isEmpty() ? "" : " — " + evidence));
        }
        v.check(new CheckResult("reviewer approval", approved ? 100 : 0, approved, approved ? "" : "the reviewer did not approve"));
        List<String> blockers = new ArrayList<>();
        review.path("blockers").forEach(b -> {
            if (!b.asText().isBlank()) blockers.add(b.asText().strip());
        });
        for (JsonNode i : review.path("issues")) {
            if (i.path("severity").asText("").equalsIgnoreCase("critical")) blockers.add("critical issue: " + issue(i));
        }
        if (!approved && blockers.isEmpty()) blockers.add("not approved by the reviewer");
        blockers.forEach(v::blocker);
        review.path("issues").forEach(i -> v.recommendation(issue(i)));

        StringBuilder sb = new StringBuilder("Reviewer score ").append(score).append('/').append(in.threshold())
                .append(approved ? " (approved)" : " (not approved)").append('.');
        String feedback = review.path("feedback").asText("").strip();
        if (!feedback.isEmpty()) sb.append('\n').append(feedback);
        if (!failed.isEmpty()) {
            sb.append("\nFailed checks:");
            failed.forEach(f -> sb.append("\n- ").append(f));
        }
        blockers.forEach(b -> sb.append("\n- BLOCKER: ").append(b));
        review.path("issues").forEach(i -> sb.append("\n- ").append(issue(i)));
        v.feedback(sb.toString());
        return v.build();
    }

    private static String issue(JsonNode i) {
        return "[" + i.path("severity").asText("?") + "] " + i.path("area").asText("") + ": "
                + i.path("problem").asText("") + " → " + i.path("fix").asText("");
    }

    @Override
    public String toString() {
        return "ReviewGate[" + name + ", " + rubric.id() + "]";
    }
}
