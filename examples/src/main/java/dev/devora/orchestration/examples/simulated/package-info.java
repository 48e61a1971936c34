/**
 * An offline {@link dev.devora.orchestration.llm.LlmProvider} for demos and examples: deterministic, schema-valid
 * placeholder answers marked {@code [simulated]}, reviews that pass after one revision where a workflow can revise,
 * fake but plausible usage and cost, and a small latency so that parallel phases can be watched.
 */
package dev.devora.orchestration.examples.simulated;
