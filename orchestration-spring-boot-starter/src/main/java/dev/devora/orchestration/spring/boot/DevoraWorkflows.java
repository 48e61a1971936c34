package dev.devora.orchestration.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.PredefinedWorkflow;
import dev.devora.orchestration.workflows.WorkflowCatalog;
import dev.devora.orchestration.workflows.WorkflowConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The workflows of a Spring application in one bean: the predefined catalogue's (built with the application's
 * {@link LlmProvider} and {@link WorkflowConfig}, run on its {@link WorkflowEngine}) and the application's own
 * {@code Workflow} beans, started by id. It also lists the application's {@code Agent} and {@code QualityGate}
 * beans (the gates are extra gates of every predefined workflow, see {@link WorkflowConfig.Builder#extraGate}).
 *
 * <pre>{@code
 * @RestController
 * class Runs {
 *     private final DevoraWorkflows workflows;
 *     Runs(DevoraWorkflows workflows) { this.workflows = workflows; }
 *
 *     @PostMapping("/runs/{workflow}")
 *     Map<String, String> start(@PathVariable String workflow, @RequestBody Map<String, Object> input) {
 *         WorkflowRun run = workflows.start(workflow, input);   // input checked first: every problem listed
 *         return Map.of("run_id", run.id());
 *     }
 * }
 * }</pre>
 */
public final class DevoraWorkflows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WorkflowCatalog catalog;
    private final WorkflowConfig config;
    private final WorkflowEngine engine;
    private final Supplier<LlmProvider> provider;
    private final Map<String, Workflow> own;
    private final List<Agent> agents;
    private final List<QualityGate> gates;
    private final Map<String, PredefinedWorkflow> predefined = new ConcurrentHashMap<>();
    private volatile LlmProvider resolved;

    /**
     * The workflows of the application.
     *
     * @param catalog  the predefined catalogue
     * @param config   the predefined workflows' model policy, loops and gates
     * @param engine   the engine every run runs on
     * @param provider the model provider of the predefined workflows, decorated; asked once, on first use; it may
     *                 give null (no provider configured)
     * @param own      the application's workflows; ids must be unique and differ from the catalogue's
     * @param agents   the application's agents
     * @param gates    the application's quality gates
     * @throws IllegalArgumentException when two workflows share an id
     */
    public DevoraWorkflows(WorkflowCatalog catalog, WorkflowConfig config, WorkflowEngine engine,
                           Supplier<LlmProvider> provider, List<Workflow> own, List<Agent> agents,
                           List<QualityGate> gates) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.config = Objects.requireNonNull(config, "config");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.provider = Objects.requireNonNull(provider, "provider");
        Map<String, Workflow> byId = new LinkedHashMap<>();
        for (Workflow w : own) {
            if (catalog.ids().contains(w.id())) {
                throw new IllegalArgumentException("the application's Workflow bean '" + w.id()
                        + "' has the id of a predefined workflow: give it another id");
            }
            if (byId.putIfAbsent(w.id(), w) != null) {
                throw new IllegalArgumentException("two Workflow beans have the id '" + w.id() + "'");
            }
        }
        this.own = Map.copyOf(byId);
        this.agents = List.copyOf(agents);
        this.gates = List.copyOf(gates);
    }

    /** {@return the ids of the predefined workflows, then those of the application's workflows} */
    public List<String> ids() {
        List<String> ids = new ArrayList<>(catalog.ids());
        ids.addAll(own.keySet().stream().sorted().toList());
        return ids;
    }

    /** {@return the predefined catalogue} */
    public WorkflowCatalog catalog() {
        return catalog;
    }

    /** {@return the application's {@code Workflow} beans by id} */
    public Map<String, Workflow> applicationWorkflows() {
        return own;
    }

    /** {@return the application's {@code Agent} beans} */
    public List<Agent> agents() {
        return agents;
    }

    /** {@return the application's {@code QualityGate} beans, extra gates of the predefined workflows} */
    public List<QualityGate> gates() {
        return gates;
    }

    /**
     * The model provider the predefined workflows use: the application's, with every {@link DevoraProviderDecorator}
     * applied (with OpenTelemetry, its calls are traced), for the application's own agents to use too.
     *
     * @return the provider
     * @throws DevoraConfigurationException when the application has no model provider
     */
    public LlmProvider provider() {
        return requireProvider();
    }

    /** {@return the engine the runs run on} */
    public WorkflowEngine engine() {
        return engine;
    }

    /**
     * A predefined workflow built with the application's provider and config, on its engine (built once per id).
     *
     * @param id the workflow's id, e.g. {@code "api-development"}
     * @return the workflow, ready to run
     * @throws UnknownWorkflowException     when the catalogue has no such workflow
     * @throws DevoraConfigurationException when the application has no model provider
     */
    public PredefinedWorkflow predefined(String id) {
        Objects.requireNonNull(id, "id");
        if (!catalog.ids().contains(id)) throw new UnknownWorkflowException(id, ids());
        return predefined.computeIfAbsent(id, known -> catalog.create(known, requireProvider(), config).withEngine(engine));
    }

    /**
     * Starts a run of a predefined or an application workflow; the input is checked first (every problem listed in
     * an {@link dev.devora.orchestration.InputValidationException}, nothing started).
     *
     * @param workflowId the workflow's id
     * @param input      the input fields
     * @return the run's handle (its id, progress, result)
     * @throws UnknownWorkflowException when no workflow has the id
     */
    public WorkflowRun start(String workflowId, Map<String, ?> input) {
        return start(workflowId, input, WorkflowListener.NONE);
    }

    /**
     * Starts a run as {@link #start(String, Map)}, with a listener of its own.
     *
     * @param workflowId the workflow's id
     * @param input      the input fields
     * @param listener   receives the run's events, after the engine's listeners
     * @return the run's handle
     * @throws UnknownWorkflowException when no workflow has the id
     */
    public WorkflowRun start(String workflowId, Map<String, ?> input, WorkflowListener listener) {
        Objects.requireNonNull(input, "input");
        Workflow mine = own.get(workflowId);
        if (mine != null) return engine.start(mine, input, listener);
        JsonNode json = JSON.valueToTree(input);
        return predefined(workflowId).start(json, listener);
    }

    /**
     * Runs a workflow to its end on the calling thread.
     *
     * @param workflowId the workflow's id
     * @param input      the input fields
     * @return the run's result
     * @throws UnknownWorkflowException when no workflow has the id
     */
    public WorkflowResult run(String workflowId, Map<String, ?> input) {
        Workflow mine = own.get(workflowId);
        if (mine != null) return engine.run(mine, input);
        return predefined(workflowId).run(input);
    }

    private LlmProvider requireProvider() {
        LlmProvider llm = resolved;
        if (llm == null) {
            synchronized (this) {
                if (resolved == null) resolved = provider.get();
                llm = resolved;
            }
        }
        if (llm == null) {
            throw new DevoraConfigurationException(OpenRouterKeyCondition.KEY_PROPERTY, "unset",
                    "the predefined workflows need a model provider, and there is none: set "
                            + OpenRouterKeyCondition.KEY_PROPERTY + " (or " + OpenRouterKeyCondition.KEY_VARIABLE
                            + "), set devora.simulated.enabled=true with orchestration-test for offline runs, or "
                            + "define an LlmProvider bean");
        }
        return llm;
    }

    @Override
    public String toString() {
        return "DevoraWorkflows[" + catalog.ids().size() + " predefined, " + own.size() + " of the application]";
    }
}
