package dev.devora.orchestration.spring.boot;

import dev.devora.orchestration.llm.LlmProvider;

/**
 * Wraps the application's model provider for the workflows the starter builds (the predefined ones and the task
 * service's): tracing, recording to a cassette, a cache. Every bean of this type is applied, in {@code @Order}, the
 * first innermost; {@link DevoraWorkflows#provider()} gives the result to the application's own agents. With
 * orchestration-opentelemetry and an {@code OpenTelemetry} bean the starter defines one that traces each model call.
 *
 * <pre>{@code
 * @Bean
 * DevoraProviderDecorator recordCalls() {
 *     return provider -> new RecordingProvider(provider);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface DevoraProviderDecorator {
    /**
     * Wraps the provider.
     *
     * @param provider the provider, perhaps already wrapped by an earlier decorator
     * @return the provider to use instead
     */
    LlmProvider decorate(LlmProvider provider);
}
