package dev.devora.orchestration.workflows.business;

import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflows.WorkflowConfig;
import dev.devora.orchestration.workflows.Workflows;
import dev.devora.orchestration.workflows.roles.Roles;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AgentEndpointsTest {
    private static final String TOKEN = "tok-9f8e7d6c5b4a-SECRET";

    static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void theFourEndpointsAndTheToken_areRead_blankOnesAreUnset_otherVariablesIgnored() {
        AgentEndpoints e = AgentEndpoints.fromEnvironment(env("DESIGN_IA_ENDPOINT", "http://localhost:3335",
                "AUTOMATION_ENDPOINT", " https://agents.example.test/automation ", "ADS_ENDPOINT", "  ", "CORE_ENDPOINT", "",
                "INTER_AGENT_TOKEN", TOKEN, "PATH", "/usr/bin", "ORCHESTRATION_WEBHOOK_URL", "http://localhost:3339/callbacks"));

        assertThat(e.endpoint(Roles.DESIGN_IA)).contains(URI.create("http://localhost:3335"));
        assertThat(e.endpoint(Roles.AUTOMATION)).contains(URI.create("https://agents.example.test/automation"));
        assertThat(e.endpoint(Roles.ADS_MANAGEMENT)).isEmpty();
        assertThat(e.endpoint(Roles.CORE_PLATFORM)).isEmpty();
        assertThat(e.endpoints()).containsOnlyKeys("design-ia", "automation");
        assertThat(e.token().orElseThrow().reveal()).isEqualTo(TOKEN);
        assertThat(e.callbackUrl()).contains(URI.create("http://localhost:3339/callbacks"));
        assertThatThrownBy(() -> AgentEndpoints.fromEnvironment(env("DESIGN_IA_ENDPOINT", "http://localhost:3335",
                "INTER_AGENT_TOKEN", TOKEN))).isInstanceOf(AgentEndpointsException.class)
                .hasMessageContaining("ORCHESTRATION_WEBHOOK_URL: is required when an agent endpoint is set");

        AgentEndpoints none = AgentEndpoints.fromEnvironment(env("PATH", "/usr/bin"));
        assertThat(none.endpoints()).isEmpty();
        assertThat(none.token()).isEmpty();
        assertThat(AgentEndpoints.variableOf(Roles.CORE_PLATFORM)).isEqualTo("CORE_ENDPOINT");
        assertThatThrownBy(() -> AgentEndpoints.variableOf(Roles.QA_LEAD)).hasMessageContaining("qa-lead")
                .hasMessageContaining("design-ia, core-platform, automation, ads-management");
    }

    @Test
    void anEndpointThatIsNotAnAbsoluteHttpUri_isATypedError_namingTheVariableAndTheValue_everyProblemAtOnce() {
        AgentEndpointsException e = catchThrowableOfType(() -> AgentEndpoints.fromEnvironment(env(
                "DESIGN_IA_ENDPOINT", "localhost:3335", "CORE_ENDPOINT", "ftp://files.example.test/core",
                "AUTOMATION_ENDPOINT", "/automation", "ADS_ENDPOINT", "http://exa mple.test", "INTER_AGENT_TOKEN", TOKEN)),
                AgentEndpointsException.class);

        assertThat(e.problems()).extracting(ValidationProblem::path)
                .containsExactly("DESIGN_IA_ENDPOINT", "CORE_ENDPOINT", "AUTOMATION_ENDPOINT", "ADS_ENDPOINT");
        assertThat(e.problems().get(0).message()).isEqualTo(
                "must be an absolute http or https URI with a host, e.g. http://localhost:3335, was \"localhost:3335\"");
        assertThat(e.problems().get(1).message()).contains("\"ftp://files.example.test/core\"");
        assertThat(e.problems().get(2).message()).contains("\"/automation\"");
        assertThat(e.problems().get(3).message()).contains("\"http://exa mple.test\"");
        assertThat(e.getMessage()).startsWith("Environment of the business templates has 4 problems:").doesNotContain(TOKEN);
    }

    @Test
    void anEndpointWithoutTheToken_isATypedError_namingTheTokenVariable_andTheEndpointsThatNeedIt() {
        assertThatThrownBy(() -> AgentEndpoints.fromEnvironment(env("CORE_ENDPOINT", "http://localhost:3338",
                "ADS_ENDPOINT", "http://localhost:3337")))
                .isInstanceOf(AgentEndpointsException.class)
                .hasMessageContaining("INTER_AGENT_TOKEN: is required when an agent endpoint is set (CORE_ENDPOINT, ADS_ENDPOINT)");
        assertThatThrownBy(() -> AgentEndpoints.fromEnvironment(env("CORE_ENDPOINT", "http://localhost:3338",
                "INTER_AGENT_TOKEN", "   ")))
                .hasMessageContaining("INTER_AGENT_TOKEN: is required when an agent endpoint is set (CORE_ENDPOINT); it is blank");
        assertThat(AgentEndpoints.fromEnvironment(env("INTER_AGENT_TOKEN", TOKEN)).endpoints()).as("a token alone is fine").isEmpty();
    }

    @Test
    void theToken_isInNoToString_andNoError() {
        AgentEndpoints e = AgentEndpoints.fromEnvironment(env("DESIGN_IA_ENDPOINT", "http://localhost:3335", "INTER_AGENT_TOKEN", TOKEN,
                "ORCHESTRATION_WEBHOOK_URL", "http://localhost:3339/callbacks"));
        assertThat(e.toString()).isEqualTo("AgentEndpoints[endpoints={design-ia=http://localhost:3335}, "
                + "callbackUrl=http://localhost:3339/callbacks, token=set]")
                .doesNotContain(TOKEN);
        assertThat(e.token().orElseThrow().toString()).doesNotContain(TOKEN);
        assertThat(AgentEndpoints.none().toString()).contains("token=none");

        String withSpace = "tok 9f8e7d6c SECRET";
        AgentEndpointsException bad = catchThrowableOfType(() -> AgentEndpoints.fromEnvironment(env(
                "DESIGN_IA_ENDPOINT", "not a uri", "INTER_AGENT_TOKEN", withSpace)), AgentEndpointsException.class);
        assertThat(bad.problems()).extracting(ValidationProblem::path).containsExactly("DESIGN_IA_ENDPOINT", "INTER_AGENT_TOKEN");
        assertThat(bad.getMessage()).doesNotContain("9f8e7d6c").doesNotContain("SECRET").contains("its value is not shown");
        assertThat(catchThrowableOfType(() -> AgentEndpoints.fromEnvironment(env("INTER_AGENT_TOKEN", "line\r\nX-Evil: 1")),
                AgentEndpointsException.class).getMessage()).doesNotContain("Evil");

        // credentials written into an endpoint are a secret too: refused without echoing them
        AgentEndpointsException userInfo = catchThrowableOfType(() -> AgentEndpoints.fromEnvironment(env(
                "ADS_ENDPOINT", "http://ads:hunter2pass@localhost:3337", "INTER_AGENT_TOKEN", TOKEN)), AgentEndpointsException.class);
        assertThat(userInfo.getMessage()).contains("ADS_ENDPOINT").contains("must not hold credentials").doesNotContain("hunter2pass");
    }

    @Test
    void forRole_givesTheRolesModelAgent_namedAfterTheRole_andRefusesBadEnvironmentsAndOtherRoles() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        Agent design = BusinessAgents.forRole(Roles.DESIGN_IA, env(), llm);
        assertThat(design).isInstanceOf(LlmAgent.class);
        assertThat(design.name()).isEqualTo("design-ia");
        assertThat(((LlmAgent) design).systemPrompt()).contains("## Mission").contains("Craftsman:");

        WorkflowConfig replaced = WorkflowConfig.builder().instructions("ads-management", "Only Instagram.").build();
        LlmAgent ads = (LlmAgent) BusinessAgents.forRole(Roles.ADS_MANAGEMENT, AgentEndpoints.none(), llm, replaced);
        assertThat(ads.systemPrompt()).contains("Only Instagram.").doesNotContain("## Mission");

        assertThatThrownBy(() -> BusinessAgents.forRole(Roles.DESIGN_IA, env("DESIGN_IA_ENDPOINT", "localhost:3335"), llm))
                .isInstanceOf(AgentEndpointsException.class).hasMessageContaining("DESIGN_IA_ENDPOINT").hasMessageContaining("INTER_AGENT_TOKEN");
        Agent remote = BusinessAgents.forRole(Roles.DESIGN_IA, env("DESIGN_IA_ENDPOINT", "http://localhost:3335/tasks",
                "INTER_AGENT_TOKEN", TOKEN, "ORCHESTRATION_WEBHOOK_URL", "http://localhost:3339/callbacks"), llm);
        assertThat(remote).as("a configured endpoint makes the phase a remote agent")
                .isInstanceOf(dev.devora.orchestration.remote.RemoteAgent.class);
        assertThat(remote.name()).isEqualTo("design-ia");
        assertThat(remote.toString()).doesNotContain(TOKEN);
        assertThatThrownBy(() -> BusinessAgents.forRole(Roles.COPYWRITER, env(), llm))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("copywriter");
    }

    @Test
    void aTemplateBuiltWithABadEnvironment_failsWithTheTypedError_whileTheCatalogueStillLists() {
        AgentEndpoints configured = AgentEndpoints.fromEnvironment(env("DESIGN_IA_ENDPOINT", "http://localhost:3335",
                "INTER_AGENT_TOKEN", TOKEN, "ORCHESTRATION_WEBHOOK_URL", "http://localhost:3339/callbacks"));
        assertThat(Workflows.byId("restaurant-premium", ScriptedLlmProvider.answeringDefaults(), WorkflowConfig.defaults(), configured)
                .definition().id()).isEqualTo("restaurant-premium");
        assertThat(Workflows.catalog().ids()).contains("restaurant-premium", "coiffeur-express", "artisan-pro");
        assertThat(List.of(AgentEndpoints.TOKEN_VARIABLE)).containsExactly("INTER_AGENT_TOKEN");
    }
}
