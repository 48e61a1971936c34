package dev.devora.orchestration.spring.boot;

import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.openrouter.KeyInfo;
import dev.devora.orchestration.openrouter.OpenRouterProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The actuator's {@code devora} health: the run store is reachable (one listing of at most one run), and the model
 * provider's key is valid (for OpenRouter, {@code GET /key}: no model call, no cost; its answer reused for
 * {@code devora.health.provider-check-cache}). DOWN when the store fails or OpenRouter refuses the key (or the
 * account has no credit); a provider that cannot be reached is DOWN too, with the error's kind. Details name the
 * provider, the store and the failures' kinds, never the key or a failure's message.
 *
 * <pre>{@code
 * GET /actuator/health/devora
 * {"status":"UP","details":{"provider":"openrouter","key":"valid","store":"JdbcRunStore","store_status":"reachable"}}
 * }</pre>
 */
public final class DevoraHealthIndicator implements HealthIndicator {
    private final LlmProvider provider;
    private final RunStore store;
    private final boolean checkProvider;
    private final Duration cacheFor;
    private final Clock clock;
    private volatile CachedCheck cached;

    private record CachedCheck(Instant at, boolean up, Map<String, Object> details) {
    }

    /**
     * An indicator over the provider and the store.
     *
     * @param provider      the model provider, or null when the application has none
     * @param store         the run store
     * @param checkProvider whether to ask OpenRouter about the key
     * @param cacheFor      how long a provider check is reused
     * @param clock         the clock of the cache
     */
    public DevoraHealthIndicator(LlmProvider provider, RunStore store, boolean checkProvider, Duration cacheFor,
                                 Clock clock) {
        this.provider = provider;
        this.store = Objects.requireNonNull(store, "store");
        this.checkProvider = checkProvider;
        this.cacheFor = Objects.requireNonNull(cacheFor, "cacheFor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        details.put("store", store.getClass().getSimpleName());
        try {
            store.runs(RunQuery.builder().limit(1).build());
            details.put("store_status", "reachable");
        } catch (RuntimeException e) {
            up = false;
            details.put("store_status", "unreachable");
            details.put("store_error", e.getClass().getSimpleName());
        }
        if (provider == null) {
            details.put("provider", "none");
        } else {
            details.put("provider", provider.name());
            CachedCheck check = providerCheck();
            details.putAll(check.details());
            up &= check.up();
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }

    private CachedCheck providerCheck() {
        Instant now = clock.instant();
        CachedCheck last = cached;
        if (last != null && now.isBefore(last.at().plus(cacheFor))) return last;
        CachedCheck fresh = checkNow(now);
        cached = fresh;
        return fresh;
    }

    private CachedCheck checkNow(Instant now) {
        if (!(provider instanceof OpenRouterProvider openRouter) || !checkProvider) {
            return new CachedCheck(now, true, Map.of("key", "unchecked"));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        try {
            KeyInfo key = openRouter.keyInfo();
            details.put("key", "valid");
            if (key.limitRemaining() != null) details.put("credit_remaining_usd", key.limitRemaining());
            return new CachedCheck(now, true, details);
        } catch (ProviderException e) {
            ProviderErrorKind kind = e.kind();
            details.put("key", kind == ProviderErrorKind.AUTHENTICATION ? "refused" : "unchecked");
            details.put("provider_error", kind.name());
            return new CachedCheck(now, false, details);
        } catch (RuntimeException e) {
            details.put("key", "unchecked");
            details.put("provider_error", e.getClass().getSimpleName());
            return new CachedCheck(now, false, details);
        }
    }

    @Override
    public String toString() {
        return "DevoraHealthIndicator[provider=" + (provider == null ? "none" : provider.name()) + ", store="
                + store.getClass().getSimpleName() + "]";
    }
}
