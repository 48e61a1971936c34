package dev.devora.orchestration.cassette;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.cassette.internal.RequestForm;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;

import java.time.Duration;
import java.util.Objects;

/**
 * One recorded model call: the step that made it, the request as recorded (every field that changes the answer,
 * see {@link #request()}) with its fingerprint, and the full answer (text, JSON, tool calls, finish reason, the
 * model that answered, usage by kind and cost). What changes on every call without changing the answer is left
 * out: the latency (replayed as zero) and the provider's request id.
 *
 * <pre>{@code
 * Interaction call = cassette.interactions().get(0);
 * call.stepPath();                 // "review/security"
 * call.fingerprint();              // "sha256:3f1c…"
 * call.response().usage().costUsd();
 * }</pre>
 *
 * @param stepPath    the path of the step that made the call ({@link LlmRequest#STEP_PATH}); "" outside any step
 * @param agent       the agent that made it ({@link LlmRequest#AGENT}); or null
 * @param fingerprint {@code sha256:} and the hex SHA-256 of the request's canonical form
 * @param request     the request as recorded: {@code model}, {@code fallbackModels}, {@code messages} (role, content
 *                    as lines, tool calls, tool call id), {@code temperature}, {@code maxTokens}, {@code stop},
 *                    {@code seed}, {@code responseFormat} (with its schema), {@code tools}, {@code toolChoice},
 *                    {@code reasoning}, each only when set; never the attributes (run id…), the end-user id or the
 *                    timeout. Read-only.
 * @param response    the answer, with a zero latency and no request id
 */
public record Interaction(String stepPath, String agent, String fingerprint, JsonNode request, LlmResponse response) {
    /**
     * Checks that nothing required is null and keeps a copy of the request.
     *
     * @param stepPath    the path of the step that made the call; null is taken as "" (outside any step)
     * @param agent       the agent that made it; or null
     * @param fingerprint the request's fingerprint, as {@link #of} computes it
     * @param request     the request as recorded, a JSON object with at least {@code messages}
     * @param response    the answer
     */
    public Interaction {
        stepPath = stepPath == null ? "" : stepPath;
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        request = request.deepCopy();
    }

    /**
     * The interaction of a call that was answered: step and agent from the request's attributes, the request as
     * recorded with its fingerprint, the answer without its latency and request id.
     *
     * @param request  the request as the engine sent it (tagged with its step path and agent)
     * @param response the provider's answer
     * @return the interaction
     */
    public static Interaction of(LlmRequest request, LlmResponse response) {
        JsonNode form = RequestForm.of(request);
        return new Interaction(request.attribute(LlmRequest.STEP_PATH), request.attribute(LlmRequest.AGENT),
                RequestForm.fingerprint(form), form,
                response.toBuilder().latency(Duration.ZERO).requestId(null).build());
    }

    /**
     * The fingerprint {@link #of} gives a request: the same for every request that asks the same thing.
     *
     * @param request a request
     * @return {@code sha256:} and 64 hex digits
     */
    public static String fingerprintOf(LlmRequest request) {
        return RequestForm.fingerprint(RequestForm.of(request));
    }
}
