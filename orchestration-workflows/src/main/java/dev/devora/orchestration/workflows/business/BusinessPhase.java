package dev.devora.orchestration.workflows.business;

import dev.devora.orchestration.workflows.roles.Role;

import java.time.Duration;
import java.util.Objects;

/**
 * One phase of a business template: the step that runs it, the role whose agent does it, its planned time (what an
 * SLA on the step is set to) and the deliverable it produces.
 *
 * <pre>{@code
 * BusinessPhase design = BusinessTemplate.RESTAURANT_PREMIUM.phases().get(0);
 * design.stepId();     // "design"
 * design.planned();    // PT8M
 * design.deliverable();  // "design"
 * }</pre>
 *
 * @param stepId      the id of the agent step running the phase, unique in the workflow
 * @param title       what the phase delivers, e.g. {@code "Mockups"}
 * @param role        the role whose agent does it (one of the website squad's four)
 * @param planned     its planned time; positive
 * @param deliverable the deliverable path it fills
 */
public record BusinessPhase(String stepId, String title, Role role, Duration planned, String deliverable) {
    /**
     * Checks that every field is set and the planned time is positive.
     *
     * @param stepId      the step id
     * @param title       what the phase delivers
     * @param role        the role
     * @param planned     its planned time
     * @param deliverable the deliverable path
     */
    public BusinessPhase {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(deliverable, "deliverable");
        if (planned == null || planned.isNegative() || planned.isZero()) {
            throw new IllegalArgumentException("planned time of phase '" + stepId + "' must be positive, was " + planned);
        }
    }

    /**
     * The JSON Schema of the phase's deliverable: what its model agent answers, and what a remote agent's
     * {@code task_completed} {@code data} should hold.
     *
     * @return the schema
     */
    public com.fasterxml.jackson.databind.JsonNode outputSchema() {
        return dev.devora.orchestration.workflows.internal.BusinessSchemas.of(role).schema();
    }
}
