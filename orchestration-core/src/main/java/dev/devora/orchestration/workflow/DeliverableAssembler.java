package dev.devora.orchestration.workflow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Builds a workflow's deliverables (a JSON tree) from the final run state. Most workflows declare mappings with
 * {@code Workflow.Builder.deliverable(path, reference)} instead; use this for anything those cannot express.
 *
 * <pre>{@code
 * DeliverableAssembler docs = state -> {
 *     ObjectNode files = JsonNodeFactory.instance.objectNode();
 *     files.put("README.md", state.text("readme"));
 *     return files;
 * };
 * }</pre>
 */
@FunctionalInterface
public interface DeliverableAssembler {
    /**
     * Builds the deliverables tree from the run's final state (also for failed runs, from what finished).
     *
     * @param state the run state
     * @return the deliverables, usually a JSON object
     */
    JsonNode assemble(StateView state);
}
