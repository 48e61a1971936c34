package dev.devora.orchestration.workflows;

import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflows.internal.AgentKit;
import dev.devora.orchestration.workflows.internal.DefaultEngine;
import dev.devora.orchestration.workflows.internal.Recipe;
import dev.devora.orchestration.workflows.internal.Recipes;

import java.util.Objects;

/**
 * The ten predefined workflows, ready to run in one line.
 *
 * <table>
 *   <caption>Workflows and ids</caption>
 *   <tr><th>method</th><th>id</th></tr>
 *   <tr><td>{@link #fullStackDevelopment}</td><td>full-stack-development</td></tr>
 *   <tr><td>{@link #apiDevelopment}</td><td>api-development</td></tr>
 *   <tr><td>{@link #documentationGeneration}</td><td>documentation-generation</td></tr>
 *   <tr><td>{@link #performanceOptimization}</td><td>performance-optimization</td></tr>
 *   <tr><td>{@link #cicdSetup}</td><td>cicd-setup</td></tr>
 *   <tr><td>{@link #dataPipelineSetup}</td><td>data-pipeline-setup</td></tr>
 *   <tr><td>{@link #mlModelIntegration}</td><td>ml-model-integration</td></tr>
 *   <tr><td>{@link #securityAudit}</td><td>security-audit</td></tr>
 *   <tr><td>{@link #accessibilityCompliance}</td><td>accessibility-compliance</td></tr>
 *   <tr><td>{@link #completeProjectLaunch}</td><td>complete-project-launch</td></tr>
 * </table>
 *
 * <p>Defaults: {@link WorkflowConfig#defaults()} (default model policy, 3 iterations, gate threshold 80, no budget)
 * and a shared engine with the core's defaults ({@code WorkflowEngine.create()}); use
 * {@link PredefinedWorkflow#withEngine} to run on your own.
 *
 * <pre>{@code
 * WorkflowResult result = Workflows.apiDevelopment(llm).run(input);
 * PredefinedWorkflow docs = Workflows.byId("documentation-generation", llm, WorkflowConfig.defaults());
 * }</pre>
 */
public final class Workflows {
    private Workflows() {
    }

    public static PredefinedWorkflow fullStackDevelopment(LlmProvider llm) { return byId("full-stack-development", llm); }
    public static PredefinedWorkflow fullStackDevelopment(LlmProvider llm, WorkflowConfig config) { return byId("full-stack-development", llm, config); }
    public static PredefinedWorkflow apiDevelopment(LlmProvider llm) { return byId("api-development", llm); }
    public static PredefinedWorkflow apiDevelopment(LlmProvider llm, WorkflowConfig config) { return byId("api-development", llm, config); }
    public static PredefinedWorkflow documentationGeneration(LlmProvider llm) { return byId("documentation-generation", llm); }
    public static PredefinedWorkflow documentationGeneration(LlmProvider llm, WorkflowConfig config) { return byId("documentation-generation", llm, config); }
    public static PredefinedWorkflow performanceOptimization(LlmProvider llm) { return byId("performance-optimization", llm); }
    public static PredefinedWorkflow performanceOptimization(LlmProvider llm, WorkflowConfig config) { return byId("performance-optimization", llm, config); }
    public static PredefinedWorkflow cicdSetup(LlmProvider llm) { return byId("cicd-setup", llm); }
    public static PredefinedWorkflow cicdSetup(LlmProvider llm, WorkflowConfig config) { return byId("cicd-setup", llm, config); }
    public static PredefinedWorkflow dataPipelineSetup(LlmProvider llm) { return byId("data-pipeline-setup", llm); }
    public static PredefinedWorkflow dataPipelineSetup(LlmProvider llm, WorkflowConfig config) { return byId("data-pipeline-setup", llm, config); }
    public static PredefinedWorkflow mlModelIntegration(LlmProvider llm) { return byId("ml-model-integration", llm); }
    public static PredefinedWorkflow mlModelIntegration(LlmProvider llm, WorkflowConfig config) { return byId("ml-model-integration", llm, config); }
    public static PredefinedWorkflow securityAudit(LlmProvider llm) { return byId("security-audit", llm); }
    public static PredefinedWorkflow securityAudit(LlmProvider llm, WorkflowConfig config) { return byId("security-audit", llm, config); }
    public static PredefinedWorkflow accessibilityCompliance(LlmProvider llm) { return byId("accessibility-compliance", llm); }
    public static PredefinedWorkflow accessibilityCompliance(LlmProvider llm, WorkflowConfig config) { return byId("accessibility-compliance", llm, config); }
    public static PredefinedWorkflow completeProjectLaunch(LlmProvider llm) { return byId("complete-project-launch", llm); }
    public static PredefinedWorkflow completeProjectLaunch(LlmProvider llm, WorkflowConfig config) { return byId("complete-project-launch", llm, config); }

    /**
     * A workflow by id with the default config.
     *
     * @throws IllegalArgumentException listing the known ids
     */
    public static PredefinedWorkflow byId(String id, LlmProvider llm) {
        return byId(id, llm, WorkflowConfig.defaults());
    }

    /**
     * A workflow by id.
     *
     * @throws IllegalArgumentException listing the known ids
     */
    public static PredefinedWorkflow byId(String id, LlmProvider llm, WorkflowConfig config) {
        return create(Recipes.byId(id), llm, config, DefaultEngine.get());
    }

    /** The catalogue of workflows, squads and agents. */
    public static WorkflowCatalog catalog() {
        return WorkflowCatalog.standard();
    }

    static PredefinedWorkflow create(Recipe recipe, LlmProvider llm, WorkflowConfig config, WorkflowEngine engine) {
        Objects.requireNonNull(llm, "llm");
        Objects.requireNonNull(config, "config");
        AgentKit kit = new AgentKit(llm, config);
        return new PredefinedWorkflow(recipe, recipe.build(kit, recipe.checkedInput()), config, engine);
    }
}
