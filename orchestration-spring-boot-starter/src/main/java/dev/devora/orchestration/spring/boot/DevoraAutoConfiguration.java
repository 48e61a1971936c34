package dev.devora.orchestration.spring.boot;

import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.openrouter.CircuitBreakerSettings;
import dev.devora.orchestration.openrouter.OpenRouterProvider;
import dev.devora.orchestration.openrouter.ProviderRouting;
import dev.devora.orchestration.openrouter.RetrySettings;
import dev.devora.orchestration.workflow.InputLimits;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.ModelPolicy;
import dev.devora.orchestration.workflows.ModelTier;
import dev.devora.orchestration.workflows.WorkflowCatalog;
import dev.devora.orchestration.workflows.WorkflowConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;


/**
 * The starter's auto-configuration: from the {@code devora.*} properties ({@link DevoraProperties}) it defines
 * <ul>
 *   <li>an {@link OpenRouterProvider} when a key is set ({@code devora.openrouter.api-key} or
 *       {@code OPENROUTER_API_KEY}), else, with {@code devora.simulated.enabled=true} and orchestration-test, the
 *       offline {@code SimulatedProvider};</li>
 *   <li>the {@link RunStore}: in memory, or with {@code devora.store.type=jdbc} the {@code JdbcRunStore} on the
 *       application's {@code DataSource} ({@link DevoraJdbcStoreConfiguration});</li>
 *   <li>the {@link WorkflowEngine}, with the application's {@code Workflow} and {@code WorkflowListener} beans and
 *       every {@link DevoraEngineCustomizer}, closed and drained when the context stops;</li>
 *   <li>the {@link WorkflowCatalog}, the predefined workflows' {@link WorkflowConfig} (with the application's
 *       {@code QualityGate} beans as extra gates) and {@link DevoraWorkflows};</li>
 *   <li>with the actuator, Micrometer, OpenTelemetry or orchestration-server present: the {@code devora} health
 *       indicator, {@link DevoraMetrics}, the OpenTelemetry listener and the task service
 *       ({@link DevoraObservabilityConfiguration}, {@link DevoraServerConfiguration}).</li>
 * </ul>
 * Each bean backs off when the application defines one of its type; {@code devora.enabled=false} backs off all.
 *
 * <pre>{@code
 * @SpringBootApplication
 * class App {
 *     @Bean
 *     Workflow review(LlmProvider llm) {
 *         return Workflow.builder("review").step(Steps.agent("read", LlmAgent.builder("reader").provider(llm).build())
 *                 .prompt("Review {{input.diff}}")).build();
 *     }
 * }
 * // elsewhere: workflows.start("review", Map.of("diff", diff)) with an injected DevoraWorkflows
 * }</pre>
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "devora.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DevoraProperties.class)
@org.springframework.context.annotation.Import({DevoraJdbcStoreConfiguration.class,
        DevoraObservabilityConfiguration.class, DevoraServerConfiguration.class})
public class DevoraAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(DevoraAutoConfiguration.class);

    /** Creates the auto-configuration; Spring does. */
    public DevoraAutoConfiguration() {
    }

    /**
     * The OpenRouter provider, when a key is set.
     *
     * @param properties  the starter's properties
     * @param environment where {@code OPENROUTER_API_KEY} is looked up when the property is unset
     * @param customizers applied after the properties
     * @return the provider
     */
    @Bean
    @ConditionalOnMissingBean(LlmProvider.class)
    @Conditional(OpenRouterKeyCondition.class)
    public OpenRouterProvider openRouterProvider(DevoraProperties properties, Environment environment,
                                                 ObjectProvider<DevoraOpenRouterCustomizer> customizers) {
        DevoraProperties.OpenRouter o = properties.getOpenrouter();
        OpenRouterProvider.Builder builder = OpenRouterProvider.builder().environment(environment::getProperty);
        if (o.getApiKey() != null && !o.getApiKey().isBlank()) builder.apiKey(o.getApiKey());
        if (o.getBaseUrl() != null) builder.baseUrl(o.getBaseUrl());
        if (o.getDefaultModel() != null) builder.defaultModel(o.getDefaultModel());
        if (o.getAppUrl() != null) builder.appUrl(o.getAppUrl());
        if (o.getAppTitle() != null) builder.appTitle(o.getAppTitle());
        if (o.getConnectTimeout() != null) builder.connectTimeout(o.getConnectTimeout());
        if (o.getRequestTimeout() != null) builder.requestTimeout(o.getRequestTimeout());
        if (o.getSessionPerRun() != null) builder.sessionPerRun(o.getSessionPerRun());
        if (o.getCatalogTtl() != null) builder.catalogTtl(o.getCatalogTtl());
        builder.retry(retrySettings(o.getRetry()));
        builder.circuitBreaker(circuitBreaker(o.getCircuitBreaker()));
        builder.routing(routing(o.getRouting()));
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * The offline provider, with {@code devora.simulated.enabled=true}, orchestration-test and no OpenRouter key.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.devora.orchestration.testing.SimulatedProvider")
    @ConditionalOnBooleanProperty(name = "devora.simulated.enabled")
    @Conditional(OpenRouterKeyCondition.Absent.class)
    static class SimulatedProviderConfiguration {
        @Bean
        @ConditionalOnMissingBean(LlmProvider.class)
        LlmProvider simulatedLlmProvider() {
            log.warn("No OpenRouter key: every model call is answered offline by the SimulatedProvider "
                    + "(devora.simulated.enabled=true)");
            return dev.devora.orchestration.testing.SimulatedProvider.create();
        }
    }

    /**
     * The run store in memory, unless {@code devora.store.type=jdbc}.
     *
     * @return the store
     */
    @Bean
    @ConditionalOnMissingBean(RunStore.class)
    @ConditionalOnExpression("!'${devora.store.type:memory}'.trim().equalsIgnoreCase('jdbc')")
    public RunStore devoraRunStore() {
        return new InMemoryRunStore();
    }

    /**
     * The workflow engine.
     *
     * @param properties  the starter's properties
     * @param store       the run store
     * @param workflows   the application's workflows, registered so that their runs can be resumed by id
     * @param listeners   attached to every run, in order
     * @param customizers applied last
     * @return the engine; closed by {@link EngineShutdown} when the context stops
     */
    @Bean
    @ConditionalOnMissingBean
    public WorkflowEngine workflowEngine(DevoraProperties properties, RunStore store,
                                         ObjectProvider<Workflow> workflows, ObjectProvider<WorkflowListener> listeners,
                                         ObjectProvider<DevoraEngineCustomizer> customizers) {
        DevoraProperties.Engine e = properties.getEngine();
        WorkflowEngine.Builder builder = WorkflowEngine.builder().runStore(store);
        if (e.getMaxPlatformThreads() != null) builder.maxPlatformThreads(e.getMaxPlatformThreads());
        if (e.getDefaultContextTokens() != null) builder.defaultContextTokens(e.getDefaultContextTokens());
        builder.retryPolicy(retryPolicy(e.getRetry()));
        builder.inputLimits(inputLimits(e.getInputLimits()));
        builder.workflows(workflows.orderedStream().toArray(Workflow[]::new));
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * Closes the engine when the context stops, waiting for its runs in flight.
     *
     * @param engine     the engine
     * @param properties the shutdown timeout
     * @return the lifecycle
     */
    @Bean
    public org.springframework.context.SmartLifecycle devoraEngineShutdown(WorkflowEngine engine,
                                                                          DevoraProperties properties) {
        return new EngineShutdown(engine, properties.getEngine().getShutdownTimeout());
    }

    /**
     * The catalogue of the predefined workflows.
     *
     * @return {@link WorkflowCatalog#standard()}
     */
    @Bean
    @ConditionalOnMissingBean
    public WorkflowCatalog workflowCatalog() {
        return WorkflowCatalog.standard();
    }

    /**
     * The predefined workflows' model policy, loops and gates, with the application's gates as extra gates.
     *
     * @param properties the {@code devora.workflows.*} properties
     * @param gates      the application's quality gates
     * @return the config
     */
    @Bean
    @ConditionalOnMissingBean
    public WorkflowConfig workflowConfig(DevoraProperties properties, ObjectProvider<QualityGate> gates) {
        DevoraProperties.Workflows w = properties.getWorkflows();
        ModelPolicy.Builder policy = ModelPolicy.defaults().toBuilder();
        if (w.getModels().getFast() != null) policy.tier(ModelTier.FAST, w.getModels().getFast());
        if (w.getModels().getSmart() != null) policy.tier(ModelTier.SMART, w.getModels().getSmart());
        w.getModels().getRoles().forEach(policy::role);
        WorkflowConfig.Builder config = WorkflowConfig.defaults().toBuilder().modelPolicy(policy.build());
        if (w.getMaxIterations() != null) config.maxIterations(w.getMaxIterations());
        if (w.getGateThreshold() != null) config.gateThreshold(w.getGateThreshold());
        w.getGateThresholds().forEach(config::gateThreshold);
        gates.orderedStream().forEach(config::extraGate);
        return config.build();
    }

    /**
     * The application's workflows, predefined and its own, by id.
     *
     * @param catalog   the catalogue
     * @param config    the predefined workflows' config
     * @param engine    the engine
     * @param provider  the model provider, if any
     * @param workflows the application's workflows
     * @param agents    the application's agents
     * @param gates     the application's gates
     * @param decorators wrap the provider for the predefined workflows
     * @return the workflows
     */
    @Bean
    @ConditionalOnMissingBean
    public DevoraWorkflows devoraWorkflows(WorkflowCatalog catalog, WorkflowConfig config, WorkflowEngine engine,
                                           ObjectProvider<LlmProvider> provider, ObjectProvider<Workflow> workflows,
                                           ObjectProvider<Agent> agents, ObjectProvider<QualityGate> gates,
                                           ObjectProvider<DevoraProviderDecorator> decorators) {
        java.util.function.Supplier<LlmProvider> decorated = () -> {
            LlmProvider llm = provider.getIfUnique();
            if (llm == null) return null;
            for (DevoraProviderDecorator d : decorators.orderedStream().toList()) llm = d.decorate(llm);
            return llm;
        };
        return new DevoraWorkflows(catalog, config, engine, decorated, workflows.orderedStream().toList(),
                agents.orderedStream().toList(), gates.orderedStream().toList());
    }

    static RetrySettings retrySettings(DevoraProperties.Retry r) {
        RetrySettings.Builder b = RetrySettings.DEFAULTS.toBuilder();
        if (r.getMaxRetries() != null) b.maxRetries(r.getMaxRetries());
        if (r.getInitialDelay() != null) b.initialDelay(r.getInitialDelay());
        if (r.getMaxDelay() != null) b.maxDelay(r.getMaxDelay());
        if (r.getJitter() != null) b.jitter(r.getJitter());
        if (r.getMaxServerDelay() != null) b.maxServerDelay(r.getMaxServerDelay());
        return build("devora.openrouter.retry", b::build);
    }

    static CircuitBreakerSettings circuitBreaker(DevoraProperties.CircuitBreaker c) {
        CircuitBreakerSettings.Builder b = CircuitBreakerSettings.DEFAULTS.toBuilder();
        if (c.getEnabled() != null) b.enabled(c.getEnabled());
        if (c.getWindowSize() != null) b.windowSize(c.getWindowSize());
        if (c.getMinimumCalls() != null) b.minimumCalls(c.getMinimumCalls());
        if (c.getFailureRateThreshold() != null) b.failureRateThreshold(c.getFailureRateThreshold());
        if (c.getOpenDuration() != null) b.openDuration(c.getOpenDuration());
        if (c.getHalfOpenCalls() != null) b.halfOpenCalls(c.getHalfOpenCalls());
        return build("devora.openrouter.circuit-breaker", b::build);
    }

    static ProviderRouting routing(DevoraProperties.Routing r) {
        ProviderRouting.Builder b = ProviderRouting.builder();
        if (!r.getOrder().isEmpty()) b.order(r.getOrder());
        if (!r.getOnly().isEmpty()) b.only(r.getOnly());
        if (!r.getIgnore().isEmpty()) b.ignore(r.getIgnore());
        if (r.getSort() != null) b.sort(r.getSort());
        if (r.getAllowFallbacks() != null) b.allowFallbacks(r.getAllowFallbacks());
        if (r.getRequireParameters() != null) b.requireParameters(r.getRequireParameters());
        if (r.getDataCollection() != null) b.dataCollection(r.getDataCollection());
        if (r.getZdr() != null) b.zdr(r.getZdr());
        if (!r.getQuantizations().isEmpty()) b.quantizations(r.getQuantizations());
        return build("devora.openrouter.routing", b::build);
    }

    static RetryPolicy retryPolicy(DevoraProperties.StepRetry r) {
        RetryPolicy.Builder b = RetryPolicy.DEFAULT.toBuilder();
        if (r.getMaxAttempts() != null) b.maxAttempts(r.getMaxAttempts());
        if (r.getInitialDelay() != null) b.initialDelay(r.getInitialDelay());
        if (r.getMultiplier() != null) b.multiplier(r.getMultiplier());
        if (r.getMaxDelay() != null) b.maxDelay(r.getMaxDelay());
        if (r.getJitter() != null) b.jitter(r.getJitter());
        if (r.getMaxServerDelay() != null) b.maxServerDelay(r.getMaxServerDelay());
        return build("devora.engine.retry", b::build);
    }

    static InputLimits inputLimits(DevoraProperties.InputLimits l) {
        InputLimits d = InputLimits.DEFAULT;
        return build("devora.engine.input-limits", () -> new InputLimits(
                l.getMaxDepth() != null ? l.getMaxDepth() : d.maxDepth(),
                l.getMaxStringLength() != null ? l.getMaxStringLength() : d.maxStringLength(),
                l.getMaxTotalSize() != null ? l.getMaxTotalSize() : d.maxTotalSize()));
    }

    /** Builds a settings record; a range the property checks let through still fails naming its group. */
    private static <T> T build(String group, java.util.function.Supplier<T> settings) {
        try {
            return settings.get();
        } catch (IllegalArgumentException e) {
            throw new DevoraConfigurationException(group, null, group + ".*: " + e.getMessage());
        }
    }
}
