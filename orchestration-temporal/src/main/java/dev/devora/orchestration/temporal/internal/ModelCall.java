package dev.devora.orchestration.temporal.internal;

/**
 * One model call as an activity's argument: which registered provider answers it, for which step, and the request
 * as JSON text ({@link LlmJson}).
 *
 * <pre>{@code
 * String response = modelCalls.complete(new ModelCall("openrouter", "design", LlmJson.write(request)));
 * }</pre>
 *
 * @param provider the provider's {@code name()}, as registered with the worker
 * @param path     the step path the call is made for (for the activity's logs and summary)
 * @param request  the request, as {@link LlmJson#write} writes it
 */
public record ModelCall(String provider, String path, String request) {
}
