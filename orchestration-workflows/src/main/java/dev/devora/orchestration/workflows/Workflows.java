package dev.devora.orchestration.workflows;

import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflows.business.AgentEndpoints;
import dev.devora.orchestration.workflows.internal.AgentKit;
import dev.devora.orchestration.workflows.internal.DefaultEngine;
import dev.devora.orchestration.workflows.internal.Recipe;
import dev.devora.orchestration.workflows.internal.Recipes;

import java.util.Objects;

/**
 * The predefined workflows, ready to run in one line: ten software workflows, the engineering-operations workflows
 * that work on a repository ({@link #featureDevelopment}, {@link #bugResolution}, {@link #saasMvp}, {@link
 * #qualityGate}, {@link #migration}, {@link #refactoring}, {@link #performanceAudit}, {@link #scaling}, {@link
 * #incidentResponse}, {@link #releaseManagement}) and three business templates (a small
 * business's website, see {@link dev.devora.orchestration.workflows.business.BusinessTemplate}).
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
 *   <tr><td>{@link #featureDevelopment}</td><td>feature-development</td></tr>
 *   <tr><td>{@link #bugResolution}</td><td>bug-resolution</td></tr>
 *   <tr><td>{@link #saasMvp}</td><td>saas-mvp</td></tr>
 *   <tr><td>{@link #qualityGate}</td><td>quality-gate</td></tr>
 *   <tr><td>{@link #migration}</td><td>migration</td></tr>
 *   <tr><td>{@link #refactoring}</td><td>refactoring</td></tr>
 *   <tr><td>{@link #performanceAudit}</td><td>performance-audit</td></tr>
 *   <tr><td>{@link #scaling}</td><td>scaling</td></tr>
 *   <tr><td>{@link #incidentResponse}</td><td>incident-response</td></tr>
 *   <tr><td>{@link #releaseManagement}</td><td>release-management</td></tr>
 *   <tr><td>{@link #restaurantPremium}</td><td>restaurant-premium</td></tr>
 *   <tr><td>{@link #coiffeurExpress}</td><td>coiffeur-express</td></tr>
 *   <tr><td>{@link #artisanPro}</td><td>artisan-pro</td></tr>
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

    /**
     * The Full Stack Development workflow ({@code full-stack-development}) with the default configuration. Its typed
     * input is {@link FullStackInput}.
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow fullStackDevelopment(LlmProvider llm) { return byId("full-stack-development", llm); }
    /**
     * The Full Stack Development workflow ({@code full-stack-development}) with the given configuration. Its typed
     * input is {@link FullStackInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow fullStackDevelopment(LlmProvider llm, WorkflowConfig config) { return byId("full-stack-development", llm, config); }
    /**
     * The API Development workflow ({@code api-development}) with the default configuration. Its typed input is
     * {@link ApiDevelopmentInput}.
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow apiDevelopment(LlmProvider llm) { return byId("api-development", llm); }
    /**
     * The API Development workflow ({@code api-development}) with the given configuration. Its typed input is
     * {@link ApiDevelopmentInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow apiDevelopment(LlmProvider llm, WorkflowConfig config) { return byId("api-development", llm, config); }
    /**
     * The Documentation Generation workflow ({@code documentation-generation}) with the default configuration. Its
     * typed input is {@link DocumentationInput}.
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow documentationGeneration(LlmProvider llm) { return byId("documentation-generation", llm); }
    /**
     * The Documentation Generation workflow ({@code documentation-generation}) with the given configuration. Its typed
     * input is {@link DocumentationInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow documentationGeneration(LlmProvider llm, WorkflowConfig config) { return byId("documentation-generation", llm, config); }
    /**
     * The Performance Optimization workflow ({@code performance-optimization}) with the default configuration. Its
     * typed input is {@link PerformanceInput}.
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow performanceOptimization(LlmProvider llm) { return byId("performance-optimization", llm); }
    /**
     * The Performance Optimization workflow ({@code performance-optimization}) with the given configuration. Its typed
     * input is {@link PerformanceInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow performanceOptimization(LlmProvider llm, WorkflowConfig config) { return byId("performance-optimization", llm, config); }
    /**
     * The CI/CD Setup workflow ({@code cicd-setup}) with the default configuration. Its typed input is
     * {@link CiCdInput}.
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow cicdSetup(LlmProvider llm) { return byId("cicd-setup", llm); }
    /**
     * The CI/CD Setup workflow ({@code cicd-setup}) with the given configuration. Its typed input is {@link CiCdInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow cicdSetup(LlmProvider llm, WorkflowConfig config) { return byId("cicd-setup", llm, config); }
    /**
     * The Data Pipeline Setup workflow ({@code data-pipeline-setup}) with the default configuration. Its typed input is
     * {@link DataPipelineInput}.
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow dataPipelineSetup(LlmProvider llm) { return byId("data-pipeline-setup", llm); }
    /**
     * The Data Pipeline Setup workflow ({@code data-pipeline-setup}) with the given configuration. Its typed input is
     * {@link DataPipelineInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow dataPipelineSetup(LlmProvider llm, WorkflowConfig config) { return byId("data-pipeline-setup", llm, config); }
    /**
     * The ML Model Integration workflow ({@code ml-model-integration}) with the default configuration. Its typed input
     * is {@link MlIntegrationInput}.
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow mlModelIntegration(LlmProvider llm) { return byId("ml-model-integration", llm); }
    /**
     * The ML Model Integration workflow ({@code ml-model-integration}) with the given configuration. Its typed input is
     * {@link MlIntegrationInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow mlModelIntegration(LlmProvider llm, WorkflowConfig config) { return byId("ml-model-integration", llm, config); }
    /**
     * The Security Audit workflow ({@code security-audit}) with the default configuration. Its typed input is
     * {@link SecurityAuditInput}.
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow securityAudit(LlmProvider llm) { return byId("security-audit", llm); }
    /**
     * The Security Audit workflow ({@code security-audit}) with the given configuration. Its typed input is
     * {@link SecurityAuditInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow securityAudit(LlmProvider llm, WorkflowConfig config) { return byId("security-audit", llm, config); }
    /**
     * The Accessibility Compliance workflow ({@code accessibility-compliance}) with the default configuration. Its
     * typed input is {@link AccessibilityInput}.
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow accessibilityCompliance(LlmProvider llm) { return byId("accessibility-compliance", llm); }
    /**
     * The Accessibility Compliance workflow ({@code accessibility-compliance}) with the given configuration. Its typed
     * input is {@link AccessibilityInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow accessibilityCompliance(LlmProvider llm, WorkflowConfig config) { return byId("accessibility-compliance", llm, config); }
    /**
     * The Complete Project Launch workflow ({@code complete-project-launch}) with the default configuration. Its typed
     * input is {@link ProjectLaunchInput}.
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow completeProjectLaunch(LlmProvider llm) { return byId("complete-project-launch", llm); }
    /**
     * The Complete Project Launch workflow ({@code complete-project-launch}) with the given configuration. Its typed
     * input is {@link ProjectLaunchInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow completeProjectLaunch(LlmProvider llm, WorkflowConfig config) { return byId("complete-project-launch", llm, config); }

    /**
     * The Feature Development workflow ({@code feature-development}, engineering operations) with the default configuration:
     * from a requirement to a reviewed, tested and documented change in the input's {@code workspace}; it writes
     * {@code changes.patch} unless {@link PredefinedWorkflow#withWritableWorkspace()} lets it change the repository. Its typed
     * input is {@link FeatureDevelopmentInput}.
     *
     * <pre>{@code
     * WorkflowResult r = Workflows.featureDevelopment(llm).run(Map.of("workspace", "/src/shop",
     *         "requirement", "Customers can save their cart for later"));
     * }</pre>
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow featureDevelopment(LlmProvider llm) { return byId("feature-development", llm); }
    /**
     * The Feature Development workflow ({@code feature-development}) with the given configuration. Its typed input is
     * {@link FeatureDevelopmentInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow featureDevelopment(LlmProvider llm, WorkflowConfig config) { return byId("feature-development", llm, config); }

    /**
     * The Bug Resolution workflow ({@code bug-resolution}, engineering operations) with the default configuration:
     * it reads the repository named by {@code workspace} and answers the fix as a patch; add
     * {@link PredefinedWorkflow#withWritableWorkspace()} to let it write the fix. Its typed
     * input is {@link BugResolutionInput}.
     *
     * <pre>{@code
     * WorkflowResult r = Workflows.bugResolution(llm).run(Map.of("workspace", "/src/shop",
     *         "bug_report", "Checkout total ignores the discount code"));
     * }</pre>
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow bugResolution(LlmProvider llm) { return byId("bug-resolution", llm); }
    /**
     * The Bug Resolution workflow ({@code bug-resolution}) with the given configuration. Its typed input is
     * {@link BugResolutionInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow bugResolution(LlmProvider llm, WorkflowConfig config) { return byId("bug-resolution", llm, config); }

    /**
     * The SaaS MVP workflow ({@code saas-mvp}, engineering operations) with the default configuration:
     * a new product's MVP for the repository it will live in (only read): scope, tenant-aware data model,
     * backend, frontend, delivery and tests, as the run's source tree. Its typed
     * input is {@link SaasMvpInput}.
     *
     * <pre>{@code
     * WorkflowResult r = Workflows.saasMvp(llm).run(Map.of("workspace", "/src/teamtime", "product_name", "TeamTime",
     *         "problem", "agencies lose billable hours", "target_customers", "agencies",
     *         "must_have", List.of("Time tracking per project")));
     * }</pre>
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow saasMvp(LlmProvider llm) { return byId("saas-mvp", llm); }
    /**
     * The SaaS MVP workflow ({@code saas-mvp}) with the given configuration. Its typed input is
     * {@link SaasMvpInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow saasMvp(LlmProvider llm, WorkflowConfig config) { return byId("saas-mvp", llm, config); }

    /**
     * The Quality Gate workflow ({@code quality-gate}, engineering operations) with the default configuration:
     * the commands it runs and auto-fixes (type-check, lint, tests) are the caller's opt-in
     * ({@link PredefinedWorkflow#withCommands}); without them it reviews the code. Its score out of 100 is computed
     * from the commands' real results. Its typed
     * input is {@link QualityGateInput}.
     *
     * <pre>{@code
     * WorkflowResult r = Workflows.qualityGate(llm).withCommands(WorkspaceCommand.of("lint", "npm", "run", "lint"))
     *         .run(Map.of("workspace", "/src/shop"));
     * }</pre>
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow qualityGate(LlmProvider llm) { return byId("quality-gate", llm); }
    /**
     * The Quality Gate workflow ({@code quality-gate}) with the given configuration. Its typed input is
     * {@link QualityGateInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow qualityGate(LlmProvider llm, WorkflowConfig config) { return byId("quality-gate", llm, config); }

    /**
     * The Migration workflow ({@code migration}, engineering operations) with the default configuration:
     * a dry run by default (the plan, the checks and the rollback plan, nothing written); with
     * {@code dry_run: false} it applies the validated change, to the workspace with
     * {@link PredefinedWorkflow#withWritableWorkspace()}, else as {@code changes.patch}; its {@code kind} picks the squad. Its typed
     * input is {@link MigrationInput}.
     *
     * <pre>{@code
     * WorkflowResult r = Workflows.migration(llm).run(Map.of("workspace", "/src/shop", "kind", "database",
     *         "from", "MySQL 5.7", "to", "PostgreSQL 16"));
     * }</pre>
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow migration(LlmProvider llm) { return byId("migration", llm); }
    /**
     * The Migration workflow ({@code migration}) with the given configuration. Its typed input is
     * {@link MigrationInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow migration(LlmProvider llm, WorkflowConfig config) { return byId("migration", llm, config); }

    /**
     * The Refactoring workflow ({@code refactoring}, engineering operations) with the default configuration:
     * behaviour-preserving, characterization tests first, on the input's {@code workspace}; it writes
     * {@code changes.patch} unless {@link PredefinedWorkflow#withWritableWorkspace()} lets it change the repository. Its typed
     * input is {@link RefactoringInput}.
     *
     * <pre>{@code
     * WorkflowResult r = Workflows.refactoring(llm).run(Map.of("workspace", "/src/shop",
     *         "goal", "Extract the payment code out of OrderService"));
     * }</pre>
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow refactoring(LlmProvider llm) { return byId("refactoring", llm); }
    /**
     * The Refactoring workflow ({@code refactoring}) with the given configuration. Its typed input is
     * {@link RefactoringInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow refactoring(LlmProvider llm, WorkflowConfig config) { return byId("refactoring", llm, config); }

    /**
     * The Performance Audit workflow ({@code performance-audit}, engineering operations) with the default configuration:
     * the Lighthouse report, Web Vitals and bundle stats it is given are the only values its audit
     * presents as measured (read in Java); the code analysis finds their causes. Its typed
     * input is {@link PerformanceAuditInput}.
     *
     * <pre>{@code
     * WorkflowResult r = Workflows.performanceAudit(llm).run(Map.of("workspace", "/src/shop",
     *         "lighthouse_report", "reports/lighthouse.json"));
     * }</pre>
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow performanceAudit(LlmProvider llm) { return byId("performance-audit", llm); }
    /**
     * The Performance Audit workflow ({@code performance-audit}) with the given configuration. Its typed input is
     * {@link PerformanceAuditInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow performanceAudit(LlmProvider llm, WorkflowConfig config) { return byId("performance-audit", llm, config); }

    /**
     * The Scaling workflow ({@code scaling}, engineering operations) with the default configuration:
     * the target load is computed from the current load and the growth in Java; the bottlenecks,
     * the scaling, autoscaling and load-test plans follow from the code read. Its typed
     * input is {@link ScalingInput}.
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow scaling(LlmProvider llm) { return byId("scaling", llm); }
    /**
     * The Scaling workflow ({@code scaling}) with the given configuration. Its typed input is
     * {@link ScalingInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow scaling(LlmProvider llm, WorkflowConfig config) { return byId("scaling", llm, config); }

    /**
     * The Incident Response workflow ({@code incident-response}, engineering operations) with the default configuration:
     * its {@code severity} drives which squads investigate, and it ends with a blameless postmortem. Its typed
     * input is {@link IncidentResponseInput}.
     *
     * <pre>{@code
     * WorkflowResult r = Workflows.incidentResponse(llm).run(Map.of("workspace", "/src/shop", "severity", "SEV2",
     *         "summary", "Checkout returns 500 since the 14:05 deployment"));
     * }</pre>
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow incidentResponse(LlmProvider llm) { return byId("incident-response", llm); }
    /**
     * The Incident Response workflow ({@code incident-response}) with the given configuration. Its typed input is
     * {@link IncidentResponseInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow incidentResponse(LlmProvider llm, WorkflowConfig config) { return byId("incident-response", llm, config); }

    /**
     * The Release Management workflow ({@code release-management}, engineering operations) with the default configuration:
     * a dry run by default (changes, changelog, QA validation, deployment plan, version bump and rollback plan,
     * nothing written, no approval asked); with {@code dry_run: false} the run waits for the release manager's approval
     * ({@code engine.decide(...)}) before its production phase. Its typed
     * input is {@link ReleaseManagementInput}.
     *
     * <pre>{@code
     * WorkflowResult r = Workflows.releaseManagement(llm).run(Map.of("workspace", "/src/shop", "version", "2.4.0"));
     * }</pre>
     *
     * @param llm the provider of every agent's model
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow releaseManagement(LlmProvider llm) { return byId("release-management", llm); }
    /**
     * The Release Management workflow ({@code release-management}) with the given configuration. Its typed input is
     * {@link ReleaseManagementInput}.
     *
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, ready to run on the shared default engine
     */
    public static PredefinedWorkflow releaseManagement(LlmProvider llm, WorkflowConfig config) { return byId("release-management", llm, config); }

    /**
     * The Restaurant Premium business template ({@code restaurant-premium}) with the default configuration, its phase
     * agents' endpoints read from this process's environment ({@link AgentEndpoints#fromSystemEnvironment()}). Its
     * typed input is {@link dev.devora.orchestration.workflows.business.BusinessInput}.
     *
     * @param llm the provider of every model agent
     * @return the workflow, ready to run on the shared default engine
     * @throws dev.devora.orchestration.workflows.business.AgentEndpointsException when the environment's agent
     *     variables are invalid
     */
    public static PredefinedWorkflow restaurantPremium(LlmProvider llm) { return byId("restaurant-premium", llm); }
    /**
     * The Coiffeur Express business template ({@code coiffeur-express}) with the default configuration, its phase
     * agents' endpoints read from this process's environment. Its typed input is
     * {@link dev.devora.orchestration.workflows.business.BusinessInput}.
     *
     * @param llm the provider of every model agent
     * @return the workflow, ready to run on the shared default engine
     * @throws dev.devora.orchestration.workflows.business.AgentEndpointsException when the environment's agent
     *     variables are invalid
     */
    public static PredefinedWorkflow coiffeurExpress(LlmProvider llm) { return byId("coiffeur-express", llm); }
    /**
     * The Artisan Pro business template ({@code artisan-pro}) with the default configuration, its phase agents'
     * endpoints read from this process's environment. Its typed input is
     * {@link dev.devora.orchestration.workflows.business.BusinessInput}.
     *
     * @param llm the provider of every model agent
     * @return the workflow, ready to run on the shared default engine
     * @throws dev.devora.orchestration.workflows.business.AgentEndpointsException when the environment's agent
     *     variables are invalid
     */
    public static PredefinedWorkflow artisanPro(LlmProvider llm) { return byId("artisan-pro", llm); }

    /**
     * A workflow by id with the default config.
     *
     * @throws IllegalArgumentException listing the known ids
     * @param id  the workflow id, e.g. {@code "security-audit"}
     * @param llm the provider of every agent's model
     * @return the workflow
     */
    public static PredefinedWorkflow byId(String id, LlmProvider llm) {
        return byId(id, llm, WorkflowConfig.defaults());
    }

    /**
     * A workflow by id.
     *
     * @throws IllegalArgumentException listing the known ids
     * @param id     the workflow id
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow
     */
    public static PredefinedWorkflow byId(String id, LlmProvider llm, WorkflowConfig config) {
        return create(Recipes.byId(id), new AgentKit(Objects.requireNonNull(llm, "llm"), Objects.requireNonNull(config, "config")),
                DefaultEngine.get());
    }

    /**
     * A workflow by id whose business template phase agents run where {@code endpoints} say (the business templates
     * otherwise read them from this process's environment; the other workflows have no phase agents and ignore it).
     *
     * <pre>{@code
     * AgentEndpoints endpoints = AgentEndpoints.fromEnvironment(Map.of("DESIGN_IA_ENDPOINT", "http://localhost:3335",
     *         "INTER_AGENT_TOKEN", token));
     * Workflows.byId("restaurant-premium", llm, WorkflowConfig.defaults(), endpoints).run(order);
     * }</pre>
     *
     * @throws IllegalArgumentException listing the known ids
     * @param id        the workflow id
     * @param llm       the provider of every model agent
     * @param config    model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @param endpoints where the business templates' phase agents run
     * @return the workflow
     */
    public static PredefinedWorkflow byId(String id, LlmProvider llm, WorkflowConfig config, AgentEndpoints endpoints) {
        Objects.requireNonNull(endpoints, "endpoints");
        return create(Recipes.byId(id), new AgentKit(Objects.requireNonNull(llm, "llm"), Objects.requireNonNull(config, "config"))
                .withEndpoints(endpoints), DefaultEngine.get());
    }

    /**
     * The catalogue of workflows, squads and agents.
     *
     * @return the standard catalogue
     */
    public static WorkflowCatalog catalog() {
        return WorkflowCatalog.standard();
    }

    static PredefinedWorkflow create(Recipe recipe, AgentKit kit, WorkflowEngine engine) {
        return new PredefinedWorkflow(recipe, kit, recipe.build(kit, recipe.checkedInput()), true, engine);
    }
}
