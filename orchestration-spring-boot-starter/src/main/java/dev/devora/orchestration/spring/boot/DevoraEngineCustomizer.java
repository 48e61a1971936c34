package dev.devora.orchestration.spring.boot;

import dev.devora.orchestration.engine.WorkflowEngine;

/**
 * Changes the workflow engine's builder after the {@code devora.engine.*} properties, the run store, the
 * application's workflows and listeners are applied: an executor of the application's, a clock, resources the
 * engine closes. Every bean of this type is applied, in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * DevoraEngineCustomizer boundedExecutor(ThreadPoolTaskExecutor pool) {
 *     return builder -> builder.executor(pool);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface DevoraEngineCustomizer {
    /**
     * Changes the builder.
     *
     * @param builder the engine's builder, with the properties and the application's beans applied
     */
    void customize(WorkflowEngine.Builder builder);
}
