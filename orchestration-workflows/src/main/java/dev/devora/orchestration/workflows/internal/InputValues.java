package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.StateView;

import java.util.Locale;

/**
 * Conditions on input fields that work whether a field arrives typed (a JSON list or boolean) or as text (when a
 * workflow runs nested and its input is rendered from templates).
 *
 * <pre>{@code
 * Condition readme = InputValues.listContains("documentation_types", "readme");
 * Condition diagrams = InputValues.isTrue("include_diagrams");
 * }</pre>
 */
public final class InputValues {
    private InputValues() {
    }

    /** True when the list field contains the value (ignoring case), or the text field mentions it. */
    public static Condition listContains(String field, String value) {
        return Condition.of("input." + field + " contains " + value, s -> contains(s, field, value));
    }

    /** True when the field is {@code true} or the text {@code "true"}. */
    public static Condition isTrue(String field) {
        return Condition.of("input." + field + " is true", s -> isTrue(s.input().path(field)));
    }

    static boolean isTrue(JsonNode v) {
        return v.isBoolean() ? v.asBoolean() : v.asText("").strip().equalsIgnoreCase("true");
    }

    public static boolean contains(StateView s, String field, String value) {
        JsonNode v = s.input().path(field);
        String wanted = value.toLowerCase(Locale.ROOT);
        if (v.isArray()) {
            for (JsonNode e : v) if (e.asText("").strip().toLowerCase(Locale.ROOT).equals(wanted)) return true;
            return false;
        }
        String text = v.isValueNode() ? v.asText("") : v.toString();
        return text.toLowerCase(Locale.ROOT).matches("(?s).*(^|[^a-z0-9_])" + java.util.regex.Pattern.quote(wanted) + "([^a-z0-9_]|$).*");
    }

    /** The text of the input fields, lower-cased, for keyword tests. */
    public static String lowerText(StateView s, String... fields) {
        StringBuilder sb = new StringBuilder();
        for (String f : fields) {
            JsonNode v = s.input().path(f);
            sb.append(v.isValueNode() ? v.asText("") : v.toString()).append('\n');
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
