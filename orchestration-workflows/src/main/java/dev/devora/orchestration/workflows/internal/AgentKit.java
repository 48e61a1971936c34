package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.agent.OutputSpec;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflows.WorkflowConfig;
import dev.devora.orchestration.workflows.roles.Role;
import dev.devora.orchestration.workflows.roles.RoleInstructions;

import java.util.Objects;

/**
 * Makes the role agents of one workflow: the role's instructions (or the config's replacement), the model the
 * policy gives its tier, and the output the step needs. The agent's name is the role id.
 *
 * <pre>{@code
 * AgentKit kit = new AgentKit(llm, WorkflowConfig.defaults());
 * LlmAgent prd = kit.text(Roles.PRODUCT_MANAGER);
 * LlmAgent review = kit.json(Roles.QA_LEAD, "release_review", OutputSchemas.REVIEW);
 * }</pre>
 */
public final class AgentKit {
    private final LlmProvider provider;
    private final WorkflowConfig config;

    public AgentKit(LlmProvider provider, WorkflowConfig config) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.config = Objects.requireNonNull(config, "config");
    }

    public LlmProvider provider() {
        return provider;
    }

    public WorkflowConfig config() {
        return config;
    }

    /** The role answering in Markdown. */
    public LlmAgent text(Role role) {
        return builder(role).build();
    }

    /** The role answering with JSON matching the schema. */
    public LlmAgent json(Role role, String schemaName, JsonNode schema) {
        return builder(role).output(OutputSpec.json(schemaName, schema)).build();
    }

    private LlmAgent.Builder builder(Role role) {
        String instructions = config.instructions().getOrDefault(role.id(), RoleInstructions.of(role));
        return LlmAgent.builder(role.id())
                .role(role.title())
                .instructions(instructions)
                .provider(provider)
                .model(config.modelPolicy().optionsFor(role));
    }
}
