package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.roles.Role;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.internal.Schema.array;
import static dev.devora.orchestration.workflows.internal.Schema.integer;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * Workflow Incident Response (engineering operations), on a repository: the workspace outline → triage by the incident
 * commander → investigations in parallel, each only at the severities that call for it (backend at SEV1–SEV3,
 * DevOps at SEV1–SEV2, data and QA at SEV1), the investigators reading the code with the read-only workspace tools
 * → communication in parallel (a stakeholder status update at SEV1–SEV2, an escalation at SEV1) → the mitigation
 * and fix plan (a ticket-grade fix plan at SEV4) → the blameless postmortem → its review loop (QA lead against the
 * {@code postmortem} rubric; on failure the postmortem is replaced by a complete revision).
 *
 * <pre>{@code
 * Workflow w = IncidentResponseRecipe.INSTANCE.build(kit.withWorkspace(Workspace.readOnly(repo)),
 *         IncidentResponseRecipe.INSTANCE.input());
 * }</pre>
 */
public final class IncidentResponseRecipe implements Recipe {
    public static final IncidentResponseRecipe INSTANCE = new IncidentResponseRecipe();
    public static final String GATE = "postmortem";
    /** The severities, most severe first. */
    public static final List<String> SEVERITIES = List.of("SEV1", "SEV2", "SEV3", "SEV4");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final InputSpec INPUT = InputSpec.builder()
            .required("workspace", "the repository of the affected services: an existing directory, read-only")
            .field(InputField.required("severity", FieldType.STRING, "incident severity: SEV1 (critical) to SEV4 (minor)")
                    .allowing(SEVERITIES.toArray(String[]::new)))
            .required("summary", "what is happening, as first reported")
            .field(InputField.optional("symptoms", FieldType.LIST, "observed symptoms (texts), e.g. error messages, alerts"))
            .field(InputField.optional("affected_services", FieldType.LIST, "services or components affected (texts)"))
            .field(InputField.optional("timeline", FieldType.LIST, "what happened when, one \"time: event\" per item"))
            .field(InputField.optional("metrics", FieldType.STRING, "measured values pasted in (dashboards, error rates, "
                    + "latencies); the only figures presented as measured"))
            .build();

    private static final JsonNode TRIAGE = object(
            prop("impact", string("who and what is affected, with the measured figures given; 'unknown' otherwise")),
            prop("hypotheses", strings("likely causes to investigate, most likely first")),
            prop("questions", strings("what each investigation must answer")),
            prop("mitigation_candidates", strings("quick ways to restore service (rollback, flag, scale, failover)")));

    private static final JsonNode ESCALATION = object(
            prop("page", array(object(
                    prop("role", string("on-call role to page, e.g. backend on-call lead, database on-call")),
                    prop("reason", string("why this role is needed now")),
                    prop("sla_minutes", integer("minutes within which the role must acknowledge"))))),
            prop("notify", strings("roles to inform without paging, e.g. head of engineering, support lead")),
            prop("update_cadence_minutes", integer("minutes between status updates")),
            prop("escalate_further_if", strings("conditions that raise the escalation, e.g. no mitigation in 60 minutes")));

    private IncidentResponseRecipe() {
    }

    @Override public String id() { return "incident-response"; }
    @Override public String name() { return "Incident Response"; }
    @Override public String description() {
        return "Respond to a production incident by severity: investigate the repository, communicate, escalate, plan the fix and write the blameless postmortem";
    }
    @Override public List<SquadId> squads() { return List.of(SquadId.BACKEND, SquadId.DEVOPS, SquadId.DATA, SquadId.QA); }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input).nonBlankStrings("symptoms", false)
                .nonBlankStrings("affected_services", false).nonBlankStrings("timeline", false);
        if (input.path("workspace").asText("").isBlank()) c.problem("input.workspace", "must name the repository's directory, was blank");
        else c.directory("workspace");
        return c.problems();
    }

    /** True when the input's severity is one of these. */
    static Condition severityIn(String... levels) {
        List<String> wanted = List.of(levels);
        String description = levels.length == 1 ? "input.severity = " + levels[0] : "input.severity in " + String.join(", ", wanted);
        return Condition.of(description, s -> wanted.stream().anyMatch(l -> l.equalsIgnoreCase(s.inputText("severity"))));
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        var outline = Steps.task("workspace-outline", "list the files of the workspace for the investigators",
                ctx -> SourceSummary.tree(Path.of(ctx.inputText("workspace"))));
        var triage = Steps.agent("triage", kit.json(Roles.INCIDENT_COMMANDER, "incident_triage", TRIAGE)).squad("devops")
                .prompt(prompts.get("triage"));
        var investigations = Steps.parallel("investigations",
                investigation(kit, prompts, "backend", Roles.BACKEND_DEVELOPER, "SEV1", "SEV2", "SEV3"),
                investigation(kit, prompts, "devops", Roles.MONITORING_SPECIALIST, "SEV1", "SEV2"),
                investigation(kit, prompts, "data", Roles.DATABASE_ENGINEER, "SEV1"),
                investigation(kit, prompts, "qa", Roles.TEST_ENGINEER, "SEV1"));
        var communication = Steps.parallel("communication",
                Steps.when("status-update", severityIn("SEV1", "SEV2"),
                        Steps.agent("write-status-update", kit.text(Roles.INCIDENT_COMMANDER)).squad("devops")
                                .prompt(prompts.get("write-status-update"))),
                Steps.when("escalation", severityIn("SEV1"),
                        Steps.agent("escalate", kit.json(Roles.INCIDENT_COMMANDER, "incident_escalation", ESCALATION))
                                .squad("devops").prompt(prompts.get("escalate"))));
        var fixPlan = Steps.when("fix-plan", severityIn("SEV4"),
                        Steps.agent("ticket", kit.text(Roles.BACKEND_DEVELOPER)).squad("backend").prompt(prompts.get("ticket")))
                .otherwise(Steps.agent("mitigation-plan", kit.text(Roles.INCIDENT_COMMANDER)).squad("devops")
                        .prompt(prompts.get("mitigation-plan")));
        var postmortem = Steps.agent("postmortem", kit.text(Roles.INCIDENT_COMMANDER)).squad("devops")
                .prompt(prompts.get("postmortem"));
        var review = ReviewLoop.builder("postmortem-loop", GATE, Rubric.of(GATE), kit.config())
                .carry("postmortem-doc", "postmortem", Steps.agent("revised-postmortem", kit.text(Roles.INCIDENT_COMMANDER))
                        .squad("devops").prompt(prompts.get("revised-postmortem")))
                .review(Steps.agent("postmortem-review", kit.json(Roles.QA_LEAD, "postmortem_review", OutputSchemas.review(Rubric.of(GATE))))
                        .squad("qa").prompt(prompts.get("postmortem-review")))
                .build();

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(outline, triage, investigations, communication, fixPlan, postmortem, review)
                .deliverable("triage", "triage")
                .deliverable("investigations.backend", "backend-investigation")
                .deliverable("investigations.devops", "devops-investigation")
                .deliverable("investigations.data", "data-investigation")
                .deliverable("investigations.qa", "qa-investigation")
                .deliverable("status_update", "status-update")
                .deliverable("escalation", "escalation")
                .deliverable("fix_plan", "fix-plan")
                .deliverable("postmortem", "postmortem-doc")
                .deliverable("review", "postmortem-review")
                .build();
    }

    /** The squad's investigation, reading the workspace, only at these severities (skipped otherwise). */
    private static Step investigation(AgentKit kit, StepPrompts prompts, String squad, Role role, String... levels) {
        String step = "investigate-" + squad;
        return Steps.when(squad + "-investigation", severityIn(levels),
                Steps.agent(step, kit.codeReader(role)).squad(squad).prompt(prompts.get(step)));
    }

    @Override
    public String notes() {
        return "An engineering-operations workflow, run on a repository: `workspace` is the directory of the affected "
                + "services, which the investigators read with the read-only workspace tools (list, search, read the "
                + "lines; each suspected cause cites the `file:line` read); the workflow writes nothing into it. The "
                + "incident commander triages first. The severity then drives the flow, every branch visible in the "
                + "plan and the diagram: SEV1 runs the backend, DevOps, data and QA investigations in parallel, a "
                + "stakeholder status update and an escalation (who to page, by role, with the acknowledgement SLA); "
                + "SEV2 runs the backend and DevOps investigations and a status update; SEV3 one backend investigation; "
                + "SEV4 no investigation, and the fix plan is a ticket-grade plan written by a backend developer "
                + "instead of the commander's mitigation and fix plan. `metrics` are the only figures presented as "
                + "measured; anything else is labelled an estimate or a hypothesis. The commander then writes the "
                + "blameless postmortem (summary, impact, timeline, root cause, what went well and badly, action items "
                + "with owners and dates), which the QA lead reviews against the `postmortem` rubric (blameless "
                + "language, root cause evidenced, actions measurable, completeness); after a rejection the postmortem "
                + "is replaced by a complete revision (bounded), and `POSTMORTEM.md` is the last version.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("triage", "{impact, hypotheses, questions, mitigation_candidates}: the incident commander's triage (incident/triage.json)");
        d.put("investigations.backend", "the backend investigation (SEV1–SEV3): suspected causes with `file:line` evidence, "
                + "hypotheses to verify, the mitigation and the fix (incident/investigation-backend.md)");
        d.put("investigations.devops", "the DevOps investigation (SEV1–SEV2): deployment, configuration and observability "
                + "(incident/investigation-devops.md)");
        d.put("investigations.data", "the data investigation (SEV1): queries, migrations, pools (incident/investigation-data.md)");
        d.put("investigations.qa", "the QA investigation (SEV1): tests covering the failing path and the regression test to add "
                + "(incident/investigation-qa.md)");
        d.put("status_update", "the stakeholder status message (SEV1–SEV2): impact, what is being done, next update "
                + "(incident/status-update.md)");
        d.put("escalation", "{page: [{role, reason, sla_minutes}], notify, update_cadence_minutes, escalate_further_if} "
                + "(SEV1; incident/escalation.json)");
        d.put("fix_plan", "the mitigation and fix plan with owners, verification and rollback; at SEV4 a ticket-grade fix "
                + "plan (incident/fix-plan.md)");
        d.put("postmortem", "the blameless postmortem: summary, impact, timeline, root cause, what went well, what went "
                + "badly, action items with owners and dates; the last version reviewed (POSTMORTEM.md)");
        d.put("review", "the QA lead's last verdict against the postmortem rubric {criteria: {blameless, root_cause, "
                + "actions, completeness: {score, evidence}}, score, approved, blockers, issues, feedback} "
                + "(incident/review.json)");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("triage", "incident/triage.json");
        f.put("investigations.backend", "incident/investigation-backend.md");
        f.put("investigations.devops", "incident/investigation-devops.md");
        f.put("investigations.data", "incident/investigation-data.md");
        f.put("investigations.qa", "incident/investigation-qa.md");
        f.put("status_update", "incident/status-update.md");
        f.put("escalation", "incident/escalation.json");
        f.put("fix_plan", "incident/fix-plan.md");
        f.put("postmortem", "POSTMORTEM.md");
        f.put("review", "incident/review.json");
        return f;
    }
}
