package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tiny JSON Schema writer for the structured outputs the roles are asked for. Every property of an object is
 * required; descriptions are sent to the model with the schema.
 *
 * <pre>{@code
 * JsonNode kpis = Schema.object(
 *         Schema.prop("kpis", Schema.array(Schema.object(
 *                 Schema.prop("name", Schema.string("short name")),
 *                 Schema.prop("target", Schema.string("target with a date"))))));
 * }</pre>
 */
public final class Schema {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A named property of an object schema. */
    public record Prop(String name, JsonNode schema) {
    }

    private Schema() {
    }

    public static Prop prop(String name, JsonNode schema) {
        return new Prop(name, schema);
    }

    public static ObjectNode object(Prop... props) {
        ObjectNode o = NODES.objectNode().put("type", "object");
        ObjectNode properties = o.putObject("properties");
        ArrayNode required = o.putArray("required");
        for (Prop p : props) {
            properties.set(p.name(), p.schema());
            required.add(p.name());
        }
        return o;
    }

    /** An object with free-form keys whose values match {@code values}. */
    public static ObjectNode map(JsonNode values, String description) {
        return NODES.objectNode().put("type", "object").put("description", description).set("additionalProperties", values);
    }

    /** Any JSON object (e.g. an OpenAPI document), with a description. */
    public static ObjectNode anyObject(String description) {
        return NODES.objectNode().put("type", "object").put("description", description);
    }

    public static ObjectNode array(JsonNode items) {
        ObjectNode a = NODES.objectNode().put("type", "array");
        a.set("items", items);
        return a;
    }

    public static ObjectNode string(String description) {
        return NODES.objectNode().put("type", "string").put("description", description);
    }

    public static ObjectNode number(String description) {
        return NODES.objectNode().put("type", "number").put("description", description);
    }

    public static ObjectNode integer(String description) {
        return NODES.objectNode().put("type", "integer").put("description", description);
    }

    public static ObjectNode bool(String description) {
        return NODES.objectNode().put("type", "boolean").put("description", description);
    }

    public static ObjectNode oneOf(String description, String... values) {
        ObjectNode s = string(description);
        ArrayNode e = s.putArray("enum");
        for (String v : values) e.add(v);
        return s;
    }

    /** A list of source files: {@code [{path, language, content}]}. */
    public static ObjectNode files(String description) {
        return array(object(
                prop("path", string("path of the file relative to the repository root")),
                prop("language", string("language or format, e.g. typescript, python, yaml, sql")),
                prop("content", string("the complete file content")))).put("description", description);
    }

    /** A list of strings. */
    public static ObjectNode strings(String description) {
        return array(NODES.objectNode().put("type", "string")).put("description", description);
    }
}
