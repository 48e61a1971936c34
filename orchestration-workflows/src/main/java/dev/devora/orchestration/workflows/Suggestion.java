package dev.devora.orchestration.workflows;

/**
 * What the catalogue suggests for a free-text task: a workflow or, for narrow tasks, a squad, with the reason.
 *
 * <pre>{@code
 * Suggestion s = Workflows.catalog().suggest("Write the OpenAPI spec of our billing API");
 * // Suggestion[kind=WORKFLOW, id=api-development, reason=matched: api, openapi, method=KEYWORDS]
 * }</pre>
 *
 * @param kind   workflow or squad
 * @param id     the workflow or squad id
 * @param reason why, in a sentence
 * @param method how it was chosen
 */
public record Suggestion(Kind kind, String id, String reason, Method method) {
    /** What is suggested. */
    public enum Kind { /** A predefined workflow. */ WORKFLOW, /** A squad ({@code Squads.taskWorkflow}). */ SQUAD }

    /** How it was chosen. */
    public enum Method {
        /** A model chose among the catalogue (the router role). */
        LLM,
        /** Deterministic keyword matching (no model, or the model failed). */
        KEYWORDS
    }
}
