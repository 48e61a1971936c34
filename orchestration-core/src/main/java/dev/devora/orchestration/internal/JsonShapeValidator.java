package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON value against the structural part of a JSON Schema: {@code type}, {@code required},
 * {@code properties}, {@code items}, {@code enum}, {@code additionalProperties}. Enough to tell a model what it
 * got wrong; not a full JSON Schema implementation (no {@code $ref}, formats or combinators: those are accepted
 * unchecked).
 */
public final class JsonShapeValidator {
    private static final int MAX_ERRORS = 20;

    private JsonShapeValidator() {
    }

    /** Every mismatch as {@code "$.path: problem"}; empty when the value fits. */
    public static List<String> validate(JsonNode value, JsonNode schema) {
        List<String> errors = new ArrayList<>();
        if (schema != null) check(value, schema, "$", errors);
        return errors;
    }

    private static void check(JsonNode value, JsonNode schema, String path, List<String> errors) {
        if (errors.size() >= MAX_ERRORS || schema == null || !schema.isObject()) return;
        JsonNode type = schema.get("type");
        if (type != null && !typeMatches(value, type)) {
            errors.add(path + ": expected " + (type.isArray() ? type.toString() : type.asText()) + ", was "
                    + describe(value));
            return;
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null && allowed.isArray()) {
            boolean found = false;
            for (JsonNode candidate : allowed) found |= candidate.equals(value);
            if (!found) errors.add(path + ": must be one of " + allowed + ", was " + value);
        }
        if (value.isObject()) {
            JsonNode required = schema.get("required");
            if (required != null) {
                for (JsonNode name : required) {
                    if (!value.has(name.asText())) errors.add(path + "." + name.asText() + ": required property missing");
                }
            }
            JsonNode properties = schema.get("properties");
            JsonNode additional = schema.get("additionalProperties");
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                JsonNode propertySchema = properties == null ? null : properties.get(field.getKey());
                String childPath = path + "." + field.getKey();
                if (propertySchema != null) {
                    check(field.getValue(), propertySchema, childPath, errors);
                } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                    errors.add(childPath + ": property not allowed by the schema");
                } else if (additional != null && additional.isObject()) {
                    check(field.getValue(), additional, childPath, errors);
                }
            }
        } else if (value.isArray()) {
            JsonNode items = schema.get("items");
            for (int i = 0; i < value.size(); i++) check(value.get(i), items, path + "[" + i + "]", errors);
        }
    }

    private static boolean typeMatches(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode t : type) if (typeMatches(value, t)) return true;
            return false;
        }
        switch (type.asText()) {
            case "object": return value.isObject();
            case "array": return value.isArray();
            case "string": return value.isTextual();
            case "integer": return value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            case "number": return value.isNumber();
            case "boolean": return value.isBoolean();
            case "null": return value.isNull();
            default: return true;
        }
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) return "an object";
        if (value.isArray()) return "an array";
        if (value.isTextual()) return "a string";
        if (value.isNumber()) return "a number";
        if (value.isBoolean()) return "a boolean";
        return "null";
    }
}
