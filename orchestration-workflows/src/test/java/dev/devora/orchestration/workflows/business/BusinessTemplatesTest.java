package dev.devora.orchestration.workflows.business;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.engine.ExecutionPlan;
import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflows.PredefinedWorkflow;
import dev.devora.orchestration.workflows.WorkflowConfig;
import dev.devora.orchestration.workflows.Workflows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BusinessTemplatesTest {
    private static final WorkflowEngine ENGINE = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build();
    private static final String DEMANDE = "0b6f7c1e-3d2a-4f57-9a61-2f0c9b1d8e44";

    static PredefinedWorkflow workflow(BusinessTemplate t, ScriptedLlmProvider llm) {
        return Workflows.byId(t.id(), llm, WorkflowConfig.defaults(), AgentEndpoints.none()).withEngine(ENGINE);
    }

    static Map<String, Object> order(String secteur, Object budget) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("demande_id", DEMANDE);
        m.put("secteur", secteur);
        m.put("budget", budget);
        m.put("priorite", "haute");
        m.put("metadonnees", Map.of("nom", "Chez Marcel", "adresse", "12 rue des Lilas, Lyon", "horaires", "mar-sam 12h-14h, 19h-22h"));
        return m;
    }

    @ParameterizedTest
    @EnumSource(BusinessTemplate.class)
    void eachTemplate_runsEndToEnd_designFirst_siteAndAutomationTogether_adsAfterBoth(BusinessTemplate t) {
        // the two middle phases answer slowly: both must be under way before either ends
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .latency(r -> List.of("platform", "automation").contains(step(r)) ? Duration.ofMillis(600) : Duration.ZERO)
                .build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = workflow(t, llm).run(InputSpec.toJson(order(t.secteur().id(), 399)), events);

        assertThat(result.status()).as(t.id()).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        List<String> log = events.events().stream().map(BusinessTemplatesTest::mark).filter(m -> !m.isEmpty()).toList();
        int designEnd = log.indexOf("end design");
        assertThat(designEnd).isPositive();
        for (String middle : List.of("development/platform", "development/automation")) {
            assertThat(log.indexOf("start " + middle)).as(middle + " starts after the design").isGreaterThan(designEnd);
            assertThat(log.indexOf("start ads")).as("ads start after " + middle + " ends").isGreaterThan(log.indexOf("end " + middle));
        }
        int firstMiddleEnd = Math.min(log.indexOf("end development/platform"), log.indexOf("end development/automation"));
        assertThat(Math.max(log.indexOf("start development/platform"), log.indexOf("start development/automation")))
                .as("site and automation run in parallel: %s", log).isLessThan(firstMiddleEnd);
        assertThat(llm.requests()).extracting(r -> r.attribute(LlmRequest.AGENT)).containsExactlyInAnyOrder(
                "design-ia", "core-platform", "automation", "ads-management");

        for (BusinessPhase p : t.phases()) {
            JsonNode d = result.deliverables().path(p.deliverable());
            assertThat(d.isObject()).as(t.id() + " deliverable " + p.deliverable()).isTrue();
            assertThat(d).as(p.deliverable()).isEqualTo(result.output(p.stepId()).orElseThrow().json());
        }
        assertThat(result.deliverables().path(t.phases().get(0).deliverable()).path("maquettes").isTextual()).isTrue();
        assertThat(result.deliverables().path(t.phases().get(1).deliverable()).path("pages").isArray()).isTrue();
        assertThat(result.deliverables().path(t.phases().get(3).deliverable()).path("campaigns").isArray()).isTrue();
    }

    private static String step(LlmRequest r) {
        String path = r.attribute(LlmRequest.STEP_PATH);
        return path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    }

    private static String mark(WorkflowEvent e) {
        if (e instanceof WorkflowEvent.StepStarted s && s.kind().equals("agent")) return "start " + s.path();
        if (e instanceof WorkflowEvent.StepCompleted c && c.kind().equals("agent")) return "end " + c.path();
        return "";
    }

    @Test
    void phases_carryThePlannedTimes_addingUpToTheTemplatesTotals() {
        assertThat(BusinessTemplate.RESTAURANT_PREMIUM.phases()).extracting(p -> p.planned().toMinutes()).containsExactly(8L, 5L, 7L, 5L);
        assertThat(BusinessTemplate.COIFFEUR_EXPRESS.phases()).extracting(p -> p.planned().toMinutes()).containsExactly(6L, 4L, 6L, 4L);
        assertThat(BusinessTemplate.ARTISAN_PRO.phases()).extracting(p -> p.planned().toMinutes()).containsExactly(7L, 5L, 6L, 4L);
        assertThat(BusinessTemplate.RESTAURANT_PREMIUM.plannedTotal()).isEqualTo(Duration.ofMinutes(25));
        assertThat(BusinessTemplate.COIFFEUR_EXPRESS.plannedTotal()).isEqualTo(Duration.ofMinutes(20));
        assertThat(BusinessTemplate.ARTISAN_PRO.plannedTotal()).isEqualTo(Duration.ofMinutes(22));
        assertThat(BusinessTemplate.RESTAURANT_PREMIUM.plannedElapsed()).isEqualTo(Duration.ofMinutes(20));
        assertThat(BusinessTemplate.COIFFEUR_EXPRESS.plannedElapsed()).isEqualTo(Duration.ofMinutes(16));
        assertThat(BusinessTemplate.ARTISAN_PRO.plannedElapsed()).isEqualTo(Duration.ofMinutes(17));
        for (BusinessTemplate t : BusinessTemplate.values()) {
            assertThat(t.phases()).extracting(p -> p.role().id()).containsExactly("design-ia", "core-platform", "automation", "ads-management");
            assertThat(BusinessTemplate.byId(t.id())).isSameAs(t);
            assertThat(BusinessTemplate.forSecteur(t.secteur())).isSameAs(t);
        }
        assertThat(BusinessTemplate.COIFFEUR_EXPRESS.phase("automation").deliverable()).isEqualTo("appointments");
        assertThatThrownBy(() -> BusinessTemplate.byId("boulangerie-deluxe")).hasMessageContaining("boulangerie-deluxe")
                .hasMessageContaining("restaurant-premium, coiffeur-express, artisan-pro");
        assertThatThrownBy(() -> BusinessTemplate.ARTISAN_PRO.phase("seo")).hasMessageContaining("'seo'")
                .hasMessageContaining("design, platform, automation, ads");
    }

    @ParameterizedTest
    @EnumSource(BusinessTemplate.class)
    void everyPhase_isAnAgentStepOfTheDefinition_atThePathASlaWouldName(BusinessTemplate t) {
        ExecutionPlan plan = workflow(t, ScriptedLlmProvider.answeringDefaults()).plan(order(t.secteur().id(), 399));
        assertThat(plan.calls()).extracting(ExecutionPlan.PlannedCall::path)
                .containsExactly("design", "development/platform", "development/automation", "ads");
        assertThat(Workflows.catalog().workflow(t.id()).deliverables().keySet())
                .containsExactlyElementsOf(t.phases().stream().map(BusinessPhase::deliverable).toList());
        java.util.Map<String, Duration> slas = workflow(t, ScriptedLlmProvider.answeringDefaults()).definition().slas();
        for (BusinessPhase p : t.phases()) assertThat(slas).as("each phase's SLA is its planned time")
                .containsEntry(p.stepId(), p.planned());
        assertThat(slas).containsEntry(BusinessTemplate.DEVELOPMENT_STEP,
                java.util.Collections.max(java.util.List.of(t.phases().get(1).planned(), t.phases().get(2).planned())));
    }

    @Test
    void prompts_holdTheOrder_andOnlyWhatEachPhaseReads_withTheRolesInstructionsForTheSector() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenAgent("design-ia").reply("{\"maquettes\": \"## Accueil MOCKUP-MARK\", \"style_guide\": \"STYLE-MARK\", \"assets\": [\"logo\"]}")
                .build();
        WorkflowResult r = workflow(BusinessTemplate.COIFFEUR_EXPRESS, llm).run(InputSpec.toJson(order("coiffeur", 249)));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);

        LlmRequest design = llm.requestsForAgent("design-ia").get(0);
        assertThat(design.messages().get(0).content()).startsWith("You are the website designer for small businesses.")
                .contains("Hair salon:").contains("Restaurant:");
        assertThat(design.lastUserText()).contains("budget 249 EUR").contains("Chez Marcel").contains("elegant")
                .contains("planned time: 6 minutes");
        assertThat(llm.requestsForAgent("core-platform").get(0).lastUserText()).contains("MOCKUP-MARK").contains("STYLE-MARK");
        assertThat(llm.requestsForAgent("automation").get(0).lastUserText()).contains("Calendly").contains("MOCKUP-MARK")
                .doesNotContain("STYLE-MARK");
        assertThat(llm.requestsForAgent("ads-management").get(0).lastUserText()).contains("beauty marketing")
                .contains("Appointment workflows").doesNotContain("MOCKUP-MARK");
    }

    @Test
    void badSecteurBudgetOrPriority_isATypedError_namingFieldAndValue_beforeAnyModelCall() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        PredefinedWorkflow restaurant = workflow(BusinessTemplate.RESTAURANT_PREMIUM, llm);

        Map<String, Object> bad = order("boulangerie", -5);
        bad.put("priorite", "urgente");
        bad.put("demande_id", "not-a-uuid");
        assertThatThrownBy(() -> restaurant.run(bad))
                .isInstanceOf(InputValidationException.class)
                .satisfies(e -> assertThat(((InputValidationException) e).problems()).extracting(Object::toString)
                        .anySatisfy(p -> assertThat(p).contains("input.secteur").contains("boulangerie").contains("restaurant, coiffeur, artisan"))
                        .anySatisfy(p -> assertThat(p).contains("input.budget").contains("-5"))
                        .anySatisfy(p -> assertThat(p).contains("input.priorite").contains("urgente"))
                        .anySatisfy(p -> assertThat(p).contains("input.demande_id").contains("not-a-uuid")));

        assertThatThrownBy(() -> restaurant.run(order("coiffeur", 399)))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.secteur: must be restaurant for restaurant-premium, was \"coiffeur\" (coiffeur-express serves it)");
        assertThatThrownBy(() -> restaurant.run(order("restaurant", 0))).hasMessageContaining("input.budget: must be more than 0 (euros), was 0");
        assertThatThrownBy(() -> restaurant.run(order("restaurant", "cheap"))).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.budget").hasMessageContaining("cheap");
        Map<String, Object> noBudget = order("restaurant", 1);
        noBudget.remove("budget");
        assertThatThrownBy(() -> restaurant.run(noBudget)).hasMessageContaining("input.budget");
        assertThat(llm.callCount()).as("no model called").isZero();
    }

    @Test
    void optionalFields_takeTheirDefaults_andTheSectorDefaultsToTheTemplates() {
        WorkflowResult r = workflow(BusinessTemplate.ARTISAN_PRO, ScriptedLlmProvider.answeringDefaults()).run(Map.of("budget", 499));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.input().path("secteur").asText()).isEqualTo("artisan");
        assertThat(r.input().path("priorite").asText()).isEqualTo("normale");
        assertThat(r.input().path("metadonnees").isObject()).isTrue();
    }

    @Test
    void typedInput_choosesTheTemplateBySector_andRuns() {
        BusinessInput in = new BusinessInput(DEMANDE, Secteur.ARTISAN, new BigDecimal("499.90"), Priorite.HAUTE,
                Map.of("nom", "Menuiserie Roux"));
        assertThat(in.workflowId()).isEqualTo("artisan-pro");
        assertThat(in.toJson().path("secteur").asText()).isEqualTo("artisan");
        assertThat(in.toJson().path("priorite").asText()).isEqualTo("haute");
        assertThat(in.toJson().has("demande_id")).isTrue();
        assertThat(in.validate()).isEmpty();
        assertThat(new BusinessInput(null, Secteur.COIFFEUR, BigDecimal.ZERO, null, null).validate()).extracting(Object::toString)
                .containsExactly("input.budget: must be more than 0 (euros), was 0");

        WorkflowResult r = workflow(BusinessTemplate.ARTISAN_PRO, ScriptedLlmProvider.answeringDefaults()).run(in);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.deliverables().has("quotes")).isTrue();
        assertThatThrownBy(() -> new BusinessInput(DEMANDE, null, BigDecimal.TEN, null, null)).hasMessageContaining("secteur");
    }
}
