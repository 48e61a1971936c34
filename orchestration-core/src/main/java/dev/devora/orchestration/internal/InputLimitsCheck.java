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

    /** Adds a problem for each limit the input crosses; returns whether it found any. */
    static boolean check(JsonNode input, InputLimits limits, List<ValidationProblem> problems) {
        int before = problems.size();
        long size = 0;
        Deque<Visit> todo = new ArrayDeque<>();
        todo.push(new Visit(input, new Place(null, null, 0, 1)));
        while (!todo.isEmpty() && problems.size() - before < MAX_PROBLEMS) {
            Visit v = todo.pop();
            JsonNode node = v.node;
            Place place = v.place;
            if (node.isContainerNode() && place.depth > limits.maxDepth()) {
                problems.add(new ValidationProblem(place.path(), "is nested deeper than the limit of "
                        + limits.maxDepth() + " levels (InputLimits.maxDepth)"));
                continue;
            }
            if (node.isObject()) {
                List<Visit> children = new ArrayList<>(node.size());
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    if (e.getKey() == null) {
                        problems.add(new ValidationProblem(place.path(), "has a null field name"));
                        continue;
                    }
                    Place child = new Place(place, e.getKey(), 0, place.depth + 1);
                    size += e.getKey().length();
                    if (e.getKey().length() > limits.maxStringLength()) {
                        problems.add(new ValidationProblem(child.path(), "has a field name of " + e.getKey().length()
                                + " characters, more than the limit of " + limits.maxStringLength()
                                + " (InputLimits.maxStringLength)"));
                        continue;
                    }
                    children.add(new Visit(e.getValue(), child));
                }
                for (int i = children.size() - 1; i >= 0; i--) todo.push(children.get(i)); // visited in order
            } else if (node.isArray()) {
                for (int i = node.size() - 1; i >= 0; i--) todo.push(new Visit(node.get(i), new Place(place, null, i, place.depth + 1)));
            } else if (node.isTextual()) {
                int length = node.textValue().length();
                size += length;
                if (length > limits.maxStringLength()) {
                    problems.add(new ValidationProblem(place.path(), "is " + length + " characters long, more than the "
                            + "limit of " + limits.maxStringLength() + " (InputLimits.maxStringLength)"));
                }
            }
            size++;
            if (size > limits.maxTotalSize()) {
                problems.add(new ValidationProblem("input", "is larger than the limit of " + limits.maxTotalSize()
                        + " characters (InputLimits.maxTotalSize)"));
                break;
            }
        }
        return problems.size() > before;
    }

    private static String abbreviate(String key) {
        return key.length() > 40 ? key.substring(0, 40) + "…" : key;
    }
}
