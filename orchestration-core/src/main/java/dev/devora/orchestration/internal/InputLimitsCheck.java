package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.InputLimits;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Checks an input tree against {@link InputLimits}: string and field-name lengths, nesting depth, total size.
 * Walks without recursion, so any tree can be checked; stops descending where a limit is crossed, and reports at
 * most {@value #MAX_PROBLEMS} problems.
 */
final class InputLimitsCheck {
    static final int MAX_PROBLEMS = 10;

    /** A node to visit: its parent's place and its own step from there, so a path is built only when reported. */
    private record Place(Place parent, String key, int index, int depth) {
        String path() {
            List<Place> chain = new ArrayList<>();
            for (Place p = this; p != null; p = p.parent) chain.add(p);
            StringBuilder path = new StringBuilder("input");
            for (int i = chain.size() - 2; i >= 0; i--) {
                Place p = chain.get(i);
                if (p.key != null) path.append('.').append(abbreviate(p.key));
                else path.append('[').append(p.index).append(']');
            }
            return path.toString();
        }
    }

    private record Visit(JsonNode node, Place place) {
    }

    private InputLimitsCheck() {
    }

    /**
     * Adds a problem for each limit the input (a JSON object) crosses; returns whether it found any. Only lists and
     * objects are queued; their scalar members are checked in place, so a long flat list allocates nothing per item.
     */
    static boolean check(JsonNode input, InputLimits limits, List<ValidationProblem> problems) {
        int before = problems.size();
        long size = 0;
        Deque<Visit> todo = new ArrayDeque<>();
        todo.push(new Visit(input, new Place(null, null, 0, 1)));
        List<Visit> containers = new ArrayList<>();
        while (!todo.isEmpty() && problems.size() - before < MAX_PROBLEMS) {
            Visit v = todo.pop();
            Place place = v.place;
            if (place.depth > limits.maxDepth()) {
                problems.add(new ValidationProblem(place.path(), "is nested deeper than the limit of "
                        + limits.maxDepth() + " levels (InputLimits.maxDepth)"));
                continue;
            }
            size++;
            containers.clear();
            if (v.node.isObject()) {
                for (Map.Entry<String, JsonNode> e : v.node.properties()) {
                    String key = e.getKey();
                    if (key == null) {
                        problems.add(new ValidationProblem(place.path(), "has a null field name"));
                        continue;
                    }
                    size += key.length();
                    if (key.length() > limits.maxStringLength()) {
                        problems.add(new ValidationProblem(new Place(place, key, 0, 0).path(), "has a field name of "
                                + key.length() + " characters, more than the limit of " + limits.maxStringLength()
                                + " (InputLimits.maxStringLength)"));
                        continue;
                    }
                    size += member(e.getValue(), place, key, 0, limits, containers, problems);
                }
            } else {
                for (int i = 0; i < v.node.size(); i++) {
                    size += member(v.node.get(i), place, null, i, limits, containers, problems);
                }
            }
            for (int i = containers.size() - 1; i >= 0; i--) todo.push(containers.get(i)); // visited in order
            if (size > limits.maxTotalSize()) {
                problems.add(new ValidationProblem("input", "is larger than the limit of " + limits.maxTotalSize()
                        + " characters (InputLimits.maxTotalSize)"));
                break;
            }
        }
        return problems.size() > before;
    }

    /**
     * Checks a scalar member in place and returns its size, or queues a container member and returns 0. A number
     * counts its digits and binary data its Base64 length, as they are written; a POJO node (an arbitrary Java
     * object in the tree, which may not be writable) is a problem.
     */
    private static long member(JsonNode value, Place parent, String key, int index, InputLimits limits,
                               List<Visit> containers, List<ValidationProblem> problems) {
        if (value.isContainerNode()) {
            containers.add(new Visit(value, new Place(parent, key, index, parent.depth + 1)));
            return 0;
        }
        if (value.isPojo()) {
            Object pojo = ((com.fasterxml.jackson.databind.node.POJONode) value).getPojo();
            problems.add(new ValidationProblem(new Place(parent, key, index, parent.depth + 1).path(), "must be plain "
                    + "JSON, was a POJONode holding " + (pojo == null ? "null" : pojo.getClass().getName())));
            return 1;
        }
        long length = value.isTextual() ? value.textValue().length()
                : value.isBigInteger() || value.isBigDecimal() ? digits(value)
                : value.isBinary() ? (((com.fasterxml.jackson.databind.node.BinaryNode) value).binaryValue().length + 2L) / 3 * 4
                : 0;
        if (length > limits.maxStringLength()) {
            problems.add(new ValidationProblem(new Place(parent, key, index, parent.depth + 1).path(), "is " + length
                    + (value.isNumber() ? " digits" : " characters") + " long, more than the limit of "
                    + limits.maxStringLength() + " (InputLimits.maxStringLength)"));
        }
        return length + 1L;
    }

    /** About how many digits a big number is written with (from its bit length: no conversion to text). */
    private static long digits(JsonNode number) {
        java.math.BigInteger unscaled = number.isBigInteger() ? number.bigIntegerValue()
                : number.decimalValue().unscaledValue();
        return (long) (unscaled.bitLength() * 0.30103) + 1;
    }

    private static String abbreviate(String key) {
        return key.length() > 40 ? key.substring(0, 40) + "…" : key;
    }
}
