package dev.devora.orchestration.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.internal.RecordSchemas;

import java.util.Objects;

/**
 * What an {@link LlmAgent} must return: free text (usually Markdown), or JSON, optionally matching a schema
 * given as JSON Schema or derived from a Java record type.
 *
 * <pre>{@code
 * record Kpi(String name, String target) {}
 * record Prd(String summary, List<String> features, List<Kpi> kpis) {}
 *
 * OutputSpec.text();
 * OutputSpec.json();                 // any JSON object
 * OutputSpec.json(Prd.class);        // schema derived from the record; result.json() converts with as(Prd.class)
 * OutputSpec.json("openapi", schema);
 * }</pre>
 *
 * @param kind       text or JSON
 * @param schemaName name of the schema (sent to providers that enforce schemas); null for text/any JSON
 * @param schema     the JSON Schema the output must match; null for text or any JSON object
 * @param type       the record type the schema came from; or null
 */
public record OutputSpec(Kind kind, String schemaName, JsonNode schema, Class<?> type) {
    private static final OutputSpec TEXT = new OutputSpec(Kind.TEXT, null, null, null);
    private static final OutputSpec ANY_JSON = new OutputSpec(Kind.JSON, null, null, null);

    /** Text or JSON. */
    public enum Kind { /** Free text. */ TEXT, /** A JSON object, checked against the schema if any. */ JSON }

    /**
     * Checks that the kind is not null.
     *
     * @param kind       text or JSON
     * @param schemaName name of the schema (sent to providers that enforce schemas); null for text/any JSON
     * @param schema     the JSON Schema the output must match; null for text or any JSON object
     * @param type       the record type the schema came from; or null /
     */
    public OutputSpec {
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * Free text output.
     *
     * @return the text spec
     */
    public static OutputSpec text() {
        return TEXT;
    }

    /**
     * Any JSON object.
     *
     * @return the any-JSON spec
     */
    public static OutputSpec json() {
        return ANY_JSON;
    }

    /**
     * JSON matching the given schema.
     *
     * @param schemaName the schema's name (sent to providers that enforce schemas)
     * @param schema     the JSON Schema
     * @return the spec
     */
    public static OutputSpec json(String schemaName, JsonNode schema) {
        return new OutputSpec(Kind.JSON, Objects.requireNonNull(schemaName, "schemaName"),
                Objects.requireNonNull(schema, "schema"), null);
    }

    /**
     * JSON matching a schema derived from a record type (components become required properties).
     *
     * @param type the record type; its JSON form is the output, convertible back with Jackson
     * @return the spec
     */
    public static OutputSpec json(Class<? extends Record> type) {
        return new OutputSpec(Kind.JSON, RecordSchemas.schemaName(type), RecordSchemas.schemaOf(type), type);
    }

    /**
     * Whether the output is JSON.
     *
     * @return true for JSON output
     */
    public boolean isJson() {
        return kind == Kind.JSON;
    }
}
