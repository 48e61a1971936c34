package dev.devora.orchestration.workflow;

/**
 * The type of an input field. Values are checked when a run starts.
 *
 * <pre>{@code
 * InputSpec.builder().field(InputField.optional("max_iterations", FieldType.INTEGER, "refinement rounds"))
 * }</pre>
 */
public enum FieldType {
    /** Text. */
    STRING,
    /** A whole number. */
    INTEGER,
    /** Any number. */
    NUMBER,
    /** true or false. */
    BOOLEAN,
    /** A JSON array / Java list. */
    LIST,
    /** A JSON object / Java map. */
    OBJECT
}
