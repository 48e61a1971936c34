package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.agent.OutputSpec;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.tool.workspace.Workspace;
import dev.devora.orchestration.workflows.WorkflowConfig;
import dev.devora.orchestration.workflows.business.AgentEndpoints;
import dev.devora.orchestration.workflows.roles.Role;
import dev.devora.orchestration.workflows.roles.RoleInstructions;

import dev.devora.orchestration.workflows.WorkspaceCommand;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes the role agents of one workflow: the role's instructions (or the config's replacement), the model the
 * policy gives its tier, and the output the step needs. The agent's name is the role id. A kit {@linkplain
 * #withWorkspace with a workspace} gives the agents that read the code ({@link #codeReader}) its read-only tools and
 * the instructions to use them ({@link WorkspaceInstructions}); without one they are plain role agents. The kit also
 * carries where the business templates' phase agents run ({@link #endpoints}): given, or read from this process's
 * environment when first asked for.
 *
 * <pre>{@code
 * AgentKit kit = new AgentKit(llm, WorkflowConfig.defaults());
 * LlmAgent prd = kit.text(Roles.PRODUCT_MANAGER);
 * LlmAgent review = kit.json(Roles.QA_LEAD, "release_review", OutputSchemas.review(Rubric.of("qa-release")));
 * LlmAgent auditor = kit.withWorkspace(Workspace.readOnly(repo))
 *         .codeReader(Roles.SECURITY_AUDITOR, "findings", OutputSchemas.FINDINGS);
 * }</pre>
 */
public final class AgentKit {
    private final LlmProvider provider;
    private final WorkflowConfig config;
    private final Workspace workspace;
    private final AgentEndpoints endpoints;
    private final Workspace writable;
    private final List<WorkspaceCommand> commands;

    public AgentKit(LlmProvider provider, WorkflowConfig config) {
        this(provider, config, null, null, null, List.of());
    }

    private AgentKit(LlmProvider provider, WorkflowConfig config, Workspace workspace, AgentEndpoints endpoints,
                     Workspace writable, List<WorkspaceCommand> commands) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.config = Objects.requireNonNull(config, "config");
        this.workspace = workspace;
        this.endpoints = endpoints;
        this.writable = writable;
        this.commands = List.copyOf(commands);
    }

    /**
     * This kit carrying the commands the caller enabled ({@code PredefinedWorkflow.withCommands}); the workflows
     * that run checks (the Quality Gate) run them in the workspace.
     */
    public AgentKit withCommands(List<WorkspaceCommand> enabled) {
        return new AgentKit(provider, config, workspace, endpoints, writable, Objects.requireNonNull(enabled, "commands"));
    }

    /** The commands the caller enabled, in order; empty when none. */
    public List<WorkspaceCommand> commands() {
        return commands;
    }

    /** This kit with the business templates' agents at {@code given} (instead of this process's environment). */
    public AgentKit withEndpoints(AgentEndpoints given) {
        return new AgentKit(provider, config, workspace, Objects.requireNonNull(given, "endpoints"), writable, commands);
    }

    /**
     * Where the business templates' phase agents run: the ones given, else read from {@code System.getenv()} now.
     *
     * @throws dev.devora.orchestration.workflows.business.AgentEndpointsException when the environment's are invalid
     */
    public AgentEndpoints endpoints() {
        return endpoints != null ? endpoints : AgentEndpoints.fromSystemEnvironment();
    }

    public LlmProvider provider() {
        return provider;
    }

    public WorkflowConfig config() {
        return config;
    }

    /** This kit whose code readers get the tools of {@code source} (read-only). */
    public AgentKit withWorkspace(Workspace source) {
        Objects.requireNonNull(source, "workspace");
        if (source.isWritable()) throw new IllegalArgumentException("the workflows' code readers take a read-only workspace, not " + source);
        return new AgentKit(provider, config, source, endpoints, writable, commands);
    }

    /**
     * This kit whose code writers ({@link #codeWriter}) get the tools of {@code target}, which must be writable (the
     * caller opted in); its code readers keep their read-only workspace.
     */
    public AgentKit withWritableWorkspace(Workspace target) {
        Objects.requireNonNull(target, "workspace");
        if (!target.isWritable()) throw new IllegalArgumentException("a code writer needs a writable workspace, not " + target);
        return new AgentKit(provider, config, workspace, endpoints, target, commands);
    }

    /** The writable workspace the code writers get, if the caller opted in. */
    public Optional<Workspace> writableWorkspace() {
        return Optional.ofNullable(writable);
    }

    /**
     * The role answering with JSON after reading, and when the kit has a {@linkplain #withWritableWorkspace writable
     * workspace} changing, the code with the workspace tools ({@code write_file}, {@code apply_patch}); without one it
     * is a {@link #codeReader}.
     */
    public LlmAgent codeWriter(Role role, String schemaName, JsonNode schema) {
        if (writable == null) return codeReader(role, schemaName, schema);
        return builder(role).instructions(instructions(role) + "\n\n" + WorkspaceInstructions.of(role))
                .tools(writable.toolbox()).maxToolRounds(WorkspaceInstructions.MAX_TOOL_ROUNDS)
                .maxToolCalls(WorkspaceInstructions.MAX_TOOL_CALLS).output(OutputSpec.json(schemaName, schema)).build();
    }

    /** The workspace the code readers get, if this kit has one. */
    public Optional<Workspace> workspace() {
        return Optional.ofNullable(workspace);
    }

    /** The role answering in Markdown. */
    public LlmAgent text(Role role) {
        return builder(role).build();
    }

    /** The role answering with JSON matching the schema. */
    public LlmAgent json(Role role, String schemaName, JsonNode schema) {
        return builder(role).output(OutputSpec.json(schemaName, schema)).build();
    }

    /** The role answering in Markdown after reading the code with the workspace tools, when the kit has a workspace. */
    public LlmAgent codeReader(Role role) {
        return reading(builder(role), role).build();
    }

    /** The role answering with JSON after reading the code with the workspace tools, when the kit has a workspace. */
    public LlmAgent codeReader(Role role, String schemaName, JsonNode schema) {
        return reading(builder(role), role).output(OutputSpec.json(schemaName, schema)).build();
    }

    private LlmAgent.Builder reading(LlmAgent.Builder b, Role role) {
        if (workspace == null) return b;
        return b.instructions(instructions(role) + "\n\n" + WorkspaceInstructions.of(role)).tools(workspace.toolbox())
                .maxToolRounds(WorkspaceInstructions.MAX_TOOL_ROUNDS).maxToolCalls(WorkspaceInstructions.MAX_TOOL_CALLS);
    }

    private String instructions(Role role) {
        return config.instructions().getOrDefault(role.id(), RoleInstructions.of(role));
    }

    private LlmAgent.Builder builder(Role role) {
        return LlmAgent.builder(role.id())
                .role(role.title())
                .instructions(instructions(role))
                .provider(provider)
                .model(config.modelPolicy().optionsFor(role));
    }
}
