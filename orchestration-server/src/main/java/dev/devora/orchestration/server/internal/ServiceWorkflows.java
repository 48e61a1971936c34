package dev.devora.orchestration.server.internal;

import dev.devora.orchestration.approval.Approvals;
import dev.devora.orchestration.approval.Approver;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.PredefinedWorkflow;
import dev.devora.orchestration.workflows.WorkflowConfig;
import dev.devora.orchestration.workflows.business.AgentEndpoints;
import dev.devora.orchestration.workflows.Workflows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the service builds a predefined workflow, the same way at every start: by id, for its provider, configuration
 * and engine, with a person's review ({@link Approver#reviewing}) of the agent steps configured for that workflow. A
 * run waiting for a review is continued after a restart with the definition built here again, which is why reviews
 * are service configuration and not part of a request: a run must be resumed with the definition it started with.
 *
 * <pre>{@code
 * ServiceWorkflows workflows = new ServiceWorkflows(engine, llm, null, Map.of("documentation-generation", List.of("readme")));
 * PredefinedWorkflow docs = workflows.byId("documentation-generation", input);   // "readme" waits for a person's decision
 * }</pre>
 */
public final class ServiceWorkflows {
    /** The reviewer the approval requests name. */
    public static final String REVIEWER = "reviewer";

    private final WorkflowEngine engine;
    private final LlmProvider provider;
    private final WorkflowConfig config;
    private final Map<String, List<String>> reviews;
    private final AgentEndpoints endpoints;

    /**
     * The workflows of a service.
     *
     * @param engine   the engine that runs them
     * @param provider every agent's model provider
     * @param config   their configuration; null for the defaults
     * @param reviews  workflow id → the agent steps a person reviews
     * @throws IllegalArgumentException naming the workflow and the step when a workflow or an agent step is unknown
     */
    public ServiceWorkflows(WorkflowEngine engine, LlmProvider provider, WorkflowConfig config, Map<String, List<String>> reviews) {
        this(engine, provider, config, reviews, AgentEndpoints.none());
    }

    /**
     * The workflows of a service whose business templates' phases run on remote agents where configured.
     *
     * @param engine    the engine that runs them
     * @param provider  every model agent's provider
     * @param config    their configuration; null for the defaults
     * @param reviews   workflow id → the agent steps a person reviews
     * @param endpoints where the business templates' phase agents run ({@link AgentEndpoints#none()}: all on models)
     * @throws IllegalArgumentException naming the workflow and the step when a workflow or an agent step is unknown
     */
    public ServiceWorkflows(WorkflowEngine engine, LlmProvider provider, WorkflowConfig config, Map<String, List<String>> reviews,
                            AgentEndpoints endpoints) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.config = config;
        this.reviews = new LinkedHashMap<>();
        reviews.forEach((id, steps) -> this.reviews.put(id, List.copyOf(steps)));
        for (Map.Entry<String, List<String>> e : this.reviews.entrySet()) {
            if (!Workflows.catalog().ids().contains(e.getKey())) {
                throw new IllegalArgumentException("reviews: no workflow '" + e.getKey() + "' (known: "
                        + String.join(", ", Workflows.catalog().ids()) + ")");
            }
            List<String> agentSteps = agentSteps(plain(e.getKey()).definition());
            for (String step : e.getValue()) {
                if (!agentSteps.contains(step)) {
                    throw new IllegalArgumentException("reviews: workflow '" + e.getKey() + "' has no agent step '" + step
                            + "'; its agent steps are " + String.join(", ", agentSteps));
                }
            }
        }
    }

    /** {@return the ids of a definition's agent steps, in order} */
    public static List<String> agentSteps(Workflow definition) {
        List<String> ids = new ArrayList<>();
        definition.withAgentSteps(s -> {
            ids.add(s.id());
            return s;
        });
        return ids;
    }

    private PredefinedWorkflow plain(String id) {
        return Workflows.byId(id, provider, config == null ? WorkflowConfig.defaults() : config, endpoints).withEngine(engine);
    }

    /**
     * The workflow, as this service runs it for an input (validate the input with it; start and resume the run with
     * its {@code definitionFor(input)}).
     *
     * @param id    a workflow id of the catalogue
     * @param input the run's input (a workflow that reads a directory of it is built for that directory); may be null
     * @return it, with its configured reviews
     */
    public PredefinedWorkflow byId(String id, com.fasterxml.jackson.databind.JsonNode input) {
        PredefinedWorkflow workflow = plain(id);
        List<String> steps = reviews.getOrDefault(id, List.of());
        if (steps.isEmpty()) return workflow;
        Approver person = Approvals.person(REVIEWER);
        return workflow.withDefinition(workflow.definitionFor(input).withAgentSteps(s -> steps.contains(s.id())
                ? s.withAgent(person.reviewing(s.agent())) : s));
    }

    /** {@return the agent steps a person reviews in a workflow; empty when none} */
    public List<String> reviewed(String workflowId) {
        return reviews.getOrDefault(workflowId, List.of());
    }

    /**
     * Whether a request is a person's review ({@link Approver#reviewing}) of a step this service does not review:
     * a run continued without that review would run the step again unreviewed, so neither a decision nor the sweep
     * of waiting runs continues it.
     *
     * @param workflowId the run's workflow
     * @param kind       the request's kind
     * @param stepPath   the asking step's path
     * @param request    the request
     * @return true for such a review
     */
    public boolean unconfiguredReview(String workflowId, String kind, String stepPath,
                                      com.fasterxml.jackson.databind.JsonNode request) {
        return Approvals.KIND.equals(kind) && request.has("agent")
                && !reviewed(workflowId).contains(stepPath.substring(stepPath.lastIndexOf('/') + 1));
    }

    /** {@return the input a run started with, from its journal; or null when the store has no start of it} */
    public static com.fasterxml.jackson.databind.node.ObjectNode storedInput(dev.devora.orchestration.journal.RunStore store,
                                                                            String runId) {
        for (dev.devora.orchestration.journal.JournalEntry e : store.entries(runId)) {
            if (e instanceof dev.devora.orchestration.journal.JournalEntry.RunStarted s) return s.input().deepCopy();
        }
        return null;
    }
}
