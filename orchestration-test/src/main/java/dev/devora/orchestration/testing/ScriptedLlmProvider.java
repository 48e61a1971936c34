package dev.devora.orchestration.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.llm.FinishReason;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.llm.ResponseFormat;
import dev.devora.orchestration.llm.TokenListener;
import dev.devora.orchestration.llm.Usage;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A deterministic {@link LlmProvider} for tests: answers by agent, step path or prompt fragment (first matching rule
 * wins; a rule's replies are used in order, the last one repeating), can wait before answering (interruptibly,
 * like a real HTTP call), fail a number of times with any {@link ProviderErrorKind}, stream, and records every
 * request. Token counts are the characters divided by four, so identical scripts give identical accounting.
 *
 * <pre>{@code
 * ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
 *         .whenAgent("writer").reply("draft 1", "draft 2")
 *         .whenAgent("qa-judge").reply(   // the agent of QualityGates.llmJudge("qa", ...)
 *                 "{\"score\": 55, \"feedback\": \"add examples\"}", "{\"score\": 90, \"feedback\": \"\"}")
 *         .whenStep("research").failTimes(2, ProviderErrorKind.RATE_LIMITED).reply("facts")
 *         .whenAgent("coder").cutOff("class Main {").reply(" }")   // LENGTH, then the continuation
 *         .latency(Duration.ofMillis(300))
 *         .costPerToken(new BigDecimal("0.000001"))
 *         .build();
 * ...
 * assertThat(llm.requestsForAgent("writer")).hasSize(2);
 * }</pre>
 */
public final class ScriptedLlmProvider implements LlmProvider {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String name;
    private final List<Rule> rules;
    private final Function<LlmRequest, String> fallback;
    private final Function<LlmRequest, Duration> latency;
    private final Duration tokenDelay;
    private final BigDecimal costPerToken;
    private final boolean reportsCost;
    private final Integer contextLength;
    private final Function<LlmRequest, List<dev.devora.orchestration.llm.ToolCall>> toolCalls;
    private final List<LlmRequest> requests = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger interrupted = new AtomicInteger();

    /** One scripted reply: its text, and whether it ends cut off at the output cap ({@code FinishReason.LENGTH}). */
    private record Reply(String text, boolean cut) {
    }

    private static final class Rule {
        final Predicate<LlmRequest> match;
        final List<Function<LlmRequest, Reply>> replies;
        final AtomicInteger cursor = new AtomicInteger();

        Rule(Predicate<LlmRequest> match, List<Function<LlmRequest, Reply>> replies) {
            this.match = match;
            this.replies = List.copyOf(replies);
        }

        Reply next(LlmRequest request) {
            int i = cursor.getAndIncrement();
            return replies.get(Math.min(i, replies.size() - 1)).apply(request);
        }
    }

    private ScriptedLlmProvider(Builder b) {
        this.name = b.name;
        this.rules = List.copyOf(b.rules);
        this.fallback = b.fallback;
        this.latency = b.latency;
        this.tokenDelay = b.tokenDelay;
        this.costPerToken = b.costPerToken;
        this.reportsCost = b.reportsCost;
        this.contextLength = b.contextLength;
        this.toolCalls = b.toolCalls;
    }

    /** {@return a builder without rules: every request gets the default reply until rules are added} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a provider that answers every request with a default reply (schema-valid JSON when JSON is asked)} */
    public static ScriptedLlmProvider answeringDefaults() {
        return builder().build();
    }

    @Override
    public String name() {
        return name;
    }

    /** With {@code costPerToken} set: that price for prompt and completion tokens of every model. */
    @Override
    public java.util.Optional<dev.devora.orchestration.llm.ModelPrice> price(String model) {
        if (costPerToken == null) return java.util.Optional.empty();
        return java.util.Optional.of(new dev.devora.orchestration.llm.ModelPrice(
                model == null ? "scripted/default" : model, costPerToken, costPerToken));
    }

    /** With {@code contextLength} set: that context window for every model. */
    @Override
    public java.util.OptionalInt contextLength(String model) {
        return contextLength == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(contextLength);
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
        return call(request, null);
    }

    @Override
    public LlmResponse stream(LlmRequest request, TokenListener tokens) {
        return call(request, tokens);
    }

    private LlmResponse call(LlmRequest request, TokenListener tokens) {
        synchronized (requests) {
            requests.add(request);
        }
        calls.incrementAndGet();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            List<dev.devora.orchestration.llm.ToolCall> asked = toolCalls.apply(request);
            if (asked != null && !asked.isEmpty()) {
                sleep(latency.apply(request));
                return LlmResponse.builder().text("").toolCalls(asked).finishReason(FinishReason.TOOL_CALLS)
                        .nativeFinishReason("tool_calls").usage(Usage.of(promptChars(request) / 4 + 1, 10))
                        .model(request.model() != null ? request.model() : "scripted/default").upstreamProvider(name)
                        .requestId("scripted-" + calls.get()).build();
            }
            Reply reply = replyFor(request); // may throw a scripted failure
            String text = reply.text();
            sleep(latency.apply(request));
            if (tokens != null) {
                for (String piece : text.split("(?<= )")) {
                    if (!tokenDelay.isZero()) sleep(tokenDelay);
                    tokens.onToken(piece);
                }
            }
            long promptTokens = promptChars(request) / 4 + 1;
            long completionTokens = text.length() / 4 + 1;
            BigDecimal cost = costPerToken == null || !reportsCost ? null
                    : costPerToken.multiply(BigDecimal.valueOf(promptTokens + completionTokens));
            return LlmResponse.builder()
                    .text(text)
                    .finishReason(reply.cut() ? FinishReason.LENGTH : FinishReason.STOP)
                    .nativeFinishReason(reply.cut() ? "length" : "stop")
                    .usage(new Usage(promptTokens, completionTokens, 0, 0, cost))
                    .model(request.model() != null ? request.model() : "scripted/default")
                    .upstreamProvider(name)
                    .requestId("scripted-" + calls.get())
                    .build();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static long promptChars(LlmRequest request) {
        long prompt = 0;
        for (LlmMessage m : request.messages()) prompt += m.content().length();
        return prompt;
    }

    private Reply replyFor(LlmRequest request) {
        for (Rule rule : rules) {
            if (rule.match.test(request)) return rule.next(request);
        }
        return new Reply(fallback.apply(request), false);
    }

    private void sleep(Duration d) {
        if (d == null || d.isZero()) return;
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            Thread.currentThread().interrupt();
            throw new InterruptedCallException("scripted call interrupted", e);
        }
    }

    /**
     * The tool results a request carries, in order: what the model was told its tool calls gave.
     *
     * @param request a request
     * @return its tool messages
     */
    public static List<LlmMessage> toolResults(LlmRequest request) {
        List<LlmMessage> results = new ArrayList<>();
        for (LlmMessage m : request.messages()) if (m.role() == dev.devora.orchestration.llm.Role.TOOL) results.add(m);
        return results;
    }

    /** {@return every request received, in arrival order} */
    public List<LlmRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * Requests whose {@link LlmRequest#AGENT} attribute is the given agent.
     *
     * @param agent an agent name
     * @return its requests, in arrival order
     */
    public List<LlmRequest> requestsForAgent(String agent) {
        return requests().stream().filter(r -> agent.equals(r.attribute(LlmRequest.AGENT))).toList();
    }

    /**
     * Requests made by the step with this path or id.
     *
     * @param pathOrId a step path ({@code review/security}) or the last part of one ({@code security})
     * @return its requests, in arrival order
     */
    public List<LlmRequest> requestsForStep(String pathOrId) {
        return requests().stream().filter(r -> stepMatches(r, pathOrId)).toList();
    }

    /** {@return how many calls this provider received, failed ones included} */
    public int callCount() {
        return calls.get();
    }

    /** {@return how many calls are running right now} */
    public int inFlight() {
        return inFlight.get();
    }

    /** {@return the most calls that ran at the same time} */
    public int maxConcurrentCalls() {
        return maxInFlight.get();
    }

    /** {@return how many calls were interrupted while waiting} */
    public int interruptedCalls() {
        return interrupted.get();
    }

    @Override
    public String toString() {
        return "ScriptedLlmProvider[" + name + ", " + rules.size() + " rules, " + calls.get() + " calls]";
    }

    static boolean stepMatches(LlmRequest r, String pathOrId) {
        String path = r.attribute(LlmRequest.STEP_PATH);
        return path != null && (path.equals(pathOrId) || path.endsWith("/" + pathOrId));
    }

    /** The default reply: for JSON requests a minimal value valid against the schema, else a short text. */
    static String defaultReply(LlmRequest request) {
        ResponseFormat format = request.responseFormat();
        if (format != null && format.type() != ResponseFormat.Type.TEXT) {
            JsonNode schema = format.schema();
            return schema == null ? "{}" : sample(schema).toString();
        }
        String agent = request.attribute(LlmRequest.AGENT);
        String prompt = request.lastUserText().replaceAll("\\s+", " ").strip();
        return "[" + (agent == null ? "agent" : agent) + "] "
                + (prompt.length() > 60 ? prompt.substring(0, 60) + "…" : prompt);
    }

    /**
     * A minimal JSON value valid against a (structural) JSON Schema: the first enum value, one item per array,
     * every property of an object.
     *
     * @param schema a JSON Schema
     * @return a value valid against it
     */
    public static JsonNode sample(JsonNode schema) {
        if (schema.has("enum") && schema.get("enum").size() > 0) return schema.get("enum").get(0);
        String type = schema.path("type").isArray() ? schema.path("type").path(0).asText() : schema.path("type").asText("object");
        switch (type.toLowerCase(Locale.ROOT)) {
            case "string": return NODES.textNode("sample");
            case "integer": return NODES.numberNode(1);
            case "number": return NODES.numberNode(1.0);
            case "boolean": return NODES.booleanNode(true);
            case "array": {
                ArrayNode a = NODES.arrayNode();
                a.add(sample(schema.path("items").isObject() ? schema.path("items") : NODES.objectNode().put("type", "string")));
                return a;
            }
            case "null": return NODES.nullNode();
            default: {
                ObjectNode o = NODES.objectNode();
                schema.path("properties").properties().forEach(e -> o.set(e.getKey(), sample(e.getValue())));
                return o;
            }
        }
    }

    /** Builder for {@link ScriptedLlmProvider}. */
    public static final class Builder {
        private String name = "scripted";
        private final List<Rule> rules = new ArrayList<>();
        private Function<LlmRequest, String> fallback = ScriptedLlmProvider::defaultReply;
        private Function<LlmRequest, Duration> latency = r -> Duration.ZERO;
        private Duration tokenDelay = Duration.ZERO;
        private BigDecimal costPerToken;
        private boolean reportsCost = true;
        private Integer contextLength;
        private Function<LlmRequest, List<dev.devora.orchestration.llm.ToolCall>> toolCalls = r -> List.of();

        private Builder() {
        }

        /**
         * Answers that ask for tools: asked before the rules, for every request; when it returns calls, the answer
         * asks for them (no text), otherwise the rules answer. E.g. call a tool until its result is in the request:
         * {@code .toolCalls(r -> ScriptedLlmProvider.toolResults(r).isEmpty() ? List.of(new ToolCall("c1", "deploy",
         * "{}")) : List.of())}.
         *
         * @param calls the calls to ask for, given the request; empty for none
         * @return this builder
         */
        public Builder toolCalls(Function<LlmRequest, List<dev.devora.orchestration.llm.ToolCall>> calls) {
            this.toolCalls = java.util.Objects.requireNonNull(calls, "calls");
            return this;
        }

        /**
         * The provider's name, reported as the upstream provider of its answers.
         *
         * @param name the name; default {@code scripted}
         * @return this builder
         */
        public Builder name(String name) { this.name = name; return this; }

        /**
         * Rules for requests made by this agent.
         *
         * @param agent an agent name
         * @return the rule's replies, to be given next
         */
        public RuleBuilder whenAgent(String agent) {
            return new RuleBuilder(this, r -> agent.equals(r.attribute(LlmRequest.AGENT)));
        }

        /**
         * Rules for requests made by the step with this path or id.
         *
         * @param pathOrId a step path or the last part of one
         * @return the rule's replies, to be given next
         */
        public RuleBuilder whenStep(String pathOrId) {
            return new RuleBuilder(this, r -> stepMatches(r, pathOrId));
        }

        /**
         * Rules for requests whose last user message contains the text.
         *
         * @param fragment text to look for
         * @return the rule's replies, to be given next
         */
        public RuleBuilder whenPromptContains(String fragment) {
            return new RuleBuilder(this, r -> r.lastUserText().contains(fragment));
        }

        /**
         * Rules for the requests this predicate accepts.
         *
         * @param match a predicate on the request
         * @return the rule's replies, to be given next
         */
        public RuleBuilder when(Predicate<LlmRequest> match) {
            return new RuleBuilder(this, match);
        }

        /**
         * Answer for requests no rule matches (default: schema-valid JSON or a short text naming the agent).
         *
         * @param answer the reply computed from the request
         * @return this builder
         */
        public Builder otherwise(Function<LlmRequest, String> answer) { this.fallback = answer; return this; }

        /**
         * Wait before every answer (interruptibly, like an HTTP call).
         *
         * @param d the wait
         * @return this builder
         */
        public Builder latency(Duration d) { this.latency = r -> d; return this; }

        /**
         * Wait computed per request.
         *
         * @param f the wait of each request
         * @return this builder
         */
        public Builder latency(Function<LlmRequest, Duration> f) { this.latency = f; return this; }

        /**
         * Wait before each streamed token.
         *
         * @param d the wait
         * @return this builder
         */
        public Builder tokenDelay(Duration d) { this.tokenDelay = d; return this; }

        /**
         * Reports a cost of tokens × price; without it the cost is unknown (null).
         *
         * @param price USD per token, prompt or completion
         * @return this builder
         */
        public Builder costPerToken(BigDecimal price) { this.costPerToken = price; return this; }

        /**
         * With {@code false}: the price stays known ({@link #price}) but answers report no cost (null).
         *
         * @param reports whether answers carry a cost (default true)
         * @return this builder
         */
        public Builder reportsCost(boolean reports) { this.reportsCost = reports; return this; }

        /**
         * The context window (tokens) the provider reports for every model; unknown without it.
         *
         * @param tokens the context length
         * @return this builder
         */
        public Builder contextLength(int tokens) { this.contextLength = tokens; return this; }

        /** {@return the provider} */
        public ScriptedLlmProvider build() {
            return new ScriptedLlmProvider(this);
        }
    }

    /** Replies of one rule. */
    public static final class RuleBuilder {
        private final Builder parent;
        private final Predicate<LlmRequest> match;
        private final List<Function<LlmRequest, Reply>> replies = new ArrayList<>();

        private RuleBuilder(Builder parent, Predicate<LlmRequest> match) {
            this.parent = parent;
            this.match = match;
        }

        /**
         * Replies in order; the last one repeats.
         *
         * @param texts the replies
         * @return the provider's builder, for more rules
         */
        public Builder reply(String... texts) {
            for (String t : texts) replies.add(r -> new Reply(t, false));
            return done();
        }

        /**
         * Replies computed from the request.
         *
         * @param f the reply of each request
         * @return the provider's builder, for more rules
         */
        public Builder answer(Function<LlmRequest, String> f) {
            replies.add(r -> new Reply(f.apply(r), false));
            return done();
        }

        /**
         * The next matching calls answer these partial texts, each cut off at the output cap: finish reason
         * {@code LENGTH} (wire value {@code "length"}), as a model stopped by {@code maxTokens} answers. An agent then
         * continues a text answer or fails a JSON one with {@code OutputTruncatedException}.
         *
         * <pre>{@code
         * ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
         *         .whenAgent("writer").cutOff("# Guide\n\nPart one").reply(", part two.")
         *         .build();
         * }</pre>
         *
         * @param partials the cut answers, one per call, in order
         * @return this rule, for the replies after the cut ones
         */
        public RuleBuilder cutOff(String... partials) {
            for (String t : partials) replies.add(r -> new Reply(t, true));
            return this;
        }

        /**
         * Every matching call answers this partial text cut off at the output cap (finish reason {@code LENGTH}).
         *
         * <pre>{@code
         * ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("coder").cutOffAlways("SELECT id FROM").build();
         * }</pre>
         *
         * @param partial the cut answer
         * @return the provider's builder, for more rules
         */
        public Builder cutOffAlways(String partial) {
            cutOff(partial);
            return done();
        }

        /**
         * The first {@code times} matching calls fail with a provider error of this kind.
         *
         * @param times how many calls fail
         * @param kind  the error's kind (with a matching HTTP status)
         * @return this rule, for the replies after the failures
         */
        public RuleBuilder failTimes(int times, ProviderErrorKind kind) {
            for (int i = 0; i < times; i++) {
                replies.add(r -> {
                    throw ProviderException.builder(kind, "scripted " + kind.description()).httpStatus(status(kind))
                            .model(r.model()).build();
                });
            }
            return this;
        }

        /**
         * The next matching call throws what the supplier gives.
         *
         * @param failure makes the exception
         * @return this rule, for the replies after the failure
         */
        public RuleBuilder failWith(Supplier<? extends RuntimeException> failure) {
            replies.add(r -> {
                throw failure.get();
            });
            return this;
        }

        /**
         * Every matching call fails with a provider error of this kind.
         *
         * @param kind the error's kind
         * @return the provider's builder, for more rules
         */
        public Builder failAlways(ProviderErrorKind kind) {
            failTimes(1, kind);
            return done();
        }

        private Builder done() {
            if (replies.isEmpty()) throw new IllegalStateException("a rule needs at least one reply");
            parent.rules.add(new Rule(match, replies));
            return parent;
        }

        private static int status(ProviderErrorKind kind) {
            switch (kind) {
                case RATE_LIMITED: return 429;
                case AUTHENTICATION: return 401;
                case INSUFFICIENT_CREDITS: return 402;
                case MODERATION: return 403;
                case NOT_FOUND: return 404;
                case TIMEOUT: return 408;
                case INVALID_REQUEST: case CONTEXT_LENGTH_EXCEEDED: return 400;
                default: return 502;
            }
        }
    }
}
