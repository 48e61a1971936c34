package dev.devora.orchestration.spring.boot;

import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.server.AccessTokens;
import dev.devora.orchestration.server.DevoraApi;
import dev.devora.orchestration.workflows.WorkflowConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code devora.server.enabled=true} and orchestration-server: the task service's routes and dashboard served
 * by the application ({@link DevoraServerLifecycle}) on the application's engine, provider and config. It needs
 * {@code devora.server.token} (16 characters or more), the bearer token its routes require.
 *
 * <pre>{@code
 * devora.server.enabled=true
 * devora.server.token=${DEVORA_TOKEN}
 * # then open http://localhost:8081/ and give the token
 * }</pre>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "dev.devora.orchestration.server.DevoraApi")
@ConditionalOnBooleanProperty(name = "devora.server.enabled")
public class DevoraServerConfiguration {
    /** Creates the configuration; Spring does. */
    public DevoraServerConfiguration() {
    }

    /**
     * The task service's routes.
     *
     * @param engine     the engine its runs run on
     * @param workflows  whose (decorated) model provider the task service's workflows use
     * @param config     the predefined workflows' config
     * @param properties the token
     * @return the routes
     */
    @Bean
    @ConditionalOnMissingBean
    public DevoraApi devoraApi(WorkflowEngine engine, DevoraWorkflows workflows, WorkflowConfig config,
                               DevoraProperties properties) {
        String token = properties.getServer().getToken();
        if (token == null || token.isBlank()) {
            throw new DevoraConfigurationException("devora.server.token", null, "devora.server.enabled=true needs "
                    + "devora.server.token, the bearer token of the task service's routes (16 characters or more)");
        }
        LlmProvider llm = workflows.provider(); // decorated as the predefined workflows' provider; fails without one
        return DevoraApi.builder().engine(engine).provider(llm).config(config).tokens(AccessTokens.of(token.strip()))
                .build();
    }

    /**
     * Starts and stops the task service with the context.
     *
     * @param api        the routes
     * @param properties host and port
     * @return the lifecycle
     */
    @Bean
    @ConditionalOnMissingBean
    public DevoraServerLifecycle devoraServerLifecycle(DevoraApi api, DevoraProperties properties) {
        return new DevoraServerLifecycle(api, properties.getServer().getHost(), properties.getServer().getPort());
    }
}
