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

/**
 * A gate that reads a reviewer's verdict ({@link OutputSchemas#REVIEW}): the reviewer's score, its blockers, a
 * blocker when it did not approve, and its issues and feedback as the feedback of the next attempt. Combined with
 * the config's extra gates.
 *
 * <pre>{@code
 * QualityGate gate = ReviewGate.of("qa-release", config);
 * Steps.loop("release", body).until(gate, config.thresholdOf("qa-release")).maxIterations(3);
 * }</pre>
 */
public final class ReviewGate implements QualityGate {
    private final String name;

    private ReviewGate(String name) {
        this.name = name;
    }

    /** The review gate, all-of with the config's extra gates. */
    public static QualityGate of(String name, WorkflowConfig config) {
        QualityGate review = new ReviewGate(name);
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

    @Override
    public GateVerdict evaluate(GateInput in) {
        JsonNode review = in.json();
        if (review == null || !review.isObject()) {
            return GateVerdict.fail(name, 0, in.threshold(), "the review did not return a JSON verdict");
        }
        int score = Math.max(0, Math.min(100, review.path("score").asInt(0)));
        boolean approved = review.path("approved").asBoolean(false);
        GateVerdict.Builder v = GateVerdict.builder(name, score, in.threshold())
                .check(new CheckResult("reviewer approval", approved ? 100 : 0, approved,
                        approved ? "" : "the reviewer did not approve"));
        review.path("blockers").forEach(b -> {
            if (!b.asText().isBlank()) v.blocker(b.asText());
        });
        if (!approved && review.path("blockers").isEmpty()) v.blocker("not approved by the reviewer");
        review.path("issues").forEach(i -> v.recommendation("[" + i.path("severity").asText("?") + "] "
                + i.path("area").asText("") + ": " + i.path("problem").asText("") + " → " + i.path("fix").asText("")));
        String feedback = review.path("feedback").asText("");
        if (!feedback.isBlank()) {
            StringBuilder sb = new StringBuilder("Reviewer score ").append(score).append('/').append(in.threshold())
                    .append(approved ? " (approved)" : " (not approved)").append(".\n").append(feedback.strip());
            review.path("blockers").forEach(b -> sb.append("\n- BLOCKER: ").append(b.asText()));
            review.path("issues").forEach(i -> sb.append("\n- [").append(i.path("severity").asText("?")).append("] ")
                    .append(i.path("area").asText("")).append(": ").append(i.path("problem").asText(""))
                    .append(" → ").append(i.path("fix").asText("")));
            v.feedback(sb.toString());
        }
        return v.build();
    }

    @Override
    public String toString() {
        return "ReviewGate[" + name + "]";
    }
}
