package dev.devora.orchestration.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.internal.InputValidator;
import dev.devora.orchestration.internal.JavaInput;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields a workflow's input must and may have. A run's input is checked before any model is called; every
 * problem (missing required field, wrong type, value outside the allowed set, unknown field) is reported at once.
 *
 * <pre>{@code
 * InputSpec spec = InputSpec.builder()
 *         .required("project_name", "name of the project")
 *         .required("requirements", FieldType.LIST, "functional requirements, one per item")
 *         .choice("api_type", "API style", "REST", "GraphQL")
 *         .optional("target_users", "who will use it")
 *         .build();
 * }</pre>
 */
public final class InputSpec {
    /** A spec that accepts any input. */
    public static final InputSpec ANY = new InputSpec(Map.of(), true, List.of());

    private final Map<String, InputField> fields;
    private final boolean allowUnknownFields;
    private final List<java.util.function.Function<JsonNode, List<ValidationProblem>>> checks;

    private InputSpec(Map<String, InputField> fields, boolean allowUnknownFields,
                      List<java.util.function.Function<JsonNode, List<ValidationProblem>>> checks) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.allowUnknownFields = allowUnknownFields;
        this.checks = List.copyOf(checks);
    }

    /**
     * Checks beyond types and allowed values (inside lists and objects, across fields), run on the normalised input.
     *
     * @return the checks, in the order they were added
     */
    public List<java.util.function.Function<JsonNode, List<ValidationProblem>>> checks() {
        return checks;
    }

    /**
     * A builder with no field.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The fields in declaration order.
     *
     * @return the fields
     */
    public List<InputField> fields() {
        return List.copyOf(fields.values());
    }

    /**
     * A field by name.
     *
     * @param name the field's name
     * @return the field, or empty when not declared
     */
    public Optional<InputField> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /**
     * This spec with one more check (see {@link Builder#check}).
     *
     * @param check returns the problems of a normalised input, each with its path
     * @return a new spec
     */
    public InputSpec withCheck(java.util.function.Function<JsonNode, List<ValidationProblem>> check) {
        List<java.util.function.Function<JsonNode, List<ValidationProblem>>> more = new ArrayList<>(checks);
        more.add(java.util.Objects.requireNonNull(check, "check"));
        return new InputSpec(fields, allowUnknownFields, more);
    }

    /**
     * Whether fields not declared here are accepted (default false: they are reported as problems).
     *
     * @return true if undeclared fields are accepted
     */
    public boolean allowsUnknownFields() {
        return allowUnknownFields;
    }

    /**
     * Every problem of the input, within {@link InputLimits#DEFAULT}; empty when it is valid.
     *
     * @param input the input; a JSON object
     * @return the problems, each with its path
     */
    public List<ValidationProblem> validate(JsonNode input) {
        List<ValidationProblem> problems = new ArrayList<>();
        InputValidator.normalise(this, input, InputLimits.DEFAULT, problems);
        return problems;
    }

    /**
     * The input with defaults applied, as a JSON object, within {@link InputLimits#DEFAULT}; problems are added to the
     * list.
     *
     * @param input    the input; a JSON object
     * @param problems receives the problems found
     * @return the normalised input
     */
    public ObjectNode normalise(JsonNode input, List<ValidationProblem> problems) {
        return InputValidator.normalise(this, input, InputLimits.DEFAULT, problems);
    }

    /**
     * The input with defaults applied, as a JSON object; problems are added to the list. The limits are checked
     * first: an input beyond them gets only those problems (its fields are not looked into).
     *
     * @param input    the input; a JSON object
     * @param limits   the size limits checked first
     * @param problems receives the problems found
     * @return the normalised input
     */
    public ObjectNode normalise(JsonNode input, InputLimits limits, List<ValidationProblem> problems) {
        return InputValidator.normalise(this, input, java.util.Objects.requireNonNull(limits, "limits"), problems);
    }

    /**
     * Converts a Java map (strings, numbers, booleans, lists, arrays, maps, records, JSON trees) to a JSON object.
     *
     * @throws InputValidationException naming the path of a value nested deeper than {@link InputLimits#MAX_DEPTH}
     *                                  levels (or cyclic), of a null field name, or of a value Jackson cannot convert
     * @param input the Java map; may be null (an empty object)
     * @return the JSON object
     */
    public static JsonNode toJson(Map<String, ?> input) {
        List<ValidationProblem> problems = new ArrayList<>();
        ObjectNode out = JavaInput.toJson(input, InputLimits.MAX_DEPTH, problems);
        if (!problems.isEmpty()) throw new InputValidationException(problems);
        return out;
    }

    @Override
    public String toString() {
        return "InputSpec" + fields.keySet();
    }

    /** Builder for {@link InputSpec}. */
    public static final class Builder {
        private final Map<String, InputField> fields = new LinkedHashMap<>();
        private final List<java.util.function.Function<JsonNode, List<ValidationProblem>>> checks = new ArrayList<>();
        private boolean allowUnknownFields;

        private Builder() {
        }

        /**
         * A required text field.
         *
         * @param name        the field's name
         * @param description what it is
         * @return this builder
         */
        public Builder required(String name, String description) {
            return field(InputField.required(name, FieldType.STRING, description));
        }

        /**
         * A required field of the given type.
         *
         * @param name        the field's name
         * @param type        its value type
         * @param description what it is
         * @return this builder
         */
        public Builder required(String name, FieldType type, String description) {
            return field(InputField.required(name, type, description));
        }

        /**
         * An optional text field.
         *
         * @param name        the field's name
         * @param description what it is
         * @return this builder
         */
        public Builder optional(String name, String description) {
            return field(InputField.optional(name, FieldType.STRING, description));
        }

        /**
         * An optional field of the given type.
         *
         * @param name        the field's name
         * @param type        its value type
         * @param description what it is
         * @return this builder
         */
        public Builder optional(String name, FieldType type, String description) {
            return field(InputField.optional(name, type, description));
        }

        /**
         * A required text field restricted to the given values.
         *
         * @param name        the field's name
         * @param description what it is
         * @param allowed     the allowed values, compared ignoring case
         * @return this builder
         */
        public Builder choice(String name, String description, String... allowed) {
            return field(InputField.required(name, FieldType.STRING, description).allowing(allowed));
        }

        /**
         * Adds a field.
         *
         * @param field the field
         * @return this builder
         * @throws IllegalArgumentException if a field of that name is already declared
         */
        public Builder field(InputField field) {
            if (fields.putIfAbsent(field.name(), field) != null) {
                throw new IllegalArgumentException("input field '" + field.name() + "' is declared twice");
            }
            return this;
        }

        /**
         * Accepts fields that are not declared (default: they are reported as problems).
         *
         * @return this builder
         */
        public Builder allowUnknownFields() {
            this.allowUnknownFields = true;
            return this;
        }

        /**
         * A check of the whole (normalised) input that the field declarations cannot express, e.g. inside lists
         * ({@code input.data_models[1].fields}) or across fields. It returns its problems, each with its path; it
         * runs with the field checks, before any model is called.
         *
         * @param check returns the problems of a normalised input, each with its path; not null
         * @return this builder
         */
        public Builder check(java.util.function.Function<JsonNode, List<ValidationProblem>> check) {
            checks.add(java.util.Objects.requireNonNull(check, "check"));
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         */
        public InputSpec build() {
            return new InputSpec(fields, allowUnknownFields, checks);
        }
    }
}
