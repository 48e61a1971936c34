package dev.devora.orchestration.openrouter;

import dev.devora.orchestration.llm.Usage;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * OpenRouter's model catalogue ({@code GET /models}), fetched on first use and cached for a time-to-live
 * (default 1 hour). Used to estimate the cost of an answer that carries none and to price dry-run plans.
 * Thread-safe; a failed refresh keeps serving the previous copy if there is one.
 *
 * <pre>{@code
 * ModelCatalog catalog = provider.catalog();
 * catalog.find("openai/gpt-4o-mini").ifPresent(m -> System.out.println(m.contextLength()));
 * BigDecimal plan = catalog.estimateCost("openai/gpt-4o-mini", 12_000, 3_000);
 * }</pre>
 */
public final class ModelCatalog {
    private final Supplier<List<ModelInfo>> loader;
    private final Duration ttl;
    private final Clock clock;
    private volatile Snapshot snapshot;

    private record Snapshot(Map<String, ModelInfo> models, Instant loadedAt) {
    }

    ModelCatalog(Supplier<List<ModelInfo>> loader, Duration ttl, Clock clock) {
        this.loader = loader;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** {@return every model, fetching the catalogue if it is missing or older than the TTL} */
    public List<ModelInfo> models() {
        return List.copyOf(current().models().values());
    }

    /**
     * The model with this id (a {@code :variant} suffix is tried without it too), fetching the catalogue if needed.
     *
     * @param id an OpenRouter model id, e.g. {@code openai/gpt-5-mini}; null finds nothing
     * @return the model, or empty when the catalogue does not list it
     */
    public Optional<ModelInfo> find(String id) {
        if (id == null) return Optional.empty();
        Map<String, ModelInfo> models = current().models();
        ModelInfo m = models.get(id);
        if (m == null && id.indexOf(':') > 0) m = models.get(id.substring(0, id.indexOf(':')));
        return Optional.ofNullable(m);
    }

    /**
     * The model, only if the catalogue is already cached: never fetches.
     *
     * @param id an OpenRouter model id; null finds nothing
     * @return the model, or empty when it is unknown or nothing is cached yet
     */
    public Optional<ModelInfo> findCached(String id) {
        Snapshot s = snapshot;
        if (s == null || id == null) return Optional.empty();
        ModelInfo m = s.models().get(id);
        if (m == null && id.indexOf(':') > 0) m = s.models().get(id.substring(0, id.indexOf(':')));
        return Optional.ofNullable(m);
    }

    /**
     * Estimated USD cost of a call with these token counts.
     *
     * @param model            an OpenRouter model id
     * @param promptTokens     prompt tokens
     * @param completionTokens completion tokens
     * @return the estimate, or null when the model or its prices are unknown
     */
    public BigDecimal estimateCost(String model, long promptTokens, long completionTokens) {
        return find(model).map(m -> m.estimateCost(promptTokens, completionTokens)).orElse(null);
    }

    /**
     * Estimated USD cost of a usage ({@link ModelInfo#estimateCost(Usage)}: cached prompt tokens at the cache-read
     * price), from the cached catalogue only.
     *
     * @param model an OpenRouter model id
     * @param usage the call's usage
     * @return the estimate, or null when the catalogue is not cached or lacks the model or its prices
     */
    public BigDecimal estimateCachedCost(String model, Usage usage) {
        return findCached(model).map(m -> m.estimateCost(usage)).orElse(null);
    }

    /** Fetches the catalogue now. */
    public synchronized void refresh() {
        Map<String, ModelInfo> map = new LinkedHashMap<>();
        for (ModelInfo m : loader.get()) map.put(m.id(), m);
        snapshot = new Snapshot(java.util.Collections.unmodifiableMap(map), clock.instant());
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        if (s == null || stale(s)) {
            synchronized (this) {
                s = snapshot;
                if (s == null || stale(s)) {
                    try {
                        refresh();
                    } catch (RuntimeException e) {
                        if (s == null) throw e;
                        return s; // serve the stale copy rather than fail
                    }
                    s = snapshot;
                }
            }
        }
        return s;
    }

    private boolean stale(Snapshot s) {
        return !clock.instant().isBefore(s.loadedAt().plus(ttl));
    }

    @Override
    public String toString() {
        Snapshot s = snapshot;
        return "ModelCatalog[" + (s == null ? "not loaded" : s.models().size() + " models, loaded " + s.loadedAt())
                + ", ttl=" + ttl + "]";
    }
}
