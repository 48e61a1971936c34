package dev.devora.orchestration.spring.boot;

import java.util.List;

/**
 * No predefined workflow and no {@code Workflow} bean of the application has the id asked for; the message lists the
 * ids there are.
 *
 * <pre>{@code
 * catch (UnknownWorkflowException e) {
 *     return ResponseEntity.status(404).body(Map.of("error", e.getMessage(), "known", e.known()));
 * }
 * }</pre>
 */
public class UnknownWorkflowException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The id asked for. */
    private final String workflowId;
    /** The ids there are. */
    private final List<String> known;

    /**
     * An id no workflow has.
     *
     * @param workflowId the id asked for
     * @param known      the ids there are
     */
    public UnknownWorkflowException(String workflowId, List<String> known) {
        super("unknown workflow '" + workflowId + "' (known: " + String.join(", ", known) + ")");
        this.workflowId = workflowId;
        this.known = List.copyOf(known);
    }

    /** {@return the id asked for} */
    public String workflowId() {
        return workflowId;
    }

    /** {@return the ids of the predefined workflows and of the application's workflows} */
    public List<String> known() {
        return known;
    }
}
