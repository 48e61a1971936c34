package dev.devora.orchestration.workflows.business;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * The business sector of an order (input field {@code secteur}); each has its template.
 *
 * <pre>{@code
 * Secteur.COIFFEUR.id();                          // "coiffeur"
 * BusinessTemplate.forSecteur(Secteur.COIFFEUR);  // COIFFEUR_EXPRESS
 * }</pre>
 */
public enum Secteur {
    /** A restaurant: Restaurant Premium. */
    RESTAURANT,
    /** A hair salon: Coiffeur Express. */
    COIFFEUR,
    /** A craftsman (builder, plumber, carpenter…): Artisan Pro. */
    ARTISAN;

    /**
     * The value of the input field.
     *
     * @return e.g. {@code "restaurant"}
     */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
