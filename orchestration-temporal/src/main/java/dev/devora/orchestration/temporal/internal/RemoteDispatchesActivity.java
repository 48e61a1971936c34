package dev.devora.orchestration.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.remote.RemoteAgent;
import dev.devora.orchestration.remote.internal.NotDispatchedException;
import io.temporal.failure.ApplicationFailure;

import java.util.Map;

/**
 * The worker's remote-dispatch activity: finds the remote agent in the registered definition and sends the task
 * with it (its own dispatch retries and circuit breaker, on this worker); the decisions and whether the task was
 * sent go back to the run, which reports them as events and goes to the agent's fallback when it was not sent.
 *
 * <pre>{@code
 * worker.registerActivitiesImplementations(new RemoteDispatchesActivity(Map.of(map.workflow().id(), map)));
 * }</pre>
 */
public final class RemoteDispatchesActivity implements RemoteDispatches {
    private final Map<String, DefinitionMap> definitions;

    /**
     * The activity over these definitions.
     *
     * @param definitions definition id → its map
     */
    public RemoteDispatchesActivity(Map<String, DefinitionMap> definitions) {
        this.definitions = Map.copyOf(definitions);
    }

    @Override
    public String send(RemoteDispatchRequest dispatch) {
        DefinitionMap definition = Registered.definition(definitions, dispatch.definition());
        RemoteAgent agent = definition.remoteAgent(dispatch.agentId());
        if (agent == null) {
            throw ApplicationFailure.newNonRetryableFailure("workflow '" + dispatch.definition() + "' has no remote agent '"
                    + dispatch.agentId() + "' on this worker (step '" + dispatch.path() + "')", "UnknownRemoteAgent");
        }
        JsonNode request = LlmJson.read(dispatch.requestJson(), JsonNode.class);
        ObjectNode out = LlmJson.MAPPER.createObjectNode();
        ArrayNode decisions = out.putArray("decisions");
        try {
            agent.send(dispatch.runId(), dispatch.taskId(), request.path("stepPath").asText(dispatch.path()),
                    request.path("task").asText(""), (id, decision, detail) ->
                            decisions.addObject().put("decision", decision).put("detail", detail));
        } catch (NotDispatchedException e) {
            out.put("not_sent", e.getMessage());
        }
        return out.toString();
    }
}
