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

    public boolean isEnabled() { return enabled; }

    public void setEnabled(boolean enabled) { this.enabled = enabled; }

    public OpenRouter getOpenrouter() { return openrouter; }

    public Simulated getSimulated() { return simulated; }

    public Engine getEngine() { return engine; }

    public Store getStore() { return store; }

    public Workflows getWorkflows() { return workflows; }

    public Health getHealth() { return health; }

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

        public String getApiKey() { return apiKey; }

        public void setApiKey(String apiKey) { this.apiKey = apiKey; }

        public URI getBaseUrl() { return baseUrl; }

        public void setBaseUrl(URI baseUrl) { this.baseUrl = baseUrl; }

        public String getDefaultModel() { return defaultModel; }

        public void setDefaultModel(String defaultModel) { this.defaultModel = defaultModel; }

        public String getAppUrl() { return appUrl; }

        public void setAppUrl(String appUrl) { this.appUrl = appUrl; }

        public String getAppTitle() { return appTitle; }

        public void setAppTitle(String appTitle) { this.appTitle = appTitle; }

        public Duration getConnectTimeout() { return connectTimeout; }

        public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }

        public Duration getRequestTimeout() { return requestTimeout; }

        public void setRequestTimeout(Duration requestTimeout) { this.requestTimeout = requestTimeout; }

        public Boolean getSessionPerRun() { return sessionPerRun; }

        public void setSessionPerRun(Boolean sessionPerRun) { this.sessionPerRun = sessionPerRun; }

        public Duration getCatalogTtl() { return catalogTtl; }

        public void setCatalogTtl(Duration catalogTtl) { this.catalogTtl = catalogTtl; }

        public boolean isTraceContext() { return traceContext; }

        public void setTraceContext(boolean traceContext) { this.traceContext = traceContext; }

        public Retry getRetry() { return retry; }

        public CircuitBreaker getCircuitBreaker() { return circuitBreaker; }

        public Routing getRouting() { return routing; }

        @Override
        public String toString() {
            return "OpenRouter[apiKey=" + (apiKey == null ? "unset" : "******") + ", baseUrl=" + baseUrl
                    + ", defaultModel=" + defaultModel + "]";
        }
    }

    /** {@code devora.openrouter.retry.*}: the provider's retries of a failed call. */
    public static class Retry {
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

        public Integer getMaxRetries() { return maxRetries; }

        public void setMaxRetries(Integer maxRetries) { this.maxRetries = maxRetries; }

        public Duration getInitialDelay() { return initialDelay; }

        public void setInitialDelay(Duration initialDelay) { this.initialDelay = initialDelay; }

        public Duration getMaxDelay() { return maxDelay; }

        public void setMaxDelay(Duration maxDelay) { this.maxDelay = maxDelay; }

        public Double getJitter() { return jitter; }

        public void setJitter(Double jitter) { this.jitter = jitter; }

        public Duration getMaxServerDelay() { return maxServerDelay; }

        public void setMaxServerDelay(Duration maxServerDelay) { this.maxServerDelay = maxServerDelay; }
    }

    /** {@code devora.openrouter.circuit-breaker.*}: the breaker kept per model. */
    public static class CircuitBreaker {
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

        public Boolean getEnabled() { return enabled; }

        public void setEnabled(Boolean enabled) { this.enabled = enabled; }

        public Integer getWindowSize() { return windowSize; }

        public void setWindowSize(Integer windowSize) { this.windowSize = windowSize; }

        public Integer getMinimumCalls() { return minimumCalls; }

        public void setMinimumCalls(Integer minimumCalls) { this.minimumCalls = minimumCalls; }

        public Float getFailureRateThreshold() { return failureRateThreshold; }

        public void setFailureRateThreshold(Float failureRateThreshold) { this.failureRateThreshold = failureRateThreshold; }

        public Duration getOpenDuration() { return openDuration; }

        public void setOpenDuration(Duration openDuration) { this.openDuration = openDuration; }

        public Integer getHalfOpenCalls() { return halfOpenCalls; }

        public void setHalfOpenCalls(Integer halfOpenCalls) { this.halfOpenCalls = halfOpenCalls; }
    }

    /** {@code devora.openrouter.routing.*}: which OpenRouter providers serve the calls. */
    public static class Routing {
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

        public List<String> getOrder() { return order; }

        public void setOrder(List<String> order) { this.order = order; }

        public List<String> getOnly() { return only; }

        public void setOnly(List<String> only) { this.only = only; }

        public List<String> getIgnore() { return ignore; }

        public void setIgnore(List<String> ignore) { this.ignore = ignore; }

        public String getSort() { return sort; }

        public void setSort(String sort) { this.sort = sort; }

        public Boolean getAllowFallbacks() { return allowFallbacks; }

        public void setAllowFallbacks(Boolean allowFallbacks) { this.allowFallbacks = allowFallbacks; }

        public Boolean getRequireParameters() { return requireParameters; }

        public void setRequireParameters(Boolean requireParameters) { this.requireParameters = requireParameters; }

        public ProviderRouting.DataCollection getDataCollection() { return dataCollection; }

        public void setDataCollection(ProviderRouting.DataCollection dataCollection) { this.dataCollection = dataCollection; }

        public Boolean getZdr() { return zdr; }

        public void setZdr(Boolean zdr) { this.zdr = zdr; }

        public List<String> getQuantizations() { return quantizations; }

        public void setQuantizations(List<String> quantizations) { this.quantizations = quantizations; }
    }

    /** {@code devora.simulated.*}: the offline provider of orchestration-test. */
    public static class Simulated {
        /**
         * With no OpenRouter key, answer every model call with the offline SimulatedProvider of orchestration-test
         * (placeholder text, no network), e.g. for a demo or a test; ignored when a key is set (default false).
         */
        private boolean enabled;

        public boolean isEnabled() { return enabled; }

        public void setEnabled(boolean enabled) { this.enabled = enabled; }
    }

    /** {@code devora.engine.*}: the workflow engine. */
    public static class Engine {
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

        public Integer getMaxPlatformThreads() { return maxPlatformThreads; }

        public void setMaxPlatformThreads(Integer maxPlatformThreads) { this.maxPlatformThreads = maxPlatformThreads; }

        public Long getDefaultContextTokens() { return defaultContextTokens; }

        public void setDefaultContextTokens(Long defaultContextTokens) { this.defaultContextTokens = defaultContextTokens; }

        public Duration getShutdownTimeout() { return shutdownTimeout; }

        public void setShutdownTimeout(Duration shutdownTimeout) { this.shutdownTimeout = shutdownTimeout; }

        public StepRetry getRetry() { return retry; }

        public InputLimits getInputLimits() { return inputLimits; }
    }

    /** {@code devora.engine.retry.*}: the engine's retries of a failed step. */
    public static class StepRetry {
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

        public Integer getMaxAttempts() { return maxAttempts; }

        public void setMaxAttempts(Integer maxAttempts) { this.maxAttempts = maxAttempts; }

        public Duration getInitialDelay() { return initialDelay; }

        public void setInitialDelay(Duration initialDelay) { this.initialDelay = initialDelay; }

        public Double getMultiplier() { return multiplier; }

        public void setMultiplier(Double multiplier) { this.multiplier = multiplier; }

        public Duration getMaxDelay() { return maxDelay; }

        public void setMaxDelay(Duration maxDelay) { this.maxDelay = maxDelay; }

        public Double getJitter() { return jitter; }

        public void setJitter(Double jitter) { this.jitter = jitter; }

        public Duration getMaxServerDelay() { return maxServerDelay; }

        public void setMaxServerDelay(Duration maxServerDelay) { this.maxServerDelay = maxServerDelay; }
    }

    /** {@code devora.engine.input-limits.*}: what a run's input may hold. */
    public static class InputLimits {
        /** The deepest nesting of objects and lists (default 64). */
        private Integer maxDepth;

        /** The longest string, in characters (default 1000000). */
        private Integer maxStringLength;

        /** The largest input in all, in characters of its JSON (default 4000000). */
        private Long maxTotalSize;

        public Integer getMaxDepth() { return maxDepth; }

        public void setMaxDepth(Integer maxDepth) { this.maxDepth = maxDepth; }

        public Integer getMaxStringLength() { return maxStringLength; }

        public void setMaxStringLength(Integer maxStringLength) { this.maxStringLength = maxStringLength; }

        public Long getMaxTotalSize() { return maxTotalSize; }

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
        /**
         * memory keeps runs for the life of the process; jdbc journals them in the application's DataSource
         * (needs orchestration-jdbc and a DataSource bean), so they survive a restart (default memory).
         */
        private StoreType type = StoreType.MEMORY;

        public StoreType getType() { return type; }

        public void setType(StoreType type) { this.type = type; }
    }

    /** {@code devora.workflows.*}: the predefined workflows' models, loops and gates. */
    public static class Workflows {
        /** The models of the predefined workflows' agents. */
        private final Models models = new Models();

        /** The most rounds of a predefined workflow's loops (default 3). */
        private Integer maxIterations;

        /** The score, 0 to 100, the predefined workflows' gates require (default 80). */
        private Integer gateThreshold;

        /** The score of one gate by its name, 0 to 100, e.g. qa-release=90. */
        private Map<String, Integer> gateThresholds = new LinkedHashMap<>();

        public Models getModels() { return models; }

        public Integer getMaxIterations() { return maxIterations; }

        public void setMaxIterations(Integer maxIterations) { this.maxIterations = maxIterations; }

        public Integer getGateThreshold() { return gateThreshold; }

        public void setGateThreshold(Integer gateThreshold) { this.gateThreshold = gateThreshold; }

        public Map<String, Integer> getGateThresholds() { return gateThresholds; }

        public void setGateThresholds(Map<String, Integer> gateThresholds) { this.gateThresholds = gateThresholds; }
    }

    /** {@code devora.workflows.models.*}: the model policy of the predefined workflows. */
    public static class Models {
        /** The model of the fast tier: simple, well-specified steps (default openai/gpt-5-mini). */
        private String fast;

        /** The model of the smart tier: design, code and judgement (default anthropic/claude-sonnet-4.5). */
        private String smart;

        /** The model of one role by its id, over its tier, e.g. security-auditor=openai/gpt-5. */
        private Map<String, String> roles = new LinkedHashMap<>();

        public String getFast() { return fast; }

        public void setFast(String fast) { this.fast = fast; }

        public String getSmart() { return smart; }

        public void setSmart(String smart) { this.smart = smart; }

        public Map<String, String> getRoles() { return roles; }

        public void setRoles(Map<String, String> roles) { this.roles = roles; }
    }

    /** {@code devora.health.*}: what the health indicator checks. */
    public static class Health {
        /** Ask OpenRouter whether the key is valid (GET /key, no model call); false reports the provider unchecked. */
        private boolean checkProvider = true;

        /** How long a provider check's answer is reused, so frequent probes do not call OpenRouter each time. */
        private Duration providerCheckCache = Duration.ofMinutes(1);

        public boolean isCheckProvider() { return checkProvider; }

        public void setCheckProvider(boolean checkProvider) { this.checkProvider = checkProvider; }

        public Duration getProviderCheckCache() { return providerCheckCache; }

        public void setProviderCheckCache(Duration providerCheckCache) { this.providerCheckCache = providerCheckCache; }
    }

    /** {@code devora.server.*}: the task service (orchestration-server) inside the application. */
    public static class Server {
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

        public boolean isEnabled() { return enabled; }

        public void setEnabled(boolean enabled) { this.enabled = enabled; }

        public String getHost() { return host; }

        public void setHost(String host) { this.host = host; }

        public int getPort() { return port; }

        public void setPort(int port) { this.port = port; }

        public String getToken() { return token; }

        public void setToken(String token) { this.token = token; }

        @Override
        public String toString() {
            return "Server[enabled=" + enabled + ", host=" + host + ", port=" + port + ", token="
                    + (token == null ? "unset" : "******") + "]";
        }
    }
}
