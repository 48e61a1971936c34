package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.util.List;
import java.util.Map;

/**
 * How one predefined workflow is made: its identity, input, nested input checks, definition, deliverables
 * documentation and file layout.
 *
 * <pre>{@code
 * Workflow w = ApiDevelopmentRecipe.INSTANCE.build(kit, ApiDevelopmentRecipe.INSTANCE.input());
 * }</pre>
 */
public interface Recipe {
    String id();

    String name();

    String description();

    /** The squads involved, in order of appearance. */
    List<SquadId> squads();

    /** The strict input spec (typed fields). */
    InputSpec input();

    /** The input spec with {@link #checkNested} attached, so any engine running the definition runs the checks. */
    default InputSpec checkedInput() {
        return input().withCheck(this::checkNested);
    }

    /** Problems inside structured fields; the top-level spec problems are reported by the core. */
    default List<ValidationProblem> checkNested(JsonNode input) {
        return List.of();
    }

    /** The definition, declaring {@code spec} as its input (the strict one, or a relaxed one for nesting). */
    Workflow build(AgentKit kit, InputSpec spec);

    /** Deliverable path → what it holds, in the seed's shape; documented in docs/workflows.md. */
    Map<String, String> deliverables();

    /** Deliverable path → file name used by the file writer; other deliverables get default names. */
    default Map<String, String> files() {
        return Map.of();
    }

    /**
     * A workflow-specific paragraph for the run's {@code REPORT.md}, printed under "Notes" when not empty (e.g.
     * "the performance gains are estimates: measure them").
     */
    default String reportNotice() {
        return "";
    }

    /** How the workflow works and why, for the generated documentation (Markdown). */
    default String notes() {
        return "";
    }
}
