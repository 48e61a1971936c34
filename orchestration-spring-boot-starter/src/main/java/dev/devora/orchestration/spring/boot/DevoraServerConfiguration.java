package dev.devora.orchestration.spring.boot;

import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.server.AccessTokens;
import dev.devora.orchestration.server.DevoraApi;
import dev.devora.orchestration.workflows.WorkflowConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code devora.server.enabled=true}: the task service's routes and dashboard (orchestration-server) served by
 * the application ({@link DevoraServerLifecycle}) on the application's engine, provider and config. It needs
 * {@code devora.server.token} (16 characters or more), the bearer token its routes require; without
 * orchestration-server on the classpath the application does not start, and the message names the dependency.
 *
 * <pre>{@code
 * devora.server.enabled=true
 * devora.server.token=${DEVORA_TOKEN}
 * # then open http://localhost:8081/ and give the token
 * }</pre>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "devora.server.enabled")
public class DevoraServerConfiguration {
    /** Creates the configuration; Spring does. */
    public DevoraServerConfiguration() {
    }

    /** The routes and their server, with orchestration-server present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.devora.orchestration.server.DevoraApi")
    static class TaskService {
        @Bean
        @ConditionalOnMissingBean
        DevoraApi devoraApi(WorkflowEngine engine, DevoraWorkflows workflows, WorkflowConfig config,
                            DevoraProperties properties) {
            String token = properties.getServer().getToken();
            if (token == null || token.isBlank()) {
                throw new DevoraConfigurationException("devora.server.token", null, "devora.server.enabled=true "
                        + "needs devora.server.token, the bearer token of the task service's routes (16 characters "
                        + "or more)");
            }
            LlmProvider llm = workflows.provider(); // decorated as the predefined workflows' provider; fails without one
            return DevoraApi.builder().engine(engine).provider(llm).config(config)
                    .tokens(AccessTokens.of(token.strip())).build();
        }

        @Bean
        @ConditionalOnMissingBean
        DevoraServerLifecycle devoraServerLifecycle(DevoraApi api, DevoraProperties properties) {
            return new DevoraServerLifecycle(api, properties.getServer().getHost(), properties.getServer().getPort());
        }
    }

    /** Without orchestration-server: a startup failure that says what to add. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.devora.orchestration.server.DevoraApi")
    static class MissingServerModule {
        @Bean
        Object devoraServerLifecycle() {
            throw new DevoraConfigurationException("devora.server.enabled", "true", "devora.server.enabled=true "
                    + "needs the dev.devora:orchestration-server dependency; or set devora.server.enabled=false");
        }
    }
}
