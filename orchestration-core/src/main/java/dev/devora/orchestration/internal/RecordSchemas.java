package dev.devora.orchestration.internal;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Derives a JSON Schema from a record type: components become required properties ({@code Optional} ones optional);
 * Jackson's {@code @JsonPropertyDescription} on a component and {@code @JsonClassDescription} on a record become
 * {@code description}s, which models read.
 */
public final class RecordSchemas {
    private RecordSchemas() {
    }

    /** A schema name from the type's simple name: {@code ApiSpec} gives {@code api_spec}. */
    public static String schemaName(Class<?> type) {
        return type.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    public static JsonNode schemaOf(Class<? extends Record> type) {
        return schemaOf(type, new HashSet<>());
    }

    private static ObjectNode schemaOf(Type type, Set<Class<?>> seen) {
        ObjectNode schema = Json.NODES.objectNode();
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                schema.put("type", "array");
                schema.set("items", schemaOf(args[0], seen));
                return schema;
            }
            if (Map.class.isAssignableFrom(raw)) {
                schema.put("type", "object");
                schema.set("additionalProperties", schemaOf(args[1], seen));
                return schema;
            }
            if (raw == Optional.class) {
                return schemaOf(args[0], seen);
            }
            return schemaOf(raw, seen);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class || c == char.class || c == Character.class) {
            schema.put("type", "string");
        } else if (c == int.class || c == long.class || c == short.class || c == byte.class || c == Integer.class
                || c == Long.class || c == Short.class || c == Byte.class || c == BigInteger.class) {
            schema.put("type", "integer");
        } else if (c == double.class || c == float.class || c == Double.class || c == Float.class
                || c == BigDecimal.class) {
            schema.put("type", "number");
        } else if (c == boolean.class || c == Boolean.class) {
            schema.put("type", "boolean");
        } else if (c.isEnum()) {
            schema.put("type", "string");
            ArrayNode values = schema.putArray("enum");
            for (Object constant : c.getEnumConstants()) values.add(((Enum<?>) constant).name());
        } else if (c.isArray()) {
            schema.put("type", "array");
            schema.set("items", schemaOf(c.getComponentType(), seen));
        } else if (c.isRecord()) {
            if (!seen.add(c)) {
                throw new IllegalArgumentException("cannot derive a JSON schema from recursive record " + c.getName());
            }
            schema.put("type", "object");
            JsonClassDescription about = c.getAnnotation(JsonClassDescription.class);
            if (about != null && !about.value().isBlank()) schema.put("description", about.value());
            ObjectNode properties = schema.putObject("properties");
            ArrayNode required = schema.putArray("required");
            for (RecordComponent component : c.getRecordComponents()) {
                ObjectNode property = schemaOf(component.getGenericType(), seen);
                JsonPropertyDescription described = component.getAccessor().getAnnotation(JsonPropertyDescription.class);
                if (described != null && !described.value().isBlank()) {
                    ObjectNode withDescription = Json.NODES.objectNode().put("description", described.value());
                    withDescription.setAll(property);
                    property = withDescription;
                }
                properties.set(component.getName(), property);
                if (component.getType() != Optional.class) required.add(component.getName());
            }
            schema.put("additionalProperties", false);
            seen.remove(c);
        }
        // JsonNode, Object and anything else: no constraint.
        return schema;
    }
}
