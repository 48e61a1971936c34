package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.business.AgentEndpoints;
import dev.devora.orchestration.workflows.internal.AgentKit;
import dev.devora.orchestration.workflows.internal.DefaultEngine;
import dev.devora.orchestration.workflows.internal.KeywordRouter;
import dev.devora.orchestration.workflows.internal.Recipe;
import dev.devora.orchestration.workflows.internal.Recipes;
import dev.devora.orchestration.workflows.internal.Schema;
import dev.devora.orchestration.workflows.roles.Role;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The catalogue of the predefined workflows: list the workflows (id, name, description, squads, input, deliverables, Mermaid
 * diagram), the squads and the agents; look a workflow up by id; suggest the workflow or squad that fits a
 * free-text task, with a model (the {@code workflow-router} role) or, without one, by keywords.
 *
 * <pre>{@code
 * WorkflowCatalog catalog = Workflows.catalog();
 * catalog.workflows().forEach(w -> System.out.println(w.id() + ": " + w.description()));
 * WorkflowInfo api = catalog.workflow("api-development");
 * Suggestion s = catalog.suggest("Audit our API for OWASP issues", llm);   // LLM, keyword fallback on failure
 * PredefinedWorkflow wf = catalog.create(s.id(), llm, WorkflowConfig.defaults());
 * }</pre>
 */
public final class WorkflowCatalog {
    private static final WorkflowCatalog STANDARD = new WorkflowCatalog();

    private final List<WorkflowInfo> workflows;

    private WorkflowCatalog() {
        List<WorkflowInfo> list = new ArrayList<>();
        AgentKit describeOnly = new AgentKit(Recipes.DESCRIBE_ONLY, WorkflowConfig.defaults()).withEndpoints(AgentEndpoints.none());
        for (Recipe r : Recipes.ALL) {
            Workflow w = r.build(describeOnly, r.input());
            list.add(new WorkflowInfo(r.id(), r.name(), r.description(), r.squads().stream().map(SquadId::id).toList(),
                    r.input(), r.deliverables(), w.toMermaid()));
        }
        this.workflows = List.copyOf(list);
    }

    /**
     * The catalogue of the predefined workflows: the ten software workflows, the engineering-operations workflows and the three business templates.
     *
     * @return the shared standard catalogue
     */
    public static WorkflowCatalog standard() {
        return STANDARD;
    }

    /**
     * Every workflow with its name, description, squads, input, deliverables and diagram, in the catalogue's order.
     *
     * @return the workflows, unmodifiable
     */
    public List<WorkflowInfo> workflows() {
        return workflows;
    }

    /**
     * Ids of the workflows in the catalogue's order (as {@link #workflows()}).
     *
     * @return the ids
     */
    public List<String> ids() {
        return workflows.stream().map(WorkflowInfo::id).toList();
    }

    /**
     * A workflow by id.
     *
     * @throws IllegalArgumentException listing the known ids
     * @param id the workflow id, e.g. {@code "api-development"}
     * @return its catalogue entry: name, description, squads, input, deliverables and diagram
     */
    public WorkflowInfo workflow(String id) {
        for (WorkflowInfo w : workflows) if (w.id().equals(id)) return w;
        throw new IllegalArgumentException("unknown workflow '" + id + "' (known workflows: " + String.join(", ", ids()) + ")");
    }

    /**
     * A runnable workflow by id.
     *
     * @param id     the workflow id
     * @param llm    the provider of every agent's model
     * @param config model policy, iterations, gate thresholds, extra gates, instructions and budget
     * @return the workflow, on the shared default engine
     */
    public PredefinedWorkflow create(String id, LlmProvider llm, WorkflowConfig config) {
        return Workflows.byId(id, llm, config);
    }

    /**
     * The squads with their roles and the workflows they take part in.
     *
     * @return the squads, in catalogue order
     */
    public List<SquadInfo> squads() {
        List<SquadInfo> list = new ArrayList<>();
        for (SquadId s : SquadId.values()) {
            List<String> in = workflows.stream().filter(w -> w.squads().contains(s.id())).map(WorkflowInfo::id).toList();
            list.add(new SquadInfo(s.id(), s.displayName(), s.mission(), Roles.of(s), in));
        }
        return list;
    }

    /**
     * Every role agent of the squads (the catalogue's router excluded).
     *
     * @return the roles, in catalogue order
     */
    public List<Role> agents() {
        return Roles.all().stream().filter(r -> r.squad() != null).toList();
    }

    /**
     * Suggests by keywords, without any model.
     *
     * @param task the task in free text; may be null
     * @return the suggestion, made by {@code KEYWORDS}
     */
    public Suggestion suggest(String task) {
        return KeywordRouter.suggest(task);
    }

    /**
     * Suggests with the router role on the given model; falls back to keywords when the call fails.
     *
     * @param task the task in free text
     * @param llm  the provider of the router's model
     * @return the suggestion, by {@code LLM} or, after a failure, {@code KEYWORDS}
     */
    public Suggestion suggest(String task, LlmProvider llm) {
        return suggest(task, llm, WorkflowConfig.defaults(), DefaultEngine.get());
    }

    /**
     * Suggests with the router role, run on the given engine with the given config; falls back to keywords when the
     * call fails or names no known workflow or squad.
     *
     * @param task   the task in free text
     * @param llm    the provider of the router's model
     * @param config the model policy for the router role
     * @param engine the engine running the router's one-step workflow
     * @return the suggestion, by {@code LLM} or, after a failure, {@code KEYWORDS}
     */
    public Suggestion suggest(String task, LlmProvider llm, WorkflowConfig config, WorkflowEngine engine) {
        if (llm == null) return suggest(task);
        try {
            WorkflowResult result = engine.run(routerWorkflow(llm, config), Map.of("task", task == null ? "" : task));
            if (!result.isCompleted()) return fallback(task, result.failure().map(Throwable::getMessage).orElse("no answer"));
            JsonNode answer = result.output("choose").orElseThrow().json();
            String id = answer.path("choice").asText("");
            String reason = answer.path("reason").asText("");
            for (WorkflowInfo w : workflows) {
                if (w.id().equals(id)) return new Suggestion(Suggestion.Kind.WORKFLOW, id, reason, Suggestion.Method.LLM);
            }
            for (SquadId s : SquadId.values()) {
                if (("squad:" + s.id()).equals(id)) return new Suggestion(Suggestion.Kind.SQUAD, s.id(), reason, Suggestion.Method.LLM);
            }
            return fallback(task, "the model answered an unknown option '" + id + "'");
        } catch (RuntimeException e) {
            return fallback(task, e.getMessage());
        }
    }

    private static Suggestion fallback(String task, String why) {
        Suggestion k = KeywordRouter.suggest(task);
        return new Suggestion(k.kind(), k.id(), k.reason() + " (model unavailable: " + why + ")", k.method());
    }

    private Workflow routerWorkflow(LlmProvider llm, WorkflowConfig config) {
        ArrayNode options = JsonNodeFactory.instance.arrayNode();
        StringBuilder menu = new StringBuilder("Workflows:\n");
        for (WorkflowInfo w : workflows) {
            options.add(w.id());
            menu.append("- ").append(w.id()).append(": ").append(w.description()).append(" (squads: ")
                    .append(String.join(", ", w.squads())).append(")\n");
        }
        menu.append("\nSquads, for narrow tasks:\n");
        for (SquadId s : SquadId.values()) {
            options.add("squad:" + s.id());
            menu.append("- squad:").append(s.id()).append(": ").append(s.mission()).append(" (roles: ")
                    .append(String.join(", ", Roles.of(s).stream().map(Role::id).toList())).append(")\n");
        }
        var schema = Schema.object(
                Schema.prop("choice", Schema.string("the chosen option").set("enum", options)),
                Schema.prop("reason", Schema.string("why, in one sentence")));
        var router = new AgentKit(llm, config).json(Roles.WORKFLOW_ROUTER, "routing_choice", schema);
        return Workflow.builder("suggest").name("Suggest a workflow or squad")
                .input(InputSpec.builder().required("task", "the task in free text").build())
                .step(Steps.agent("choose", router).prompt(menu + "\nTask:\n{{input.task}}\n\nChoose the one option that fits best."))
                .build();
    }
}
