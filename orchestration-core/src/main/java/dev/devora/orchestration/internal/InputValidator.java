package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputLimits;
import dev.devora.orchestration.workflow.InputSpec;

import java.util.List;
import java.util.Map;

/**
 * Checks a run's input against an {@link InputSpec} and applies defaults. The {@link InputLimits} are checked first;
 * an input beyond them gets only those problems, so that nothing below ever handles an unbounded value.
 */
public final class InputValidator {
    private InputValidator() {
    }

    public static ObjectNode normalise(InputSpec spec, JsonNode input, InputLimits limits, List<ValidationProblem> problems) {
        ObjectNode out = Json.NODES.objectNode();
        if (input == null || input.isNull() || input.isMissingNode()) {
            input = Json.NODES.objectNode();
        }
        if (!input.isObject()) {
            problems.add(new ValidationProblem("input", "must be a JSON object, was " + input.getNodeType()));
            return out;
        }
        if (InputLimitsCheck.check(input, limits, problems)) return out;
        for (InputField field : spec.fields()) {
            String path = "input." + field.name();
            JsonNode value = input.get(field.name());
            if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
                if (field.defaultValue() != null) {
                    out.set(field.name(), field.defaultValue());
                } else if (field.required()) {
                    problems.add(new ValidationProblem(path, "is required"
                            + (field.description().isEmpty() ? "" : " (" + field.description() + ")")));
                }
                continue;
            }
            String typeProblem = typeProblem(field, value);
            if (typeProblem != null) {
                problems.add(new ValidationProblem(path, typeProblem));
                continue;
            }
            if (!field.allowedValues().isEmpty()) {
                String text = value.asText();
                String match = field.allowedValues().stream().filter(a -> a.equalsIgnoreCase(text)).findFirst().orElse(null);
                if (match == null) {
                    problems.add(new ValidationProblem(path, "must be one of " + field.allowedValues() + ", was \""
                            + text + "\""));
                    continue;
                }
                value = Json.NODES.textNode(match);
            }
            out.set(field.name(), value);
        }
        for (Map.Entry<String, JsonNode> e : input.properties()) {
            if (spec.field(e.getKey()).isEmpty()) {
                if (spec.allowsUnknownFields()) {
                    out.set(e.getKey(), e.getValue());
                } else {
                    problems.add(new ValidationProblem("input." + e.getKey(), "is not a field of this workflow "
                            + "(known fields: " + spec.fields().stream().map(InputField::name).toList() + ")"));
                }
            }
        }
        for (java.util.function.Function<JsonNode, List<ValidationProblem>> check : spec.checks()) {
            List<ValidationProblem> found = check.apply(out);
            if (found != null) problems.addAll(found);
        }
        return out;
    }

    private static String typeProblem(InputField field, JsonNode value) {
        boolean ok;
        switch (field.type()) {
            case STRING: ok = value.isTextual() || value.isNumber() || value.isBoolean(); break;
            case INTEGER: ok = value.isIntegralNumber() || (value.isTextual() && value.asText().strip().matches("-?\\d+")); break;
            case NUMBER: ok = value.isNumber() || (value.isTextual() && isNumber(value.asText())); break;
            case BOOLEAN: ok = value.isBoolean() || (value.isTextual() && value.asText().matches("(?i)true|false")); break;
            case LIST: ok = value.isArray(); break;
            case OBJECT: ok = value.isObject(); break;
            default: ok = true;
        }
        if (ok) return null;
        String shown = value.isTextual() ? "\"" + abbreviate(value.asText()) + "\"" : abbreviate(value.toString());
        return "must be " + article(field.type().name().toLowerCase(java.util.Locale.ROOT)) + ", was " + shown;
    }

    private static boolean isNumber(String text) {
        try {
            new java.math.BigDecimal(text.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String article(String type) {
        return (type.startsWith("i") || type.startsWith("o") ? "an " : "a ") + type;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
