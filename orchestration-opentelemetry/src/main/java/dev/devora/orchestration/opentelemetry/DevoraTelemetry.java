package dev.devora.orchestration.opentelemetry;

import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.opentelemetry.internal.Instruments;
import dev.devora.orchestration.opentelemetry.internal.RunTracer;
import dev.devora.orchestration.opentelemetry.internal.TracedProvider;
import io.opentelemetry.api.OpenTelemetry;

import java.util.Objects;

/**
 * Runs as OpenTelemetry traces and metrics in the GenAI semantic conventions' terms. Register {@link #listener()}
 * with the engine and wrap each provider with {@link #provider}: a run is an {@code invoke_workflow} span (a child of
 * the span current where it starts), each step a span under its parent step (parallel branches are siblings under
 * their parallel step, an agent step is {@code invoke_agent}), each model call a {@code chat} client span under its
 * step (requested and answering model, input/output/reasoning/cached tokens, the USD cost, finish reason, the
 * provider's request id; a fallback model as an event), each tool call an {@code execute_tool} span; gate verdicts,
 * retries, loop iterations, waits and SLA breaches are events on their step's span, and a resumed run's span links
 * to its earlier pass's. Metrics: token usage and call duration by model ({@code gen_ai.client.*}), cost by model,
 * workflow and squad, runs by status, step durations and gate evaluations. Prompts and answers are not recorded unless asked
 * ({@link Builder#recordContent}), and then truncated. The module uses the OpenTelemetry API only: the application
 * brings and configures the SDK; with none installed everything is a no-op.
 *
 * <pre>{@code
 * DevoraTelemetry telemetry = DevoraTelemetry.create(openTelemetry);
 * LlmProvider llm = telemetry.provider(OpenRouterProvider.builder().build()); // the key from OPENROUTER_API_KEY
 * WorkflowEngine engine = WorkflowEngine.builder().listener(telemetry.listener()).build();
 * }</pre>
 */
public final class DevoraTelemetry {
    /** The instrumentation scope's name: the tracer's and the meter's. */
    public static final String INSTRUMENTATION_NAME = "dev.devora.orchestration";

    private final RunTracer tracer;
    private final Instruments instruments;
    private final int contentChars;
    private final OpenTelemetry openTelemetry;

    private DevoraTelemetry(Builder b) {
        this.openTelemetry = b.openTelemetry;
        this.instruments = new Instruments(b.openTelemetry.getMeter(INSTRUMENTATION_NAME));
        this.tracer = new RunTracer(b.openTelemetry.getTracer(INSTRUMENTATION_NAME), instruments);
        this.contentChars = b.contentChars;
    }

    /**
     * Telemetry on this OpenTelemetry instance, without prompts or answers.
     *
     * @param openTelemetry the application's instance ({@code GlobalOpenTelemetry.get()}, or its SDK)
     * @return the telemetry
     */
    public static DevoraTelemetry create(OpenTelemetry openTelemetry) {
        return builder(openTelemetry).build();
    }

    /**
     * A builder of telemetry on this OpenTelemetry instance.
     *
     * @param openTelemetry the application's instance
     * @return the builder
     */
    public static Builder builder(OpenTelemetry openTelemetry) {
        return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
    }

    /**
     * The engine listener that makes the run, step and tool spans and the run, step and gate metrics; register it
     * once per engine ({@code WorkflowEngine.builder().listener(...)}). A run started with {@code engine.run} is a
     * child of the span current on the calling thread; one started with {@code engine.start} of the span current on
     * the engine's thread, so give the engine an executor that carries the context
     * ({@code Context.taskWrapping(executor)}) for it to be the caller's.
     *
     * @return the listener
     */
    public WorkflowListener listener() {
        return tracer;
    }

    /**
     * The provider, its model calls traced: each is a {@code chat} span under the span of the step that made it
     * (current while the call runs, so an HTTP client's own instrumentation nests under it), with its metrics.
     *
     * @param provider the provider
     * @return the traced provider (its name, prices and streaming are the provider's)
     */
    public LlmProvider provider(LlmProvider provider) {
        Objects.requireNonNull(provider, "provider");
        if (provider instanceof TracedProvider traced && traced.isOf(tracer)) return provider;
        return new TracedProvider(provider, tracer, instruments, contentChars);
    }

    /**
     * The trace context of the calling thread as HTTP headers (W3C {@code traceparent}, by the instance's
     * propagators), for a provider to send with its requests: given to
     * {@code OpenRouterProvider.builder().requestHeaders(...)}, each model call's HTTP request carries its
     * {@code chat} span's context (current while a traced provider calls), so the trace goes on past the call.
     * Off unless given: nothing is sent by default.
     *
     * <pre>{@code
     * OpenRouterProvider openRouter = OpenRouterProvider.builder().requestHeaders(telemetry.traceContextHeaders()).build();
     * LlmProvider llm = telemetry.provider(openRouter);
     * }</pre>
     *
     * @return gives the headers of the current context (none outside a trace)
     */
    public java.util.function.Supplier<java.util.Map<String, String>> traceContextHeaders() {
        io.opentelemetry.context.propagation.TextMapPropagator propagator =
                openTelemetry.getPropagators().getTextMapPropagator();
        return () -> {
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
            propagator.inject(io.opentelemetry.context.Context.current(), headers, (carrier, key, value) -> {
                if (carrier != null) carrier.put(key, value);
            });
            return headers;
        };
    }

    @Override
    public String toString() {
        return "DevoraTelemetry[" + (contentChars > 0 ? "content up to " + contentChars + " chars" : "no content") + "]";
    }

    /**
     * Builds {@link DevoraTelemetry}.
     *
     * <pre>{@code
     * DevoraTelemetry telemetry = DevoraTelemetry.builder(openTelemetry).recordContent(2_000).build();
     * }</pre>
     */
    public static final class Builder {
        private final OpenTelemetry openTelemetry;
        private int contentChars;

        private Builder(OpenTelemetry openTelemetry) {
            this.openTelemetry = openTelemetry;
        }

        /**
         * Records prompts and answers on the {@code chat} spans ({@code gen_ai.input.messages},
         * {@code gen_ai.output.messages}), each message's text cut at {@code maxChars}. Off by default: prompts and
         * answers may hold personal data.
         *
         * @param maxChars the longest text kept per message, at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder recordContent(int maxChars) {
            if (maxChars < 1) throw new IllegalArgumentException("recordContent: maxChars must be at least 1, was " + maxChars);
            this.contentChars = maxChars;
            return this;
        }

        /** {@return the telemetry} */
        public DevoraTelemetry build() {
            return new DevoraTelemetry(this);
        }
    }
}
