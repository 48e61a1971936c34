package dev.devora.orchestration.spring.boot;

import org.springframework.validation.Errors;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The range checks of {@link DevoraProperties}, run when Spring binds them: each problem is rejected on its field with
 * a message naming the property and the value, e.g. {@code devora.engine.retry.max-attempts must be ≥ 1, was 0}.
 * The API key's value is never part of a message.
 */
final class PropertiesCheck {
    private final DevoraProperties p;
    private final Errors errors;

    PropertiesCheck(DevoraProperties properties, Errors errors) {
        this.p = properties;
        this.errors = errors;
    }

    void run() {
        openRouter(p.getOpenrouter());
        engine(p.getEngine());
        workflows(p.getWorkflows());
        positive("health.providerCheckCache", p.getHealth().getProviderCheckCache(), true);
        server(p.getServer());
    }

    private void openRouter(DevoraProperties.OpenRouter o) {
        URI url = o.getBaseUrl();
        if (url != null && !("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()))
                || url != null && url.getHost() == null) {
            reject("openrouter.baseUrl", "must be an absolute http(s) URL", url);
        }
        notBlank("openrouter.defaultModel", o.getDefaultModel());
        notBlank("openrouter.appUrl", o.getAppUrl());
        notBlank("openrouter.appTitle", o.getAppTitle());
        positive("openrouter.connectTimeout", o.getConnectTimeout(), false);
        positive("openrouter.requestTimeout", o.getRequestTimeout(), false);
        positive("openrouter.catalogTtl", o.getCatalogTtl(), false);

        DevoraProperties.Retry r = o.getRetry();
        atLeast("openrouter.retry.maxRetries", r.getMaxRetries(), 0);
        positive("openrouter.retry.initialDelay", r.getInitialDelay(), false);
        positive("openrouter.retry.maxDelay", r.getMaxDelay(), false);
        positive("openrouter.retry.maxServerDelay", r.getMaxServerDelay(), false);
        fraction("openrouter.retry.jitter", r.getJitter());
        notBelow("openrouter.retry.maxDelay", r.getMaxDelay(), "openrouter.retry.initialDelay", r.getInitialDelay());

        DevoraProperties.CircuitBreaker c = o.getCircuitBreaker();
        atLeast("openrouter.circuitBreaker.windowSize", c.getWindowSize(), 1);
        atLeast("openrouter.circuitBreaker.minimumCalls", c.getMinimumCalls(), 1);
        if (c.getMinimumCalls() != null && c.getWindowSize() != null && c.getMinimumCalls() > c.getWindowSize()) {
            reject("openrouter.circuitBreaker.minimumCalls", "must be ≤ devora.openrouter.circuit-breaker.window-size ("
                    + c.getWindowSize() + ")", c.getMinimumCalls());
        }
        Float rate = c.getFailureRateThreshold();
        if (rate != null && !(rate > 0 && rate <= 100)) {
            reject("openrouter.circuitBreaker.failureRateThreshold", "must be above 0 and at most 100", rate);
        }
        positive("openrouter.circuitBreaker.openDuration", c.getOpenDuration(), false);
        atLeast("openrouter.circuitBreaker.halfOpenCalls", c.getHalfOpenCalls(), 1);

        DevoraProperties.Routing routing = o.getRouting();
        if (routing.getSort() != null && !List.of("price", "throughput", "latency").contains(routing.getSort())) {
            reject("openrouter.routing.sort", "must be price, throughput or latency", routing.getSort());
        }
    }

    private void engine(DevoraProperties.Engine e) {
        atLeast("engine.maxPlatformThreads", e.getMaxPlatformThreads(), 1);
        if (e.getDefaultContextTokens() != null && e.getDefaultContextTokens() < 1) {
            reject("engine.defaultContextTokens", "must be ≥ 1", e.getDefaultContextTokens());
        }
        positive("engine.shutdownTimeout", e.getShutdownTimeout(), true);
        DevoraProperties.StepRetry r = e.getRetry();
        atLeast("engine.retry.maxAttempts", r.getMaxAttempts(), 1);
        positive("engine.retry.initialDelay", r.getInitialDelay(), true);
        if (r.getMultiplier() != null && !(r.getMultiplier() >= 1)) {
            reject("engine.retry.multiplier", "must be ≥ 1", r.getMultiplier());
        }
        positive("engine.retry.maxDelay", r.getMaxDelay(), true);
        fraction("engine.retry.jitter", r.getJitter());
        positive("engine.retry.maxServerDelay", r.getMaxServerDelay(), true);
        notBelow("engine.retry.maxDelay", r.getMaxDelay(), "engine.retry.initialDelay", r.getInitialDelay());
        DevoraProperties.InputLimits limits = e.getInputLimits();
        atLeast("engine.inputLimits.maxDepth", limits.getMaxDepth(), 1);
        atLeast("engine.inputLimits.maxStringLength", limits.getMaxStringLength(), 1);
        if (limits.getMaxTotalSize() != null && limits.getMaxTotalSize() < 1) {
            reject("engine.inputLimits.maxTotalSize", "must be ≥ 1", limits.getMaxTotalSize());
        }
    }

    private void workflows(DevoraProperties.Workflows w) {
        notBlank("workflows.models.fast", w.getModels().getFast());
        notBlank("workflows.models.smart", w.getModels().getSmart());
        for (Map.Entry<String, String> role : w.getModels().getRoles().entrySet()) {
            if (role.getValue() == null || role.getValue().isBlank()) {
                reject("workflows.models.roles[" + role.getKey() + "]", "must name a model", role.getValue());
            }
        }
        atLeast("workflows.maxIterations", w.getMaxIterations(), 1);
        score("workflows.gateThreshold", w.getGateThreshold());
        for (Map.Entry<String, Integer> gate : w.getGateThresholds().entrySet()) {
            score("workflows.gateThresholds[" + gate.getKey() + "]", gate.getValue());
        }
    }

    private void server(DevoraProperties.Server s) {
        if (s.getPort() < 0 || s.getPort() > 65_535) reject("server.port", "must be 0 to 65535", s.getPort());
        if (s.getHost() == null || s.getHost().isBlank()) reject("server.host", "must not be blank", s.getHost());
        if (s.getToken() != null && s.getToken().strip().length() < 16) {
            reject("server.token", "must be at least 16 characters (its value is not shown)", null);
        }
    }

    private void score(String field, Integer value) {
        if (value != null && (value < 0 || value > 100)) reject(field, "must be 0 to 100", value);
    }

    private void atLeast(String field, Integer value, int min) {
        if (value != null && value < min) reject(field, "must be ≥ " + min, value);
    }

    private void fraction(String field, Double value) {
        if (value != null && !(value >= 0 && value <= 1)) reject(field, "must be between 0 and 1", value);
    }

    private void notBlank(String field, String value) {
        if (value != null && value.isBlank()) reject(field, "must not be blank when set", value);
    }

    private void positive(String field, Duration value, boolean zeroAllowed) {
        if (value == null) return;
        if (value.isNegative() || !zeroAllowed && value.isZero()) {
            reject(field, zeroAllowed ? "must not be negative" : "must be positive", value);
        }
    }

    private void notBelow(String field, Duration value, String lowerField, Duration lower) {
        if (value != null && lower != null && value.compareTo(lower) < 0) {
            reject(field, "must be ≥ " + property(lowerField) + " (" + lower + ")", value);
        }
    }

    /**
     * Rejects the field with "devora.a.b-c must …, was VALUE". A null value (a secret) is rejected as a global error,
     * since a field error carries the rejected value into every message Spring makes of it.
     */
    private void reject(String field, String rule, Object value) {
        String message = property(field) + " " + rule + (value == null ? "" : ", was " + shown(value));
        if (value == null || field.contains("[")) {
            errors.reject("devora.invalid", message); // a secret, or a map entry (not a bean path)
        } else {
            errors.rejectValue(field, "devora.invalid", message);
        }
    }

    private static String shown(Object value) {
        return value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value);
    }

    /** {@code engine.retry.maxAttempts} → {@code devora.engine.retry.max-attempts}. */
    static String property(String field) {
        StringBuilder out = new StringBuilder(DevoraProperties.PREFIX).append('.');
        for (int i = 0; i < field.length(); i++) {
            char ch = field.charAt(i);
            if (Character.isUpperCase(ch)) {
                out.append('-').append(Character.toLowerCase(ch));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
