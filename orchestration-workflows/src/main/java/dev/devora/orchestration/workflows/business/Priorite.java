package dev.devora.orchestration.workflows.business;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * The priority of an order (input field {@code priorite}).
 *
 * <pre>{@code
 * Priorite.HAUTE.id();   // "haute"
 * }</pre>
 */
public enum Priorite {
    /** Low. */
    BASSE,
    /** Normal, the default. */
    NORMALE,
    /** High. */
    HAUTE;

    /**
     * The value of the input field.
     *
     * @return e.g. {@code "haute"}
     */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
