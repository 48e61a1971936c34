/**
 * Record and replay of model calls, for deterministic workflow tests: a {@link
 * dev.devora.orchestration.cassette.RecordingProvider} wraps a real provider and keeps every answered call (step
 * path, agent, request fingerprint, the answer with its usage and cost) in a {@link
 * dev.devora.orchestration.cassette.Cassette}, a JSON file to commit; a {@link
 * dev.devora.orchestration.cassette.ReplayProvider} serves those answers offline and fails with a {@link
 * dev.devora.orchestration.cassette.PromptDriftException} (step path and line diff) when a prompt drifted.
 *
 * <pre>{@code
 * // once, against the real API:
 * RecordingProvider recorder = new RecordingProvider(openRouter);
 * engine.run(workflowUsing(recorder), input);
 * recorder.save(Path.of("src/test/resources/cassettes/review.json"));
 *
 * // in CI, offline:
 * ReplayProvider replay = ReplayProvider.load(Path.of("src/test/resources/cassettes/review.json"));
 * WorkflowResult result = engine.run(workflowUsing(replay), input);
 * }</pre>
 */
package dev.devora.orchestration.cassette;
