package dev.devora.orchestration.workflows;

import dev.devora.orchestration.agent.Squad;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.internal.AgentKit;
import dev.devora.orchestration.workflows.roles.Role;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.util.Map;

/**
 * The squads as core {@link Squad}s (their role agents as members, a lead who integrates), and a one-step
 * workflow that gives a free-text task to a squad: what a squad suggestion of {@link WorkflowCatalog#suggest} runs.
 *
 * <p>Leads: business → product-manager, frontend → frontend-developer, backend → api-architect, data →
 * database-architect, QA → qa-lead, DevOps → infrastructure-engineer, performance → performance-engineer,
 * documentation → technical-writer, AI/ML → ml-engineer, accessibility → accessibility-specialist, website →
 * core-platform.
 *
 * <pre>{@code
 * Squad backend = Squads.squad(SquadId.BACKEND, llm, WorkflowConfig.defaults());
 * Suggestion s = Workflows.catalog().suggest("Write Terraform for our VPC");
 * WorkflowResult r = WorkflowEngine.create().run(Squads.taskWorkflow(SquadId.fromId(s.id()), llm, WorkflowConfig.defaults()),
 *         Map.of("task", "Write Terraform for our VPC"));
 * r.text("squad-task");   // the lead's integrated answer
 * }</pre>
 */
public final class Squads {
    private static final Map<SquadId, Role> LEADS = Map.ofEntries(
            Map.entry(SquadId.BUSINESS, Roles.PRODUCT_MANAGER), Map.entry(SquadId.FRONTEND, Roles.FRONTEND_DEVELOPER),
            Map.entry(SquadId.BACKEND, Roles.API_ARCHITECT), Map.entry(SquadId.DATA, Roles.DATABASE_ARCHITECT),
            Map.entry(SquadId.QA, Roles.QA_LEAD), Map.entry(SquadId.DEVOPS, Roles.INFRASTRUCTURE_ENGINEER),
            Map.entry(SquadId.PERFORMANCE, Roles.PERFORMANCE_ENGINEER), Map.entry(SquadId.DOCUMENTATION, Roles.TECHNICAL_WRITER),
            Map.entry(SquadId.AI_ML, Roles.ML_ENGINEER), Map.entry(SquadId.ACCESSIBILITY, Roles.ACCESSIBILITY_SPECIALIST),
            Map.entry(SquadId.WEBSITE, Roles.CORE_PLATFORM));

    private Squads() {
    }

    /**
     * The squad's lead role.
     *
     * @param id the squad
     * @return its lead role, which integrates the members' work
     */
    public static Role lead(SquadId id) {
        return LEADS.get(id);
    }

    /**
     * The squad with its role agents (Markdown output) and its lead.
     *
     * @param id     the squad
     * @param llm    the provider of every agent's model
     * @param config model policy and instruction overrides
     * @return the squad
     */
    public static Squad squad(SquadId id, LlmProvider llm, WorkflowConfig config) {
        AgentKit kit = new AgentKit(llm, config);
        Squad.Builder b = Squad.builder(id.id()).name(id.displayName()).mission(id.mission());
        for (Role r : Roles.of(id)) b.member(kit.text(r));
        return b.lead(kit.text(lead(id))).build();
    }

    /**
     * A workflow {@code squad-<id>} with one input, {@code task}: the members work on it in parallel, then the lead
     * integrates (step {@code squad-task}).
     *
     * @param id     the squad
     * @param llm    the provider of every agent's model
     * @param config model policy and instruction overrides
     * @return the workflow
     */
    public static Workflow taskWorkflow(SquadId id, LlmProvider llm, WorkflowConfig config) {
        return Workflow.builder("squad-" + id.id()).name(id.displayName()).description(id.mission())
                .input(InputSpec.builder().required("task", "the task in free text").build())
                .step(Steps.squad("squad-task", squad(id, llm, config), "Task:\n{{input.task}}\n\nDo your part of this task "
                        + "from your role's point of view; say what you need from the other roles."))
                .deliverable("result", "squad-task")
                .build();
    }
}
