package dev.devora.orchestration.temporal.internal;

/**
 * What starts an interpreter workflow: the definition by id (the worker holds the definitions: code is never
 * serialised) and its fingerprint, and the run's input as JSON text.
 *
 * <pre>{@code
 * String stateJson = stub.run(new RunRequest("review", "{\"topic\": \"caching\"}", DefinitionFingerprint.of(review)));
 * }</pre>
 *
 * @param workflowId  the definition's id, registered with the worker
 * @param inputJson   the run's input, a JSON object
 * @param fingerprint the definition's fingerprint where the run was started; null to run whatever the worker has
 */
public record RunRequest(String workflowId, String inputJson, String fingerprint) {
}
