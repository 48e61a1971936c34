package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.ValidationProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks inside structured input fields (list items, object members) that the core's top-level validation does not
 * look into. Collects every problem with its path ({@code input.data_models[1].fields}); checks only fields that are
 * present with the right top-level type (the core reports the others).
 *
 * <pre>{@code
 * InputChecks c = new InputChecks(input);
 * c.nonBlankStrings("requirements", true);
 * c.allowedItems("documentation_types", "readme", "architecture");
 * List<ValidationProblem> problems = c.problems();
 * }</pre>
 */
public final class InputChecks {
    private final JsonNode input;
    private final List<ValidationProblem> problems = new ArrayList<>();

    public InputChecks(JsonNode input) {
        this.input = input == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : input;
    }

    public List<ValidationProblem> problems() {
        return List.copyOf(problems);
    }

    /** An optional path field that, when given, must name a readable directory. */
    public InputChecks directory(String field) {
        String path = input.path(field).asText("");
        if (!path.isBlank() && existingDirectory(path).isEmpty()) {
            problem("input." + field, "is not a readable directory, was \"" + path + "\"");
        }
        return this;
    }

    /** The directory {@code path} names, if it is a valid path of an existing directory. */
    public static java.util.Optional<java.nio.file.Path> existingDirectory(String path) {
        if (path == null || path.isBlank()) return java.util.Optional.empty();
        try {
            java.nio.file.Path dir = java.nio.file.Path.of(path);
            return java.nio.file.Files.isDirectory(dir) ? java.util.Optional.of(dir) : java.util.Optional.empty();
        } catch (java.nio.file.InvalidPathException e) {
            return java.util.Optional.empty();
        }
    }

    public void problem(String path, String message) {
        problems.add(new ValidationProblem(path, message));
    }

    /** Each item of the list is a non-blank string; with {@code nonEmpty}, the list has at least one item. */
    public InputChecks nonBlankStrings(String field, boolean nonEmpty) {
        JsonNode list = input.path(field);
        if (!list.isArray()) return this;
        if (nonEmpty && list.isEmpty()) problem("input." + field, "must have at least one item");
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            if (!e.isTextual() || e.asText().isBlank()) {
                problem("input." + field + "[" + i + "]", "must be a non-blank string, was " + shown(e));
            }
        }
        return this;
    }

    /** Each item of the list is one of the allowed values (ignoring case). */
    public InputChecks allowedItems(String field, String... allowed) {
        JsonNode list = input.path(field);
        if (!list.isArray()) return this;
        for (int i = 0; i < list.size(); i++) {
            String v = list.get(i).asText("");
            boolean ok = false;
            for (String a : allowed) ok |= a.equalsIgnoreCase(v);
            if (!ok) problem("input." + field + "[" + i + "]", "must be one of " + List.of(allowed) + ", was " + shown(list.get(i)));
        }
        return this;
    }

    /** Each member of the object is a number (≥ {@code min}); {@code known} lists the accepted keys (empty = any). */
    public InputChecks numberMembers(String field, double min, List<String> known) {
        JsonNode obj = input.path(field);
        if (!obj.isObject()) return this;
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            String path = "input." + field + "." + e.getKey();
            if (!known.isEmpty() && !known.contains(e.getKey())) {
                problem(path, "is not a known metric (known: " + known + ")");
            } else if (!e.getValue().isNumber()) {
                problem(path, "must be a number, was " + shown(e.getValue()));
            } else if (e.getValue().asDouble() < min) {
                problem(path, "must be ≥ " + trim(min) + ", was " + e.getValue().asText());
            }
        }
        return this;
    }

    /** The object has the members, each a number. */
    public InputChecks requiredNumberMembers(String field, String... members) {
        JsonNode obj = input.path(field);
        if (!obj.isObject()) return this;
        for (String m : members) {
            if (!obj.has(m) || obj.get(m).isNull()) problem("input." + field + "." + m, "is required");
        }
        return this;
    }

    /** Each member of the object is a list of non-blank strings; {@code known} lists the accepted keys. */
    public InputChecks stringListMembers(String field, List<String> known) {
        JsonNode obj = input.path(field);
        if (!obj.isObject()) return this;
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            String path = "input." + field + "." + e.getKey();
            if (!known.isEmpty() && !known.contains(e.getKey())) {
                problem(path, "is not a known key (known: " + known + ")");
                continue;
            }
            if (!e.getValue().isArray()) {
                problem(path, "must be a list of strings, was " + shown(e.getValue()));
                continue;
            }
            for (int i = 0; i < e.getValue().size(); i++) {
                JsonNode v = e.getValue().get(i);
                if (!v.isTextual() || v.asText().isBlank()) problem(path + "[" + i + "]", "must be a non-blank string, was " + shown(v));
            }
        }
        return this;
    }

    /** Each item of the list is an object with the given text members (present, non-blank, and strings). */
    public InputChecks objectItems(String field, String... requiredText) {
        JsonNode list = input.path(field);
        if (!list.isArray()) return this;
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            String path = "input." + field + "[" + i + "]";
            if (!e.isObject()) {
                problem(path, "must be an object, was " + shown(e));
                continue;
            }
            for (String m : requiredText) {
                JsonNode v = e.path(m);
                if (v.isMissingNode() || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
                    problem(path + "." + m, "is required (a non-blank string)");
                } else if (!v.isTextual()) {
                    problem(path + "." + m, "must be a string, was " + shown(v));
                }
            }
        }
        return this;
    }

    /** A number field (top level) is at least {@code min}. */
    public InputChecks atLeast(String field, double min) {
        JsonNode v = input.path(field);
        if (v.isNumber() && v.asDouble() < min) problem("input." + field, "must be ≥ " + trim(min) + ", was " + v.asText());
        return this;
    }

    /** A number field (top level) is at most {@code max}. */
    public InputChecks atMost(String field, double max) {
        JsonNode v = input.path(field);
        if (v.isNumber() && v.asDouble() > max) problem("input." + field, "must be ≤ " + trim(max) + ", was " + v.asText());
        return this;
    }

    static String shown(JsonNode v) {
        String s = v.isTextual() ? "\"" + v.asText() + "\"" : v.toString();
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%s", d);
    }
}
