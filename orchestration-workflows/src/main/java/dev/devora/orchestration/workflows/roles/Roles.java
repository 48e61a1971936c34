package dev.devora.orchestration.workflows.roles;

import dev.devora.orchestration.workflows.ModelTier;

import java.util.List;

/**
 * The role catalogue: every role agent of the predefined workflows, grouped by squad.
 *
 * <pre>{@code
 * Roles.all().forEach(r -> System.out.println(r.squad() + " " + r.id() + " (" + r.tier() + ")"));
 * List<Role> backend = Roles.of(SquadId.BACKEND);
 * Role pm = Roles.byId("product-manager");
 * }</pre>
 */
public final class Roles {
    /**
     * The senior product manager of the business squad: owns the requirements, from a brief to a full PRD: personas,
     * prioritised requirements with acceptance criteria, risks.
     */
    public static final Role PRODUCT_MANAGER = new Role("product-manager", "senior product manager", SquadId.BUSINESS,
            ModelTier.SMART, "Owns the requirements, from a brief to a full PRD: personas, prioritised requirements, risks");
    /**
     * The business analyst of the business squad: defines use cases, KPIs with formulas and targets, and data needs.
     */
    public static final Role BUSINESS_ANALYST = new Role("business-analyst", "business analyst", SquadId.BUSINESS,
            ModelTier.SMART, "Defines use cases, KPIs with formulas and targets, and data needs");
    /** The conversion copywriter of the business squad: writes landing-page copy, calls to action, FAQ and SEO meta. */
    public static final Role COPYWRITER = new Role("copywriter", "conversion copywriter", SquadId.BUSINESS,
            ModelTier.FAST, "Writes landing-page copy, calls to action, FAQ and SEO meta");
    /**
     * The senior UI/UX designer of the frontend squad: creates the design system (tokens, components) and wireframes.
     */
    public static final Role UI_UX_DESIGNER = new Role("ui-ux-designer", "senior UI/UX designer", SquadId.FRONTEND,
            ModelTier.SMART, "Creates the design system (tokens, components) and wireframes");
    /** The senior frontend developer of the frontend squad: builds typed, accessible components and screens. */
    public static final Role FRONTEND_DEVELOPER = new Role("frontend-developer", "senior frontend developer",
            SquadId.FRONTEND, ModelTier.SMART, "Builds typed, accessible components and screens");
    /** The CSS and Tailwind specialist of the frontend squad: turns design tokens into the theme and global styles. */
    public static final Role CSS_SPECIALIST = new Role("css-specialist", "CSS and Tailwind specialist", SquadId.FRONTEND,
            ModelTier.FAST, "Turns design tokens into the theme and global styles");
    /**
     * The senior API architect of the backend squad: designs the API contract (OpenAPI 3.1 or GraphQL SDL) and the
     * system architecture around it.
     */
    public static final Role API_ARCHITECT = new Role("api-architect", "senior API architect", SquadId.BACKEND,
            ModelTier.SMART,
            "Designs the API contract (OpenAPI 3.1 or GraphQL SDL) and the system architecture around it");
    /** The senior backend developer of the backend squad: implements endpoints, validation schemas and middleware. */
    public static final Role BACKEND_DEVELOPER = new Role("backend-developer", "senior backend developer",
            SquadId.BACKEND, ModelTier.SMART, "Implements endpoints, validation schemas and middleware");
    /** The database performance engineer of the backend squad: optimises queries, indexes, pooling and caching. */
    public static final Role DATABASE_ENGINEER = new Role("database-engineer", "database performance engineer",
            SquadId.BACKEND, ModelTier.SMART, "Optimises queries, indexes, pooling and caching");
    /** The database architect of the data squad: designs schemas, migrations and warehouse models. */
    public static final Role DATABASE_ARCHITECT = new Role("database-architect", "database architect", SquadId.DATA,
            ModelTier.SMART, "Designs schemas, migrations and warehouse models");
    /** The senior data engineer of the data squad: designs and implements ETL/ELT pipelines with quality checks. */
    public static final Role DATA_ENGINEER = new Role("data-engineer", "senior data engineer", SquadId.DATA,
            ModelTier.SMART, "Designs and implements ETL/ELT pipelines with quality checks");
    /** The BI analyst of the data squad: configures dashboards from the KPIs. */
    public static final Role BI_ANALYST = new Role("bi-analyst", "BI analyst", SquadId.DATA, ModelTier.FAST,
            "Configures dashboards from the KPIs");
    /** The test engineer of the QA squad: writes the risk-based test plan with traceable test cases. */
    public static final Role TEST_ENGINEER = new Role("test-engineer", "test engineer", SquadId.QA, ModelTier.FAST,
            "Writes the risk-based test plan with traceable test cases");
    /** The test automation engineer of the QA squad: automates E2E, API and contract tests for CI. */
    public static final Role AUTOMATION_TESTER = new Role("automation-tester", "test automation engineer", SquadId.QA,
            ModelTier.SMART, "Automates E2E, API and contract tests for CI");
    /**
     * The quality engineer of the QA squad: makes the project's own checks (type check, lint, tests) pass with the
     * smallest change, reading their real output.
     */
    public static final Role QUALITY_ENGINEER = new Role("quality-engineer", "quality engineer", SquadId.QA,
            ModelTier.SMART, "Fixes what the project's type check, lint and tests report, with the smallest change");
    /** The QA lead of the QA squad: approves the release or sends it back with actionable feedback. */
    public static final Role QA_LEAD = new Role("qa-lead", "QA lead", SquadId.QA, ModelTier.SMART,
            "Approves the release or sends it back with actionable feedback");
    /**
     * The application and cloud security auditor of the QA squad: finds and rates vulnerabilities (OWASP, CWE, CIS)
     * with fixes.
     */
    public static final Role SECURITY_AUDITOR = new Role("security-auditor", "application and cloud security auditor",
            SquadId.QA, ModelTier.SMART, "Finds and rates vulnerabilities (OWASP, CWE, CIS) with fixes");
    /** The cloud infrastructure engineer of the DevOps squad: provisions infrastructure as code (Terraform). */
    public static final Role INFRASTRUCTURE_ENGINEER = new Role("infrastructure-engineer", "cloud infrastructure engineer",
            SquadId.DEVOPS, ModelTier.SMART, "Provisions infrastructure as code (Terraform)");
    /**
     * The CI/CD specialist of the DevOps squad: writes the pipeline for GitHub, GitLab or Bitbucket, and the
     * Dockerfile.
     */
    public static final Role CICD_SPECIALIST = new Role("cicd-specialist", "CI/CD specialist", SquadId.DEVOPS,
            ModelTier.SMART, "Writes the pipeline for GitHub, GitLab or Bitbucket, and the Dockerfile");
    /**
     * The container orchestration engineer of the DevOps squad: deploys on Kubernetes/ECS/App Engine/Vercel with
     * rollback.
     */
    public static final Role CONTAINER_ORCHESTRATOR = new Role("container-orchestrator", "container orchestration engineer",
            SquadId.DEVOPS, ModelTier.SMART, "Deploys on Kubernetes/ECS/App Engine/Vercel with rollback");
    /** The observability engineer of the DevOps squad: sets up SLOs, APM, dashboards and alerts. */
    public static final Role MONITORING_SPECIALIST = new Role("monitoring-specialist", "observability engineer",
            SquadId.DEVOPS, ModelTier.FAST, "Sets up SLOs, APM, dashboards and alerts");
    /**
     * The incident commander of the DevOps squad: drives an incident by severity (triage, escalation, status updates)
     * and writes the blameless postmortem.
     */
    public static final Role INCIDENT_COMMANDER = new Role("incident-commander", "incident commander", SquadId.DEVOPS,
            ModelTier.SMART, "Drives incidents by severity: triage, escalation, status updates and the blameless postmortem");
    /**
     * The release manager of the DevOps squad: gathers what changed since the previous release, owns the version,
     * the deployment order and the rollback plan, and approves (as a person) the production phase.
     */
    public static final Role RELEASE_MANAGER = new Role("release-manager", "release manager", SquadId.DEVOPS,
            ModelTier.SMART, "Gathers the changes since the last release, owns the version, the rollout and the rollback plan");
    /**
     * The performance engineer of the performance squad: profiles, finds bottlenecks, checks results against targets.
     */
    public static final Role PERFORMANCE_ENGINEER = new Role("performance-engineer", "performance engineer",
            SquadId.PERFORMANCE, ModelTier.SMART, "Profiles, finds bottlenecks, checks results against targets");
    /** The load testing engineer of the performance squad: scripts k6 load tests and measures baseline and limits. */
    public static final Role LOAD_TESTER = new Role("load-tester", "load testing engineer", SquadId.PERFORMANCE,
            ModelTier.FAST, "Scripts k6 load tests and measures baseline and limits");
    /**
     * The senior technical writer of the documentation squad: writes READMEs, guides, architecture docs, API docs and
     * ADRs.
     */
    public static final Role TECHNICAL_WRITER = new Role("technical-writer", "senior technical writer",
            SquadId.DOCUMENTATION, ModelTier.SMART, "Writes READMEs, guides, architecture docs, API docs and ADRs");
    /** The documentation reviewer of the documentation squad: reviews docs for accuracy, completeness and clarity. */
    public static final Role DOCUMENTATION_REVIEWER = new Role("documentation-reviewer", "documentation reviewer",
            SquadId.DOCUMENTATION, ModelTier.FAST, "Reviews docs for accuracy, completeness and clarity");
    /** The ML engineer of the AI/ML squad: packages and serves models, plans rollout and ML monitoring. */
    public static final Role ML_ENGINEER = new Role("ml-engineer", "ML engineer", SquadId.AI_ML, ModelTier.SMART,
            "Packages and serves models, plans rollout and ML monitoring");
    /** The data scientist of the AI/ML squad: validates model metrics, fairness and the online test design. */
    public static final Role DATA_SCIENTIST = new Role("data-scientist", "data scientist", SquadId.AI_ML,
            ModelTier.SMART, "Validates model metrics, fairness and the online test design");
    /** The accessibility specialist of the accessibility squad: audits against WCAG 2.2 AA and verifies fixes. */
    public static final Role ACCESSIBILITY_SPECIALIST = new Role("accessibility-specialist", "accessibility specialist",
            SquadId.ACCESSIBILITY, ModelTier.SMART, "Audits against WCAG 2.2 AA and verifies fixes");
    /**
     * The website designer of the website squad ({@code design-ia}): mockups, style guide and assets of a small
     * business's site.
     */
    public static final Role DESIGN_IA = new Role("design-ia", "website designer for small businesses", SquadId.WEBSITE,
            ModelTier.SMART, "Designs the mockups, style guide and assets of a small business's site");
    /** The site builder of the website squad ({@code core-platform}): turns the mockups into the site's pages. */
    public static final Role CORE_PLATFORM = new Role("core-platform", "website builder", SquadId.WEBSITE,
            ModelTier.SMART, "Builds the site's pages from the mockups: content, SEO, contact and map");
    /**
     * The automation engineer of the website squad ({@code automation}): reservations, appointments or quotes, with
     * their confirmations and reminders.
     */
    public static final Role AUTOMATION = new Role("automation", "business automation engineer", SquadId.WEBSITE,
            ModelTier.FAST, "Sets up reservations, appointments or quote requests with their messages");
    /** The local advertising manager of the website squad ({@code ads-management}): launch campaigns within budget. */
    public static final Role ADS_MANAGEMENT = new Role("ads-management", "local advertising manager", SquadId.WEBSITE,
            ModelTier.FAST, "Plans the launch campaigns (local search, social) within the budget");
    /** The catalogue's own router, used to suggest a workflow for a free-text task; in no squad. */
    public static final Role WORKFLOW_ROUTER = new Role("workflow-router", "workflow dispatcher", null, ModelTier.FAST,
            "Suggests the workflow or squad that fits a task");

    private static final List<Role> ALL = List.of(PRODUCT_MANAGER, BUSINESS_ANALYST, COPYWRITER, UI_UX_DESIGNER,
            FRONTEND_DEVELOPER, CSS_SPECIALIST, API_ARCHITECT, BACKEND_DEVELOPER, DATABASE_ENGINEER, DATABASE_ARCHITECT,
            DATA_ENGINEER, BI_ANALYST, TEST_ENGINEER, AUTOMATION_TESTER, QUALITY_ENGINEER, QA_LEAD, SECURITY_AUDITOR,
            INFRASTRUCTURE_ENGINEER, CICD_SPECIALIST, CONTAINER_ORCHESTRATOR, MONITORING_SPECIALIST, INCIDENT_COMMANDER, RELEASE_MANAGER,
            PERFORMANCE_ENGINEER, LOAD_TESTER, TECHNICAL_WRITER, DOCUMENTATION_REVIEWER, ML_ENGINEER, DATA_SCIENTIST,
            ACCESSIBILITY_SPECIALIST, DESIGN_IA, CORE_PLATFORM, AUTOMATION, ADS_MANAGEMENT, WORKFLOW_ROUTER);

    private Roles() {
    }

    /**
     * Every role, the router last.
     *
     * @return the roles, unmodifiable
     */
    public static List<Role> all() {
        return ALL;
    }

    /**
     * The roles of a squad, in catalogue order.
     *
     * @param squad the squad; null gives the roles in no squad (the router)
     * @return the roles
     */
    public static List<Role> of(SquadId squad) {
        return ALL.stream().filter(r -> r.squad() == squad).toList();
    }

    /**
     * The role with this id.
     *
     * @throws IllegalArgumentException naming the known ids
     * @param id the role id, e.g. {@code "api-architect"}
     * @return the role
     */
    public static Role byId(String id) {
        for (Role r : ALL) if (r.id().equals(id)) return r;
        throw new IllegalArgumentException("unknown role '" + id + "' (known roles: "
                + String.join(", ", ALL.stream().map(Role::id).toList()) + ")");
    }
}
