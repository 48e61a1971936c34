package dev.devora.orchestration.opentelemetry.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ModelPrice;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.llm.TokenListener;
import dev.devora.orchestration.llm.Usage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * A provider whose model calls are {@code chat} client spans, under the span of the step that made the call (found
 * by the request's run and step attributes) and current while the call runs, with the call's metrics. The prompt
 * and answer are on the span only when content is recorded, each message's text cut at the limit.
 *
 * <pre>{@code
 * LlmProvider traced = new TracedProvider(provider, runTracer, instruments, 0);
 * }</pre>
 */
public final class TracedProvider implements LlmProvider {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LlmProvider delegate;
    private final RunTracer runs;
    private final Instruments metrics;
    private final int contentChars;

    /**
     * A traced provider.
     *
     * @param delegate     the provider
     * @param runs         the run tracer whose step spans parent the calls
     * @param metrics      the instruments
     * @param contentChars the longest text recorded per message; 0 records none
     */
    public TracedProvider(LlmProvider delegate, RunTracer runs, Instruments metrics, int contentChars) {
        this.delegate = delegate;
        this.runs = runs;
        this.metrics = metrics;
        this.contentChars = contentChars;
    }

    /** {@return whether this provider reports to that run tracer} */
    public boolean isOf(RunTracer tracer) {
        return runs == tracer;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
        return traced(request, () -> delegate.complete(request));
    }

    @Override
    public LlmResponse stream(LlmRequest request, TokenListener tokens) {
        return traced(request, () -> delegate.stream(request, tokens));
    }

    @Override
    public LlmProvider withoutRetries() {
        LlmProvider bare = delegate.withoutRetries();
        return bare == delegate ? this : new TracedProvider(bare, runs, metrics, contentChars);
    }

    @Override
    public Optional<ModelPrice> price(String model) {
        return delegate.price(model);
    }

    @Override
    public OptionalInt contextLength(String model) {
        return delegate.contextLength(model);
    }

    private LlmResponse traced(LlmRequest request, Supplier<LlmResponse> call) {
        String runId = request.attribute(LlmRequest.RUN_ID);
        String path = request.attribute(LlmRequest.STEP_PATH);
        String agent = request.attribute(LlmRequest.AGENT);
        String requested = request.model();
        Span span = runs.tracer().spanBuilder(requested == null ? GenAi.CHAT : GenAi.CHAT + " " + requested)
                .setParent(runs.callContext(runId, path)).setSpanKind(SpanKind.CLIENT).startSpan();
        boolean recording = span.isRecording(); // without an SDK nothing is recorded: no attribute is made
        if (recording) {
            span.setAttribute(GenAi.OPERATION, GenAi.CHAT).setAttribute(GenAi.PROVIDER_NAME, delegate.name());
            if (requested != null) span.setAttribute(GenAi.REQUEST_MODEL, requested);
            if (path != null) span.setAttribute(GenAi.STEP_PATH, path);
            if (agent != null) span.setAttribute(GenAi.AGENT_NAME, agent);
            if (contentChars > 0) span.setAttribute(GenAi.INPUT_MESSAGES, messages(request.messages()));
        }
        String workflow = runs.workflowOf(runId);
        String squad = runs.squadOf(runId, path);
        long t0 = System.nanoTime();
        LlmResponse response;
        try (Scope ignored = span.makeCurrent()) {
            response = call.get();
        } catch (RuntimeException | Error e) {
            String type = e instanceof ProviderException p ? p.kind().name().toLowerCase(Locale.ROOT)
                    : e.getClass().getSimpleName();
            span.setAttribute(GenAi.ERROR_TYPE, type);
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            metrics.callDuration.record((System.nanoTime() - t0) / 1e9, callAttributes(requested, null, workflow, squad)
                    [0].toBuilder().put(GenAi.ERROR_TYPE, type).build());
            span.end();
            throw e;
        }
        String answered = response.model() != null ? response.model() : requested;
        Usage u = response.usage();
        Attributes[] of = callAttributes(requested, answered, workflow, squad);
        metrics.callDuration.record((System.nanoTime() - t0) / 1e9, of[0]);
        metrics.tokens.record(u.promptTokens(), of[1]);
        metrics.tokens.record(u.completionTokens(), of[2]);
        if (u.costOrEstimateUsd() != null) metrics.cost.add(u.costOrEstimateUsd().doubleValue(), of[0]);
        if (recording) describe(span, response, requested, answered);
        span.end();
        return response;
    }

    /** Puts what the answer says on its span. */
    private void describe(Span span, LlmResponse response, String requested, String answered) {
        if (answered != null) span.setAttribute(GenAi.RESPONSE_MODEL, answered);
        if (response.requestId() != null) span.setAttribute(GenAi.RESPONSE_ID, response.requestId());
        if (response.upstreamProvider() != null) span.setAttribute(GenAi.UPSTREAM_PROVIDER, response.upstreamProvider());
        span.setAttribute(GenAi.FINISH_REASONS, List.of(response.finishReason().name().toLowerCase(Locale.ROOT)));
        Usage u = response.usage();
        span.setAttribute(GenAi.INPUT_TOKENS, u.promptTokens()).setAttribute(GenAi.OUTPUT_TOKENS, u.completionTokens());
        if (u.cachedTokens() > 0) span.setAttribute(GenAi.CACHE_READ_TOKENS, u.cachedTokens());
        if (u.reasoningTokens() > 0) span.setAttribute(GenAi.REASONING_TOKENS, u.reasoningTokens());
        if (u.costOrEstimateUsd() != null) {
            span.setAttribute(GenAi.COST_USD, u.costOrEstimateUsd().doubleValue());
            if (u.isCostEstimated()) span.setAttribute(GenAi.COST_ESTIMATED, true);
        }
        if (requested != null && answered != null && !requested.equals(answered)) {
            span.addEvent(GenAi.FALLBACK_EVENT, Attributes.of(GenAi.FALLBACK_REQUESTED, requested,
                    GenAi.FALLBACK_ANSWERED, answered));
        }
        if (contentChars > 0) span.setAttribute(GenAi.OUTPUT_MESSAGES, answer(response.text()));
    }

    /** The metrics' attributes of calls by model, workflow and squad: the call's, its input and output tokens'. */
    private final java.util.Map<String, Attributes[]> callAttributes = new java.util.concurrent.ConcurrentHashMap<>();

    private Attributes[] callAttributes(String requested, String answered, String workflow, String squad) {
        String key = requested + '\u0000' + answered + '\u0000' + workflow + '\u0000' + squad;
        Attributes[] known = callAttributes.get(key);
        if (known != null) return known;
        AttributesBuilder b = Attributes.builder().put(GenAi.OPERATION, GenAi.CHAT)
                .put(GenAi.PROVIDER_NAME, delegate.name());
        if (requested != null) b.put(GenAi.REQUEST_MODEL, requested);
        if (answered != null) b.put(GenAi.RESPONSE_MODEL, answered);
        if (workflow != null) b.put(GenAi.WORKFLOW, workflow);
        if (squad != null) b.put(GenAi.SQUAD, squad);
        Attributes call = b.build();
        Attributes[] made = {call, call.toBuilder().put(GenAi.TOKEN_TYPE, "input").build(),
                call.toBuilder().put(GenAi.TOKEN_TYPE, "output").build()};
        if (callAttributes.size() < 10_000) callAttributes.put(key, made); // bounded: model names are few
        return made;
    }

    /** The messages as the conventions' JSON, each text cut at the limit. */
    private String messages(List<LlmMessage> messages) {
        ArrayNode out = JSON.createArrayNode();
        for (LlmMessage m : messages) {
            ObjectNode message = out.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT));
            message.putArray("parts").addObject().put("type", "text").put("content", cut(m.content()));
        }
        return out.toString();
    }

    private String answer(String text) {
        ArrayNode out = JSON.createArrayNode();
        out.addObject().put("role", "assistant").putArray("parts").addObject().put("type", "text")
                .put("content", cut(text));
        return out.toString();
    }

    private String cut(String text) {
        if (text == null) return "";
        return text.length() <= contentChars ? text : text.substring(0, contentChars) + "…";
    }

    @Override
    public String toString() {
        return "Traced[" + delegate + "]";
    }
}
