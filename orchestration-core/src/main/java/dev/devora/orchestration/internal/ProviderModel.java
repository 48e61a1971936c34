package dev.devora.orchestration.internal;

import dev.devora.orchestration.llm.LlmProvider;

/**
 * A provider and one of its models: the key of per-run caches of what a provider says about a model (price,
 * context window). Equal when the provider is the same instance (or equal, if it defines equality) and the model
 * id is the same; a null model is the provider's default.
 *
 * <pre>{@code
 * Map<ProviderModel, Optional<ModelPrice>> prices = new HashMap<>();
 * prices.computeIfAbsent(new ProviderModel(provider, model), k -> k.provider().price(k.model()));
 * }</pre>
 *
 * @param provider the provider
 * @param model    the model id; or null for the provider's default
 */
record ProviderModel(LlmProvider provider, String model) {
}
