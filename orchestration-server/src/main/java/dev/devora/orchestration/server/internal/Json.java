package dev.devora.orchestration.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * The service's JSON: one mapper, and records (events, summaries, verdicts, usage) written by their components in
 * snake_case, with instants as ISO-8601 text, durations as milliseconds ({@code _ms}), enums lower-cased and
 * throwables as {@code {type, message}}.
 *
 * <pre>{@code
 * ObjectNode event = Json.of(new WorkflowEvent.Progress("run-1", 40, Instant.now()));
 * }</pre>
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** A record as an object of its components. */
    public static ObjectNode of(Record record) {
        ObjectNode out = NODES.objectNode();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + record.getClass().getSimpleName() + "." + c.getName(), e);
            }
            String name = snake(c.getName());
            if (value instanceof Duration d) out.put(name + "_ms", d.toMillis());
            else out.set(name, value(value));
        }
        return out;
    }

    /** Any value the service writes. */
    public static JsonNode value(Object v) {
        if (v == null) return NODES.nullNode();
        if (v instanceof JsonNode n) return n;
        if (v instanceof String s) return NODES.textNode(s);
        if (v instanceof Boolean b) return NODES.booleanNode(b);
        if (v instanceof Integer i) return NODES.numberNode(i);
        if (v instanceof Long l) return NODES.numberNode(l);
        if (v instanceof Double d) return NODES.numberNode(d);
        if (v instanceof BigDecimal d) return NODES.numberNode(d);
        if (v instanceof Number n) return NODES.numberNode(n.doubleValue());
        if (v instanceof Instant t) return NODES.textNode(t.toString());
        if (v instanceof Duration d) return NODES.numberNode(d.toMillis());
        if (v instanceof Enum<?> e) return NODES.textNode(e.name().toLowerCase(Locale.ROOT));
        if (v instanceof Throwable t) {
            return NODES.objectNode().put("type", t.getClass().getSimpleName()).put("message", String.valueOf(t.getMessage()));
        }
        if (v instanceof Record r) return of(r);
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = NODES.objectNode();
            m.forEach((k, val) -> o.set(String.valueOf(k), value(val)));
            return o;
        }
        if (v instanceof Collection<?> c) {
            ArrayNode a = NODES.arrayNode();
            c.forEach(x -> a.add(value(x)));
            return a;
        }
        return NODES.textNode(v.toString());
    }

    /** {@code promptTokens} → {@code prompt_tokens}. */
    public static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** {@code StepCompleted} → {@code step-completed}. */
    public static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * A request's body as a JSON object.
     *
     * @param ctx the request
     * @return the object
     * @throws dev.devora.orchestration.server.ApiException 400 {@code invalid_json} naming the line and column of the
     *                                                      error, or saying the body is not an object
     */
    public static JsonNode body(io.javalin.http.Context ctx) {
        JsonNode n;
        try {
            n = MAPPER.readTree(ctx.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new dev.devora.orchestration.server.ApiException(400, "invalid_json", "the body is not JSON: "
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr(), null);
        }
        if (n == null || !n.isObject()) {
            throw new dev.devora.orchestration.server.ApiException(400, "invalid_json", "the body must be a JSON object", null);
        }
        return n;
    }

    /** The text of a node. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * Answers a JSON body.
     *
     * @param ctx    the request
     * @param status the HTTP status
     * @param body   the body
     */
    public static void respond(io.javalin.http.Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(write(body));
    }
}
