package dev.devora.orchestration.workflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs another workflow as one step. Its input fields are templates rendered from this run's state; the nested
 * run's steps report under this step's path ({@code launch/api/design}); its accounting adds to this run; the
 * step's output is the nested workflow's deliverables.
 *
 * <pre>{@code
 * Steps.workflow("api", apiWorkflow)
 *      .input("requirements", "{{prd}}")
 *      .input("api_type", "REST");
 * }</pre>
 *
 * @param id       step id
 * @param workflow the nested workflow
 * @param input    nested input field → template
 */
public record SubWorkflowStep(String id, Workflow workflow, Map<String, String> input) implements Step {
    /**
     * Copies the input mapping (null gives none).
     *
     * @param id       step id
     * @param workflow the nested workflow
     * @param input    nested input field → template /
     */
    public SubWorkflowStep {
        input = input == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(input));
    }

    /**
     * Maps a nested input field to a template rendered from this run's state.
     *
     * @param field    the nested workflow's input field
     * @param template the template, e.g. {@code {{draft}}}
     * @return a new step
     */
    public SubWorkflowStep input(String field, String template) {
        Map<String, String> more = new LinkedHashMap<>(input);
        more.put(field, template);
        return new SubWorkflowStep(id, workflow, more);
    }

    @Override
    public List<Step> children() {
        return List.of();
    }

    @Override
    public String kind() {
        return "workflow";
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.visitSubWorkflow(this);
    }
}
