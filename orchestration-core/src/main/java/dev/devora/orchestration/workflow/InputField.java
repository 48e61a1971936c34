package dev.devora.orchestration.workflow;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;

/**
 * One field of a workflow's input.
 *
 * <pre>{@code
 * InputField.required("api_type", FieldType.STRING, "the API style").allowing("REST", "GraphQL");
 * }</pre>
 *
 * @param name          field name (letters, digits, {@code _} and {@code -})
 * @param type          value type
 * @param required      whether a run must give it
 * @param description   what it is, shown in errors, plans and docs
 * @param allowedValues for strings: the allowed values (empty = any)
 * @param defaultValue  value used when the field is absent; or null
 */
public record InputField(String name, FieldType type, boolean required, String description,
                         List<String> allowedValues, JsonNode defaultValue) {
    /**
     * Checks that name and type are not null; normalises a null description to "" and null allowed values to any.
     *
     * @param name          field name (letters, digits, {@code _} and {@code -})
     * @param type          value type
     * @param required      whether a run must give it
     * @param description   what it is, shown in errors, plans and docs
     * @param allowedValues for strings: the allowed values (empty = any)
     * @param defaultValue  value used when the field is absent; or null /
     */
    public InputField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        description = description == null ? "" : description;
        allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
    }

    /**
     * A required field.
     *
     * @param name        the field's name
     * @param type        its value type
     * @param description what it is, shown in errors, plans and docs
     * @return the field
     */
    public static InputField required(String name, FieldType type, String description) {
        return new InputField(name, type, true, description, List.of(), null);
    }

    /**
     * An optional field, without a default.
     *
     * @param name        the field's name
     * @param type        its value type
     * @param description what it is, shown in errors, plans and docs
     * @return the field
     */
    public static InputField optional(String name, FieldType type, String description) {
        return new InputField(name, type, false, description, List.of(), null);
    }

    /**
     * Restricts a string field to the given values (compared ignoring case).
     *
     * @param values the allowed values
     * @return a new field
     */
    public InputField allowing(String... values) {
        return new InputField(name, type, required, description, List.of(values), defaultValue);
    }

    /**
     * A default for an optional field.
     *
     * @param value the default, used when the field is absent
     * @return a new field
     */
    public InputField withDefault(JsonNode value) {
        return new InputField(name, type, required, description, allowedValues, value);
    }
}
