/**
 * Short, runnable example mains, one idea each: a custom workflow with the four patterns
 * ({@link dev.devora.orchestration.examples.CustomWorkflowExample}), a quality gate with rule checks, a custom gate
 * and an LLM judge ({@link dev.devora.orchestration.examples.QualityGateExample}), events and streaming
 * ({@link dev.devora.orchestration.examples.EventsExample}), budgets and timeouts
 * ({@link dev.devora.orchestration.examples.BudgetsAndTimeoutsExample}), model fallbacks
 * ({@link dev.devora.orchestration.examples.ModelFallbacksExample}), extending a predefined workflow
 * ({@link dev.devora.orchestration.examples.ExtendPredefinedExample}) and a plain-Java agent
 * ({@link dev.devora.orchestration.examples.PlainJavaAgentExample}).
 *
 * <p>Each runs on OpenRouter when {@code OPENROUTER_API_KEY} is set, offline on the simulated provider otherwise:
 * <pre>
 * mvn -q -pl examples -am package -DskipTests
 * java -cp examples/target/devora-run.jar dev.devora.orchestration.examples.CustomWorkflowExample
 * </pre>
 */
package dev.devora.orchestration.examples;
