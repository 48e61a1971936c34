/**
 * The OpenRouter provider: {@link dev.devora.orchestration.openrouter.OpenRouterProvider}, its configuration
 * records ({@link dev.devora.orchestration.openrouter.RetrySettings},
 * {@link dev.devora.orchestration.openrouter.CircuitBreakerSettings},
 * {@link dev.devora.orchestration.openrouter.ProviderRouting}) and the model catalogue. The machinery lives in
 * {@code dev.devora.orchestration.openrouter.internal}, which is not API.
 *
 * <pre>{@code
 * LlmProvider llm = OpenRouterProvider.builder().build(); // reads OPENROUTER_API_KEY
 * }</pre>
 */
package dev.devora.orchestration.openrouter;
