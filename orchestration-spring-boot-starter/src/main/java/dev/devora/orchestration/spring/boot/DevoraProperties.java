package dev.devora.orchestration.spring.boot;

import dev.devora.orchestration.openrouter.ProviderRouting;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code devora.*} properties of the starter. Every setting left unset keeps the library's own default (named in
 * each property's description), so an application sets only what it changes. The values are checked when they are
 * bound, at startup: a value out of range stops the application with a message naming the property and the value
 * (never the API key's value).
 *
 * <pre>{@code
 * devora.openrouter.api-key=${OPENROUTER_API_KEY}
 * devora.openrouter.default-model=openai/gpt-5-mini
 * devora.openrouter.request-timeout=2m
 * devora.engine.retry.max-attempts=4
 * devora.store.type=jdbc
 * devora.workflows.models.smart=anthropic/claude-sonnet-4.5
 * }</pre>
 */
@ConfigurationProperties(prefix = DevoraProperties.PREFIX)
public class DevoraProperties implements Validator {
    /** The prefix of every property of the starter. */
    public static final String PREFIX = "devora";

    /** Creates the properties with their defaults; Spring binds them. */
    public DevoraProperties() {
    }

    /** Whether the starter configures anything at all; false backs every bean of the starter off. */
    private boolean enabled = true;

    /** The OpenRouter provider. */
    private final OpenRouter openrouter = new OpenRouter();

    /** The offline provider, for demos and tests without a key. */
    private final Simulated simulated = new Simulated();

    /** The workflow engine. */
    private final Engine engine = new Engine();

    /** Where runs are journaled. */
    private final Store store = new Store();

    /** The predefined workflows of the catalogue. */
    private final Workflows workflows = new Workflows();

    /** The actuator health indicator. */
    private final Health health = new Health();

    /** The task service and its dashboard, served by the application on a port of their own. */
    private final Server server = new Server();

    /** {@return {@code devora.enabled}: whether the starter configures anything at all; false backs every bean of the starter off} */
    public boolean isEnabled() { return enabled; }

    /**
     * Sets {@code devora.enabled}.
     *
     * @param enabled whether the starter configures anything at all; false backs every bean of the starter off.
     */
    public void setEnabled(boolean enabled) { this.enabled = enabled; }

    /** {@return {@code devora.openrouter}: the OpenRouter provider} */
    public OpenRouter getOpenrouter() { return openrouter; }

    /** {@return {@code devora.simulated}: the offline provider, for demos and tests without a key} */
    public Simulated getSimulated() { return simulated; }

    /** {@return {@code devora.engine}: the workflow engine} */
    public Engine getEngine() { return engine; }

    /** {@return {@code devora.store}: where runs are journaled} */
    public Store getStore() { return store; }

    /** {@return {@code devora.workflows}: the predefined workflows of the catalogue} */
    public Workflows getWorkflows() { return workflows; }

    /** {@return {@code devora.health}: the actuator health indicator} */
    public Health getHealth() { return health; }

    /** {@return {@code devora.server}: the task service and its dashboard, served by the application on a port of their own} */
    public Server getServer() { return server; }

    @Override
    public boolean supports(Class<?> type) {
        return DevoraProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        new PropertiesCheck((DevoraProperties) target, errors).run();
    }

    @Override
    public String toString() {
        return "DevoraProperties[enabled=" + enabled + ", openrouter=" + openrouter + ", store=" + store.type + "]";
    }

    /** {@code devora.openrouter.*}: the OpenRouter provider, configured when a key is set. */
    public static class OpenRouter {
        /** Creates the settings with their defaults; Spring binds them. */
        public OpenRouter() {
        }

        /**
         * The OpenRouter API key. Unset or blank, the OPENROUTER_API_KEY environment variable is used; with neither, no
         * OpenRouter provider is configured. Masked in the actuator's env and configprops endpoints.
         */
        private String apiKey;

        /** The API's base URL (default https://openrouter.ai/api/v1). */
        private URI baseUrl;

        /** The model of agents that name none, e.g. openai/gpt-5-mini (default none: agents name their model). */
        private String defaultModel;

        /** The application's URL, sent as HTTP-Referer for OpenRouter's attribution. */
        private String appUrl;

        /** The application's name, sent as X-Title for OpenRouter's attribution. */
        private String appTitle;

        /** How long connecting may take (default 10s). */
        private Duration connectTimeout;

        /** How long one request may take, streaming included (default 10m). */
        private Duration requestTimeout;

        /** One OpenRouter session per run (the run's id as session_id), so OpenRouter groups a run's calls (default false). */
        private Boolean sessionPerRun;

        /** How long the model catalogue (prices, context windows) is cached (default 1h). */
        private Duration catalogTtl;

        /**
         * Send the W3C trace context of the current span with each call (needs orchestration-opentelemetry and an
         * OpenTelemetry bean; default false).
         */
        private boolean traceContext;

        /** The provider's own retries of failed calls. */
        private final Retry retry = new Retry();

        /** The per-model circuit breaker. */
        private final CircuitBreaker circuitBreaker = new CircuitBreaker();

        /** OpenRouter's provider routing, sent with every call. */
        private final Routing routing = new Routing();

        /** {@return {@code devora.openrouter.api-key}: the OpenRouter API key. Unset or blank, the OPENROUTER_API_KEY environment variable is used; with neither, no OpenRouter provider is configured. Masked in the actuator's env and configprops endpoints} */
        public String getApiKey() { return apiKey; }

        /**
         * Sets {@code devora.openrouter.api-key}.
         *
         * @param apiKey the OpenRouter API key. Unset or blank, the OPENROUTER_API_KEY environment variable is used; with neither, no OpenRouter provider is configured. Masked in the actuator's env and configprops endpoints.
         */
        public void setApiKey(String apiKey) { this.apiKey = apiKey; }

        /** {@return {@code devora.openrouter.base-url}: the API's base URL (default https://openrouter.ai/api/v1)} */
        public URI getBaseUrl() { return baseUrl; }

        /**
         * Sets {@code devora.openrouter.base-url}.
         *
         * @param baseUrl the API's base URL (default https://openrouter.ai/api/v1).
         */
        public void setBaseUrl(URI baseUrl) { this.baseUrl = baseUrl; }

        /** {@return {@code devora.openrouter.default-model}: the model of agents that name none, e.g. openai/gpt-5-mini (default none: agents name their model)} */
        public String getDefaultModel() { return defaultModel; }

        /**
         * Sets {@code devora.openrouter.default-model}.
         *
         * @param defaultModel the model of agents that name none, e.g. openai/gpt-5-mini (default none: agents name their model).
         */
        public void setDefaultModel(String defaultModel) { this.defaultModel = defaultModel; }

        /** {@return {@code devora.openrouter.app-url}: the application's URL, sent as HTTP-Referer for OpenRouter's attribution} */
        public String getAppUrl() { return appUrl; }

        /**
         * Sets {@code devora.openrouter.app-url}.
         *
         * @param appUrl the application's URL, sent as HTTP-Referer for OpenRouter's attribution.
         */
        public void setAppUrl(String appUrl) { this.appUrl = appUrl; }

        /** {@return {@code devora.openrouter.app-title}: the application's name, sent as X-Title for OpenRouter's attribution} */
        public String getAppTitle() { return appTitle; }

        /**
         * Sets {@code devora.openrouter.app-title}.
         *
         * @param appTitle the application's name, sent as X-Title for OpenRouter's attribution.
         */
        public void setAppTitle(String appTitle) { this.appTitle = appTitle; }

        /** {@return {@code devora.openrouter.connect-timeout}: how long connecting may take (default 10s)} */
        public Duration getConnectTimeout() { return connectTimeout; }

        /**
         * Sets {@code devora.openrouter.connect-timeout}.
         *
         * @param connectTimeout how long connecting may take (default 10s).
         */
        public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }

        /** {@return {@code devora.openrouter.request-timeout}: how long one request may take, streaming included (default 10m)} */
        public Duration getRequestTimeout() { return requestTimeout; }

        /**
         * Sets {@code devora.openrouter.request-timeout}.
         *
         * @param requestTimeout how long one request may take, streaming included (default 10m).
         */
        public void setRequestTimeout(Duration requestTimeout) { this.requestTimeout = requestTimeout; }

        /** {@return {@code devora.openrouter.session-per-run}: one OpenRouter session per run (the run's id as session_id), so OpenRouter groups a run's calls (default false)} */
        public Boolean getSessionPerRun() { return sessionPerRun; }

        /**
         * Sets {@code devora.openrouter.session-per-run}.
         *
         * @param sessionPerRun one OpenRouter session per run (the run's id as session_id), so OpenRouter groups a run's calls (default false).
         */
        public void setSessionPerRun(Boolean sessionPerRun) { this.sessionPerRun = sessionPerRun; }

        /** {@return {@code devora.openrouter.catalog-ttl}: how long the model catalogue (prices, context windows) is cached (default 1h)} */
        public Duration getCatalogTtl() { return catalogTtl; }

        /**
         * Sets {@code devora.openrouter.catalog-ttl}.
         *
         * @param catalogTtl how long the model catalogue (prices, context windows) is cached (default 1h).
         */
        public void setCatalogTtl(Duration catalogTtl) { this.catalogTtl = catalogTtl; }

        /** {@return {@code devora.openrouter.trace-context}: send the W3C trace context of the current span with each call (needs orchestration-opentelemetry and an OpenTelemetry bean; default false)} */
        public boolean isTraceContext() { return traceContext; }

        /**
         * Sets {@code devora.openrouter.trace-context}.
         *
         * @param traceContext send the W3C trace context of the current span with each call (needs orchestration-opentelemetry and an OpenTelemetry bean; default false).
         */
        public void setTraceContext(boolean traceContext) { this.traceContext = traceContext; }

        /** {@return {@code devora.openrouter.retry}: the provider's own retries of failed calls} */
        public Retry getRetry() { return retry; }

        /** {@return {@code devora.openrouter.circuit-breaker}: the per-model circuit breaker} */
        public CircuitBreaker getCircuitBreaker() { return circuitBreaker; }

        /** {@return {@code devora.openrouter.routing}: openRouter's provider routing, sent with every call} */
        public Routing getRouting() { return routing; }

        @Override
        public String toString() {
            return "OpenRouter[apiKey=" + (apiKey == null ? "unset" : "******") + ", baseUrl=" + baseUrl
                    + ", defaultModel=" + defaultModel + "]";
        }
    }

    /** {@code devora.openrouter.retry.*}: the provider's retries of a failed call. */
    public static class Retry {
        /** Creates the settings with their defaults; Spring binds them. */
        public Retry() {
        }

        /** Retries after the first attempt (default 2). */
        private Integer maxRetries;

        /** Backoff before the first retry (default 500ms). */
        private Duration initialDelay;

        /** The largest backoff (default 8s). */
        private Duration maxDelay;

        /** Random reduction of each backoff, 0 to 1 (default 0.25). */
        private Double jitter;

        /** The longest Retry-After the provider waits for (default 60s). */
        private Duration maxServerDelay;

        /** {@return {@code devora.openrouter.retry.max-retries}: retries after the first attempt (default 2)} */
        public Integer getMaxRetries() { return maxRetries; }

        /**
         * Sets {@code devora.openrouter.retry.max-retries}.
         *
         * @param maxRetries retries after the first attempt (default 2).
         */
        public void setMaxRetries(Integer maxRetries) { this.maxRetries = maxRetries; }

        /** {@return {@code devora.openrouter.retry.initial-delay}: backoff before the first retry (default 500ms)} */
        public Duration getInitialDelay() { return initialDelay; }

        /**
         * Sets {@code devora.openrouter.retry.initial-delay}.
         *
         * @param initialDelay backoff before the first retry (default 500ms).
         */
        public void setInitialDelay(Duration initialDelay) { this.initialDelay = initialDelay; }

        /** {@return {@code devora.openrouter.retry.max-delay}: the largest backoff (default 8s)} */
        public Duration getMaxDelay() { return maxDelay; }

        /**
         * Sets {@code devora.openrouter.retry.max-delay}.
         *
         * @param maxDelay the largest backoff (default 8s).
         */
        public void setMaxDelay(Duration maxDelay) { this.maxDelay = maxDelay; }

        /** {@return {@code devora.openrouter.retry.jitter}: random reduction of each backoff, 0 to 1 (default 0.25)} */
        public Double getJitter() { return jitter; }

        /**
         * Sets {@code devora.openrouter.retry.jitter}.
         *
         * @param jitter random reduction of each backoff, 0 to 1 (default 0.25).
         */
        public void setJitter(Double jitter) { this.jitter = jitter; }

        /** {@return {@code devora.openrouter.retry.max-server-delay}: the longest Retry-After the provider waits for (default 60s)} */
        public Duration getMaxServerDelay() { return maxServerDelay; }

        /**
         * Sets {@code devora.openrouter.retry.max-server-delay}.
         *
         * @param maxServerDelay the longest Retry-After the provider waits for (default 60s).
         */
        public void setMaxServerDelay(Duration maxServerDelay) { this.maxServerDelay = maxServerDelay; }
    }

    /** {@code devora.openrouter.circuit-breaker.*}: the breaker kept per model. */
    public static class CircuitBreaker {
        /** Creates the settings with their defaults; Spring binds them. */
        public CircuitBreaker() {
        }

        /** False never opens the breaker (default true). */
        private Boolean enabled;

        /** Recent calls considered (default 10). */
        private Integer windowSize;

        /** Calls needed before the failure rate is judged, 1 to window-size (default 5). */
        private Integer minimumCalls;

        /** Failure percentage that opens the breaker, above 0 up to 100 (default 50). */
        private Float failureRateThreshold;

        /** How long the breaker stays open before probing (default 30s). */
        private Duration openDuration;

        /** Probe calls while half-open (default 1). */
        private Integer halfOpenCalls;

        /** {@return {@code devora.openrouter.circuit-breaker.enabled}: false never opens the breaker (default true)} */
        public Boolean getEnabled() { return enabled; }

        /**
         * Sets {@code devora.openrouter.circuit-breaker.enabled}.
         *
         * @param enabled false never opens the breaker (default true).
         */
        public void setEnabled(Boolean enabled) { this.enabled = enabled; }

        /** {@return {@code devora.openrouter.circuit-breaker.window-size}: recent calls considered (default 10)} */
        public Integer getWindowSize() { return windowSize; }

        /**
         * Sets {@code devora.openrouter.circuit-breaker.window-size}.
         *
         * @param windowSize recent calls considered (default 10).
         */
        public void setWindowSize(Integer windowSize) { this.windowSize = windowSize; }

        /** {@return {@code devora.openrouter.circuit-breaker.minimum-calls}: calls needed before the failure rate is judged, 1 to window-size (default 5)} */
        public Integer getMinimumCalls() { return minimumCalls; }

        /**
         * Sets {@code devora.openrouter.circuit-breaker.minimum-calls}.
         *
         * @param minimumCalls calls needed before the failure rate is judged, 1 to window-size (default 5).
         */
        public void setMinimumCalls(Integer minimumCalls) { this.minimumCalls = minimumCalls; }

        /** {@return {@code devora.openrouter.circuit-breaker.failure-rate-threshold}: failure percentage that opens the breaker, above 0 up to 100 (default 50)} */
        public Float getFailureRateThreshold() { return failureRateThreshold; }

        /**
         * Sets {@code devora.openrouter.circuit-breaker.failure-rate-threshold}.
         *
         * @param failureRateThreshold failure percentage that opens the breaker, above 0 up to 100 (default 50).
         */
        public void setFailureRateThreshold(Float failureRateThreshold) { this.failureRateThreshold = failureRateThreshold; }

        /** {@return {@code devora.openrouter.circuit-breaker.open-duration}: how long the breaker stays open before probing (default 30s)} */
        public Duration getOpenDuration() { return openDuration; }

        /**
         * Sets {@code devora.openrouter.circuit-breaker.open-duration}.
         *
         * @param openDuration how long the breaker stays open before probing (default 30s).
         */
        public void setOpenDuration(Duration openDuration) { this.openDuration = openDuration; }

        /** {@return {@code devora.openrouter.circuit-breaker.half-open-calls}: probe calls while half-open (default 1)} */
        public Integer getHalfOpenCalls() { return halfOpenCalls; }

        /**
         * Sets {@code devora.openrouter.circuit-breaker.half-open-calls}.
         *
         * @param halfOpenCalls probe calls while half-open (default 1).
         */
        public void setHalfOpenCalls(Integer halfOpenCalls) { this.halfOpenCalls = halfOpenCalls; }
    }

    /** {@code devora.openrouter.routing.*}: which OpenRouter providers serve the calls. */
    public static class Routing {
        /** Creates the settings with their defaults; Spring binds them. */
        public Routing() {
        }

        /** Providers to try first, in order, e.g. anthropic,openai. */
        private List<String> order = new ArrayList<>();

        /** The only providers allowed. */
        private List<String> only = new ArrayList<>();

        /** Providers never used. */
        private List<String> ignore = new ArrayList<>();

        /** Sort providers by price, throughput or latency. */
        private String sort;

        /** Whether other providers may serve a call when the preferred ones fail (OpenRouter's default: true). */
        private Boolean allowFallbacks;

        /** Only providers that support every parameter of the request. */
        private Boolean requireParameters;

        /** allow or deny providers that may store or train on prompts. */
        private ProviderRouting.DataCollection dataCollection;

        /** Only zero-data-retention endpoints. */
        private Boolean zdr;

        /** Allowed quantizations, e.g. fp8,bf16. */
        private List<String> quantizations = new ArrayList<>();

        /** {@return {@code devora.openrouter.routing.order}: providers to try first, in order, e.g. anthropic,openai} */
        public List<String> getOrder() { return order; }

        /**
         * Sets {@code devora.openrouter.routing.order}.
         *
         * @param order providers to try first, in order, e.g. anthropic,openai.
         */
        public void setOrder(List<String> order) { this.order = order; }

        /** {@return {@code devora.openrouter.routing.only}: the only providers allowed} */
        public List<String> getOnly() { return only; }

        /**
         * Sets {@code devora.openrouter.routing.only}.
         *
         * @param only the only providers allowed.
         */
        public void setOnly(List<String> only) { this.only = only; }

        /** {@return {@code devora.openrouter.routing.ignore}: providers never used} */
        public List<String> getIgnore() { return ignore; }

        /**
         * Sets {@code devora.openrouter.routing.ignore}.
         *
         * @param ignore providers never used.
         */
        public void setIgnore(List<String> ignore) { this.ignore = ignore; }

        /** {@return {@code devora.openrouter.routing.sort}: sort providers by price, throughput or latency} */
        public String getSort() { return sort; }

        /**
         * Sets {@code devora.openrouter.routing.sort}.
         *
         * @param sort sort providers by price, throughput or latency.
         */
        public void setSort(String sort) { this.sort = sort; }

        /** {@return {@code devora.openrouter.routing.allow-fallbacks}: whether other providers may serve a call when the preferred ones fail (OpenRouter's default: true)} */
        public Boolean getAllowFallbacks() { return allowFallbacks; }

        /**
         * Sets {@code devora.openrouter.routing.allow-fallbacks}.
         *
         * @param allowFallbacks whether other providers may serve a call when the preferred ones fail (OpenRouter's default: true).
         */
        public void setAllowFallbacks(Boolean allowFallbacks) { this.allowFallbacks = allowFallbacks; }

        /** {@return {@code devora.openrouter.routing.require-parameters}: only providers that support every parameter of the request} */
        public Boolean getRequireParameters() { return requireParameters; }

        /**
         * Sets {@code devora.openrouter.routing.require-parameters}.
         *
         * @param requireParameters only providers that support every parameter of the request.
         */
        public void setRequireParameters(Boolean requireParameters) { this.requireParameters = requireParameters; }

        /** {@return {@code devora.openrouter.routing.data-collection}: allow or deny providers that may store or train on prompts} */
        public ProviderRouting.DataCollection getDataCollection() { return dataCollection; }

        /**
         * Sets {@code devora.openrouter.routing.data-collection}.
         *
         * @param dataCollection allow or deny providers that may store or train on prompts.
         */
        public void setDataCollection(ProviderRouting.DataCollection dataCollection) { this.dataCollection = dataCollection; }

        /** {@return {@code devora.openrouter.routing.zdr}: only zero-data-retention endpoints} */
        public Boolean getZdr() { return zdr; }

        /**
         * Sets {@code devora.openrouter.routing.zdr}.
         *
         * @param zdr only zero-data-retention endpoints.
         */
        public void setZdr(Boolean zdr) { this.zdr = zdr; }

        /** {@return {@code devora.openrouter.routing.quantizations}: allowed quantizations, e.g. fp8,bf16} */
        public List<String> getQuantizations() { return quantizations; }

        /**
         * Sets {@code devora.openrouter.routing.quantizations}.
         *
         * @param quantizations allowed quantizations, e.g. fp8,bf16.
         */
        public void setQuantizations(List<String> quantizations) { this.quantizations = quantizations; }
    }

    /** {@code devora.simulated.*}: the offline provider of orchestration-test. */
    public static class Simulated {
        /** Creates the settings with their defaults; Spring binds them. */
        public Simulated() {
        }

        /**
         * With no OpenRouter key, answer every model call with the offline SimulatedProvider of orchestration-test
         * (placeholder text, no network), e.g. for a demo or a test; ignored when a key is set (default false).
         */
        private boolean enabled;

        /** {@return {@code devora.simulated.enabled}: with no OpenRouter key, answer every model call with the offline SimulatedProvider of orchestration-test (placeholder text, no network), e.g. for a demo or a test; ignored when a key is set (default false)} */
        public boolean isEnabled() { return enabled; }

        /**
         * Sets {@code devora.simulated.enabled}.
         *
         * @param enabled with no OpenRouter key, answer every model call with the offline SimulatedProvider of orchestration-test (placeholder text, no network), e.g. for a demo or a test; ignored when a key is set (default false).
         */
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
    }

    /** {@code devora.engine.*}: the workflow engine. */
    public static class Engine {
        /** Creates the settings with their defaults; Spring binds them. */
        public Engine() {
        }

        /** Size of the engine's thread pool on Java 17-20; ignored on 21+, which uses virtual threads (default 64). */
        private Integer maxPlatformThreads;

        /** The context window assumed for models whose provider does not know theirs (default 1000000 tokens). */
        private Long defaultContextTokens;

        /**
         * How long the application's shutdown waits for the runs in flight before it goes on without them (they can
         * be resumed from a durable store after a restart; default 30s).
         */
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        /** How steps are retried on retriable failures. */
        private final StepRetry retry = new StepRetry();

        /** The limits of run inputs. */
        private final InputLimits inputLimits = new InputLimits();

        /** {@return {@code devora.engine.max-platform-threads}: size of the engine's thread pool on Java 17-20; ignored on 21+, which uses virtual threads (default 64)} */
        public Integer getMaxPlatformThreads() { return maxPlatformThreads; }

        /**
         * Sets {@code devora.engine.max-platform-threads}.
         *
         * @param maxPlatformThreads size of the engine's thread pool on Java 17-20; ignored on 21+, which uses virtual threads (default 64).
         */
        public void setMaxPlatformThreads(Integer maxPlatformThreads) { this.maxPlatformThreads = maxPlatformThreads; }

        /** {@return {@code devora.engine.default-context-tokens}: the context window assumed for models whose provider does not know theirs (default 1000000 tokens)} */
        public Long getDefaultContextTokens() { return defaultContextTokens; }

        /**
         * Sets {@code devora.engine.default-context-tokens}.
         *
         * @param defaultContextTokens the context window assumed for models whose provider does not know theirs (default 1000000 tokens).
         */
        public void setDefaultContextTokens(Long defaultContextTokens) { this.defaultContextTokens = defaultContextTokens; }

        /** {@return {@code devora.engine.shutdown-timeout}: how long the application's shutdown waits for the runs in flight before it goes on without them (they can be resumed from a durable store after a restart; default 30s)} */
        public Duration getShutdownTimeout() { return shutdownTimeout; }

        /**
         * Sets {@code devora.engine.shutdown-timeout}.
         *
         * @param shutdownTimeout how long the application's shutdown waits for the runs in flight before it goes on without them (they can be resumed from a durable store after a restart; default 30s).
         */
        public void setShutdownTimeout(Duration shutdownTimeout) { this.shutdownTimeout = shutdownTimeout; }

        /** {@return {@code devora.engine.retry}: how steps are retried on retriable failures} */
        public StepRetry getRetry() { return retry; }

        /** {@return {@code devora.engine.input-limits}: the limits of run inputs} */
        public InputLimits getInputLimits() { return inputLimits; }
    }

    /** {@code devora.engine.retry.*}: the engine's retries of a failed step. */
    public static class StepRetry {
        /** Creates the settings with their defaults; Spring binds them. */
        public StepRetry() {
        }

        /** Attempts in all, at least 1 (default 3). */
        private Integer maxAttempts;

        /** Delay before the first retry (default 500ms). */
        private Duration initialDelay;

        /** Growth of the delay per retry, at least 1 (default 2). */
        private Double multiplier;

        /** The largest delay (default 8s). */
        private Duration maxDelay;

        /** Randomisation of each delay, 0 to 1 (default 0.25). */
        private Double jitter;

        /** The longest server-requested delay waited for (default 60s). */
        private Duration maxServerDelay;

        /** {@return {@code devora.engine.retry.max-attempts}: attempts in all, at least 1 (default 3)} */
        public Integer getMaxAttempts() { return maxAttempts; }

        /**
         * Sets {@code devora.engine.retry.max-attempts}.
         *
         * @param maxAttempts attempts in all, at least 1 (default 3).
         */
        public void setMaxAttempts(Integer maxAttempts) { this.maxAttempts = maxAttempts; }

        /** {@return {@code devora.engine.retry.initial-delay}: delay before the first retry (default 500ms)} */
        public Duration getInitialDelay() { return initialDelay; }

        /**
         * Sets {@code devora.engine.retry.initial-delay}.
         *
         * @param initialDelay delay before the first retry (default 500ms).
         */
        public void setInitialDelay(Duration initialDelay) { this.initialDelay = initialDelay; }

        /** {@return {@code devora.engine.retry.multiplier}: growth of the delay per retry, at least 1 (default 2)} */
        public Double getMultiplier() { return multiplier; }

        /**
         * Sets {@code devora.engine.retry.multiplier}.
         *
         * @param multiplier growth of the delay per retry, at least 1 (default 2).
         */
        public void setMultiplier(Double multiplier) { this.multiplier = multiplier; }

        /** {@return {@code devora.engine.retry.max-delay}: the largest delay (default 8s)} */
        public Duration getMaxDelay() { return maxDelay; }

        /**
         * Sets {@code devora.engine.retry.max-delay}.
         *
         * @param maxDelay the largest delay (default 8s).
         */
        public void setMaxDelay(Duration maxDelay) { this.maxDelay = maxDelay; }

        /** {@return {@code devora.engine.retry.jitter}: randomisation of each delay, 0 to 1 (default 0.25)} */
        public Double getJitter() { return jitter; }

        /**
         * Sets {@code devora.engine.retry.jitter}.
         *
         * @param jitter randomisation of each delay, 0 to 1 (default 0.25).
         */
        public void setJitter(Double jitter) { this.jitter = jitter; }

        /** {@return {@code devora.engine.retry.max-server-delay}: the longest server-requested delay waited for (default 60s)} */
        public Duration getMaxServerDelay() { return maxServerDelay; }

        /**
         * Sets {@code devora.engine.retry.max-server-delay}.
         *
         * @param maxServerDelay the longest server-requested delay waited for (default 60s).
         */
        public void setMaxServerDelay(Duration maxServerDelay) { this.maxServerDelay = maxServerDelay; }
    }

    /** {@code devora.engine.input-limits.*}: what a run's input may hold. */
    public static class InputLimits {
        /** Creates the settings with their defaults; Spring binds them. */
        public InputLimits() {
        }

        /** The deepest nesting of objects and lists (default 64). */
        private Integer maxDepth;

        /** The longest string, in characters (default 1000000). */
        private Integer maxStringLength;

        /** The largest input in all, in characters of its JSON (default 4000000). */
        private Long maxTotalSize;

        /** {@return {@code devora.engine.input-limits.max-depth}: the deepest nesting of objects and lists (default 64)} */
        public Integer getMaxDepth() { return maxDepth; }

        /**
         * Sets {@code devora.engine.input-limits.max-depth}.
         *
         * @param maxDepth the deepest nesting of objects and lists (default 64).
         */
        public void setMaxDepth(Integer maxDepth) { this.maxDepth = maxDepth; }

        /** {@return {@code devora.engine.input-limits.max-string-length}: the longest string, in characters (default 1000000)} */
        public Integer getMaxStringLength() { return maxStringLength; }

        /**
         * Sets {@code devora.engine.input-limits.max-string-length}.
         *
         * @param maxStringLength the longest string, in characters (default 1000000).
         */
        public void setMaxStringLength(Integer maxStringLength) { this.maxStringLength = maxStringLength; }

        /** {@return {@code devora.engine.input-limits.max-total-size}: the largest input in all, in characters of its JSON (default 4000000)} */
        public Long getMaxTotalSize() { return maxTotalSize; }

        /**
         * Sets {@code devora.engine.input-limits.max-total-size}.
         *
         * @param maxTotalSize the largest input in all, in characters of its JSON (default 4000000).
         */
        public void setMaxTotalSize(Long maxTotalSize) { this.maxTotalSize = maxTotalSize; }
    }

    /** The kinds of run store. */
    public enum StoreType {
        /** Runs kept for the life of the process. */
        MEMORY,
        /** Runs journaled in the application's DataSource (needs orchestration-jdbc): they survive a restart. */
        JDBC
    }

    /** {@code devora.store.*}: where runs are journaled. */
    public static class Store {
        /** Creates the settings with their defaults; Spring binds them. */
        public Store() {
        }

        /**
         * memory keeps runs for the life of the process; jdbc journals them in the application's DataSource
         * (needs orchestration-jdbc and a DataSource bean), so they survive a restart (default memory).
         */
        private StoreType type = StoreType.MEMORY;

        /** {@return {@code devora.store.type}: memory keeps runs for the life of the process; jdbc journals them in the application's DataSource (needs orchestration-jdbc and a DataSource bean), so they survive a restart (default memory)} */
        public StoreType getType() { return type; }

        /**
         * Sets {@code devora.store.type}.
         *
         * @param type memory keeps runs for the life of the process; jdbc journals them in the application's DataSource (needs orchestration-jdbc and a DataSource bean), so they survive a restart (default memory).
         */
        public void setType(StoreType type) { this.type = type; }
    }

    /** {@code devora.workflows.*}: the predefined workflows' models, loops and gates. */
    public static class Workflows {
        /** Creates the settings with their defaults; Spring binds them. */
        public Workflows() {
        }

        /** The models of the predefined workflows' agents. */
        private final Models models = new Models();

        /** The most rounds of a predefined workflow's loops (default 3). */
        private Integer maxIterations;

        /** The score, 0 to 100, the predefined workflows' gates require (default 80). */
        private Integer gateThreshold;

        /** The score of one gate by its name, 0 to 100, e.g. qa-release=90. */
        private Map<String, Integer> gateThresholds = new LinkedHashMap<>();

        /** {@return {@code devora.workflows.models}: the models of the predefined workflows' agents} */
        public Models getModels() { return models; }

        /** {@return {@code devora.workflows.max-iterations}: the most rounds of a predefined workflow's loops (default 3)} */
        public Integer getMaxIterations() { return maxIterations; }

        /**
         * Sets {@code devora.workflows.max-iterations}.
         *
         * @param maxIterations the most rounds of a predefined workflow's loops (default 3).
         */
        public void setMaxIterations(Integer maxIterations) { this.maxIterations = maxIterations; }

        /** {@return {@code devora.workflows.gate-threshold}: the score, 0 to 100, the predefined workflows' gates require (default 80)} */
        public Integer getGateThreshold() { return gateThreshold; }

        /**
         * Sets {@code devora.workflows.gate-threshold}.
         *
         * @param gateThreshold the score, 0 to 100, the predefined workflows' gates require (default 80).
         */
        public void setGateThreshold(Integer gateThreshold) { this.gateThreshold = gateThreshold; }

        /** {@return {@code devora.workflows.gate-thresholds}: the score of one gate by its name, 0 to 100, e.g. qa-release=90} */
        public Map<String, Integer> getGateThresholds() { return gateThresholds; }

        /**
         * Sets {@code devora.workflows.gate-thresholds}.
         *
         * @param gateThresholds the score of one gate by its name, 0 to 100, e.g. qa-release=90.
         */
        public void setGateThresholds(Map<String, Integer> gateThresholds) { this.gateThresholds = gateThresholds; }
    }

    /** {@code devora.workflows.models.*}: the model policy of the predefined workflows. */
    public static class Models {
        /** Creates the settings with their defaults; Spring binds them. */
        public Models() {
        }

        /** The model of the fast tier: simple, well-specified steps (default openai/gpt-5-mini). */
        private String fast;

        /** The model of the smart tier: design, code and judgement (default anthropic/claude-sonnet-4.5). */
        private String smart;

        /** The model of one role by its id, over its tier, e.g. security-auditor=openai/gpt-5. */
        private Map<String, String> roles = new LinkedHashMap<>();

        /** {@return {@code devora.workflows.models.fast}: the model of the fast tier: simple, well-specified steps (default openai/gpt-5-mini)} */
        public String getFast() { return fast; }

        /**
         * Sets {@code devora.workflows.models.fast}.
         *
         * @param fast the model of the fast tier: simple, well-specified steps (default openai/gpt-5-mini).
         */
        public void setFast(String fast) { this.fast = fast; }

        /** {@return {@code devora.workflows.models.smart}: the model of the smart tier: design, code and judgement (default anthropic/claude-sonnet-4.5)} */
        public String getSmart() { return smart; }

        /**
         * Sets {@code devora.workflows.models.smart}.
         *
         * @param smart the model of the smart tier: design, code and judgement (default anthropic/claude-sonnet-4.5).
         */
        public void setSmart(String smart) { this.smart = smart; }

        /** {@return {@code devora.workflows.models.roles}: the model of one role by its id, over its tier, e.g. security-auditor=openai/gpt-5} */
        public Map<String, String> getRoles() { return roles; }

        /**
         * Sets {@code devora.workflows.models.roles}.
         *
         * @param roles the model of one role by its id, over its tier, e.g. security-auditor=openai/gpt-5.
         */
        public void setRoles(Map<String, String> roles) { this.roles = roles; }
    }

    /** {@code devora.health.*}: what the health indicator checks. */
    public static class Health {
        /** Creates the settings with their defaults; Spring binds them. */
        public Health() {
        }

        /** Ask OpenRouter whether the key is valid (GET /key, no model call); false reports the provider unchecked. */
        private boolean checkProvider = true;

        /** How long a provider check's answer is reused, so frequent probes do not call OpenRouter each time. */
        private Duration providerCheckCache = Duration.ofMinutes(1);

        /** {@return {@code devora.health.check-provider}: ask OpenRouter whether the key is valid (GET /key, no model call); false reports the provider unchecked} */
        public boolean isCheckProvider() { return checkProvider; }

        /**
         * Sets {@code devora.health.check-provider}.
         *
         * @param checkProvider ask OpenRouter whether the key is valid (GET /key, no model call); false reports the provider unchecked.
         */
        public void setCheckProvider(boolean checkProvider) { this.checkProvider = checkProvider; }

        /** {@return {@code devora.health.provider-check-cache}: how long a provider check's answer is reused, so frequent probes do not call OpenRouter each time} */
        public Duration getProviderCheckCache() { return providerCheckCache; }

        /**
         * Sets {@code devora.health.provider-check-cache}.
         *
         * @param providerCheckCache how long a provider check's answer is reused, so frequent probes do not call OpenRouter each time.
         */
        public void setProviderCheckCache(Duration providerCheckCache) { this.providerCheckCache = providerCheckCache; }
    }

    /** {@code devora.server.*}: the task service (orchestration-server) inside the application. */
    public static class Server {
        /** Creates the settings with their defaults; Spring binds them. */
        public Server() {
        }

        /**
         * Serve the task service's routes and dashboard from the application, on a port of their own (needs
         * orchestration-server; default false).
         */
        private boolean enabled;

        /** The interface the task service listens on (default localhost). */
        private String host = "localhost";

        /** The task service's port; 0 picks a free one (default 8081). */
        private int port = 8081;

        /** The bearer token of the task service's routes, at least 16 characters; required with devora.server.enabled=true. */
        private String token;

        /** {@return {@code devora.server.enabled}: serve the task service's routes and dashboard from the application, on a port of their own (needs orchestration-server; default false)} */
        public boolean isEnabled() { return enabled; }

        /**
         * Sets {@code devora.server.enabled}.
         *
         * @param enabled serve the task service's routes and dashboard from the application, on a port of their own (needs orchestration-server; default false).
         */
        public void setEnabled(boolean enabled) { this.enabled = enabled; }

        /** {@return {@code devora.server.host}: the interface the task service listens on (default localhost)} */
        public String getHost() { return host; }

        /**
         * Sets {@code devora.server.host}.
         *
         * @param host the interface the task service listens on (default localhost).
         */
        public void setHost(String host) { this.host = host; }

        /** {@return {@code devora.server.port}: the task service's port; 0 picks a free one (default 8081)} */
        public int getPort() { return port; }

        /**
         * Sets {@code devora.server.port}.
         *
         * @param port the task service's port; 0 picks a free one (default 8081).
         */
        public void setPort(int port) { this.port = port; }

        /** {@return {@code devora.server.token}: the bearer token of the task service's routes, at least 16 characters; required with devora.server.enabled=true} */
        public String getToken() { return token; }

        /**
         * Sets {@code devora.server.token}.
         *
         * @param token the bearer token of the task service's routes, at least 16 characters; required with devora.server.enabled=true.
         */
        public void setToken(String token) { this.token = token; }

        @Override
        public String toString() {
            return "Server[enabled=" + enabled + ", host=" + host + ", port=" + port + ", token="
                    + (token == null ? "unset" : "******") + "]";
        }
    }
}
