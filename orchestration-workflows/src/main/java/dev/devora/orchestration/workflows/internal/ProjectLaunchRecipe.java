package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.gate.GatePolicy;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;

/**
 * Workflow 10, Complete Project Launch: the seven phases, composing the other predefined workflows as
 * sub-workflows (declared with relaxed, text-typed inputs because the core renders nested inputs as text):
 * discovery (business squad in parallel, integrated) → design and architecture (UX, system architecture and data
 * model in parallel) → development (API Development sub-workflow, the frontend build and the infrastructure code in
 * parallel) → testing
 * (Security Audit and Accessibility Compliance sub-workflows and the performance test plan in parallel) →
 * documentation (Documentation Generation) → deployment (CI/CD Setup) → post-launch monitoring (monitoring and
 * performance baseline in parallel) → launch readiness gate (QA lead, against the {@code launch-readiness} rubric,
 * after every phase it judges). The security audit's infrastructure audit reads the architecture and the
 * infrastructure code; the nested workflows' files keep their own names ({@link #files}), so the launch writes one tree.
 *
 * <pre>{@code
 * Workflow w = ProjectLaunchRecipe.INSTANCE.build(kit, ProjectLaunchRecipe.INSTANCE.input());
 * }</pre>
 */
public final class ProjectLaunchRecipe implements Recipe {
    public static final ProjectLaunchRecipe INSTANCE = new ProjectLaunchRecipe();
    public static final String GATE = "launch-readiness";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final InputSpec INPUT = InputSpec.builder()
            .required("project_name", "name of the project")
            .required("description", "what the product does")
            .required("target_audience", "who will use it")
            .required("tech_stack", FieldType.OBJECT, "{frontend: [..], backend: [..], infrastructure: [..]}")
            .required("requirements", FieldType.LIST, "functional requirements, one string per item")
            .required("timeline", "launch timeline, e.g. \"4 months\"")
            .field(InputField.optional("repository_url", FieldType.STRING, "repository URL").withDefault(NODES.textNode("to be created")))
            .field(InputField.optional("api_type", FieldType.STRING, "API style").allowing("rest", "graphql").withDefault(NODES.textNode("rest")))
            .field(InputField.optional("auth_type", FieldType.STRING, "authentication").allowing("jwt", "oauth2", "api_key").withDefault(NODES.textNode("jwt")))
            .field(InputField.optional("git_provider", FieldType.STRING, "git provider").allowing("github", "gitlab", "bitbucket").withDefault(NODES.textNode("github")))
            .field(InputField.optional("deployment_target", FieldType.STRING, "where it runs").allowing("kubernetes", "ecs", "app_engine", "vercel")
                    .withDefault(NODES.textNode("kubernetes")))
            .field(InputField.optional("target_qps", FieldType.INTEGER, "expected peak queries per second").withDefault(NODES.numberNode(100)))
            .field(InputField.optional("budget", FieldType.STRING, "budget").withDefault(NODES.textNode("not specified")))
            .build();

    private static final JsonNode DATA_MODEL = object(
            prop("document", string("Markdown: ## Entities (one table per entity: field | type | constraints), ## Data lifecycle")),
            prop("schema_sql", string("the SQL schema: CREATE TABLE and CREATE INDEX statements, no Markdown fence")));
    private static final JsonNode LOAD_TEST_PLAN = object(
            prop("plan", string("Markdown: ## Scenarios (table), ## Pass criteria, ## How to run")),
            prop("scripts", Schema.files("k6 scripts, one per scenario, at load-tests/<scenario>.js")));

    private ProjectLaunchRecipe() {
    }

    @Override public String id() { return "complete-project-launch"; }
    @Override public String name() { return "Complete Project Launch"; }
    @Override public String description() { return "Launch a project from discovery to post-launch monitoring, composing the other workflows"; }
    @Override public List<SquadId> squads() {
        return List.of(SquadId.BUSINESS, SquadId.FRONTEND, SquadId.BACKEND, SquadId.DATA, SquadId.QA, SquadId.DEVOPS,
                SquadId.PERFORMANCE, SquadId.DOCUMENTATION, SquadId.AI_ML, SquadId.ACCESSIBILITY);
    }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(com.fasterxml.jackson.databind.JsonNode input) {
        return FullStackRecipe.INSTANCE.checkNested(input);
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        Workflow api = ApiDevelopmentRecipe.INSTANCE.build(kit, InputSpecs.relaxed(ApiDevelopmentRecipe.INSTANCE.input()));
        Workflow security = SecurityAuditRecipe.INSTANCE.build(kit, InputSpecs.relaxed(SecurityAuditRecipe.INSTANCE.input()));
        Workflow a11y = AccessibilityRecipe.INSTANCE.build(kit, InputSpecs.relaxed(AccessibilityRecipe.INSTANCE.input()));
        Workflow docs = DocumentationRecipe.INSTANCE.build(kit, InputSpecs.relaxed(DocumentationRecipe.INSTANCE.input()));
        Workflow cicd = CiCdRecipe.INSTANCE.build(kit, InputSpecs.relaxed(CiCdRecipe.INSTANCE.input()));

        var discovery = Steps.sequence("discovery",
                Steps.parallel("discovery-work",
                        Steps.agent("prd", kit.text(Roles.PRODUCT_MANAGER)).squad("business").prompt(prompts.get("prd")),
                        Steps.agent("kpis", kit.json(Roles.BUSINESS_ANALYST, "business_analysis", OutputSchemas.KPIS)).squad("business")
                                .prompt(prompts.get("kpis")),
                        Steps.agent("landing-copy", kit.text(Roles.COPYWRITER)).squad("business").prompt(prompts.get("landing-copy"))),
                Steps.agent("launch-brief", kit.text(Roles.PRODUCT_MANAGER)).squad("business").prompt(prompts.get("launch-brief")));
        var design = Steps.parallel("design",
                Steps.agent("ux-design", kit.text(Roles.UI_UX_DESIGNER)).squad("frontend").prompt(prompts.get("ux-design")),
                Steps.agent("system-architecture", kit.text(Roles.API_ARCHITECT)).squad("backend").prompt(prompts.get("system-architecture")),
                Steps.agent("data-model", kit.json(Roles.DATABASE_ARCHITECT, "data_model", DATA_MODEL)).squad("data").prompt(prompts.get("data-model")));
        var development = Steps.parallel("development",
                Steps.workflow("api", api)
                        .input("api_name", "{{input.project_name}} API")
                        .input("description", "{{input.description}}")
                        .input("api_type", "{{input.api_type}}")
                        .input("auth_type", "{{input.auth_type}}")
                        .input("versioning", "true")
                        .input("requirements", "{{launch-brief}}\n\nArchitecture:\n{{system-architecture}}")
                        .input("data_models", "{{data-model}}")
                        .input("tech_stack", "{{input.tech_stack.backend}}")
                        .input("target_qps", "{{input.target_qps}}"),
                Steps.agent("frontend-build", kit.json(Roles.FRONTEND_DEVELOPER, "frontend_components", OutputSchemas.FILES))
                        .squad("frontend").prompt(prompts.get("frontend-build")),
                Steps.agent("infrastructure-code", kit.json(Roles.INFRASTRUCTURE_ENGINEER, "infrastructure_code", OutputSchemas.FILES))
                        .squad("devops").prompt(prompts.get("infrastructure-code")));
        var testing = Steps.parallel("testing",
                Steps.workflow("security", security)
                        .input("target_name", "{{input.project_name}}")
                        .input("description", "{{input.description}}\n\nArchitecture:\n{{system-architecture}}")
                        .input("tech_stack", "{{input.tech_stack}}")
                        .input("scope", "code, api, infrastructure")
                        .input("code_samples", "{{api.implementation.endpoints}}")
                        .input("api_specification", "{{api.api_specification}}")
                        .input("infrastructure", "Platform: {{input.tech_stack.infrastructure}}, deployed to {{input.deployment_target}}\n\n"
                                + "Architecture:\n{{system-architecture}}\n\nInfrastructure code:\n{{infrastructure-code.files}}"),
                Steps.workflow("accessibility", a11y)
                        .input("product_name", "{{input.project_name}}")
                        .input("pages", "{{ux-design}}")
                        .input("tech_stack", "{{input.tech_stack.frontend}}")
                        .input("markup_samples", "{{frontend-build.files}}"),
                Steps.agent("performance-plan", kit.json(Roles.LOAD_TESTER, "load_test_plan", LOAD_TEST_PLAN)).squad("performance").prompt(prompts.get("performance-plan")));
        var documentation = Steps.workflow("documentation", docs)
                .input("project_name", "{{input.project_name}}")
                .input("project_type", "application")
                .input("tech_stack", "{{input.tech_stack}}")
                .input("existing_docs", "{{launch-brief}}\n\n{{system-architecture}}\n\n{{api.documentation.readme}}")
                .input("documentation_types", "readme, architecture, installation, contributing")
                .input("target_audiences", "developers, users")
                .input("include_diagrams", "true");
        var deployment = Steps.workflow("deployment", cicd)
                .input("repository_url", "{{input.repository_url}}")
                .input("git_provider", "{{input.git_provider}}")
                .input("tech_stack", "{{input.tech_stack}}")
                .input("environments", "dev (auto deploy), staging (auto deploy), production (manual approval)")
                .input("testing_requirements", "unit, integration and e2e tests; minimum coverage 80%")
                .input("deployment_target", "{{input.deployment_target}}")
                .input("notifications", "slack, email");
        var postLaunch = Steps.parallel("post-launch",
                Steps.agent("launch-monitoring", kit.text(Roles.MONITORING_SPECIALIST)).squad("devops").prompt(prompts.get("launch-monitoring")),
                Steps.agent("performance-baseline", kit.text(Roles.PERFORMANCE_ENGINEER)).squad("performance").prompt(prompts.get("performance-baseline")));
        var readiness = Steps.gate("launch-gate", Steps.agent("launch-review", kit.json(Roles.QA_LEAD, "release_review", OutputSchemas.review(Rubric.of(GATE))))
                        .squad("qa").prompt(Rubric.of(GATE).appendTo(prompts.get("launch-review"), kit.config().thresholdOf(GATE))),
                        ReviewGate.of(GATE, Rubric.of(GATE), kit.config()))
                .threshold(kit.config().thresholdOf(GATE)).onFailure(GatePolicy.partial());

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(discovery, design, development, testing, documentation, deployment, postLaunch, readiness)
                .deliverable("discovery.prd", "prd")
                .deliverable("discovery.kpis", "kpis.kpis")
                .deliverable("discovery.copy", "landing-copy")
                .deliverable("discovery.brief", "launch-brief")
                .deliverable("design.ux", "ux-design")
                .deliverable("design.architecture", "system-architecture")
                .deliverable("design.data_model", "data-model.document")
                .deliverable("design.schema", "data-model.schema_sql")
                .deliverable("development.api", "api")
                .deliverable("development.frontend", "frontend-build.files")
                .deliverable("development.infrastructure", "infrastructure-code.files")
                .deliverable("testing.security", "security")
                .deliverable("testing.accessibility", "accessibility")
                .deliverable("testing.performance_plan", "performance-plan.plan")
                .deliverable("testing.load_tests", "performance-plan.scripts")
                .deliverable("documentation", "documentation")
                .deliverable("deployment", "deployment")
                .deliverable("post_launch.monitoring", "launch-monitoring")
                .deliverable("post_launch.performance_baseline", "performance-baseline")
                .deliverable("launch_review", "launch-review")
                .build();
    }

    @Override
    public String notes() {
        return "The seven phases compose the other workflows as sub-workflows instead of re-writing them: discovery "
                + "(business squad in parallel, integrated into a launch brief) → design (UX, system architecture and "
                + "data model in parallel) → development (the API Development workflow, the frontend build and the "
                + "infrastructure code, Terraform under `infra/` by default, in parallel) → testing (the Security Audit "
                + "workflow, whose infrastructure audit reads the architecture and the infrastructure code, the "
                + "Accessibility Compliance workflow and the performance test plan in parallel) → Documentation "
                + "Generation → CI/CD Setup → post-launch monitoring and performance baseline in parallel → the QA "
                + "lead's launch readiness gate, last, against its own `launch-readiness` rubric (scope, architecture "
                + "and infrastructure, security, quality, operations, go-to-market), its prompt holding each artefact "
                + "the rubric names (a failed gate leaves the run PARTIAL). The nested workflows declare text-typed "
                + "inputs, because the core renders a sub-workflow's inputs from templates as text; their files keep "
                + "the names their own runs give them (`security/…`, `accessibility/…`, `openapi.json`, "
                + "`.github/workflows/ci.yml`…), and the code of every phase lands in one source tree.";
    }

    @Override
    public String reportNotice() {
        return "The performance baseline's capacity figures and optimisation gains, and the nested API tests' coverage, "
                + "are the agents' estimates, not measurements: run the load tests in `load-tests/` against staging "
                + "and the test suites with coverage before relying on them. The security fixes are patches to review "
                + "and apply (`security/fixes/`).";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("discovery.prd", "PRD (Markdown)");
        d.put("discovery.kpis", "[{name, formula, source, baseline, target, decision}]");
        d.put("discovery.copy", "landing-page copy (Markdown)");
        d.put("discovery.brief", "launch brief (Markdown)");
        d.put("design.ux", "design system and wireframes (Markdown)");
        d.put("design.architecture", "system architecture (Markdown)");
        d.put("design.data_model", "entities and data lifecycle (Markdown; design/data-model.md)");
        d.put("design.schema", "the SQL schema (db/schema.sql)");
        d.put("development.api", "the API Development deliverables (api_specification, implementation, documentation, testing, …), written as its own run writes them (openapi.json, the code at its repository paths, …)");
        d.put("development.frontend", "frontend code [{path, language, content}], written at its repository paths");
        d.put("development.infrastructure", "infrastructure code (Terraform or the platform's IaC) [{path, language, content}], "
                + "written at its repository paths; audited by the security audit and judged by the launch review");
        d.put("testing.security", "the Security Audit deliverables (findings, severity_counts, fixes, remediation_plan, signoff), written as its own run writes them (security/…)");
        d.put("testing.accessibility", "the Accessibility Compliance deliverables (audit, fixes, testing, verification, conformance_statement), written as its own run writes them (accessibility/…, ACCESSIBILITY.md, the fixed code and tests at their repository paths)");
        d.put("testing.performance_plan", "pre-launch load test plan: scenarios, pass criteria, how to run (Markdown; launch/performance-plan.md)");
        d.put("testing.load_tests", "k6 scripts [{path, language, content}] at their repository paths (load-tests/<scenario>.js)");
        d.put("documentation", "the Documentation Generation deliverables (documents, diagrams, metadata), written as its own run writes them (README.md, …)");
        d.put("deployment", "the CI/CD Setup deliverables (pipeline_config, testing, deployment, monitoring, documentation), written as its own run writes them (.github/workflows/ci.yml, Dockerfile, …)");
        d.put("post_launch.monitoring", "SLOs, dashboards and alerts for the first 30 days (Markdown)");
        d.put("post_launch.performance_baseline", "baseline, capacity plan, optimisation candidates (Markdown)");
        d.put("launch_review", "the QA lead's verdict against the launch-readiness rubric {criteria: {product_scope, "
                + "architecture_infrastructure, security, quality, operations, go_to_market: {score, evidence}}, score, "
                + "approved, blockers, issues, feedback} (launch/readiness-review.json)");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("discovery.prd", "PRD.md");
        f.put("discovery.kpis", "launch/kpis.json");
        f.put("discovery.copy", "launch/landing-copy.md");
        f.put("discovery.brief", "launch/BRIEF.md");
        f.put("design.ux", "design/ux.md");
        f.put("design.architecture", "design/system-architecture.md");
        f.put("design.data_model", "design/data-model.md");
        f.put("design.schema", "db/schema.sql");
        f.put("testing.performance_plan", "launch/performance-plan.md");
        f.put("post_launch.monitoring", "launch/monitoring.md");
        f.put("post_launch.performance_baseline", "launch/performance-baseline.md");
        f.put("launch_review", "launch/readiness-review.json");
        nested(f, "development.api", ApiDevelopmentRecipe.INSTANCE);
        nested(f, "testing.security", SecurityAuditRecipe.INSTANCE);
        nested(f, "testing.accessibility", AccessibilityRecipe.INSTANCE);
        nested(f, "documentation", DocumentationRecipe.INSTANCE);
        nested(f, "deployment", CiCdRecipe.INSTANCE);
        // the project README is the documentation workflow's (it reads the API README); the API's own moves aside
        f.put("development.api.documentation.readme", "docs/API_README.md");
        return f;
    }

    /**
     * A nested workflow's files are written as its own run writes them: its deliverables from the root
     * ({@code "./"}), with its own names under the nested path, so the launch writes one tree.
     */
    private static void nested(Map<String, String> files, String at, Recipe recipe) {
        files.put(at, "./");
        recipe.files().forEach((path, name) -> files.put(at + "." + path, name));
    }
}
