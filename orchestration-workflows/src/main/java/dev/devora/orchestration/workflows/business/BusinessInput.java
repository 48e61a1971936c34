package dev.devora.orchestration.workflows.business;

import dev.devora.orchestration.workflows.WorkflowInput;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * Input of the business templates (fields listed in docs/workflows.md); its {@code secteur} chooses the template.
 *
 * <pre>{@code
 * var order = new BusinessInput("0b6f7c1e-3d2a-4f57-9a61-2f0c9b1d8e44", Secteur.RESTAURANT, new BigDecimal("399"),
 *         Priorite.HAUTE, Map.of("nom", "Chez Marcel", "adresse", "12 rue des Lilas, Lyon"));
 * order.workflowId();                          // "restaurant-premium"
 * Workflows.byId(order.workflowId(), llm).run(order);
 * }</pre>
 *
 * @param demandeId   the id of the customer's order, a UUID (JSON {@code demande_id}, optional)
 * @param secteur     the business sector (JSON {@code secteur}; required here, it chooses the template)
 * @param budget      the order's budget in euros, e.g. 399 (JSON {@code budget}, required; more than 0)
 * @param priorite    the order's priority (JSON {@code priorite}, optional; null gives {@code normale})
 * @param metadonnees what the agents should know about the business: name, address, phone, opening hours,
 *     services, tone… (JSON {@code metadonnees}, optional; null gives {@code {}})
 */
public record BusinessInput(String demandeId, Secteur secteur, BigDecimal budget, Priorite priorite,
                            Map<String, ?> metadonnees) implements WorkflowInput {
    /**
     * Checks that the sector is given, as it chooses the template.
     *
     * @param demandeId   the order's id
     * @param secteur     the sector; not null
     * @param budget      the budget in euros
     * @param priorite    the priority; may be null
     * @param metadonnees what the agents should know; may be null
     */
    public BusinessInput {
        Objects.requireNonNull(secteur, "secteur (restaurant, coiffeur or artisan) chooses the template");
    }

    @Override
    public String workflowId() {
        return BusinessTemplate.forSecteur(secteur).id();
    }
}
