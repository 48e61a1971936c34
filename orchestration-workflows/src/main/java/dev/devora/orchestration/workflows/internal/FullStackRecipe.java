package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.Condition;
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
import java.util.regex.Pattern;



/**
 * Workflow 1, Full Stack Development: six squad phases in order (business → frontend → backend → data → QA →
 * DevOps) and the documentation. Inside a phase the specialists work in parallel and the phase's output is
 * integrated; downstream phases read the integrated briefs, not every raw output. The data
 * engineer's ETL runs only when the requirements call for it; the QA lead gates the release and sends it back
 * to the frontend and backend developers with feedback, at most {@code maxIterations} rounds.
 *
 * <pre>{@code
 * Workflow w = FullStackRecipe.INSTANCE.build(kit, FullStackRecipe.INSTANCE.input());
 * }</pre>
 */
public final class FullStackRecipe implements Recipe {
    public static final FullStackRecipe INSTANCE = new FullStackRecipe();
    public static final String GATE = "qa-release";
    private static final Pattern ETL_WORDS = Pattern.compile(
            "\\b(etl|elt|data pipelines?|import(s|ing)?|export(s|ing)?|sync(hroni[sz]ation)?|warehouse|analytics|reporting|data integration|integrations?)\\b");

    /** Holds when the requirements or the business analysis call for moving data between systems. */
    public static final Condition NEEDS_ETL = Condition.of(
            "requirements call for ETL (data import/sync/warehouse/analytics, or business analysis says so)",
            s -> ETL_WORDS.matcher(InputValues.lowerText(s, "requirements", "description")).find()
                    || s.json("kpis.data_needs.etl_required").asBoolean(false));

    private static final InputSpec INPUT = InputSpec.builder()
            .required("project_name", "name of the project")
            .required("description", "what the application does")
            .required("target_audience", "who will use it")
            .required("tech_stack", FieldType.OBJECT, "{frontend: [..], backend: [..], infrastructure: [..]}")
            .required("requirements", FieldType.LIST, "functional requirements, one string per item")
            .required("timeline", "delivery timeline, e.g. \"3 months\"")
            .field(InputField.optional("budget", FieldType.STRING, "budget, optional")
                    .withDefault(JsonNodeFactory.instance.textNode("not specified")))
            .field(InputField.optional("team_size", FieldType.INTEGER, "people in the team, optional")
                    .withDefault(JsonNodeFactory.instance.textNode("not specified")))
            .build();

    private FullStackRecipe() {
    }

    @Override public String id() { return "full-stack-development"; }
    @Override public String name() { return "Full Stack Development"; }
    @Override public String description() { return "Build a complete web application from A to Z, squad by squad"; }
    @Override public List<SquadId> squads() {
        return List.of(SquadId.BUSINESS, SquadId.FRONTEND, SquadId.BACKEND, SquadId.DATA, SquadId.QA, SquadId.DEVOPS,
                SquadId.DOCUMENTATION);
    }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input)
                .nonBlankStrings("requirements", true)
                .stringListMembers("tech_stack", List.of("frontend", "backend", "infrastructure"))
                .atLeast("team_size", 1);
        JsonNode stack = input.path("tech_stack");
        if (stack.isObject()) {
            for (String k : List.of("frontend", "backend", "infrastructure")) {
                if (!stack.has(k)) c.problem("input.tech_stack." + k, "is required (a list of technologies)");
            }
        }
        return c.problems();
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        var business = Steps.sequence("business",
                Steps.parallel("business-work",
                        Steps.agent("prd", kit.text(Roles.PRODUCT_MANAGER)).squad("business").prompt(prompts.get("prd")),
                        Steps.agent("kpis", kit.json(Roles.BUSINESS_ANALYST, "business_analysis", OutputSchemas.KPIS))
                                .squad("business").prompt(prompts.get("kpis")),
                        Steps.agent("landing-copy", kit.json(Roles.COPYWRITER, "landing_copy", FullStackSchemas.COPY)).squad("business")
                                .prompt(prompts.get("landing-copy")),
                        Steps.agent("timeline", kit.json(Roles.PRODUCT_MANAGER, "delivery_timeline", FullStackSchemas.TIMELINE))
                                .squad("business").prompt(prompts.get("timeline"))),
                Steps.agent("business-brief", kit.text(Roles.PRODUCT_MANAGER)).squad("business").prompt(prompts.get("business-brief")));

        var frontend = Steps.sequence("frontend",
                Steps.parallel("frontend-work",
                        Steps.agent("design-system", kit.json(Roles.UI_UX_DESIGNER, "design_system", FullStackSchemas.DESIGN)).squad("frontend")
                                .prompt(prompts.get("design-system")),
                        Steps.agent("components", kit.json(Roles.FRONTEND_DEVELOPER, "frontend_components", OutputSchemas.FILES))
                                .squad("frontend").prompt(prompts.get("components")),
                        Steps.agent("styles", kit.text(Roles.CSS_SPECIALIST)).squad("frontend").prompt(prompts.get("styles"))),
                Steps.agent("frontend-integration", kit.text(Roles.FRONTEND_DEVELOPER)).squad("frontend").prompt(prompts.get("frontend-integration")));

        var backend = Steps.sequence("backend",
                Steps.agent("api-design", kit.json(Roles.API_ARCHITECT, "openapi_document",
                                OutputSchemas.document("openapi", "the complete OpenAPI 3.1 document as a JSON object")))
                        .squad("backend").prompt(prompts.get("api-design")),
                Steps.parallel("backend-work",
                        Steps.agent("endpoints", kit.json(Roles.BACKEND_DEVELOPER, "backend_code", FullStackSchemas.ENDPOINTS)).squad("backend")
                                .prompt(prompts.get("endpoints")),
                        Steps.agent("query-tuning", kit.text(Roles.DATABASE_ENGINEER)).squad("backend").prompt(prompts.get("query-tuning"))),
                Steps.agent("backend-integration", kit.text(Roles.API_ARCHITECT)).squad("backend").prompt(prompts.get("backend-integration")));

        var data = Steps.sequence("data",
                Steps.parallel("data-work",
                        Steps.agent("data-schema", kit.json(Roles.DATABASE_ARCHITECT, "database_schema", FullStackSchemas.DATA_SCHEMA))
                                .squad("data").prompt(prompts.get("data-schema")),
                        Steps.when("etl", NEEDS_ETL,
                                        Steps.agent("etl-pipelines", kit.json(Roles.DATA_ENGINEER, "etl_code", OutputSchemas.FILES))
                                                .squad("data").prompt(prompts.get("etl-pipelines")))
                                .otherwise(Steps.task("no-etl", "record that no ETL is needed",
                                        ctx -> JsonNodeFactory.instance.objectNode().set("files", JsonNodeFactory.instance.arrayNode()))),
                        Steps.agent("dashboards", kit.json(Roles.BI_ANALYST, "dashboards", FullStackSchemas.DASHBOARDS)).squad("data")
                                .prompt(prompts.get("dashboards"))),
                Steps.agent("data-architecture", kit.text(Roles.DATABASE_ARCHITECT)).squad("data").prompt(prompts.get("data-architecture")));

        var releaseFixes = Steps.parallel("release-fixes",
                Steps.agent("frontend-fixes", kit.text(Roles.FRONTEND_DEVELOPER)).squad("frontend").prompt(prompts.get("frontend-fixes")),
                Steps.agent("backend-fixes", kit.text(Roles.BACKEND_DEVELOPER)).squad("backend").prompt(prompts.get("backend-fixes")));
        var releaseReview = Steps.agent("release-review", kit.json(Roles.QA_LEAD, "release_review", OutputSchemas.review(Rubric.of(GATE))))
                .squad("qa").prompt(prompts.get("release-review"));
        var qa = Steps.sequence("qa",
                Steps.parallel("qa-work",
                        Steps.agent("test-plan", kit.text(Roles.TEST_ENGINEER)).squad("qa").prompt(prompts.get("test-plan")),
                        Steps.agent("test-suites", kit.json(Roles.AUTOMATION_TESTER, "test_suites", FullStackSchemas.TEST_SUITES)).squad("qa")
                                .prompt(prompts.get("test-suites"))),
                ReviewLoop.of("release", GATE, Rubric.of(GATE), releaseFixes, releaseReview, kit.config()));

        var devops = Steps.parallel("devops",
                Steps.agent("infrastructure", kit.json(Roles.INFRASTRUCTURE_ENGINEER, "infrastructure_code", OutputSchemas.FILES))
                        .squad("devops").prompt(prompts.get("infrastructure")),
                Steps.agent("ci-cd", kit.json(Roles.CICD_SPECIALIST, "pipeline_files", OutputSchemas.FILES)).squad("devops")
                        .prompt(prompts.get("ci-cd")),
                Steps.agent("deployment", kit.json(Roles.CONTAINER_ORCHESTRATOR, "deployment_manifests", OutputSchemas.FILES))
                        .squad("devops").prompt(prompts.get("deployment")));

        var documentation = Steps.parallel("documentation",
                Steps.agent("readme", kit.text(Roles.TECHNICAL_WRITER)).squad("documentation").prompt(prompts.get("readme")),
                Steps.agent("architecture-doc", kit.text(Roles.TECHNICAL_WRITER)).squad("documentation").prompt(prompts.get("architecture-doc")),
                Steps.agent("deployment-guide", kit.text(Roles.TECHNICAL_WRITER)).squad("documentation").prompt(prompts.get("deployment-guide")),
                Steps.agent("api-docs", kit.text(Roles.TECHNICAL_WRITER)).squad("documentation").prompt(prompts.get("api-docs")));

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(business, frontend, backend, data, qa, devops, documentation)
                .deliverable("business.prd", "prd")
                .deliverable("business.kpis", "kpis.kpis")
                .deliverable("business.use_cases", "kpis.use_cases")
                .deliverable("business.copy", "landing-copy.copy")
                .deliverable("business.brief", "business-brief")
                .deliverable("frontend.design_system", "design-system.design_system")
                .deliverable("frontend.wireframes", "design-system.wireframes")
                .deliverable("frontend.components", "components.files")
                .deliverable("frontend.styles", "styles")
                .deliverable("frontend.integration", "frontend-integration")
                .deliverable("backend.api_spec", "api-design.openapi")
                .deliverable("backend.endpoints", "endpoints.endpoints")
                .deliverable("backend.schemas", "endpoints.schemas")
                .deliverable("backend.database.schema", "data-schema.schema")
                .deliverable("backend.database.migrations", "data-schema.migrations")
                .deliverable("backend.query_optimizations", "query-tuning")
                .deliverable("backend.integration", "backend-integration")
                .deliverable("data.architecture", "data-architecture")
                .deliverable("data.etl_pipelines", "etl.files")
                .deliverable("data.dashboards", "dashboards.dashboards")
                .deliverable("qa.test_plan", "test-plan")
                .deliverable("qa.test_suites", "test-suites.test_suites")
                .deliverable("qa.coverage_report", "test-suites.coverage_report")
                .deliverable("qa.release_review", "release-review")
                .deliverable("qa.frontend_fixes", "frontend-fixes")
                .deliverable("qa.backend_fixes", "backend-fixes")
                .deliverable("devops.infrastructure", "infrastructure.files")
                .deliverable("devops.ci_cd", "ci-cd.files")
                .deliverable("devops.deployment", "deployment.files")
                .deliverable("documentation.readme", "readme")
                .deliverable("documentation.architecture", "architecture-doc")
                .deliverable("documentation.deployment_guide", "deployment-guide")
                .deliverable("documentation.api_docs", "api-docs")
                .deliverable("timeline", "timeline")
                .build();
    }

    @Override
    public String notes() {
        return "Six squad phases run in order; inside each phase the specialists work in parallel and a lead "
                + "integrates their work: the product manager writes a business brief, the frontend "
                + "developer a frontend integration note (including the contract the UI needs), the API architect a "
                + "backend summary, the database architect the data architecture. Later phases read these integrated "
                + "briefs and JSON sub-paths (`{{api-design.openapi.paths}}`), not every raw output, which keeps "
                + "prompts small. The data engineer's ETL runs only when the requirements mention data movement "
                + "(import, sync, warehouse, analytics, integrations…) or the business analyst sets "
                + "`data_needs.etl_required`; otherwise `data.etl_pipelines` is `[]`. The QA lead reviews the release "
                + "(JSON verdict); a failed review sends its feedback to the frontend and backend developers in "
                + "parallel, then the QA lead reviews again, at most `maxIterations` rounds. DevOps and documentation "
                + "follow. The input's `timeline` is planned by the product manager in the business phase.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("business.prd", "Product Requirements Document (Markdown)");
        d.put("business.kpis", "[{name, formula, source, baseline, target, decision}]");
        d.put("business.use_cases", "[{name, actor, flow, outcome}]");
        d.put("business.copy", "landing-page copy: {slot: text}");
        d.put("business.brief", "integrated business brief for the other squads (Markdown)");
        d.put("frontend.design_system", "design tokens and components (JSON object)");
        d.put("frontend.wireframes", "[{screen, route, purpose, regions, states}]");
        d.put("frontend.components", "component code: [{path, language, content}]");
        d.put("frontend.styles", "theme configuration and global styles (Markdown with code)");
        d.put("frontend.integration", "frontend integration notes and the contract the UI needs (Markdown)");
        d.put("backend.api_spec", "OpenAPI 3.1 document (JSON object)");
        d.put("backend.endpoints", "endpoint code: [{path, language, content}]");
        d.put("backend.schemas", "validation schemas: [{path, language, content}]");
        d.put("backend.database.schema", "SQL DDL");
        d.put("backend.database.migrations", "migration scripts (list of SQL texts)");
        d.put("backend.query_optimizations", "indexes and queries (Markdown)");
        d.put("backend.integration", "backend integration summary (Markdown)");
        d.put("data.architecture", "data architecture document (Markdown)");
        d.put("data.etl_pipelines", "ETL code when the requirements call for it, else []: [{path, language, content}]");
        d.put("data.dashboards", "[{name, audience, panels: [{title, kpi, chart, query}]}]");
        d.put("qa.test_plan", "test plan (Markdown)");
        d.put("qa.test_suites", "automated tests: [{path, language, content}]");
        d.put("qa.coverage_report", "{estimated_line_coverage, critical_journeys_covered, gaps}");
        d.put("qa.release_review", "the QA lead's last verdict {score, approved, blockers, issues, feedback}");
        d.put("qa.frontend_fixes", "frontend fixes after a failed review (Markdown); only when a review failed");
        d.put("qa.backend_fixes", "backend fixes after a failed review (Markdown); only when a review failed");
        d.put("devops.infrastructure", "Terraform/IaC files: [{path, language, content}]");
        d.put("devops.ci_cd", "pipeline and Dockerfiles: [{path, language, content}]");
        d.put("devops.deployment", "Kubernetes (or target platform) manifests: [{path, language, content}]");
        d.put("documentation.readme", "README.md");
        d.put("documentation.architecture", "ARCHITECTURE.md");
        d.put("documentation.deployment_guide", "DEPLOYMENT.md");
        d.put("documentation.api_docs", "API.md");
        d.put("timeline", "{estimated_completion, phases: [{name, weeks, squads, deliverables, exit_criteria}]}");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("business.prd", "PRD.md");
        f.put("business.copy", "landing-copy.json");
        f.put("backend.api_spec", "openapi.json");
        f.put("backend.database.schema", "db/schema.sql");
        f.put("documentation.readme", "README.md");
        f.put("documentation.architecture", "ARCHITECTURE.md");
        f.put("documentation.deployment_guide", "DEPLOYMENT.md");
        f.put("documentation.api_docs", "API.md");
        return f;
    }
}
