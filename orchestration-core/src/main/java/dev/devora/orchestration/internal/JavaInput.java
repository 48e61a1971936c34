package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.ValidationProblem;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Converts a run's input given as Java values (strings, numbers, booleans, lists, arrays, maps, records, JSON trees)
 * to a JSON object. Maps and collections are converted here, with their depth bounded, so that a value nested
 * arbitrarily deep, or a cyclic one, is a problem with its path instead of a {@link StackOverflowError}; so are a key
 * without a name (null, or a {@code toString()} that returns null or throws), two keys of one name ({@code 7} and
 * {@code "7"}) and a collection that throws while it is iterated. Other objects go through Jackson.
 *
 * <pre>{@code
 * List<ValidationProblem> problems = new ArrayList<>();
 * ObjectNode json = JavaInput.toJson(Map.of("feature", "cache"), 64, problems);
 * }</pre>
 */
public final class JavaInput {
    private JavaInput() {
    }

    /** The input as a JSON object; problems (too deep, null field names, unconvertible values) are added to the list. */
    public static ObjectNode toJson(Map<String, ?> input, int maxDepth, List<ValidationProblem> problems) {
        ObjectNode out = Json.NODES.objectNode();
        if (input == null) return out;
        try {
            members(input, out, "input", 1, maxDepth, problems);
        } catch (RuntimeException e) {
            problems.add(new ValidationProblem("input", "cannot be converted to JSON: iterating it threw " + e));
        }
        return out;
    }

    /** The members of a map; a key must have a name (its {@code toString()}, an enum's name) unique in the map. */
    private static void members(Map<?, ?> map, ObjectNode out, String path, int depth, int maxDepth,
                                List<ValidationProblem> problems) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object key = e.getKey();
            String name;
            try {
                name = key == null ? null : key instanceof Enum<?> en ? en.name() : key.toString();
            } catch (RuntimeException thrown) {
                problems.add(new ValidationProblem(path, "has a field name whose toString() threw " + thrown));
                continue;
            }
            if (name == null) {
                problems.add(new ValidationProblem(path, "has a null field name"));
                continue;
            }
            if (out.has(name)) {
                problems.add(new ValidationProblem(path + "." + name, "is given twice (two keys are named \""
                        + name + "\")"));
                continue;
            }
            JsonNode value = convert(e.getValue(), path, name, 0, depth + 1, maxDepth, problems);
            if (value != null) out.set(name, value);
        }
    }

    /**
     * One value at {@code depth} (the enclosing container is at depth - 1), the member {@code name} or else the item
     * {@code index} of the container at {@code parent}; null when it could not be converted. Its path is built only
     * for a container or a problem, so that large flat inputs cost no string per value.
     */
    private static JsonNode convert(Object v, String parent, String name, int index, int depth, int maxDepth,
                                    List<ValidationProblem> problems) {
        if (v == null) return Json.NODES.nullNode();
        if (v instanceof String s) return Json.NODES.textNode(s);
        if (v instanceof Boolean b) return Json.NODES.booleanNode(b);
        if (v instanceof Integer i) return Json.NODES.numberNode(i);
        if (v instanceof Long l) return Json.NODES.numberNode(l);
        if (v instanceof Double d) return Json.NODES.numberNode(d);
        if (v instanceof BigDecimal d) return Json.NODES.numberNode(d);
        if (v instanceof BigInteger i) return Json.NODES.numberNode(i);
        if (v instanceof JsonNode node) return node; // its depth is checked with the limits
        String path = name != null ? parent + "." + name : parent + "[" + index + "]";
        boolean container = v instanceof Map<?, ?> || v instanceof Iterable<?> || v instanceof Object[];
        if (container && depth > maxDepth) {
            problems.add(new ValidationProblem(path, "is nested deeper than the limit of " + maxDepth
                    + " levels (InputLimits.maxDepth)"));
            return null;
        }
        try {
            if (v instanceof Map<?, ?> map) {
                ObjectNode out = Json.NODES.objectNode();
                members(map, out, path, depth, maxDepth, problems);
                return out;
            }
            if (v instanceof Iterable<?> items) return items(items, path, depth, maxDepth, problems);
            if (v instanceof Object[] array) return items(java.util.Arrays.asList(array), path, depth, maxDepth, problems);
        } catch (RuntimeException e) { // the members' own problems are reported inside: this is iterating this one
            problems.add(new ValidationProblem(path, "cannot be converted to JSON: iterating it threw " + e));
            return null;
        }
        try {
            return Json.MAPPER.valueToTree(v); // records, enums, primitive arrays, decimals…
        } catch (IllegalArgumentException e) {
            problems.add(new ValidationProblem(path, "cannot be converted to JSON: " + e.getMessage()));
        } catch (StackOverflowError e) { // a record holding a structure nested too deep: Jackson recursed; unwound here
            problems.add(new ValidationProblem(path, "is nested too deeply to be converted to JSON"));
        }
        return null;
    }

    private static ArrayNode items(Iterable<?> items, String path, int depth, int maxDepth,
                                   List<ValidationProblem> problems) {
        ArrayNode out = Json.NODES.arrayNode();
        int i = 0;
        for (Object item : items) {
            JsonNode value = convert(item, path, null, i, depth + 1, maxDepth, problems);
            out.add(value == null ? Json.NODES.nullNode() : value);
            i++;
        }
        return out;
    }
}
