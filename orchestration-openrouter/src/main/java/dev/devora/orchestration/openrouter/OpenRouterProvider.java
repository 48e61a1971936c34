package dev.devora.orchestration.openrouter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.llm.TokenListener;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.openrouter.internal.Backoff;
import dev.devora.orchestration.openrouter.internal.CatalogParser;
import dev.devora.orchestration.openrouter.internal.ChatClient;
import dev.devora.orchestration.openrouter.internal.HttpTransport;
import dev.devora.orchestration.openrouter.internal.ModelBreakers;
import dev.devora.orchestration.openrouter.internal.RequestMapper;
import dev.devora.orchestration.openrouter.internal.ResilientCaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The {@link LlmProvider} for OpenRouter, or any OpenAI-compatible chat completions server (set
 * {@link Builder#baseUrl}). One instance is immutable, thread-safe and meant to be shared by every run.
 *
 * <pre>{@code
 * OpenRouterProvider llm = OpenRouterProvider.builder()
 *         .apiKey(System.getenv("OPENROUTER_API_KEY"))     // or leave it out to read OPENROUTER_API_KEY
 *         .defaultModel("openai/gpt-4o-mini")
 *         .appUrl("https://example.com").appTitle("Invoice bot")
 *         .routing(ProviderRouting.builder().sort("price").build())
 *         .build();
 * LlmResponse r = llm.stream(LlmRequest.builder()
 *         .model("anthropic/claude-sonnet-4.5").fallbackModels(List.of("openai/gpt-4o"))
 *         .message(LlmMessage.user("Name three HTTP verbs.")).build(), System.out::print);
 * }</pre>
 *
 * <h2>What a call does</h2>
 * <ol>
 *   <li>The candidate models are the request's model (else the default model) followed by its fallback models.
 *       The first one whose circuit breaker is closed is asked; the others whose breakers are closed are sent
 *       as OpenRouter's server-side {@code models} fallbacks. {@link LlmResponse#model()} is always the model
 *       that actually answered.</li>
 *   <li>Each attempt runs under the request timeout ({@link LlmRequest#timeout()} overrides the configured one),
 *       covering the whole answer or stream.</li>
 *   <li>Retriable failures are retried as {@link RetrySettings} says; a stream is never retried once it has
 *       delivered a token.</li>
 *   <li>Every failure is a {@link ProviderException} (403 moderation: {@link ModerationException}) with the
 *       HTTP status, OpenRouter's message, {@code metadata.provider_name} and {@code metadata.raw}; an interrupt
 *       of the calling thread aborts the exchange and throws
 *       {@link dev.devora.orchestration.InterruptedCallException}.</li>
 * </ol>
 *
 * <h2>Retries: one owner per layer</h2>
 * The engine retries a step only when the thrown exception {@link ProviderException#isRetriable() is retriable}.
 * This provider retries first; when it has exhausted its own attempts it throws with {@code retriable = false}
 * (unless {@link RetrySettings#retriableAfterExhaustion()} is set), so engine and provider attempts never
 * multiply. To let the engine own all retries instead, configure {@link RetrySettings#NONE}. Failures of a stream
 * after its first token are not retried here and keep their natural retriability, so the engine may re-run the step.
 * An open circuit for every candidate model fails fast with {@code CIRCUIT_OPEN}: no request was made, so it is
 * retriable, with the time until the breaker half-opens as its {@code retryAfter}, and the engine's step retry
 * waits for that (see {@link CircuitBreakerSettings}).
 *
 * <h2>Cost</h2>
 * {@link Usage#costUsd()} is only ever the {@code cost} the server reported, and null when it reported none (other
 * servers, some free models). Then, if the {@link #catalog() model catalogue} is already cached (it is never fetched
 * for this), {@link Usage#estimatedCostUsd()} holds an estimate from its list prices: uncached prompt tokens at the
 * prompt price, cached ones at the {@code input_cache_read} price, completion tokens at the completion price, plus
 * the per-request price ({@link ModelInfo#estimateCost(Usage)}). {@link Usage#isCostEstimated()} tells the two
 * apart; {@link Usage#costOrEstimateUsd()} is what budgets can use.
 *
 * <h2>Security</h2>
 * The key is sent only in the {@code Authorization} header. It is never logged, never in an exception message and
 * never in any {@code toString()}. Should a server echo it back, it is replaced by {@code [redacted]} in every body
 * read in one piece, in a stream as it is read (before its tokens reach the listener) and, as decoded (whatever
 * JSON escapes, response headers or stream deltas carried it), in every string an answer, a catalogue, key or
 * generation document and a {@link ProviderException} keeps. TLS is used unless the base URL explicitly says {@code http://}.
 */
public final class OpenRouterProvider implements LlmProvider {
    private static final Logger log = LoggerFactory.getLogger(OpenRouterProvider.class);

    private final OpenRouterConfig config;
    private final ChatClient chat;
    private final ModelBreakers breakers;
    private final ResilientCaller caller;
    private final ModelCatalog catalog;

    private OpenRouterProvider(OpenRouterConfig config) {
        this.config = config;
        HttpClient http = config.httpClient() != null ? config.httpClient() : newHttpClient(config);
        Map<String, String> headers = new LinkedHashMap<>();
        if (config.appUrl() != null) headers.put("HTTP-Referer", config.appUrl());
        if (config.appTitle() != null) {
            headers.put("X-OpenRouter-Title", config.appTitle());
            headers.put("X-Title", config.appTitle());
        }
        this.chat = new ChatClient(new HttpTransport(http), config.baseUrl(), config.apiKey(), headers,
                config.requestHeaders(), config.clock());
        this.breakers = new ModelBreakers(config.circuitBreaker(), config.clock());
        this.caller = new ResilientCaller("openrouter", config.retry(), breakers,
                new Backoff(config.retry(), () -> ThreadLocalRandom.current().nextDouble()), config.sleeper());
        this.catalog = new ModelCatalog(() -> CatalogParser.models(chat.get("/models", config.requestTimeout())),
                config.catalogTtl(), config.clock());
    }

    /**
     * A copy with {@link RetrySettings#NONE}: one attempt per call, a retriable failure thrown as retriable, for a
     * host that retries calls itself (Temporal's activities). It has its own circuit breakers and model catalogue
     * cache; the key and every other setting are the same. This provider when it does not retry already.
     *
     * @return the provider without retries
     */
    @Override
    public OpenRouterProvider withoutRetries() {
        if (config.retry().maxRetries() == 0 && config.retry().retriableAfterExhaustion()) return this;
        OpenRouterConfig c = config;
        return new OpenRouterProvider(new OpenRouterConfig(c.apiKey(), c.baseUrl(), c.defaultModel(), c.appUrl(),
                c.appTitle(), c.connectTimeout(), c.requestTimeout(), RetrySettings.NONE, c.circuitBreaker(),
                c.routing(), c.sessionPerRun(), c.catalogTtl(), c.httpClient(), c.executor(), c.sleeper(), c.clock(),
                c.requestHeaders()));
    }

    private static HttpClient newHttpClient(OpenRouterConfig config) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER); // never carry the key to another host
        if ("http".equalsIgnoreCase(config.baseUrl().getScheme())) {
            // plain-HTTP servers are local ones: no h2c upgrade attempt, which some of them mishandle
            b.version(HttpClient.Version.HTTP_1_1);
        }
        if (config.executor() != null) b.executor(config.executor());
        return b.build();
    }

    /** {@return a builder; without {@code apiKey} the key is read from {@code OPENROUTER_API_KEY}} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "openrouter";
    }

    /** {@return the configuration this provider was built with} */
    public OpenRouterConfig config() {
        return config;
    }

    /** {@return the model catalogue, fetched from {@code GET /models} on first use and cached} */
    public ModelCatalog catalog() {
        return catalog;
    }

    /**
     * The model's per-token prices from the catalogue (fetched on first use); empty when the model is unknown or
     * the catalogue cannot be fetched. {@code null} asks for the default model.
     */
    @Override
    public java.util.Optional<dev.devora.orchestration.llm.ModelPrice> price(String model) {
        String id = model != null ? model : config.defaultModel();
        if (id == null) return java.util.Optional.empty();
        try {
            return catalog.find(id).map(m -> new dev.devora.orchestration.llm.ModelPrice(m.id(), m.promptPrice(),
                    m.completionPrice()));
        } catch (RuntimeException unavailable) {
            log.debug("no price for {}: {}", id, unavailable.getMessage());
            return java.util.Optional.empty();
        }
    }

    /**
     * The model's context window from the model catalogue, only if it is already cached (never fetches); empty
     * otherwise, and the engine applies its default limit.
     */
    @Override
    public java.util.OptionalInt contextLength(String model) {
        String id = model != null ? model : config.defaultModel();
        if (id == null) return java.util.OptionalInt.empty();
        Integer tokens = catalog.findCached(id).map(ModelInfo::contextLength).orElse(null);
        return tokens == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(tokens);
    }

    /** {@return the remaining credit and limits of the key ({@code GET /key}, falling back to the legacy {@code /auth/key})} */
    public KeyInfo keyInfo() {
        try {
            return CatalogParser.key(chat.get("/key", config.requestTimeout()));
        } catch (ProviderException e) {
            if (e.httpStatus().orElse(0) != 404) throw e;
            return CatalogParser.key(chat.get("/auth/key", config.requestTimeout()));
        }
    }

    /**
     * OpenRouter's record of a generation ({@code GET /generation?id=…}). OpenRouter answers 404 for a short while
     * after a generation completes, so a 404 is retried up to 3 times, 500 ms apart (through the configured
     * {@link Sleeper}).
     *
     * @param id a generation id, as in {@code LlmResponse.requestId()}
     * @return the generation's record
     */
    public GenerationInfo generation(String id) {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("generation id must not be blank");
        String path = "/generation?id=" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
        for (int attempt = 1; ; attempt++) {
            try {
                return CatalogParser.generation(chat.get(path, config.requestTimeout()));
            } catch (ProviderException e) {
                if (e.httpStatus().orElse(0) != 404 || attempt > 3) throw e;
                try {
                    config.sleeper().sleep(Duration.ofMillis(500));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new dev.devora.orchestration.InterruptedCallException("generation lookup interrupted", ie);
                }
            }
        }
    }

    /**
     * Whether the client-side circuit breaker of this model is open (calls go to the next fallback model).
     *
     * @param model an OpenRouter model id
     * @return true while open
     */
    public boolean isCircuitOpen(String model) {
        return breakers.isOpen(model);
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
        java.util.Objects.requireNonNull(request, "request");
        Duration timeout = timeout(request);
        return withEstimatedCost(caller.call(candidates(request),
                s -> chat.complete(body(request, s, false), s.model(), request.responseFormat(), timeout),
                LlmResponse::model, () -> false));
    }

    @Override
    public LlmResponse stream(LlmRequest request, TokenListener tokens) {
        java.util.Objects.requireNonNull(request, "request");
        java.util.Objects.requireNonNull(tokens, "tokens (use TokenListener.NONE)");
        Duration timeout = timeout(request);
        AtomicBoolean started = new AtomicBoolean();
        return withEstimatedCost(caller.call(candidates(request),
                s -> chat.stream(body(request, s, true), s.model(), request.responseFormat(), timeout, tokens,
                        () -> started.set(true)),
                LlmResponse::model, started::get));
    }

    private ObjectNode body(LlmRequest request, ModelBreakers.Selection s, boolean stream) {
        String session = config.sessionPerRun() ? request.attribute(LlmRequest.RUN_ID) : null;
        return RequestMapper.toJson(request, s.model(), s.serverFallbacks(), config.routing(), session, stream);
    }

    private Duration timeout(LlmRequest request) {
        return request.timeout() != null ? request.timeout() : config.requestTimeout();
    }

    private List<String> candidates(LlmRequest request) {
        List<String> out = new ArrayList<>();
        String first = request.model() != null ? request.model() : config.defaultModel();
        out.add(first);
        for (String m : request.fallbackModels()) {
            if (m != null && !out.contains(m)) out.add(m);
        }
        return out;
    }

    /** Adds a catalogue estimate when the server reported no cost; the reported cost field stays null. */
    private LlmResponse withEstimatedCost(LlmResponse r) {
        Usage u = r.usage();
        if (u.hasCost() || u.estimatedCostUsd() != null || u.totalTokens() == 0) return r; // no tokens: nothing to go on
        BigDecimal estimate = catalog.estimateCachedCost(r.model(), u);
        if (estimate == null) return r;
        return r.toBuilder().usage(new Usage(u.promptTokens(), u.completionTokens(), u.reasoningTokens(),
                u.cachedTokens(), null, estimate)).build();
    }

    @Override
    public String toString() {
        return "OpenRouterProvider[" + config.baseUrl() + (config.defaultModel() == null ? "" : ", " + config.defaultModel()) + "]";
    }

    /**
     * Builds an {@link OpenRouterProvider}; {@link #build()} validates everything at once, with messages naming
     * the bad value. Defaults: base URL {@code https://openrouter.ai/api/v1}, connect timeout 10 s, request
     * timeout 10 min, {@link RetrySettings#DEFAULTS}, {@link CircuitBreakerSettings#DEFAULTS},
     * {@link ProviderRouting#NONE}, catalogue TTL 1 h.
     *
     * <pre>{@code
     * OpenRouterProvider p = OpenRouterProvider.builder().apiKey(key).requestTimeout(Duration.ofMinutes(2)).build();
     * }</pre>
     */
    public static final class Builder {
        /** The environment variable read when no key is given. */
        public static final String API_KEY_VARIABLE = "OPENROUTER_API_KEY";

        private ApiKey apiKey;
        private Function<String, String> environment = System::getenv;
        private URI baseUrl = OpenRouterConfig.DEFAULT_BASE_URL;
        private String defaultModel;
        private String appUrl;
        private String appTitle;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofMinutes(10);
        private RetrySettings retry = RetrySettings.DEFAULTS;
        private CircuitBreakerSettings circuitBreaker = CircuitBreakerSettings.DEFAULTS;
        private ProviderRouting routing = ProviderRouting.NONE;
        private boolean sessionPerRun;
        private Duration catalogTtl = Duration.ofHours(1);
        private HttpClient httpClient;
        private Executor executor;
        private java.util.function.Supplier<Map<String, String>> requestHeaders;
        private Sleeper sleeper = Sleeper.SYSTEM;
        private Clock clock = Clock.systemUTC();
        private String keyProblem;

        private Builder() {
        }

        /**
         * The API key; blank or null is rejected by {@link #build()}, and so is a key holding anything but printable
         * ASCII (the error names the character and its position, never the key).
         *
         * @param key the key
         * @return this builder
         */
        public Builder apiKey(String key) {
            if (key == null || key.isBlank()) {
                this.apiKey = null;
                this.keyProblem = "apiKey must not be " + (key == null ? "null" : "blank");
            } else {
                this.apiKey = ApiKey.of(key);
                this.keyProblem = null;
            }
            return this;
        }

        /**
         * The API key, already wrapped; null is rejected by {@link #build()}.
         *
         * @param key the key
         * @return this builder
         */
        public Builder apiKey(ApiKey key) {
            this.apiKey = key;
            this.keyProblem = key == null ? "apiKey must not be null" : null;
            return this;
        }

        /**
         * Where to look up {@code OPENROUTER_API_KEY} when no key is given (default: the process environment).
         *
         * @param lookup variable name to value, or null when unset
         * @return this builder
         */
        public Builder environment(Function<String, String> lookup) { this.environment = lookup; return this; }
        /**
         * Another OpenAI-compatible server (default: the OpenRouter API); plain HTTP is for loopback only.
         *
         * @param url the API root, e.g. {@code http://127.0.0.1:8080/api/v1}
         * @return this builder
         */
        public Builder baseUrl(String url) { this.baseUrl = url == null ? null : URI.create(url.strip()); return this; }
        /**
         * Another OpenAI-compatible server (default: the OpenRouter API).
         *
         * @param url the API root
         * @return this builder
         */
        public Builder baseUrl(URI url) { this.baseUrl = url; return this; }
        /**
         * The model of requests that name none (default: none, such a request is rejected).
         *
         * @param model an OpenRouter model id
         * @return this builder
         */
        public Builder defaultModel(String model) { this.defaultModel = model; return this; }
        /**
         * App attribution: sent as {@code HTTP-Referer}.
         *
         * @param url the app's URL
         * @return this builder
         */
        public Builder appUrl(String url) { this.appUrl = url; return this; }
        /**
         * App attribution: sent as {@code X-OpenRouter-Title} and the legacy {@code X-Title}.
         *
         * @param title the app's name
         * @return this builder
         */
        public Builder appTitle(String title) { this.appTitle = title; return this; }

        /**
         * Headers added to every request, asked as each request is built, on the thread making the call: a trace
         * context, for the HTTP call to join the caller's trace ({@code DevoraTelemetry.traceContextHeaders()} of
         * orchestration-opentelemetry gives W3C {@code traceparent}). The request's own headers
         * ({@code Authorization}, {@code Content-Type}, {@code Accept}) cannot be replaced: such names are left out.
         *
         * @param headers gives the headers for one request; null for none
         * @return this builder
         */
        public Builder requestHeaders(java.util.function.Supplier<Map<String, String>> headers) {
            this.requestHeaders = headers;
            return this;
        }
        /**
         * Timeout of opening a connection (default 10 s).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) { this.connectTimeout = timeout; return this; }
        /**
         * Deadline of a whole answer or stream (default 10 min); {@code LlmRequest.timeout} overrides it per request.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) { this.requestTimeout = timeout; return this; }
        /**
         * How failed HTTP calls are retried (default {@link RetrySettings#DEFAULTS}).
         *
         * @param retry the settings
         * @return this builder
         */
        public Builder retry(RetrySettings retry) { this.retry = retry; return this; }
        /**
         * The circuit breaker kept per model (default {@link CircuitBreakerSettings#DEFAULTS}).
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder circuitBreaker(CircuitBreakerSettings settings) { this.circuitBreaker = settings; return this; }
        /**
         * OpenRouter's provider routing sent with every request (default none).
         *
         * @param routing the routing preferences
         * @return this builder
         */
        public Builder routing(ProviderRouting routing) { this.routing = routing; return this; }

        /**
         * Sends the engine's run id ({@code LlmRequest.RUN_ID}) as OpenRouter's {@code session_id}: the calls of one
         * workflow run are grouped in OpenRouter's activity and routed stickily to the same provider, which favours
         * prompt-cache hits. Off by default; requests without a run id are sent without a session.
         *
         * @param enabled true to send the run id as session id
         * @return this builder
         */
        public Builder sessionPerRun(boolean enabled) { this.sessionPerRun = enabled; return this; }
        /**
         * How long the model catalogue is cached (default 1 h).
         *
         * @param ttl positive
         * @return this builder
         */
        public Builder catalogTtl(Duration ttl) { this.catalogTtl = ttl; return this; }
        /**
         * An HTTP client to use instead of building one (then {@code connectTimeout} and {@code executor} are its own).
         *
         * @param client the client
         * @return this builder
         */
        public Builder httpClient(HttpClient client) { this.httpClient = client; return this; }
        /**
         * The executor of the HTTP client the provider builds.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(Executor executor) { this.executor = executor; return this; }
        /**
         * How retries wait (default {@link Sleeper#SYSTEM}; tests inject one that does not sleep).
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) { this.sleeper = sleeper; return this; }
        /**
         * The clock of deadlines, the circuit breakers and the catalogue's TTL (default the system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) { this.clock = clock; return this; }

        /**
         * Validates and returns the configuration without building a provider.
         *
         * @return the configuration
         * @throws IllegalStateException    when there is no API key
         * @throws IllegalArgumentException when a setting is out of range, naming it
         */
        public OpenRouterConfig buildConfig() {
            ApiKey key = apiKey;
            if (key == null && keyProblem != null) throw new IllegalStateException(keyProblem);
            if (key == null) {
                String fromEnv = environment == null ? null : environment.apply(API_KEY_VARIABLE);
                if (fromEnv == null || fromEnv.isBlank()) {
                    throw new IllegalStateException("no OpenRouter API key: call apiKey(...) or set the "
                            + API_KEY_VARIABLE + " environment variable");
                }
                key = ApiKey.of(fromEnv);
            }
            validateKeyCharacters(key);
            URI url = validateBaseUrl(baseUrl);
            if (defaultModel != null && defaultModel.isBlank()) {
                throw new IllegalArgumentException("defaultModel must not be blank, was \"" + defaultModel + "\"");
            }
            positive("connectTimeout", connectTimeout);
            positive("requestTimeout", requestTimeout);
            positive("catalogTtl", catalogTtl);
            require("retry", retry);
            require("circuitBreaker", circuitBreaker);
            require("routing", routing);
            require("sleeper", sleeper);
            require("clock", clock);
            if (httpClient != null && executor != null) {
                throw new IllegalArgumentException("set either httpClient or executor, not both: an injected client "
                        + "uses its own executor");
            }
            if (appUrl != null && appUrl.isBlank()) throw new IllegalArgumentException("appUrl must not be blank");
            if (appTitle != null && appTitle.isBlank()) throw new IllegalArgumentException("appTitle must not be blank");
            return new OpenRouterConfig(key, url, defaultModel, appUrl, appTitle, connectTimeout, requestTimeout, retry,
                    circuitBreaker, routing, sessionPerRun, catalogTtl, httpClient, executor, sleeper, clock,
                    requestHeaders);
        }

        /**
         * Validates the configuration and builds the provider.
         *
         * @return the provider, to be shared
         * @throws IllegalStateException    when there is no API key
         * @throws IllegalArgumentException when a setting is out of range, naming it
         */
        public OpenRouterProvider build() {
            OpenRouterConfig config = buildConfig();
            if ("http".equalsIgnoreCase(config.baseUrl().getScheme()) && !isLoopback(config.baseUrl().getHost())) {
                log.warn("base URL {} uses plain HTTP: the API key will travel unencrypted", config.baseUrl());
            }
            return new OpenRouterProvider(config);
        }

        /**
         * The key travels in a header, where the JDK rejects (on every call, quoting the whole value) what is not
         * printable ASCII: a zero-width space pasted with it, a line break, a letter with an accent. The error names
         * the character and where it is, never the key.
         */
        private static void validateKeyCharacters(ApiKey key) {
            String value = key.reveal();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x21 || c > 0x7e) {
                    throw new IllegalArgumentException(String.format("apiKey holds a character that cannot be sent "
                            + "in an HTTP header: U+%04X at position %d (an API key is printable ASCII)", (int) c, i + 1));
                }
            }
        }

        private static URI validateBaseUrl(URI url) {
            if (url == null) throw new IllegalArgumentException("baseUrl must not be null");
            String scheme = url.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
                throw new IllegalArgumentException("baseUrl must start with https:// (or http:// explicitly), was "
                        + url);
            }
            if (url.getHost() == null || url.getHost().isBlank()) {
                throw new IllegalArgumentException("baseUrl must name a host, was " + url);
            }
            if (url.getUserInfo() != null) {
                throw new IllegalArgumentException("baseUrl must not carry credentials; use apiKey(...)");
            }
            if (url.getQuery() != null || url.getFragment() != null) {
                throw new IllegalArgumentException("baseUrl must not have a query or fragment, was " + url);
            }
            String s = url.toString();
            while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
            return URI.create(s);
        }

        private static boolean isLoopback(String host) {
            if (host == null) return false;
            if (host.equalsIgnoreCase("localhost")) return true;
            try {
                return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+\\]?") && InetAddress.getByName(host).isLoopbackAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }

        private static void positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
        }

        private static void require(String name, Object value) {
            if (value == null) throw new IllegalArgumentException(name + " must not be null");
        }
    }
}
