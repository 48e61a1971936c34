package dev.devora.orchestration.workflows;

import dev.devora.orchestration.workflow.InputSpec;

import java.util.List;
import java.util.Map;

/**
 * A catalogue entry of a workflow: what it is, which squads it involves, what it takes and gives, and its diagram.
 *
 * <pre>{@code
 * WorkflowInfo api = Workflows.catalog().workflow("api-development");
 * System.out.println(api.mermaid());
 * }</pre>
 *
 * @param id           workflow id, e.g. {@code "api-development"}
 * @param name         display name
 * @param description  its objective
 * @param squads       squad ids in order of appearance
 * @param input        the input fields
 * @param deliverables deliverable path → what it holds
 * @param mermaid      a Mermaid flowchart of its steps
 */
public record WorkflowInfo(String id, String name, String description, List<String> squads, InputSpec input,
                           Map<String, String> deliverables, String mermaid) {
}
