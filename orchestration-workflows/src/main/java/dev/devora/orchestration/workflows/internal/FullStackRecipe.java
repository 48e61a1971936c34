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
 * DevOps), the documentation, then the release review. Inside a phase the specialists work in parallel and the
 * phase's output is integrated; downstream phases read the integrated briefs, not every raw output. The data
 * engineer's ETL runs only when the requirements call for it. The QA lead judges the whole release (contract, code,
 * tests, docs, CI and deployment) and sends it back with feedback; the frontend, backend, database and test code
 * are carried through the loop ({@link ReviewLoop}), each rework returning a complete replacement, so the
 * deliverables hold the last reviewed code; at most {@code maxIterations} rounds.
 *
 * <pre>{@code
 * Workflow w = FullStackRecipe.INSTANCE.build(kit, FullStackRecipe.INSTANCE.input());
 * }</pre>
 */
public final class FullStackRecipe implements Recipe {
    public static final FullStackRecipe INSTANCE = new FullStackRecipe();
    public static final String GATE = "qa-release";
    /** The carried artefacts of the release loop: the current version of each, read by the reworks, the review and the deliverables. */
    static final String FRONTEND = "frontend-code";
    static final String BACKEND = "backend-code";
    static final String DATABASE = "database-code";
    static final String TESTS = "test-code";
    static final String SOURCE_PATHS = "source-paths";
    static final String DEVOPS_FILES = "devops-files";
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
            .field(InputField.optional("budget", FieldType.STRING, "budget, optional; left out of the prompts when absent"))
            .field(InputField.optional("team_size", FieldType.INTEGER, "people in the team, optional; left out of the prompts when absent"))
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

        // the design system comes first: the components and the styles are built from its tokens
        var frontend = Steps.sequence("frontend",
                Steps.agent("design-system", kit.json(Roles.UI_UX_DESIGNER, "design_system", FullStackSchemas.DESIGN)).squad("frontend")
                        .prompt(prompts.get("design-system")),
                Steps.parallel("frontend-work",
                        Steps.agent("components", kit.json(Roles.FRONTEND_DEVELOPER, "frontend_components", OutputSchemas.FILES))
                                .squad("frontend").prompt(prompts.get("components")),
                        Steps.agent("styles", kit.json(Roles.CSS_SPECIALIST, "style_files", OutputSchemas.FILES)).squad("frontend")
                                .prompt(prompts.get("styles"))),
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

        var qa = Steps.parallel("qa",
                Steps.agent("test-plan", kit.text(Roles.TEST_ENGINEER)).squad("qa").prompt(prompts.get("test-plan")),
                Steps.agent("test-suites", kit.json(Roles.AUTOMATION_TESTER, "test_suites", FullStackSchemas.TEST_SUITES)).squad("qa")
                        .prompt(prompts.get("test-suites")));

        // the paths of every file written so far, so that CI and the README name the project's real files and commands
        var sourcePaths = Steps.task(SOURCE_PATHS, "list the paths of the source tree written so far", FullStackFiles::sourcePaths);

        // the deployment reads the infrastructure code it deploys onto
        var devops = Steps.parallel("devops",
                Steps.sequence("platform",
                        Steps.agent("infrastructure", kit.json(Roles.INFRASTRUCTURE_ENGINEER, "infrastructure_code", OutputSchemas.FILES))
                                .squad("devops").prompt(prompts.get("infrastructure")),
                        Steps.agent("deployment", kit.json(Roles.CONTAINER_ORCHESTRATOR, "deployment_manifests", OutputSchemas.FILES))
                                .squad("devops").prompt(prompts.get("deployment"))),
                Steps.agent("ci-cd", kit.json(Roles.CICD_SPECIALIST, "pipeline_files", OutputSchemas.FILES)).squad("devops")
                        .prompt(prompts.get("ci-cd")));

        // the code's owners win: a pipeline or manifest file at a path the source tree already holds is left out
        var devopsFiles = Steps.task(DEVOPS_FILES, "the devops files, without those at the source tree's or the infrastructure's paths",
                FullStackFiles::devopsFiles);

        var documentation = Steps.parallel("documentation",
                Steps.agent("readme", kit.text(Roles.TECHNICAL_WRITER)).squad("documentation").prompt(prompts.get("readme")),
                Steps.agent("architecture-doc", kit.text(Roles.TECHNICAL_WRITER)).squad("documentation").prompt(prompts.get("architecture-doc")),
                Steps.agent("deployment-guide", kit.text(Roles.TECHNICAL_WRITER)).squad("documentation").prompt(prompts.get("deployment-guide")),
                Steps.agent("api-docs", kit.text(Roles.TECHNICAL_WRITER)).squad("documentation").prompt(prompts.get("api-docs")));

        // the QA lead judges the whole release, after devops and documentation; the code it sends back is replaced
        Rubric rubric = Rubric.of(GATE);
        var release = ReviewLoop.builder("release", GATE, rubric, kit.config())
                .carry(FRONTEND, "components", Steps.agent("frontend-fixes",
                        kit.json(Roles.FRONTEND_DEVELOPER, "frontend_components", OutputSchemas.FILES)).squad("frontend").prompt(prompts.get("frontend-fixes")))
                .carry(BACKEND, "endpoints", Steps.agent("backend-fixes",
                        kit.json(Roles.BACKEND_DEVELOPER, "backend_code", FullStackSchemas.ENDPOINTS)).squad("backend").prompt(prompts.get("backend-fixes")))
                .carry(DATABASE, "data-schema", Steps.agent("database-fixes",
                        kit.json(Roles.DATABASE_ARCHITECT, "database_schema", FullStackSchemas.DATA_SCHEMA)).squad("data").prompt(prompts.get("database-fixes")))
                .carry(TESTS, "test-suites", Steps.agent("test-fixes",
                        kit.json(Roles.AUTOMATION_TESTER, "test_suites", FullStackSchemas.TEST_SUITES)).squad("qa").prompt(prompts.get("test-fixes")))
                .review(Steps.agent("release-review", kit.json(Roles.QA_LEAD, "release_review", OutputSchemas.review(rubric)))
                        .squad("qa").prompt(prompts.get("release-review")))
                .build();

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(business, frontend, backend, data, qa, sourcePaths, devops, devopsFiles, documentation, release)
                .deliverable("business.prd", "prd")
                .deliverable("business.kpis", "kpis.kpis")
                .deliverable("business.use_cases", "kpis.use_cases")
                .deliverable("business.copy", "landing-copy.copy")
                .deliverable("business.brief", "business-brief")
                .deliverable("frontend.design_system", "design-system.design_system")
                .deliverable("frontend.wireframes", "design-system.wireframes")
                .deliverable("frontend.components", FRONTEND + ".files")
                .deliverable("frontend.styles", "styles.files")
                .deliverable("frontend.integration", "frontend-integration")
                .deliverable("backend.api_spec", "api-design.openapi")
                .deliverable("backend.endpoints", BACKEND + ".endpoints")
                .deliverable("backend.schemas", BACKEND + ".schemas")
                .deliverable("backend.database.schema", DATABASE + ".schema")
                .deliverable("backend.database.migrations", DATABASE + ".migrations")
                .deliverable("backend.query_optimizations", "query-tuning")
                .deliverable("backend.integration", "backend-integration")
                .deliverable("data.architecture", "data-architecture")
                .deliverable("data.etl_pipelines", "etl.files")
                .deliverable("data.dashboards", "dashboards.dashboards")
                .deliverable("qa.test_plan", "test-plan")
                .deliverable("qa.test_suites", TESTS + ".test_suites")
                .deliverable("qa.coverage_report", TESTS + ".coverage_report")
                .deliverable("qa.release_review", "release-review")
                .deliverable("devops.infrastructure", "infrastructure.files")
                .deliverable("devops.ci_cd", DEVOPS_FILES + ".ci_cd")
                .deliverable("devops.deployment", DEVOPS_FILES + ".deployment")
                .deliverable("documentation.readme", "readme")
                .deliverable("documentation.architecture", "architecture-doc")
                .deliverable("documentation.deployment_guide", "deployment-guide")
                .deliverable("documentation.api_docs", "api-docs")
                .deliverable("timeline", "timeline")
                .build();
    }

    @Override
    public String reportNotice() {
        return "The coverage figure (`qa/coverage-estimate.json`) is the automation tester's estimate, not a measurement: "
                + "no test was run. Run the suites in CI with coverage enabled before relying on it.";
    }

    @Override
    public String notes() {
        return "Six squad phases run in order; inside each phase the specialists work in parallel and a lead "
                + "integrates their work: the product manager writes a business brief, the frontend "
                + "developer a frontend integration note (including the contract the UI needs), the API architect a "
                + "backend summary, the database architect the data architecture. Later phases read these integrated "
                + "briefs and JSON sub-paths (`{{api-design.openapi.paths}}`), not every raw output, which keeps "
                + "prompts small. The designer's design system comes first and the components and styles are built "
                + "from its tokens. The data engineer's ETL runs only when the requirements mention data movement "
                + "(import, sync, warehouse, analytics, integrations…) or the business analyst sets "
                + "`data_needs.etl_required`; otherwise `data.etl_pipelines` is `[]`. A task step lists the paths of "
                + "the source tree written so far (`source-paths`), which the CI/CD specialist and the README read so "
                + "that commands name the real files; the deployment reads the infrastructure code. A pipeline or manifest file at a path "
                + "the source tree or the infrastructure code already holds is left out (`devops-files`), so no devops "
                + "answer replaces code its owner wrote. Then the QA lead "
                + "reviews the whole release against the `qa-release` rubric — the brief, the API contract, the "
                + "current frontend, backend, database and test code, the README, the API docs, the CI/CD files, the "
                + "manifests and the deployment guide (the PRD, the test plan and the architecture documents are left "
                + "out to keep the prompt small). A failed review sends its feedback to the frontend and backend "
                + "developers, the database architect and the automation tester in parallel; each returns a complete "
                + "replacement of its code in its original schema (`frontend-code`, `backend-code`, `database-code`, "
                + "`test-code` hold the current versions), so the next round and the deliverables have the fixed "
                + "code; at most `maxIterations` rounds. The coverage figure is the tester's estimate, not a "
                + "measurement. The input's `timeline` is planned by the product manager in the business phase. "
                + "Files: one source tree (`frontend/`, `backend/`, `tests/`, `infra/`, `deploy/`, `.github/`) at "
                + "the paths the files name, `db/schema.sql` and numbered `db/migrations/*.sql`, "
                + "`design-system.json`, `qa/review.json`, the documents at the root and under `docs/`.";
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
        d.put("frontend.components", "frontend code after the last accepted review: [{path, language, content}] under frontend/");
        d.put("frontend.styles", "theme configuration and global styles: [{path, language, content}]");
        d.put("frontend.integration", "frontend integration notes and the contract the UI needs (Markdown)");
        d.put("backend.api_spec", "OpenAPI 3.1 document (JSON object)");
        d.put("backend.endpoints", "endpoint code after the last accepted review: [{path, language, content}] under backend/");
        d.put("backend.schemas", "validation schemas after the last accepted review: [{path, language, content}]");
        d.put("backend.database.schema", "SQL DDL after the last accepted review");
        d.put("backend.database.migrations", "ordered migration scripts (list of SQL texts)");
        d.put("backend.query_optimizations", "indexes and queries (Markdown)");
        d.put("backend.integration", "backend integration summary (Markdown)");
        d.put("data.architecture", "data architecture document (Markdown)");
        d.put("data.etl_pipelines", "ETL code when the requirements call for it, else []: [{path, language, content}]");
        d.put("data.dashboards", "[{name, audience, panels: [{title, kpi, chart, query}]}]");
        d.put("qa.test_plan", "test plan (Markdown)");
        d.put("qa.test_suites", "automated tests after the last accepted review: [{path, language, content}] under tests/");
        d.put("qa.coverage_report", "{estimated_line_coverage, critical_journeys_covered, gaps}: the tester's estimate, not measured");
        d.put("qa.release_review", "the QA lead's last verdict {score, approved, criteria: {id: {score, evidence}}, blockers, issues, feedback}");
        d.put("devops.infrastructure", "Terraform/IaC files: [{path, language, content}] under infra/");
        d.put("devops.ci_cd", "pipeline and Dockerfiles: [{path, language, content}]");
        d.put("devops.deployment", "Kubernetes (or target platform) manifests: [{path, language, content}] under deploy/");
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
        f.put("business.kpis", "docs/kpis.json");
        f.put("business.use_cases", "docs/use-cases.json");
        f.put("business.copy", "landing-copy.json");
        f.put("business.brief", "docs/brief.md");
        f.put("frontend.design_system", "design-system.json");
        f.put("frontend.wireframes", "docs/wireframes.json");
        f.put("frontend.integration", "docs/frontend-integration.md");
        f.put("backend.api_spec", "openapi.json");
        f.put("backend.database.schema", "db/schema.sql");
        f.put("backend.database.migrations", "db/migrations/*.sql");
        f.put("backend.query_optimizations", "docs/query-tuning.md");
        f.put("backend.integration", "docs/backend-integration.md");
        f.put("data.architecture", "docs/data-architecture.md");
        f.put("data.dashboards", "docs/dashboards.json");
        f.put("qa.test_plan", "docs/test-plan.md");
        f.put("qa.coverage_report", "qa/coverage-estimate.json");
        f.put("qa.release_review", "qa/review.json");
        f.put("documentation.readme", "README.md");
        f.put("documentation.architecture", "ARCHITECTURE.md");
        f.put("documentation.deployment_guide", "DEPLOYMENT.md");
        f.put("documentation.api_docs", "API.md");
        f.put("timeline", "docs/timeline.json");
        return f;
    }
}
