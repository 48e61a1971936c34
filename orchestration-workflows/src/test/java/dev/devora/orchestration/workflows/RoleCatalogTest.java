package dev.devora.orchestration.workflows;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflows.internal.AgentKit;
import dev.devora.orchestration.workflows.roles.Role;
import dev.devora.orchestration.workflows.roles.RoleInstructions;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoleCatalogTest {
    @Test
    void everyRole_hasANonEmptyInstructionsResource_withMissionAndStandards() throws Exception {
        for (Role role : Roles.all()) {
            try (InputStream in = Role.class.getResourceAsStream(role.resource())) {
                assertThat(in).as("resource of " + role.id() + " at " + role.resource()).isNotNull();
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(text.strip()).as(role.id()).isNotEmpty().hasSizeGreaterThan(600);
                assertThat(text).as(role.id()).contains("## Mission").contains("## Standards");
            }
            assertThat(RoleInstructions.of(role)).isNotBlank();
        }
    }

    @Test
    void everyRoleTheSeedNames_isInTheCatalogue_inItsSquad() {
        List<String> seedRoles = List.of("product-manager", "business-analyst", "copywriter", "ui-ux-designer",
                "frontend-developer", "css-specialist", "api-architect", "backend-developer", "database-engineer",
                "database-architect", "data-engineer", "bi-analyst", "test-engineer", "automation-tester", "load-tester",
                "qa-lead", "infrastructure-engineer", "cicd-specialist", "container-orchestrator", "monitoring-specialist",
                "performance-engineer", "technical-writer", "ml-engineer", "data-scientist", "security-auditor",
                "accessibility-specialist");
        assertThat(Roles.all()).extracting(Role::id).containsAll(seedRoles);
        for (SquadId s : SquadId.values()) assertThat(Roles.of(s)).as(s.id()).isNotEmpty();
        assertThat(Roles.byId("load-tester").squad()).isEqualTo(SquadId.PERFORMANCE);
        assertThatThrownBy(() -> Roles.byId("wizard")).hasMessageContaining("unknown role 'wizard'").hasMessageContaining("qa-lead");
    }

    @Test
    void agents_useTheirTiersModel_andConfigReplacementsOfInstructions() {
        ModelPolicy policy = ModelPolicy.defaults().toBuilder().tier(ModelTier.FAST, "vendor/cheap").role("api-architect", "vendor/best").build();
        WorkflowConfig config = WorkflowConfig.builder().modelPolicy(policy)
                .instructions("copywriter", "Write like a friendly Parisian bakery.").build();
        AgentKit kit = new AgentKit(ScriptedLlmProvider.answeringDefaults(), config);

        LlmAgent copy = kit.text(Roles.COPYWRITER);
        assertThat(copy.modelOptions().model()).isEqualTo("vendor/cheap");
        assertThat(copy.systemPrompt()).startsWith("You are the conversion copywriter.").contains("Parisian bakery")
                .doesNotContain("## Mission");
        assertThat(kit.text(Roles.API_ARCHITECT).modelOptions().model()).isEqualTo("vendor/best");
        assertThat(kit.text(Roles.BACKEND_DEVELOPER).modelOptions().model()).isEqualTo(ModelPolicy.DEFAULT_SMART_MODEL);
        assertThat(kit.text(Roles.QA_LEAD).systemPrompt()).contains("Decide whether the release can ship");
    }

    @Test
    void cheapTier_isUsedForSimpleRoles_byDefault() {
        assertThat(Roles.COPYWRITER.tier()).isEqualTo(ModelTier.FAST);
        assertThat(Roles.CSS_SPECIALIST.tier()).isEqualTo(ModelTier.FAST);
        assertThat(Roles.API_ARCHITECT.tier()).isEqualTo(ModelTier.SMART);
        assertThat(ModelPolicy.defaults().optionsFor(Roles.COPYWRITER).model()).isEqualTo(ModelPolicy.DEFAULT_FAST_MODEL);
    }
}
