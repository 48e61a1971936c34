package dev.devora.orchestration.llm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * The shape the answer must take: free text, any JSON object, or JSON matching a schema.
 *
 * <pre>{@code
 * ResponseFormat.jsonSchema("verdict", schema, true)
 * }</pre>
 *
 * @param type       text, JSON object or JSON schema
 * @param schemaName for {@link Type#JSON_SCHEMA}: the schema's name (at most 64 characters)
 * @param schema     for {@link Type#JSON_SCHEMA}: the JSON Schema
 * @param strict     for {@link Type#JSON_SCHEMA}: ask the provider to enforce the schema strictly
 */
public record ResponseFormat(Type type, String schemaName, JsonNode schema, boolean strict) {
    /** Free text. */
    public static final ResponseFormat TEXT = new ResponseFormat(Type.TEXT, null, null, false);
    /** Any JSON object. */
    public static final ResponseFormat JSON_OBJECT = new ResponseFormat(Type.JSON_OBJECT, null, null, false);

    /** The kind of format. */
    public enum Type { /** Free text. */ TEXT, /** Any JSON object. */ JSON_OBJECT, /** Per a schema. */ JSON_SCHEMA }

    /**
     * Checks that a JSON schema format has a name and a schema.
     *
     * @param type       text, JSON object or JSON schema
     * @param schemaName for {@link Type#JSON_SCHEMA}: the schema's name (at most 64 characters)
     * @param schema     for {@link Type#JSON_SCHEMA}: the JSON Schema
     * @param strict     for {@link Type#JSON_SCHEMA}: ask the provider to enforce the schema strictly
     */
    public ResponseFormat {
        Objects.requireNonNull(type, "type");
        if (type == Type.JSON_SCHEMA && (schemaName == null || schema == null)) {
            throw new IllegalArgumentException("a JSON_SCHEMA response format needs a schema name and a schema");
        }
    }

    /**
     * A JSON-schema format.
     *
     * @param name   the schema's name (at most 64 characters)
     * @param schema the JSON Schema the answer must match
     * @param strict true to ask the provider to enforce the schema strictly
     * @return the format
     */
    public static ResponseFormat jsonSchema(String name, JsonNode schema, boolean strict) {
        return new ResponseFormat(Type.JSON_SCHEMA, name, schema, strict);
    }
}
