package dev.devora.orchestration.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A request a waiting run made and nobody has answered yet.
 *
 * <pre>{@code
 * for (PendingRequest p : engine.pending(runId)) {
 *     System.out.println(p.stepPath() + " asks (" + p.kind() + "): " + p.request().path("show").asText());
 * }
 * }</pre>
 *
 * @param requestId the id an answer names
 * @param kind      what is asked, e.g. {@code approval}
 * @param stepPath  the asking step
 * @param request   what the answerer is shown
 * @param at        when it was asked
 * @param deadline  when its timeout applies; or null when it has none
 * @param escalated whether its timeout escalated it already (it is overdue)
 */
public record PendingRequest(String requestId, String kind, String stepPath, JsonNode request, Instant at,
                             Instant deadline, boolean escalated) {
}
