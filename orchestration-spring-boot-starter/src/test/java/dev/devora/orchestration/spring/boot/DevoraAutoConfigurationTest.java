package dev.devora.orchestration.spring.boot;

import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.openrouter.OpenRouterConfig;
import dev.devora.orchestration.openrouter.OpenRouterProvider;
import dev.devora.orchestration.openrouter.ProviderRouting;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.testing.SimulatedProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.ModelTier;
import dev.devora.orchestration.workflows.WorkflowCatalog;
import dev.devora.orchestration.workflows.WorkflowConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every condition of {@link DevoraAutoConfiguration}: with and without a key, user beans, disabled. */
class DevoraAutoConfigurationTest {
    static final String KEY = "sk-or-v1-test-0123456789abcdef";
    static final Map<String, Object> API_INPUT = Map.of("api_name", "Tasks API", "description", "Tasks and owners",
            "api_type", "rest", "auth_type", "jwt", "versioning", true, "requirements", List.of("CRUD on tasks"),
            "data_models", List.of(Map.of("name", "Task", "fields", Map.of("id", "uuid"))), "target_qps", 100);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DevoraAutoConfiguration.class));

    @Test
    void withoutAKey_thereIsNoProvider_butTheEngineStoreAndCatalogueAreThere() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(LlmProvider.class);
            assertThat(ctx).hasSingleBean(WorkflowEngine.class).hasSingleBean(WorkflowCatalog.class)
                    .hasSingleBean(WorkflowConfig.class).hasSingleBean(DevoraWorkflows.class);
            assertThat(ctx.getBean(RunStore.class)).isInstanceOf(InMemoryRunStore.class);
            assertThat(ctx.getBean(WorkflowEngine.class).runStore()).isSameAs(ctx.getBean(RunStore.class));
            DevoraWorkflows workflows = ctx.getBean(DevoraWorkflows.class);
            assertThat(workflows.ids()).containsAll(WorkflowCatalog.standard().ids());
            assertThatThrownBy(() -> workflows.predefined("api-development"))
                    .isInstanceOf(DevoraConfigurationException.class)
                    .hasMessageContaining("devora.openrouter.api-key").hasMessageContaining("OPENROUTER_API_KEY")
                    .hasMessageContaining("devora.simulated.enabled=true")
                    .satisfies(e -> assertThat(((DevoraConfigurationException) e).property())
                            .isEqualTo("devora.openrouter.api-key"));
        });
    }

    @Test
    void withAKeyProperty_theOpenRouterProviderIsBuiltFromEveryProperty() {
        runner.withPropertyValues("devora.openrouter.api-key=" + KEY,
                "devora.openrouter.base-url=http://127.0.0.1:9/api/v1",
                "devora.openrouter.default-model=openai/gpt-5-mini",
                "devora.openrouter.app-url=https://shop.example", "devora.openrouter.app-title=Shop",
                "devora.openrouter.connect-timeout=3s", "devora.openrouter.request-timeout=2m",
                "devora.openrouter.session-per-run=true", "devora.openrouter.catalog-ttl=10m",
                "devora.openrouter.retry.max-retries=4", "devora.openrouter.retry.initial-delay=100ms",
                "devora.openrouter.retry.max-delay=2s", "devora.openrouter.retry.jitter=0.1",
                "devora.openrouter.retry.max-server-delay=20s",
                "devora.openrouter.circuit-breaker.enabled=false", "devora.openrouter.circuit-breaker.window-size=30",
                "devora.openrouter.circuit-breaker.minimum-calls=12",
                "devora.openrouter.circuit-breaker.failure-rate-threshold=40",
                "devora.openrouter.circuit-breaker.open-duration=1m",
                "devora.openrouter.circuit-breaker.half-open-calls=3",
                "devora.openrouter.routing.order=anthropic,openai", "devora.openrouter.routing.ignore=deepinfra",
                "devora.openrouter.routing.sort=price", "devora.openrouter.routing.allow-fallbacks=false",
                "devora.openrouter.routing.data-collection=deny", "devora.openrouter.routing.zdr=true",
                "devora.openrouter.routing.quantizations=fp8")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(OpenRouterProvider.class);
                    OpenRouterConfig c = ctx.getBean(OpenRouterProvider.class).config();
                    assertThat(c.apiKey().reveal()).isEqualTo(KEY);
                    assertThat(c.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:9/api/v1"));
                    assertThat(c.defaultModel()).isEqualTo("openai/gpt-5-mini");
                    assertThat(c.appUrl()).isEqualTo("https://shop.example");
                    assertThat(c.appTitle()).isEqualTo("Shop");
                    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(c.requestTimeout()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(c.sessionPerRun()).isTrue();
                    assertThat(c.catalogTtl()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(c.retry().maxRetries()).isEqualTo(4);
                    assertThat(c.retry().initialDelay()).isEqualTo(Duration.ofMillis(100));
                    assertThat(c.retry().maxDelay()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(c.retry().jitter()).isEqualTo(0.1);
                    assertThat(c.retry().maxServerDelay()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(c.circuitBreaker().enabled()).isFalse();
                    assertThat(c.circuitBreaker().windowSize()).isEqualTo(30);
                    assertThat(c.circuitBreaker().minimumCalls()).isEqualTo(12);
                    assertThat(c.circuitBreaker().failureRateThreshold()).isEqualTo(40f);
                    assertThat(c.circuitBreaker().openDuration()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(c.circuitBreaker().halfOpenCalls()).isEqualTo(3);
                    ProviderRouting r = c.routing();
                    assertThat(r.order()).containsExactly("anthropic", "openai");
                    assertThat(r.ignore()).containsExactly("deepinfra");
                    assertThat(r.sort()).isEqualTo("price");
                    assertThat(r.allowFallbacks()).isFalse();
                    assertThat(r.dataCollection()).isEqualTo(ProviderRouting.DataCollection.DENY);
                    assertThat(r.zdr()).isTrue();
                    assertThat(r.quantizations()).containsExactly("fp8");
                    // the predefined workflows are built with it
                    assertThat(ctx.getBean(DevoraWorkflows.class).predefined("api-development").id())
                            .isEqualTo("api-development");
                });
    }

    @Test
    void unsetProperties_keepTheLibraryDefaults() {
        runner.withPropertyValues("devora.openrouter.api-key=" + KEY).run(ctx -> {
            OpenRouterConfig c = ctx.getBean(OpenRouterProvider.class).config();
            OpenRouterConfig d = OpenRouterProvider.builder().apiKey(KEY).buildConfig();
            assertThat(c.baseUrl()).isEqualTo(d.baseUrl());
            assertThat(c.requestTimeout()).isEqualTo(d.requestTimeout());
            assertThat(c.retry()).isEqualTo(d.retry());
            assertThat(c.circuitBreaker()).isEqualTo(d.circuitBreaker());
            assertThat(c.routing()).isEqualTo(d.routing());
            assertThat(c.sessionPerRun()).isEqualTo(d.sessionPerRun());
            assertThat(ctx.getBean(WorkflowConfig.class)).isEqualTo(WorkflowConfig.defaults());
            assertThat(ctx.getBean(WorkflowEngine.class).inputLimits())
                    .isEqualTo(dev.devora.orchestration.workflow.InputLimits.DEFAULT);
        });
    }

    @Test
    void theKeyMayComeFromOPENROUTER_API_KEY_inAnyPropertySource() {
        runner.withPropertyValues("OPENROUTER_API_KEY=" + KEY).run(ctx -> {
            assertThat(ctx).hasSingleBean(OpenRouterProvider.class);
            assertThat(ctx.getBean(OpenRouterProvider.class).config().apiKey().reveal()).isEqualTo(KEY);
        });
        runner.withPropertyValues("devora.openrouter.api-key=", "OPENROUTER_API_KEY=" + KEY)
                .run(ctx -> assertThat(ctx).as("a blank property falls back to the variable")
                        .hasSingleBean(OpenRouterProvider.class));
    }

    @Test
    void simulated_answersOfflineWithoutAKey_andBacksOffForAKey() {
        runner.withPropertyValues("devora.simulated.enabled=true").run(ctx -> {
            assertThat(ctx.getBean(LlmProvider.class)).isInstanceOf(SimulatedProvider.class);
            WorkflowResult result = ctx.getBean(DevoraWorkflows.class).run("api-development", API_INPUT);
            assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        });
        runner.withPropertyValues("devora.simulated.enabled=true", "devora.openrouter.api-key=" + KEY)
                .run(ctx -> assertThat(ctx.getBean(LlmProvider.class)).isInstanceOf(OpenRouterProvider.class));
        runner.withPropertyValues("devora.simulated.enabled=true")
                .withClassLoader(new FilteredClassLoader(SimulatedProvider.class))
                .run(ctx -> assertThat(ctx).as("without orchestration-test").doesNotHaveBean(LlmProvider.class));
    }

    @Test
    void theApplicationsOwnBeans_replaceOurs() {
        runner.withPropertyValues("devora.openrouter.api-key=" + KEY).withUserConfiguration(OwnBeans.class)
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(LlmProvider.class)).isSameAs(OwnBeans.LLM);
                    assertThat(ctx).doesNotHaveBean(OpenRouterProvider.class);
                    assertThat(ctx.getBean(RunStore.class)).isSameAs(OwnBeans.STORE);
                    assertThat(ctx.getBean(WorkflowEngine.class).runStore()).isSameAs(OwnBeans.STORE);
                    assertThat(ctx.getBean(WorkflowCatalog.class)).isSameAs(WorkflowCatalog.standard());
                    assertThat(ctx.getBean(WorkflowConfig.class).maxIterations()).isEqualTo(7);
                });
        runner.withUserConfiguration(OwnEngine.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(WorkflowEngine.class);
            assertThat(ctx.getBean(WorkflowEngine.class)).isSameAs(ctx.getBean("myEngine"));
            assertThat(ctx.getBean(DevoraWorkflows.class).engine()).isSameAs(ctx.getBean("myEngine"));
        });
    }

    @Test
    void disabled_definesNothing() {
        runner.withPropertyValues("devora.enabled=false", "devora.openrouter.api-key=" + KEY,
                "devora.simulated.enabled=true").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx).doesNotHaveBean(LlmProvider.class).doesNotHaveBean(WorkflowEngine.class)
                    .doesNotHaveBean(RunStore.class).doesNotHaveBean(WorkflowCatalog.class)
                    .doesNotHaveBean(DevoraWorkflows.class).doesNotHaveBean(DevoraProperties.class);
        });
    }

    @Test
    void theApplicationsWorkflowsListenersAndGates_areRegistered() {
        runner.withUserConfiguration(AppWorkflow.class).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            DevoraWorkflows workflows = ctx.getBean(DevoraWorkflows.class);
            assertThat(workflows.ids()).endsWith("greet");
            assertThat(workflows.applicationWorkflows()).containsOnlyKeys("greet");
            assertThat(workflows.agents()).extracting(Agent::name).contains("greeter");
            WorkflowRun run = workflows.start("greet", Map.of("name", "Ada"));
            WorkflowResult result = run.result().get(30, TimeUnit.SECONDS);
            assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(result.output("hello").orElseThrow().text()).isEqualTo("Hello, Ada");
            // the listener bean saw the run
            assertThat(AppWorkflow.EVENTS).anyMatch(e -> e instanceof WorkflowEvent.RunCompleted c
                    && c.runId().equals(run.id()));
            // the workflow is registered with the engine: its run can be resumed by id alone
            assertThat(ctx.getBean(WorkflowEngine.class).resume(run.id()).status()).isEqualTo(RunStatus.SUCCEEDED);
            // the gate bean is an extra gate of the predefined workflows
            assertThat(ctx.getBean(WorkflowConfig.class).extraGates()).containsExactly(AppWorkflow.GATE);
            assertThat(workflows.gates()).containsExactly(AppWorkflow.GATE);
            assertThatThrownBy(() -> workflows.start("nope", Map.of()))
                    .isInstanceOf(UnknownWorkflowException.class).hasMessageContaining("'nope'")
                    .hasMessageContaining("greet").hasMessageContaining("api-development");
        });
    }

    @Test
    void aWorkflowBeanWithThePredefinedId_stopsTheStart() {
        runner.withBean(Workflow.class, () -> Workflow.builder("api-development")
                        .step(Steps.agent("a", Agent.of("a", call -> AgentResult.text("x"))).prompt("x")).build())
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining("'api-development' has the id of a predefined workflow"));
    }

    @Test
    void twoWorkflowBeansWithOneId_stopTheStart() {
        runner.withBean("first", Workflow.class, () -> Workflow.builder("twin")
                        .step(Steps.agent("a", Agent.of("a", call -> AgentResult.text("x"))).prompt("x")).build())
                .withBean("second", Workflow.class, () -> Workflow.builder("twin")
                        .step(Steps.agent("b", Agent.of("b", call -> AgentResult.text("y"))).prompt("y")).build())
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining("two Workflow beans have the id 'twin'"));
    }

    @Test
    void customizers_changeTheEngineAndTheProvider() {
        runner.withPropertyValues("devora.openrouter.api-key=" + KEY, "devora.engine.retry.max-attempts=5")
                .withBean(DevoraOpenRouterCustomizer.class, () -> b -> b.appTitle("From a customizer"))
                .withBean(DevoraEngineCustomizer.class, () -> b -> b.retryPolicy(RetryPolicy.none()))
                .run(ctx -> {
                    assertThat(ctx.getBean(OpenRouterProvider.class).config().appTitle()).isEqualTo("From a customizer");
                    assertThat(ctx.getBean(WorkflowEngine.class).toString()).contains("retry=1 attempts");
                });
        runner.withPropertyValues("devora.engine.retry.max-attempts=5")
                .run(ctx -> assertThat(ctx.getBean(WorkflowEngine.class).toString()).contains("retry=5 attempts"));
    }

    @Test
    void modelPolicyLoopsAndGates_ofThePredefinedWorkflows_comeFromProperties() {
        runner.withPropertyValues("devora.workflows.models.fast=openai/gpt-5-nano",
                "devora.workflows.models.smart=openai/gpt-5", "devora.workflows.models.roles.security-auditor=x/y",
                "devora.workflows.max-iterations=5", "devora.workflows.gate-threshold=70",
                "devora.workflows.gate-thresholds.qa-release=95").run(ctx -> {
            WorkflowConfig c = ctx.getBean(WorkflowConfig.class);
            assertThat(c.modelPolicy().tiers().get(ModelTier.FAST).model()).isEqualTo("openai/gpt-5-nano");
            assertThat(c.modelPolicy().tiers().get(ModelTier.SMART).model()).isEqualTo("openai/gpt-5");
            assertThat(c.modelPolicy().roles().get("security-auditor").model()).isEqualTo("x/y");
            assertThat(c.maxIterations()).isEqualTo(5);
            assertThat(c.thresholdOf("qa-release")).isEqualTo(95);
            assertThat(c.thresholdOf("another")).isEqualTo(70);
        });
    }

    @Test
    void closingTheContext_waitsForTheRunInFlight() {
        CountDownLatch started = new CountDownLatch(1);
        Agent slow = Agent.of("slow", call -> {
            started.countDown();
            try {
                Thread.sleep(700);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return AgentResult.text("finished");
        });
        Workflow wf = Workflow.builder("slow").step(Steps.agent("work", slow).prompt("go")).build();
        runner.withBean(Workflow.class, () -> wf).withPropertyValues("devora.engine.shutdown-timeout=20s").run(ctx -> {
            WorkflowRun run = ctx.getBean(DevoraWorkflows.class).start("slow", Map.of());
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            WorkflowEngine engine = ctx.getBean(WorkflowEngine.class);
            ctx.close();
            assertThat(engine.isClosed()).isTrue();
            assertThat(run.result()).as("ended before close() returned").isCompleted();
            assertThat(run.result().get().status()).isEqualTo(RunStatus.SUCCEEDED);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        static final LlmProvider LLM = ScriptedLlmProvider.builder().otherwise(r -> "mine").build();
        static final RunStore STORE = new InMemoryRunStore();

        @Bean
        LlmProvider myProvider() {
            return LLM;
        }

        @Bean
        RunStore myStore() {
            return STORE;
        }

        @Bean
        WorkflowConfig myConfig() {
            return WorkflowConfig.builder().maxIterations(7).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEngine {
        @Bean(destroyMethod = "close")
        WorkflowEngine myEngine() {
            return WorkflowEngine.create();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AppWorkflow {
        static final List<WorkflowEvent> EVENTS = new CopyOnWriteArrayList<>();
        static final QualityGate GATE = QualityGate.of("house-style", in -> GateVerdict.pass("house-style", 100, 80));

        @Bean
        LlmProvider scripted() {
            return ScriptedLlmProvider.builder().otherwise(r -> "Hello, " + r.lastUserText().replace("Greet ", ""))
                    .build();
        }

        @Bean
        LlmAgent greeter(LlmProvider llm) {
            return LlmAgent.builder("greeter").provider(llm).build();
        }

        @Bean
        Workflow greet(LlmAgent greeter) {
            return Workflow.builder("greet").step(Steps.agent("hello", greeter).prompt("Greet {{input.name}}")).build();
        }

        @Bean
        WorkflowListener recorder() {
            return EVENTS::add;
        }

        @Bean
        QualityGate houseStyle() {
            return GATE;
        }
    }
}
