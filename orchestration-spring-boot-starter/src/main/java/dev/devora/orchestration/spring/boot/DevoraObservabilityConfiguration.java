package dev.devora.orchestration.spring.boot;

import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.opentelemetry.DevoraTelemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * What the starter adds when the application watches itself: the {@code devora} health indicator (with
 * spring-boot-health, e.g. through the actuator starter; off with {@code management.health.devora.enabled=false}),
 * {@link DevoraMetrics} on the application's {@code MeterRegistry}, the OpenTelemetry listener of
 * orchestration-opentelemetry on the application's {@code OpenTelemetry} bean with a {@link DevoraProviderDecorator}
 * tracing each model call of the workflows the starter builds (and, with
 * {@code devora.openrouter.trace-context=true}, the trace context on each OpenRouter call), and the masking of the
 * starter's secrets in the actuator's {@code env} and {@code configprops} endpoints.
 *
 * <pre>{@code
 * management.endpoints.web.exposure.include=health,metrics
 * management.endpoint.health.show-details=always
 * }</pre>
 */
@Configuration(proxyBeanMethods = false)
public class DevoraObservabilityConfiguration {
    /** Creates the configuration; Spring does. */
    public DevoraObservabilityConfiguration() {
    }

    /** The health indicator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("devora")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "devoraHealthIndicator")
        DevoraHealthIndicator devoraHealthIndicator(ObjectProvider<LlmProvider> provider, RunStore store,
                                                    DevoraProperties properties) {
            DevoraProperties.Health h = properties.getHealth();
            return new DevoraHealthIndicator(provider.getIfUnique(), store, h.isCheckProvider(),
                    h.getProviderCheckCache(), Clock.systemUTC());
        }
    }

    /** Micrometer meters. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean
        DevoraMetrics devoraMetrics(MeterRegistry registry) {
            return new DevoraMetrics(registry);
        }

        /** The gauge of runs in flight, once the engine exists. */
        @Bean
        static SmartInitializingSingleton devoraActiveRunsGauge(ObjectProvider<DevoraMetrics> metrics,
                                                                ObjectProvider<WorkflowEngine> engine) {
            return () -> {
                DevoraMetrics m = metrics.getIfUnique();
                WorkflowEngine e = engine.getIfUnique();
                if (m != null && e != null) m.bindTo(e);
            };
        }
    }

    /** OpenTelemetry spans and metrics through orchestration-opentelemetry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({DevoraTelemetry.class, OpenTelemetry.class})
    @ConditionalOnBean(OpenTelemetry.class)
    static class Telemetry {
        @Bean
        @ConditionalOnMissingBean
        DevoraTelemetry devoraTelemetry(OpenTelemetry openTelemetry) {
            return DevoraTelemetry.create(openTelemetry);
        }

        @Bean
        WorkflowListener devoraTelemetryListener(DevoraTelemetry telemetry) {
            return telemetry.listener();
        }

        @Bean
        DevoraProviderDecorator devoraTracedProvider(DevoraTelemetry telemetry) {
            return telemetry::provider;
        }

        @Bean
        @ConditionalOnBooleanProperty(name = "devora.openrouter.trace-context")
        DevoraOpenRouterCustomizer devoraTraceContext(DevoraTelemetry telemetry) {
            return builder -> builder.requestHeaders(telemetry.traceContextHeaders());
        }
    }

    /** The actuator's masking of the key and the task service's token. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SanitizingFunction.class)
    static class Sanitizing {
        @Bean
        SanitizingFunction devoraSecretsSanitizer() {
            return new SecretsSanitizer();
        }
    }
}
