package dev.devora.orchestration.spring.boot;

import dev.devora.orchestration.openrouter.OpenRouterProvider;

/**
 * Changes the OpenRouter provider's builder after the {@code devora.openrouter.*} properties are applied, for what
 * properties cannot say (an {@code HttpClient}, an executor, request headers). Every bean of this type is applied, in
 * {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * DevoraOpenRouterCustomizer proxiedClient() {
 *     return builder -> builder.httpClient(HttpClient.newBuilder().proxy(ProxySelector.of(proxy)).build());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface DevoraOpenRouterCustomizer {
    /**
     * Changes the builder.
     *
     * @param builder the provider's builder, with the properties applied
     */
    void customize(OpenRouterProvider.Builder builder);
}
