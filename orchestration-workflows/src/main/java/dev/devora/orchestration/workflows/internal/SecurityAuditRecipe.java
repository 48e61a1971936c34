package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.TaskContext;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.devora.orchestration.workflows.internal.Schema.array;
import static dev.devora.orchestration.workflows.internal.Schema.integer;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.oneOf;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * Workflow 8, Security Audit: (source: an outline, the code audit reading it with the workspace tools) → code, API and infrastructure audits in parallel (each only when
 * in {@code scope}) → findings consolidated with severities (and counted in plain Java) → code and infrastructure
 * fixes in parallel → remediation plan → sign-off loop (QA lead against the {@code security-signoff} rubric, reading
 * the findings, the current fixes and the current plan; on failure the fixes and the plan are each replaced by a
 * complete revision, so a round starts from the previous round's version).
 *
 * <pre>{@code
 * Workflow w = SecurityAuditRecipe.INSTANCE.build(kit, SecurityAuditRecipe.INSTANCE.input());
 * }</pre>
 */
public final class SecurityAuditRecipe implements Recipe {
    public static final SecurityAuditRecipe INSTANCE = new SecurityAuditRecipe();
    public static final String GATE = "security-signoff";
    static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "info");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final InputSpec INPUT = InputSpec.builder()
            .required("target_name", "name of the system under audit")
            .required("description", "what the system does, its users and the data it holds")
            .required("tech_stack", FieldType.LIST, "technologies, one string per item")
            .field(InputField.optional("scope", FieldType.LIST, "audits to run: code, api, infrastructure")
                    .withDefault(NODES.arrayNode().add("code").add("api").add("infrastructure")))
            .field(InputField.optional("source_code_path", FieldType.STRING, "optional: a local directory with the source code")
                    .withDefault(NODES.textNode("")))
            .field(InputField.optional("code_samples", FieldType.LIST, "code excerpts to audit (texts)"))
            .field(InputField.optional("api_specification", FieldType.STRING, "OpenAPI/GraphQL contract or API description")
                    .withDefault(NODES.textNode("not provided")))
            .field(InputField.optional("infrastructure", FieldType.LIST, "infrastructure facts or IaC excerpts (texts)"))
            .field(InputField.optional("compliance", FieldType.LIST, "frameworks to map to, e.g. OWASP ASVS L2, PCI DSS, GDPR"))
            .field(InputField.optional("severity_threshold", FieldType.STRING, "lowest severity that must be remediated before sign-off")
                    .allowing("critical", "high", "medium", "low").withDefault(NODES.textNode("high")))
            .build();

    private static final JsonNode PLAN = object(
            prop("items", array(object(
                    prop("finding_id", string("finding id")),
                    prop("action", string("what to change")),
                    prop("owner_role", string("e.g. backend-developer, infrastructure-engineer")),
                    prop("priority", oneOf("P0 = now, P3 = backlog", "P0", "P1", "P2", "P3")),
                    prop("deadline_days", integer("days to fix")),
                    prop("verification", string("how to verify the fix"))))),
            prop("quick_wins", strings("fixes doable within a day")),
            prop("roadmap", string("Markdown: the remediation roadmap by priority")));

    private SecurityAuditRecipe() {
    }

    @Override public String id() { return "security-audit"; }
    @Override public String name() { return "Security Audit"; }
    @Override public String description() { return "Audit code, API and infrastructure security, rate the findings and plan the remediation"; }
    @Override public List<SquadId> squads() { return List.of(SquadId.BACKEND, SquadId.QA, SquadId.DEVOPS); }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input).nonBlankStrings("tech_stack", true)
                .nonBlankStrings("scope", true).allowedItems("scope", "code", "api", "infrastructure")
                .nonBlankStrings("code_samples", false).nonBlankStrings("infrastructure", false)
                .nonBlankStrings("compliance", false);
        c.directory("source_code_path");
        return c.problems();
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        var source = SourceSummary.step(kit, DocumentationRecipe.SOURCE_BUDGET, "No source directory was provided.");
        var audits = Steps.parallel("audits",
                Scoped.when("code-audit", InputValues.listContains("scope", "code"),
                        Steps.agent("code-findings", kit.codeReader(Roles.SECURITY_AUDITOR, "findings", OutputSchemas.FINDINGS))
                                .squad("backend").prompt(prompts.get("code-findings")),
                        Scoped.emptyFindings("code audit not in scope")),
                Scoped.when("api-audit", InputValues.listContains("scope", "api"),
                        Steps.agent("api-findings", kit.json(Roles.SECURITY_AUDITOR, "findings", OutputSchemas.FINDINGS))
                                .squad("qa").prompt(prompts.get("api-findings")),
                        Scoped.emptyFindings("API audit not in scope")),
                Scoped.when("infra-audit", InputValues.listContains("scope", "infrastructure"),
                        Steps.agent("infra-findings", kit.json(Roles.SECURITY_AUDITOR, "findings", OutputSchemas.FINDINGS))
                                .squad("devops").prompt(prompts.get("infra-findings")),
                        Scoped.emptyFindings("infrastructure audit not in scope")));
        var consolidate = Steps.agent("consolidated", kit.json(Roles.SECURITY_AUDITOR, "findings", OutputSchemas.FINDINGS))
                .squad("qa").prompt(prompts.get("consolidated"));
        var counts = Steps.task("severity-counts", "count findings by severity", SecurityAuditRecipe::count);
        var fixes = Steps.parallel("fixes",
                Steps.agent("code-fixes", kit.text(Roles.BACKEND_DEVELOPER)).squad("backend").prompt(prompts.get("code-fixes")),
                Steps.agent("infra-fixes", kit.text(Roles.INFRASTRUCTURE_ENGINEER)).squad("devops").prompt(prompts.get("infra-fixes")));
        var plan = Steps.agent("remediation-plan", kit.json(Roles.SECURITY_AUDITOR, "remediation_plan", PLAN)).squad("qa")
                .prompt(prompts.get("remediation-plan"));
        var signoffLoop = ReviewLoop.builder("signoff-loop", GATE, Rubric.of(GATE), kit.config())
                .carry("code-patches", "code-fixes", Steps.agent("revised-code-fixes", kit.text(Roles.BACKEND_DEVELOPER))
                        .squad("backend").prompt(prompts.get("revised-code-fixes")))
                .carry("infra-patches", "infra-fixes", Steps.agent("revised-infra-fixes", kit.text(Roles.INFRASTRUCTURE_ENGINEER))
                        .squad("devops").prompt(prompts.get("revised-infra-fixes")))
                .carry("plan", "remediation-plan", Steps.agent("revised-plan", kit.json(Roles.SECURITY_AUDITOR, "remediation_plan", PLAN))
                        .squad("qa").prompt(prompts.get("revised-plan")))
                .review(Steps.agent("signoff", kit.json(Roles.QA_LEAD, "security_signoff", OutputSchemas.review(Rubric.of(GATE))))
                        .squad("qa").prompt(prompts.get("signoff")))
                .build();

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(source, audits, consolidate, counts, fixes, plan, signoffLoop)
                .deliverable("findings", "consolidated.findings")
                .deliverable("summary", "consolidated.summary")
                .deliverable("severity_counts", "severity-counts")
                .deliverable("audits.code", "code-audit")
                .deliverable("audits.api", "api-audit")
                .deliverable("audits.infrastructure", "infra-audit")
                .deliverable("fixes.code", "code-patches")
                .deliverable("fixes.infrastructure", "infra-patches")
                .deliverable("remediation_plan", "plan")
                .deliverable("signoff", "signoff")
                .build();
    }

    static ObjectNode count(TaskContext ctx) {
        ObjectNode counts = NODES.objectNode();
        SEVERITIES.forEach(s -> counts.put(s, 0));
        for (JsonNode f : ctx.json("consolidated.findings")) {
            String s = f.path("severity").asText("info").toLowerCase(Locale.ROOT);
            counts.put(SEVERITIES.contains(s) ? s : "info", counts.path(SEVERITIES.contains(s) ? s : "info").asInt() + 1);
        }
        String threshold = ctx.inputText("severity_threshold").toLowerCase(Locale.ROOT);
        int limit = SEVERITIES.indexOf(threshold.isBlank() ? "high" : threshold);
        int blocking = 0;
        for (int i = 0; i <= Math.max(0, limit); i++) blocking += counts.path(SEVERITIES.get(i)).asInt();
        counts.put("at_or_above_threshold", blocking);
        return counts;
    }

    @Override
    public String notes() {
        return "Designed for this library. The code audit (tagged backend squad), API audit (QA) and infrastructure "
                + "audit (DevOps) run in parallel, each only when in `scope`, each returning findings with severities "
                + "mapped to OWASP/CWE/CIS. The auditor consolidates them (duplicates merged, highest justified "
                + "severity kept) and plain Java counts them by severity and against `severity_threshold`. Code and "
                + "infrastructure fixes are drafted in parallel (Markdown patches to review and apply, one file per "
                + "area: `security/fixes/code.md`, `security/fixes/infrastructure.md`), the auditor writes the "
                + "remediation plan, and the QA lead signs off the findings, the fixes and the plan against the "
                + "`security-signoff` rubric (coverage, fix quality, prioritisation, verification, compliance). After a "
                + "rejection, the fixes and the plan are each revised in parallel from their current version and the "
                + "feedback, as complete replacements, so round 3 starts from round 2's revision (bounded); the "
                + "deliverables are the last versions. Findings, counts, plan and verdict are one JSON file each under "
                + "`security/`. With `source_code_path`, "
                + "the code audit reads the code with the read-only workspace tools, as the documentation analysis "
                + "does (the outline in the prompt; list, search, read the lines; each finding's location is the "
                + "`file:line` read); the API and infrastructure audits, the fixes and the plan work from their inputs "
                + "and the findings, without tools.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("findings", "[{id, title, category, severity (critical..info), location, evidence, impact, remediation, effort}] "
                + "consolidated (security/findings.json)");
        d.put("summary", "overall security posture (security/summary.md)");
        d.put("severity_counts", "{critical, high, medium, low, info, at_or_above_threshold}, counted in Java "
                + "(security/severity-counts.json)");
        d.put("audits.code", "{findings, summary} of the code audit (empty when not in scope; security/audits/code.json)");
        d.put("audits.api", "{findings, summary} of the API audit (empty when not in scope; security/audits/api.json)");
        d.put("audits.infrastructure", "{findings, summary} of the infrastructure audit (empty when not in scope; "
                + "security/audits/infrastructure.json)");
        d.put("fixes.code", "the code and API fixes as Markdown: one section per finding with a unified-diff patch (```diff) "
                + "or the corrected code, to review and apply by hand; the last version signed off (security/fixes/code.md)");
        d.put("fixes.infrastructure", "the infrastructure fixes as Markdown: one section per finding with the IaC or "
                + "configuration change as a patch; the last version signed off (security/fixes/infrastructure.md)");
        d.put("remediation_plan", "{items: [{finding_id, action, owner_role, priority, deadline_days, verification}], quick_wins, "
                + "roadmap}: the last version signed off (security/remediation-plan.json)");
        d.put("signoff", "the QA lead's last verdict against the security-signoff rubric {criteria: {coverage, fix_quality, "
                + "prioritisation, verification, compliance: {score, evidence}}, score, approved, blockers, issues, feedback} "
                + "(security/signoff.json)");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("findings", "security/findings.json");
        f.put("summary", "security/summary.md");
        f.put("severity_counts", "security/severity-counts.json");
        f.put("audits.code", "security/audits/code.json");
        f.put("audits.api", "security/audits/api.json");
        f.put("audits.infrastructure", "security/audits/infrastructure.json");
        f.put("fixes.code", "security/fixes/code.md");
        f.put("fixes.infrastructure", "security/fixes/infrastructure.md");
        f.put("remediation_plan", "security/remediation-plan.json");
        f.put("signoff", "security/signoff.json");
        return f;
    }
}
