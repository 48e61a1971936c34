package dev.devora.orchestration.workflows;

import java.util.List;

/**
 * Input of SaaS MVP (an engineering-operations workflow: a new product in the repository it will live in).
 *
 * <pre>{@code
 * var input = new SaasMvpInput("/src/teamtime", "TeamTime", "small agencies lose billable hours in spreadsheets",
 *         "agencies of 5 to 50 people", List.of("Time tracking per project", "Client invoices"),
 *         "subscription", "multi", null);
 * }</pre>
 *
 * @param workspace       the product's repository, empty or a starter, read-only (JSON {@code workspace}, required; an
 *     existing directory)
 * @param productName     name of the product (JSON {@code product_name}, required)
 * @param problem         the problem it solves, and for whom (JSON {@code problem}, required)
 * @param targetCustomers who pays for it (JSON {@code target_customers}, required)
 * @param mustHave        the MVP's must-have features, one string each, 1 to 8 (JSON {@code must_have}, required)
 * @param pricing         pricing model: free, freemium, subscription or usage-based (JSON {@code pricing}, optional;
 *     null gives {@code subscription})
 * @param tenancy         single (one customer per deployment) or multi (customers share it, data isolated) (JSON
 *     {@code tenancy}, optional; null gives {@code multi})
 * @param techStack       the stack, e.g. "React, Spring Boot, PostgreSQL" (JSON {@code tech_stack}, optional; null
 *     gives the workspace's own stack, else React, Spring Boot, PostgreSQL and Docker)
 */
public record SaasMvpInput(String workspace, String productName, String problem, String targetCustomers,
                           List<String> mustHave, String pricing, String tenancy, String techStack)
        implements WorkflowInput {
    @Override
    public String workflowId() {
        return "saas-mvp";
    }
}
