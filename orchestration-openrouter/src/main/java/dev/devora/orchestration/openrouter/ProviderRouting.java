package dev.devora.orchestration.openrouter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * OpenRouter's provider routing preferences, sent as the request's {@code provider} object. Only the fields that
 * are set are sent; {@link #NONE} sends nothing and leaves OpenRouter's default load balancing.
 *
 * <pre>{@code
 * ProviderRouting routing = ProviderRouting.builder()
 *         .order(List.of("anthropic", "amazon-bedrock"))
 *         .allowFallbacks(true)
 *         .sort("price")
 *         .sortPartition(ProviderRouting.SortPartition.NONE) // sort endpoints of all fallback models together
 *         .dataCollection(ProviderRouting.DataCollection.DENY)
 *         .maxPrice(new ProviderRouting.MaxPrice(new BigDecimal("1"), new BigDecimal("5"), null, null))
 *         .build();
 * }</pre>
 *
 * @param order             provider slugs to try in this order
 * @param only              the only providers allowed
 * @param ignore            providers never to use
 * @param sort              {@code price}, {@code throughput}, {@code latency} or {@code exacto}; or null
 * @param sortPartition     how {@code sort} treats the fallback models: by model (OpenRouter's default) or all endpoints
 *                          together; when set, {@code sort} is sent in its object form {@code {"by", "partition"}};
 *                          requires {@code sort}; or null
 * @param allowFallbacks    whether other providers may serve when the preferred ones fail; or null for the default (true)
 * @param requireParameters only route to providers that support every parameter sent; or null
 * @param dataCollection    whether providers that store data are allowed; or null
 * @param zdr               only zero-data-retention endpoints; or null
 * @param quantizations     allowed quantizations, e.g. {@code fp8}, {@code bf16}
 * @param maxPrice          price ceilings in USD per million tokens; or null
 * @param preferredMinThroughput preferred minimum throughput in tokens per second (providers below it are
 *                               deprioritised, not excluded); or null
 * @param preferredMaxLatency    preferred maximum latency in seconds; or null
 */
public record ProviderRouting(List<String> order, List<String> only, List<String> ignore, String sort,
                              SortPartition sortPartition, Boolean allowFallbacks, Boolean requireParameters, DataCollection dataCollection,
                              Boolean zdr, List<String> quantizations, MaxPrice maxPrice,
                              Double preferredMinThroughput, Double preferredMaxLatency) {

    /** No preferences: OpenRouter's default routing. */
    public static final ProviderRouting NONE = builder().build();

    private static final Set<String> SORTS = Set.of("price", "throughput", "latency", "exacto");

    /** {@code data_collection}: whether providers that may store or train on data are allowed. */
    public enum DataCollection {
        /** Providers that may store or train on data are allowed. */
        ALLOW,
        /** Only providers that do not store or train on data. */
        DENY;

        /** {@return the value sent to OpenRouter: {@code allow} or {@code deny}} */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code sort.partition}: sort endpoints within each model (fallback models stay fallbacks) or all together. */
    public enum SortPartition {
        /** Sort the endpoints of each model; the fallback models stay fallbacks (OpenRouter's default). */
        MODEL,
        /** Sort all endpoints of all models together. */
        NONE;

        /** {@return the value sent to OpenRouter: {@code model} or {@code none}} */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Price ceilings in USD per million tokens (per request/image for those two); null fields are not sent.
     *
     * <pre>{@code new ProviderRouting.MaxPrice(new BigDecimal("1"), new BigDecimal("2"), null, null)}</pre>
     *
     * @param prompt     USD per million prompt tokens; or null
     * @param completion USD per million completion tokens; or null
     * @param request    USD per request; or null
     * @param image      USD per image; or null
     */
    public record MaxPrice(BigDecimal prompt, BigDecimal completion, BigDecimal request, BigDecimal image) {
        /**
         * Rejects a negative ceiling, naming it.
         *
         * @param prompt     USD per million prompt tokens; or null
         * @param completion USD per million completion tokens; or null
         * @param request    USD per request; or null
         * @param image      USD per image; or null
         */
        public MaxPrice {
            check("prompt", prompt);
            check("completion", completion);
            check("request", request);
            check("image", image);
        }

        private static void check(String name, BigDecimal value) {
            if (value != null && value.signum() < 0) {
                throw new IllegalArgumentException("maxPrice." + name + " must be ≥ 0, was " + value.toPlainString());
            }
        }
    }

    /**
     * Validates the preferences; each problem is an {@link IllegalArgumentException} naming the field and value.
     *
     * @param order             provider slugs to try in this order
     * @param only              the only providers allowed
     * @param ignore            providers never to use
     * @param sort              {@code price}, {@code throughput}, {@code latency} or {@code exacto}; or null
     * @param sortPartition     how {@code sort} treats the fallback models: by model (OpenRouter's default) or all endpoints
     *        together; when set, {@code sort} is sent in its object form {@code {"by", "partition"}};
     *        requires {@code sort}; or null
     * @param allowFallbacks    whether other providers may serve when the preferred ones fail; or null for the default (true)
     * @param requireParameters only route to providers that support every parameter sent; or null
     * @param dataCollection    whether providers that store data are allowed; or null
     * @param zdr               only zero-data-retention endpoints; or null
     * @param quantizations     allowed quantizations, e.g. {@code fp8}, {@code bf16}
     * @param maxPrice          price ceilings in USD per million tokens; or null
     * @param preferredMinThroughput preferred minimum throughput in tokens per second (providers below it are
     *        deprioritised, not excluded); or null
     * @param preferredMaxLatency    preferred maximum latency in seconds; or null
     */
    public ProviderRouting {
        order = copy(order);
        only = copy(only);
        ignore = copy(ignore);
        quantizations = copy(quantizations);
        if (sort != null && !SORTS.contains(sort)) {
            throw new IllegalArgumentException("sort must be one of " + SORTS + ", was \"" + sort + "\"");
        }
        if (sortPartition != null && sort == null) {
            throw new IllegalArgumentException("sortPartition " + sortPartition + " needs a sort (price, throughput, "
                    + "latency or exacto), but sort is not set");
        }
        if (preferredMinThroughput != null && !(preferredMinThroughput > 0)) {
            throw new IllegalArgumentException("preferredMinThroughput must be > 0, was " + preferredMinThroughput);
        }
        if (preferredMaxLatency != null && !(preferredMaxLatency > 0)) {
            throw new IllegalArgumentException("preferredMaxLatency must be > 0, was " + preferredMaxLatency);
        }
        Set<String> both = new HashSet<>(only);
        both.retainAll(ignore);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("providers cannot be both in only and in ignore, were " + both);
        }
    }

    private static List<String> copy(List<String> list) {
        if (list == null) return List.of();
        for (String s : list) {
            if (s == null || s.isBlank()) throw new IllegalArgumentException("provider slugs must not be blank, were " + list);
        }
        return List.copyOf(list);
    }

    /** {@return whether nothing is set (then no {@code provider} object is sent)} */
    public boolean isEmpty() {
        return order.isEmpty() && only.isEmpty() && ignore.isEmpty() && sort == null && sortPartition == null
                && allowFallbacks == null
                && requireParameters == null && dataCollection == null && zdr == null && quantizations.isEmpty()
                && maxPrice == null && preferredMinThroughput == null && preferredMaxLatency == null;
    }

    /** {@return a builder with nothing set} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these preferences, to make a variant} */
    public Builder toBuilder() {
        return new Builder().order(order).only(only).ignore(ignore).sort(sort).sortPartition(sortPartition)
                .allowFallbacks(allowFallbacks)
                .requireParameters(requireParameters).dataCollection(dataCollection).zdr(zdr)
                .quantizations(quantizations).maxPrice(maxPrice).preferredMinThroughput(preferredMinThroughput)
                .preferredMaxLatency(preferredMaxLatency);
    }

    /** Builder for {@link ProviderRouting}; {@link #build()} validates. */
    public static final class Builder {
        private List<String> order = new ArrayList<>();
        private List<String> only = new ArrayList<>();
        private List<String> ignore = new ArrayList<>();
        private String sort;
        private SortPartition sortPartition;
        private Boolean allowFallbacks;
        private Boolean requireParameters;
        private DataCollection dataCollection;
        private Boolean zdr;
        private List<String> quantizations = new ArrayList<>();
        private MaxPrice maxPrice;
        private Double preferredMinThroughput;
        private Double preferredMaxLatency;

        private Builder() {
        }

        /**
         * Provider slugs to try in this order.
         *
         * @param providers slugs, e.g. {@code anthropic}
         * @return this builder
         */
        public Builder order(List<String> providers) { this.order = providers; return this; }
        /**
         * The only providers allowed.
         *
         * @param providers slugs
         * @return this builder
         */
        public Builder only(List<String> providers) { this.only = providers; return this; }
        /**
         * Providers never to use.
         *
         * @param providers slugs
         * @return this builder
         */
        public Builder ignore(List<String> providers) { this.ignore = providers; return this; }
        /**
         * How to sort the endpoints.
         *
         * @param sort {@code price}, {@code throughput}, {@code latency} or {@code exacto}; or null
         * @return this builder
         */
        public Builder sort(String sort) { this.sort = sort; return this; }
        /**
         * How {@code sort} treats the fallback models; needs a {@code sort}.
         *
         * @param partition by model or all endpoints; or null
         * @return this builder
         */
        public Builder sortPartition(SortPartition partition) { this.sortPartition = partition; return this; }
        /**
         * Whether other providers may serve when the preferred ones fail.
         *
         * @param allow or null for OpenRouter's default (true)
         * @return this builder
         */
        public Builder allowFallbacks(Boolean allow) { this.allowFallbacks = allow; return this; }
        /**
         * Only route to providers that support every parameter sent.
         *
         * @param require or null
         * @return this builder
         */
        public Builder requireParameters(Boolean require) { this.requireParameters = require; return this; }
        /**
         * Whether providers that store data are allowed.
         *
         * @param policy or null
         * @return this builder
         */
        public Builder dataCollection(DataCollection policy) { this.dataCollection = policy; return this; }
        /**
         * Only zero-data-retention endpoints.
         *
         * @param zdr or null
         * @return this builder
         */
        public Builder zdr(Boolean zdr) { this.zdr = zdr; return this; }
        /**
         * Allowed quantizations.
         *
         * @param quantizations e.g. {@code fp8}, {@code bf16}
         * @return this builder
         */
        public Builder quantizations(List<String> quantizations) { this.quantizations = quantizations; return this; }
        /**
         * Price ceilings.
         *
         * @param maxPrice in USD per million tokens; or null
         * @return this builder
         */
        public Builder maxPrice(MaxPrice maxPrice) { this.maxPrice = maxPrice; return this; }
        /**
         * Preferred minimum throughput: providers below it are tried last.
         *
         * @param tokensPerSecond &gt; 0, or null
         * @return this builder
         */
        public Builder preferredMinThroughput(Double tokensPerSecond) { this.preferredMinThroughput = tokensPerSecond; return this; }
        /**
         * Preferred maximum latency: providers above it are tried last.
         *
         * @param seconds &gt; 0, or null
         * @return this builder
         */
        public Builder preferredMaxLatency(Double seconds) { this.preferredMaxLatency = seconds; return this; }

        /** {@return the validated preferences} */
        public ProviderRouting build() {
            return new ProviderRouting(order, only, ignore, sort, sortPartition, allowFallbacks, requireParameters, dataCollection,
                    zdr, quantizations, maxPrice, preferredMinThroughput, preferredMaxLatency);
        }
    }
}
