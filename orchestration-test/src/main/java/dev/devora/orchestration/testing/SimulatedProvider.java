package dev.devora.orchestration.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.llm.FinishReason;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ModelPrice;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.llm.ResponseFormat;
import dev.devora.orchestration.llm.TokenListener;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.testing.internal.JsonSampler;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An offline {@link LlmProvider} that calls no model: it answers every request at once with a deterministic,
 * clearly marked placeholder, so that the engine, parallel phases, gates, progress and accounting can be watched
 * working without an API key.
 *
 * <ul>
 *   <li>Text requests get a short Markdown note naming the step and the agent, marked {@code [simulated]}.</li>
 *   <li>JSON requests get a value valid against the request's schema (one item per array, the first value of each enum): every string is
 *       marked {@code [simulated]}; reviewer verdicts fail once and pass on the next round where a gate can ask
 *       for a revision ({@link #revisable}), so loops are visible.</li>
 *   <li>Usage is counted as characters / 4, priced at {@value #PRICE_PER_TOKEN} USD per token (a tiny fake
 *       price); the answering model is the requested one, or its first fallback when the requested one is
 *       {@linkplain Builder#unavailable unavailable}.</li>
 *   <li>Each call waits a deterministic 100–300 ms (see {@link Builder#latency}), so parallel branches overlap
 *       visibly; {@link Builder#noLatency()} for tests.</li>
 *   <li>Tools offered with a request are not called, unless {@link Builder#callTools()}: then the first answer of
 *       an agent call asks for every offered tool once, with arguments valid against the tool's schema (strings
 *       marked {@code [simulated]}), and the answer after the results is the usual placeholder. Off by default: a
 *       writable workspace's tools would write placeholder files.</li>
 * </ul>
 *
 * <pre>{@code
 * LlmProvider llm = SimulatedProvider.builder()
 *         .revisable(RevisablePaths.of(workflow))      // reviews fail once where a loop or gate can revise
 *         .build();
 * }</pre>
 */
public final class SimulatedProvider implements LlmProvider {
    /** The fake price of every token, prompt or completion, in USD. */
    public static final String PRICE_PER_TOKEN = "0.0000001";
    /** The model reported when a request names none. */
    public static final String DEFAULT_MODEL = "simulated/default";

    private static final BigDecimal PRICE = new BigDecimal(PRICE_PER_TOKEN);

    private final Duration minLatency;
    private final Duration maxLatency;
    private final Predicate<String> revisable;
    private final java.util.Set<String> unavailable;
    private final boolean callTools;
    private final ConcurrentHashMap<String, AtomicInteger> rounds = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    private SimulatedProvider(Builder b) {
        this.minLatency = b.minLatency;
        this.maxLatency = b.maxLatency;
        this.revisable = b.revisable;
        this.unavailable = java.util.Set.copyOf(b.unavailable);
        this.callTools = b.callTools;
    }

    /** {@return a provider with the default latency (100–300 ms) where every review may be revised} */
    public static SimulatedProvider create() {
        return builder().build();
    }

    /** {@return a builder with the defaults: latency 100–300 ms, every review path revisable, every model up} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "simulated";
    }

    /** The same tiny fake price for every model, so plans show how estimates work. */
    @Override
    public Optional<ModelPrice> price(String model) {
        return Optional.of(new ModelPrice(model == null ? DEFAULT_MODEL : model, PRICE, PRICE));
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
        return answer(request, TokenListener.NONE);
    }

    /** Answers as {@link #complete} does, then delivers the text word by word. */
    @Override
    public LlmResponse stream(LlmRequest request, TokenListener tokens) {
        return answer(request, Objects.requireNonNull(tokens, "tokens"));
    }

    /** {@return how many calls this provider has answered} */
    public int callCount() {
        return calls.get();
    }

    private LlmResponse answer(LlmRequest request, TokenListener tokens) {
        String path = orElse(request.attribute(LlmRequest.STEP_PATH), "step");
        String agent = orElse(request.attribute(LlmRequest.AGENT), "agent");
        String model = answeringModel(request);
        if (callTools && !request.tools().isEmpty() && noToolResultYet(request)) return askForTools(request, path, agent, model);
        int round = rounds.computeIfAbsent(orElse(request.attribute(LlmRequest.RUN_ID), "run") + '|' + path + '|' + agent,
                k -> new AtomicInteger()).incrementAndGet();
        Duration latency = latencyFor(path + '|' + agent + '|' + round);
        sleep(latency);

        ResponseFormat format = request.responseFormat();
        JsonNode json = null;
        String text;
        if (format != null && format.type() != ResponseFormat.Type.TEXT) {
            boolean failFirst = round == 1 && revisable.test(path);
            json = new JsonSampler(path, agent, round, failFirst, request.lastUserText()).sample(format.schema());
            text = json.toString();
        } else {
            text = placeholderText(path, agent, model, request.lastUserText());
        }
        if (tokens != TokenListener.NONE) {
            for (String piece : text.split("(?<= )")) tokens.onToken(piece);
        }
        long promptChars = 0;
        for (LlmMessage m : request.messages()) promptChars += m.content() == null ? 0 : m.content().length();
        long promptTokens = promptChars / 4 + 1;
        long completionTokens = text.length() / 4 + 1;
        calls.incrementAndGet();
        return LlmResponse.builder()
                .text(text)
                .json(json)
                .finishReason(FinishReason.STOP)
                .nativeFinishReason("stop")
                .usage(new Usage(promptTokens, completionTokens, 0, 0, PRICE.multiply(BigDecimal.valueOf(promptTokens + completionTokens))))
                .model(model)
                .upstreamProvider("simulated")
                .latency(latency)
                .requestId("simulated-" + Integer.toHexString((path + '|' + agent + '|' + round).hashCode()))
                .build();
    }

    private static boolean noToolResultYet(LlmRequest request) {
        for (LlmMessage m : request.messages()) if (m.role() == dev.devora.orchestration.llm.Role.TOOL) return false;
        return true;
    }

    /** An answer asking for every offered tool once, with sampled arguments; does not count as a review round. */
    private LlmResponse askForTools(LlmRequest request, String path, String agent, String model) {
        Duration latency = latencyFor(path + '|' + agent + "|tools");
        sleep(latency);
        JsonSampler sampler = new JsonSampler(path, agent, 1, false, request.lastUserText());
        List<dev.devora.orchestration.llm.ToolCall> asked = new ArrayList<>();
        for (dev.devora.orchestration.llm.ToolDefinition t : request.tools()) {
            JsonNode args = t.parametersSchema() == null
                    ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                    : sampler.sample(t.parametersSchema());
            asked.add(new dev.devora.orchestration.llm.ToolCall("simulated_call_" + asked.size(), t.name(),
                    args.toString()));
        }
        long promptChars = 0;
        for (LlmMessage m : request.messages()) promptChars += m.content() == null ? 0 : m.content().length();
        long promptTokens = promptChars / 4 + 1;
        long completionTokens = 10L * asked.size();
        calls.incrementAndGet();
        return LlmResponse.builder()
                .text("")
                .toolCalls(asked)
                .finishReason(FinishReason.TOOL_CALLS)
                .nativeFinishReason("tool_calls")
                .usage(new Usage(promptTokens, completionTokens, 0, 0, PRICE.multiply(BigDecimal.valueOf(promptTokens + completionTokens))))
                .model(model)
                .upstreamProvider("simulated")
                .latency(latency)
                .requestId("simulated-tools-" + Integer.toHexString((path + '|' + agent).hashCode()))
                .build();
    }

    /** The requested model, or its first available fallback, as a router with fallbacks would answer. */
    private String answeringModel(LlmRequest request) {
        List<String> candidates = new ArrayList<>();
        candidates.add(request.model() != null ? request.model() : DEFAULT_MODEL);
        candidates.addAll(request.fallbackModels());
        for (String m : candidates) if (!unavailable.contains(m)) return m;
        throw ProviderException.builder(ProviderErrorKind.NOT_FOUND, "no available model among " + candidates + " (simulated)")
                .httpStatus(404).model(candidates.get(0)).build();
    }

    static String placeholderText(String path, String agent, String model, String prompt) {
        String step = path.contains("/") ? path.substring(path.lastIndexOf('/') + 1) : path;
        String excerpt = prompt.replaceAll("\\s+", " ").strip();
        if (excerpt.length() > 160) excerpt = excerpt.substring(0, 160) + "…";
        return "# " + step + " [simulated]\n\n"
                + "[simulated] Placeholder output of step `" + path + "` by agent `" + agent + "` (model `" + model
                + "` was not called). Set OPENROUTER_API_KEY to get a real answer.\n\n"
                + "## Task excerpt\n\n> " + excerpt + "\n";
    }

    /** A deterministic latency between the bounds, from a hash of the call. */
    private Duration latencyFor(String key) {
        long min = minLatency.toMillis();
        long span = maxLatency.toMillis() - min;
        if (span <= 0) return minLatency;
        return Duration.ofMillis(min + Math.floorMod(key.hashCode(), span + 1));
    }

    private static void sleep(Duration d) {
        if (d.isZero()) return;
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedCallException("simulated call interrupted", e);
        }
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public String toString() {
        return "SimulatedProvider[latency " + minLatency.toMillis() + "-" + maxLatency.toMillis() + " ms, " + calls.get() + " calls]";
    }

    /** Builder for {@link SimulatedProvider}. Defaults: latency 100–300 ms, every review path revisable. */
    public static final class Builder {
        private Duration minLatency = Duration.ofMillis(100);
        private Duration maxLatency = Duration.ofMillis(300);
        private Predicate<String> revisable = path -> true;
        private final java.util.Set<String> unavailable = new java.util.HashSet<>();
        private boolean callTools;

        private Builder() {
        }

        /**
         * The first answer of an agent call that offers tools asks for each of them once (arguments sampled from its
         * schema); off by default.
         *
         * @return this builder
         */
        public Builder callTools() {
            this.callTools = true;
            return this;
        }

        /**
         * Each call waits a deterministic time between {@code min} and {@code max}.
         *
         * @param min the shortest wait, not negative
         * @param max the longest wait, not shorter than {@code min}
         * @return this builder
         * @throws IllegalArgumentException when {@code min} is negative or {@code max} is shorter
         */
        public Builder latency(Duration min, Duration max) {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("latency needs 0 ≤ min ≤ max, was " + min.toMillis() + "–" + max.toMillis() + " ms");
            }
            this.minLatency = min;
            this.maxLatency = max;
            return this;
        }

        /**
         * Answers at once (tests).
         *
         * @return this builder
         */
        public Builder noLatency() {
            return latency(Duration.ZERO, Duration.ZERO);
        }

        /**
         * The step paths whose reviews fail on the first round and pass on the next (default: all). Give
         * {@link RevisablePaths#of} so that a review that cannot be revised passes at once.
         *
         * @param stepPaths accepts the step paths where a review may fail once
         * @return this builder
         */
        public Builder revisable(Predicate<String> stepPaths) {
            this.revisable = Objects.requireNonNull(stepPaths, "stepPaths");
            return this;
        }

        /**
         * These models are "down": a request for one is answered by its first available fallback model.
         *
         * @param models model ids
         * @return this builder
         */
        public Builder unavailable(String... models) {
            unavailable.addAll(List.of(models));
            return this;
        }

        /** {@return the provider} */
        public SimulatedProvider build() {
            return new SimulatedProvider(this);
        }
    }
}
