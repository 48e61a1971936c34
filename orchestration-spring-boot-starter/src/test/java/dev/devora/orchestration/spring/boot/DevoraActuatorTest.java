package dev.devora.orchestration.spring.boot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.journal.RunStoreException;
import dev.devora.orchestration.journal.RunSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Health, Micrometer metrics, the OpenTelemetry bridge and the masking of secrets in the actuator's endpoints. */
class DevoraActuatorTest {
    private static final String KEY = DevoraAutoConfigurationTest.KEY;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DevoraAutoConfiguration.class));

    @org.junit.jupiter.api.extension.RegisterExtension
    final dev.devora.orchestration.testing.CapturedLogs logs = dev.devora.orchestration.testing.CapturedLogs.create();

    private HttpServer openRouter;
    private final AtomicInteger keyRequests = new AtomicInteger();
    private volatile int keyStatus = 200;
    private volatile String seenAuthorization;

    @BeforeEach
    void startOpenRouter() throws Exception {
        openRouter = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        openRouter.createContext("/api/v1/key", exchange -> {
            keyRequests.incrementAndGet();
            seenAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] body = (keyStatus == 200
                    ? "{\"data\":{\"label\":\"sk-or-v1-abc...\",\"limit\":10,\"limit_remaining\":7.5,\"usage\":2.5,\"is_free_tier\":false}}"
                    : "{\"error\":{\"code\":401,\"message\":\"User not found.\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(keyStatus, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        openRouter.start();
    }

    @AfterEach
    void stopOpenRouter() {
        openRouter.stop(0);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + openRouter.getAddress().getPort() + "/api/v1";
    }

    @Test
    void health_isUp_withAValidKeyAndAReachableStore_andReusesTheAnswer() {
        runner.withPropertyValues("devora.openrouter.api-key=" + KEY, "devora.openrouter.base-url=" + baseUrl(),
                "devora.openrouter.retry.max-retries=0").run(ctx -> {
            HealthIndicator health = ctx.getBean("devoraHealthIndicator", HealthIndicator.class);
            Health first = health.health();
            assertThat(first.getStatus()).isEqualTo(Status.UP);
            assertThat(first.getDetails()).containsEntry("provider", "openrouter").containsEntry("key", "valid")
                    .containsEntry("store", "InMemoryRunStore").containsEntry("store_status", "reachable");
            assertThat(seenAuthorization).isEqualTo("Bearer " + KEY);
            health.health();
            assertThat(keyRequests).as("the second probe within a minute reuses the first answer").hasValue(1);
            assertThat(first.toString()).doesNotContain(KEY);
        });
    }

    @Test
    void health_isDown_whenOpenRouterRefusesTheKey_withoutTheKeyOrTheMessage() {
        keyStatus = 401;
        runner.withPropertyValues("devora.openrouter.api-key=" + KEY, "devora.openrouter.base-url=" + baseUrl(),
                "devora.openrouter.retry.max-retries=0").run(ctx -> {
            Health h = ctx.getBean("devoraHealthIndicator", HealthIndicator.class).health();
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat(h.getDetails()).containsEntry("key", "refused").containsEntry("provider_error", "AUTHENTICATION");
            assertThat(h.toString()).doesNotContain(KEY).doesNotContain("User not found");
        });
        assertThat(logs.events()).as("the context's whole log").allSatisfy(e -> {
            String logged = e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                    : ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertThat(logged).doesNotContain(KEY);
        });
    }

    @Test
    void health_isDown_whenTheStoreFails_andUnchecked_withoutAProviderCheck() {
        RunStore memory = new InMemoryRunStore();
        RunStore broken = new RunStore() {
            @Override
            public void append(String runId, dev.devora.orchestration.journal.JournalEntry entry, RunSummary summary) {
                memory.append(runId, entry, summary);
            }

            @Override
            public List<dev.devora.orchestration.journal.JournalEntry> entries(String runId) {
                return memory.entries(runId);
            }

            @Override
            public java.util.Optional<RunSummary> run(String runId) {
                return memory.run(runId);
            }

            @Override
            public List<RunSummary> runs(RunQuery query) {
                throw new RunStoreException("jdbc:postgresql://db/runs?password=hunter2 refused the connection", null);
            }

            @Override
            public int purge(java.time.Instant endedBefore) {
                return memory.purge(endedBefore);
            }
        };
        runner.withPropertyValues("devora.simulated.enabled=true").withBean(RunStore.class, () -> broken).run(ctx -> {
            Health h = ctx.getBean("devoraHealthIndicator", HealthIndicator.class).health();
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat(h.getDetails()).containsEntry("store_status", "unreachable")
                    .containsEntry("store_error", "RunStoreException").containsEntry("provider", "simulated")
                    .containsEntry("key", "unchecked");
            assertThat(h.toString()).doesNotContain("hunter2");
        });
        runner.withPropertyValues("devora.openrouter.api-key=" + KEY, "devora.openrouter.base-url=" + baseUrl(),
                "devora.health.check-provider=false").run(ctx -> {
            Health h = ctx.getBean("devoraHealthIndicator", HealthIndicator.class).health();
            assertThat(h.getStatus()).isEqualTo(Status.UP);
            assertThat(h.getDetails()).containsEntry("key", "unchecked");
            assertThat(keyRequests).hasValue(0);
        });
    }

    @Test
    void health_backsOff_whenDisabled_orWithoutTheHealthModule() {
        runner.withPropertyValues("management.health.devora.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean("devoraHealthIndicator"));
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean("devoraHealthIndicator"));
    }

    @Test
    void metrics_countRunsTokensAndCost_byModel_andTimeSteps() {
        runner.withPropertyValues("devora.simulated.enabled=true")
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(ctx -> {
                    MeterRegistry registry = ctx.getBean(MeterRegistry.class);
                    WorkflowResult result = ctx.getBean(DevoraWorkflows.class).run("api-development",
                            DevoraAutoConfigurationTest.API_INPUT);
                    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);

                    assertThat(registry.get("devora.runs").tag("workflow", "api-development")
                            .tag("status", "SUCCEEDED").counter().count()).isEqualTo(1.0);
                    double input = registry.get("devora.llm.tokens").tag("type", "input").counters().stream()
                            .mapToDouble(c -> c.count()).sum();
                    assertThat((long) input).isEqualTo(result.metrics().usage().promptTokens());
                    double cost = registry.get("devora.llm.cost").counters().stream().mapToDouble(c -> c.count()).sum();
                    assertThat(cost).isCloseTo(result.metrics().spentUsd().doubleValue(), org.assertj.core.api.Assertions.within(1e-9));
                    assertThat(registry.get("devora.llm.cost").counters()).allSatisfy(c ->
                            assertThat(c.getId().getTag("model")).isNotBlank());
                    assertThat(registry.get("devora.step.duration").tag("workflow", "api-development")
                            .tag("kind", "agent").timer().count()).isPositive();
                    assertThat(registry.get("devora.runs.active").gauge().value()).isZero();
                });
        runner.run(ctx -> assertThat(ctx).as("no MeterRegistry, no meters").doesNotHaveBean(DevoraMetrics.class));
    }

    @Test
    void bootsOwnMeterRegistryAndOpenTelemetry_areSeen_whateverTheOrderTheAutoConfigurationsAreListedIn() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DevoraAutoConfiguration.class,
                        org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration.class,
                        org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration.class,
                        org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration.class,
                        org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration.class))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(MeterRegistry.class).hasSingleBean(OpenTelemetry.class);
                    assertThat(ctx).hasSingleBean(DevoraMetrics.class)
                            .hasSingleBean(dev.devora.orchestration.opentelemetry.DevoraTelemetry.class);
                });
    }

    @Test
    void openTelemetry_tracesRuns_whenTheApplicationHasAnOpenTelemetryBean() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        runner.withPropertyValues("devora.simulated.enabled=true")
                .withBean(OpenTelemetry.class, () -> sdk).run(ctx -> {
                    ctx.getBean(DevoraWorkflows.class).run("api-development", DevoraAutoConfigurationTest.API_INPUT);
                    List<String> names = spans.getFinishedSpanItems().stream().map(SpanData::getName).toList();
                    assertThat(names).contains("invoke_workflow api-development");
                    assertThat(names).anyMatch(n -> n.startsWith("chat "));
                });
        sdk.close();
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean(
                dev.devora.orchestration.opentelemetry.DevoraTelemetry.class));
    }

    @Test
    void traceContext_isSentWithOpenRouterCalls_whenEnabled() {
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder().build()).build();
        runner.withPropertyValues("devora.openrouter.api-key=" + KEY, "devora.openrouter.trace-context=true")
                .withBean(OpenTelemetry.class, () -> sdk).run(ctx -> assertThat(
                        ctx.getBean(dev.devora.orchestration.openrouter.OpenRouterProvider.class).config()
                                .requestHeaders()).isNotNull());
        runner.withPropertyValues("devora.openrouter.api-key=" + KEY).withBean(OpenTelemetry.class, () -> sdk)
                .run(ctx -> assertThat(ctx.getBean(dev.devora.orchestration.openrouter.OpenRouterProvider.class)
                        .config().requestHeaders()).isNull());
        sdk.close();
    }

    @Test
    void envAndConfigprops_maskTheKeyAndTheToken_evenWhenShowingValues() {
        String token = "task-service-token-0123456789";
        runner.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
                        EnvironmentEndpointAutoConfiguration.class,
                        ConfigurationPropertiesReportEndpointAutoConfiguration.class))
                .withPropertyValues("devora.openrouter.api-key=" + KEY, "OPENROUTER_API_KEY=" + KEY,
                        "devora.server.token=" + token, "devora.openrouter.default-model=openai/gpt-5-mini",
                        "management.endpoints.web.exposure.include=env,configprops",
                        "management.endpoint.env.show-values=always",
                        "management.endpoint.configprops.show-values=always")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    ObjectMapper json = new ObjectMapper();
                    String env = json.writeValueAsString(ctx.getBean(EnvironmentEndpoint.class).environment(null));
                    String props = json.writeValueAsString(ctx.getBean(ConfigurationPropertiesReportEndpoint.class)
                            .configurationProperties());
                    assertThat(env).as("values are shown").contains("openai/gpt-5-mini");
                    assertThat(props).as("values are shown").contains("openai/gpt-5-mini");
                    assertThat(env).doesNotContain(KEY).doesNotContain(token).contains("******");
                    assertThat(props).doesNotContain(KEY).doesNotContain(token).contains("******");
                });
    }

    @Test
    void theSanitizer_recognisesEverySpellingOfTheSecrets() {
        for (String key : List.of("devora.openrouter.api-key", "devora.openrouter.apiKey", "DEVORA_OPENROUTER_APIKEY",
                "OPENROUTER_API_KEY", "devora.server.token", "apiKey")) {
            boolean devoraOrVariable = !key.equals("apiKey");
            assertThat(SecretsSanitizer.isSecret(key)).as(key).isEqualTo(devoraOrVariable);
        }
        assertThat(SecretsSanitizer.isSecret("devora.openrouter.default-model")).isFalse();
    }
}
