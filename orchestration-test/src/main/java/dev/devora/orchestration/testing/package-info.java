/**
 * Offline providers and test helpers for workflows built on Devora Orchestration, published as
 * {@code dev.devora:orchestration-test}: run a workflow without an API key or a network.
 *
 * <ul>
 *   <li>{@link dev.devora.orchestration.testing.ScriptedLlmProvider}: answers you script per agent, step or prompt,
 *       scripted failures of every {@link dev.devora.orchestration.llm.ProviderErrorKind}, latency, streaming,
 *       recorded requests: for unit tests of your workflows.</li>
 *   <li>{@link dev.devora.orchestration.testing.SimulatedProvider}: deterministic placeholder answers marked
 *       {@code [simulated]}, schema-valid JSON, reviews that pass after one revision, fake costs: for demos and
 *       dry runs.</li>
 *   <li>{@link dev.devora.orchestration.testing.RecordingWorkflowListener}: a run's events in order, with a check of
 *       the event contract.</li>
 *   <li>{@link dev.devora.orchestration.testing.StubRemoteAgentServer}: a remote agent service on loopback that
 *       accepts tasks and reports them by callback (or answers synchronously), with failure modes: for tests of
 *       {@code RemoteAgent}s.</li>
 * </ul>
 */
package dev.devora.orchestration.testing;
