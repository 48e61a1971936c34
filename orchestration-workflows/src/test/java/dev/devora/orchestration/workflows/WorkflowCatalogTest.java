package dev.devora.orchestration.workflows;

import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflows.roles.Roles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkflowCatalogTest {
    private final WorkflowCatalog catalog = Workflows.catalog();

    @Test
    void catalog_listsTheTenWorkflows_inTheSeedsOrder_thenTheOperationsWorkflows_thenTheThreeBusinessTemplates() {
        assertThat(catalog.ids()).containsExactly("full-stack-development", "api-development", "documentation-generation",
                "performance-optimization", "cicd-setup", "data-pipeline-setup", "ml-model-integration", "security-audit",
                "accessibility-compliance", "complete-project-launch", "feature-development", "bug-resolution", "saas-mvp", "quality-gate", "migration", "refactoring", "performance-audit", "scaling", "incident-response", "release-management", "restaurant-premium", "coiffeur-express", "artisan-pro");
        for (WorkflowInfo w : catalog.workflows()) {
            assertThat(w.mermaid()).as(w.id()).startsWith("flowchart");
            assertThat(w.input().fields()).as(w.id()).isNotEmpty();
            assertThat(w.squads()).as(w.id()).isNotEmpty();
            assertThat(w.deliverables()).as(w.id()).isNotEmpty();
        }
    }

    @Test
    void unknownWorkflowId_isRejected_withTheKnownIds() {
        assertThatThrownBy(() -> catalog.workflow("api-dev"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown workflow 'api-dev'")
                .hasMessageContaining("api-development, documentation-generation");
        assertThatThrownBy(() -> Workflows.byId("nope", ScriptedLlmProvider.answeringDefaults()))
                .hasMessageContaining("known workflows: full-stack-development");
    }

    @Test
    void squads_areTheTenAndTheWebsiteSquad_withTheirRoles_andTheWorkflowsTheyTakePartIn() {
        assertThat(catalog.squads()).extracting(SquadInfo::id).containsExactly("business", "frontend", "backend", "data",
                "qa", "devops", "performance", "documentation", "ai-ml", "accessibility", "website");
        SquadInfo website = catalog.squads().get(10);
        assertThat(website.roles()).extracting(r -> r.id()).containsExactly("design-ia", "core-platform", "automation", "ads-management");
        assertThat(website.workflows()).containsExactly("restaurant-premium", "coiffeur-express", "artisan-pro");
        assertThat(catalog.workflow("complete-project-launch").squads()).as("the software squads only").doesNotContain("website");
        SquadInfo backend = catalog.squads().get(2);
        assertThat(backend.roles()).extracting(r -> r.id()).containsExactly("api-architect", "backend-developer", "database-engineer");
        assertThat(backend.workflows()).contains("api-development", "full-stack-development");
        assertThat(catalog.agents()).hasSize(Roles.all().size() - 1).doesNotContain(Roles.WORKFLOW_ROUTER);
    }

    @Test
    void keywordSuggestion_picksTheWorkflowThatFits_withTheMatchedWords() {
        assertThat(catalog.suggest("Design a GraphQL API with an OpenAPI-like contract").id()).isEqualTo("api-development");
        assertThat(catalog.suggest("Our checkout is slow: p95 latency 900 ms").id()).isEqualTo("performance-optimization");
        assertThat(catalog.suggest("Audit our app against WCAG 2.2 for screen reader users").id()).isEqualTo("accessibility-compliance");
        assertThat(catalog.suggest("Find OWASP vulnerabilities in our code").id()).isEqualTo("security-audit");
        Suggestion copy = catalog.suggest("write the landing page copy");
        assertThat(copy.kind()).isEqualTo(Suggestion.Kind.SQUAD);
        assertThat(copy.id()).isEqualTo("business");
        assertThat(copy.reason()).contains("landing page");
        assertThat(catalog.suggest("hello").id()).isEqualTo("full-stack-development");
        assertThat(catalog.suggest("Site web pour mon restaurant avec réservation en ligne").id()).isEqualTo("restaurant-premium");
        assertThat(catalog.suggest("A website for my hair salon with online appointments").id()).isEqualTo("coiffeur-express");
        assertThat(catalog.suggest("Site d'un artisan menuisier avec demande de devis").id()).isEqualTo("artisan-pro");
    }

    @Test
    void llmSuggestion_usesTheRouterRole_andFallsBackToKeywords_whenTheModelFails() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenAgent("workflow-router").reply("{\"choice\": \"squad:devops\", \"reason\": \"it is about Terraform\"}")
                .build();
        Suggestion s = catalog.suggest("Write Terraform for our VPC", llm);
        assertThat(s).isEqualTo(new Suggestion(Suggestion.Kind.SQUAD, "devops", "it is about Terraform", Suggestion.Method.LLM));
        assertThat(llm.requestsForAgent("workflow-router").get(0).messages().get(0).content())
                .contains("You are the workflow dispatcher").contains("Mission");

        ScriptedLlmProvider broken = ScriptedLlmProvider.builder()
                .whenAgent("workflow-router").failAlways(dev.devora.orchestration.llm.ProviderErrorKind.AUTHENTICATION)
                .build();
        Suggestion fallback = catalog.suggest("Set up an ETL into our warehouse", broken);
        assertThat(fallback.method()).isEqualTo(Suggestion.Method.KEYWORDS);
        assertThat(fallback.id()).isEqualTo("data-pipeline-setup");
        assertThat(fallback.reason()).contains("model unavailable");
    }
}
