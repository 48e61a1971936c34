package dev.devora.orchestration.spring.boot;

import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.llm.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's events as Micrometer meters, registered by the starter as an engine listener when the application
 * has a {@code MeterRegistry}:
 * <ul>
 *   <li>{@code devora.runs} (counter; tags {@code workflow}, {@code status}): runs ended, by their status;</li>
 *   <li>{@code devora.runs.active} (gauge): runs executing now;</li>
 *   <li>{@code devora.llm.tokens} (counter; {@code model}, {@code workflow}, {@code type} = input, output,
 *       reasoning or cached) and {@code devora.llm.cost} (counter, USD; {@code model}, {@code workflow}): what the
 *       model calls used and cost, by the model that answered;</li>
 *   <li>{@code devora.llm.calls} (timer; {@code model}): model call latency;</li>
 *   <li>{@code devora.step.duration} (timer; {@code workflow}, {@code kind}): step durations;</li>
 *   <li>{@code devora.gate.evaluations} (counter; {@code workflow}, {@code passed}): gate verdicts.</li>
 * </ul>
 * With Spring Boot's OTLP registry (or the OpenTelemetry bridge), these reach OpenTelemetry too. No prompt, answer or
 * key is a tag.
 *
 * <pre>{@code
 * GET /actuator/metrics/devora.llm.cost?tag=model:openai/gpt-5-mini
 * }</pre>
 */
public final class DevoraMetrics implements WorkflowListener {
    private final MeterRegistry registry;
    private final Map<String, String> workflowOfRun = new ConcurrentHashMap<>();

    /**
     * Meters on a registry.
     *
     * @param registry where the meters go
     */
    public DevoraMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Registers the {@code devora.runs.active} gauge of an engine.
     *
     * @param engine the engine whose runs in flight are gauged
     */
    public void bindTo(WorkflowEngine engine) {
        Gauge.builder("devora.runs.active", engine, WorkflowEngine::runsInFlight)
                .description("Runs the engine is executing now").register(registry);
    }

    @Override
    public void onEvent(WorkflowEvent event) {
        if (event instanceof WorkflowEvent.RunStarted e) {
            workflowOfRun.put(e.runId(), e.workflowId());
        } else if (event instanceof WorkflowEvent.RunResumed e) {
            workflowOfRun.put(e.runId(), e.workflowId());
        } else if (event instanceof WorkflowEvent.RunCompleted e) {
            workflowOfRun.remove(e.runId());
            Counter.builder("devora.runs").description("Runs ended, by status")
                    .tag("workflow", e.workflowId()).tag("status", e.status().name())
                    .register(registry).increment();
        } else if (event instanceof WorkflowEvent.LlmCallCompleted e) {
            llmCall(e);
        } else if (event instanceof WorkflowEvent.StepCompleted e) {
            Timer.builder("devora.step.duration").description("Step durations")
                    .tag("workflow", workflowOf(e.runId())).tag("kind", e.kind())
                    .register(registry).record(e.duration());
        } else if (event instanceof WorkflowEvent.GateEvaluated e) {
            Counter.builder("devora.gate.evaluations").description("Quality gate verdicts")
                    .tag("workflow", workflowOf(e.runId())).tag("passed", String.valueOf(e.verdict().passed()))
                    .register(registry).increment();
        }
    }

    private void llmCall(WorkflowEvent.LlmCallCompleted e) {
        String model = e.model() == null ? "unknown" : e.model();
        String workflow = workflowOf(e.runId());
        Usage usage = e.usage();
        tokens(model, workflow, "input", usage.promptTokens());
        tokens(model, workflow, "output", usage.completionTokens());
        tokens(model, workflow, "reasoning", usage.reasoningTokens());
        tokens(model, workflow, "cached", usage.cachedTokens());
        BigDecimal cost = usage.costUsd() != null ? usage.costUsd() : usage.estimatedCostUsd();
        Counter costCounter = Counter.builder("devora.llm.cost").description("Cost of model calls").baseUnit("usd")
                .tag("model", model).tag("workflow", workflow).register(registry);
        if (cost != null && cost.signum() > 0) costCounter.increment(cost.doubleValue());
        if (e.latency() != null) {
            Timer.builder("devora.llm.calls").description("Model call latency").tag("model", model)
                    .register(registry).record(e.latency());
        }
    }

    private void tokens(String model, String workflow, String type, long count) {
        Counter counter = Counter.builder("devora.llm.tokens").description("Tokens of model calls").baseUnit("tokens")
                .tag("model", model).tag("workflow", workflow).tag("type", type).register(registry);
        if (count > 0) counter.increment(count);
    }

    private String workflowOf(String runId) {
        String id = runId == null ? null : workflowOfRun.get(runId);
        return id == null ? "unknown" : id;
    }

    @Override
    public String toString() {
        return "DevoraMetrics[" + registry.getClass().getSimpleName() + "]";
    }
}
