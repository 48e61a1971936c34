package dev.devora.orchestration.temporal.internal;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The model call as a Temporal activity: the only part of an agent's work that leaves the interpreter workflow.
 *
 * <pre>{@code
 * ModelCalls calls = Workflow.newActivityStub(ModelCalls.class, options);
 * LlmResponse response = LlmJson.response(calls.complete(new ModelCall(provider.name(), path, LlmJson.write(request))));
 * }</pre>
 */
@ActivityInterface
public interface ModelCalls {
    /**
     * Sends the request to the registered provider.
     *
     * @param call the provider, step and request
     * @return the provider's response, as {@link LlmJson#write} writes it
     */
    @ActivityMethod(name = "DevoraModelCall")
    String complete(ModelCall call);
}
