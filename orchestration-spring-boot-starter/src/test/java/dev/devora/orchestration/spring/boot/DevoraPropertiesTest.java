package dev.devora.orchestration.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Binding, the startup checks (property and value named, the key never), and the IDE metadata. */
class DevoraPropertiesTest {
    private static final String KEY = DevoraAutoConfigurationTest.KEY;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DevoraAutoConfiguration.class));

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "devora.engine.retry.max-attempts|0|devora.engine.retry.max-attempts must be ≥ 1, was 0",
            "devora.engine.retry.multiplier|0.5|devora.engine.retry.multiplier must be ≥ 1, was 0.5",
            "devora.engine.retry.jitter|2|devora.engine.retry.jitter must be between 0 and 1, was 2.0",
            "devora.engine.max-platform-threads|0|devora.engine.max-platform-threads must be ≥ 1, was 0",
            "devora.engine.shutdown-timeout|-1s|devora.engine.shutdown-timeout must not be negative, was PT-1S",
            "devora.engine.input-limits.max-depth|0|devora.engine.input-limits.max-depth must be ≥ 1, was 0",
            "devora.openrouter.base-url|ftp://models.example|devora.openrouter.base-url must be an absolute http(s) URL, was ftp://models.example",
            "devora.openrouter.request-timeout|0s|devora.openrouter.request-timeout must be positive, was PT0S",
            "devora.openrouter.default-model|' '|devora.openrouter.default-model must not be blank when set",
            "devora.openrouter.retry.max-retries|-1|devora.openrouter.retry.max-retries must be ≥ 0, was -1",
            "devora.openrouter.retry.max-delay|1ms|devora.openrouter.retry.max-delay must be ≥ devora.openrouter.retry.initial-delay (PT0.5S), was PT0.001S",
            "devora.openrouter.circuit-breaker.failure-rate-threshold|150|devora.openrouter.circuit-breaker.failure-rate-threshold must be above 0 and at most 100, was 150.0",
            "devora.openrouter.circuit-breaker.window-size|0|devora.openrouter.circuit-breaker.window-size must be ≥ 1, was 0",
            "devora.openrouter.routing.sort|cheapest|devora.openrouter.routing.sort must be price, throughput or latency, was \"cheapest\"",
            "devora.workflows.gate-threshold|101|devora.workflows.gate-threshold must be 0 to 100, was 101",
            "devora.workflows.gate-thresholds.qa-release|120|devora.workflows.gate-thresholds[qa-release] must be 0 to 100, was 120",
            "devora.workflows.max-iterations|0|devora.workflows.max-iterations must be ≥ 1, was 0",
            "devora.server.port|70000|devora.server.port must be 0 to 65535, was 70000",
    })
    void aValueOutOfRange_stopsTheStart_namingThePropertyAndTheValue(String property, String value, String message) {
        String maxDelayNeedsDefault = property.endsWith("retry.max-delay") ? "devora.openrouter.retry.initial-delay=500ms" : "x=y";
        runner.withPropertyValues("devora.openrouter.api-key=" + KEY, property + "=" + value, maxDelayNeedsDefault)
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    String messages = messages(ctx.getStartupFailure());
                    assertThat(messages).contains(message).doesNotContain(KEY);
                });
    }

    @Test
    void aValueOfTheWrongType_isNamedByBootsBinding_withItsValue() {
        runner.withPropertyValues("devora.openrouter.request-timeout=soon").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(messages(ctx.getStartupFailure())).contains("devora.openrouter.request-timeout").contains("soon");
        });
        runner.withPropertyValues("devora.store.type=cloud").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(messages(ctx.getStartupFailure())).contains("devora.store.type").contains("cloud");
        });
    }

    @Test
    void serverToken_tooShort_isRefused_withoutShowingIt() {
        runner.withPropertyValues("devora.server.token=short-secret").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(messages(ctx.getStartupFailure())).contains("devora.server.token must be at least 16 characters")
                    .doesNotContain("short-secret");
        });
    }

    @Test
    void validProperties_bind_andToStringMasksTheSecrets() {
        runner.withPropertyValues("devora.openrouter.api-key=" + KEY, "devora.server.token=a-token-of-twenty-chars",
                "devora.engine.retry.max-attempts=4", "devora.store.type=memory").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            DevoraProperties p = ctx.getBean(DevoraProperties.class);
            assertThat(p.getEngine().getRetry().getMaxAttempts()).isEqualTo(4);
            assertThat(p.getStore().getType()).isEqualTo(DevoraProperties.StoreType.MEMORY);
            assertThat(p.toString() + p.getOpenrouter() + p.getServer()).contains("******")
                    .doesNotContain(KEY).doesNotContain("a-token-of-twenty-chars");
        });
    }

    @Test
    void everyProperty_isInTheConfigurationMetadata_withADescription() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("written by the configuration processor").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        Set<String> names = new TreeSet<>();
        List<String> undocumented = new ArrayList<>();
        for (JsonNode p : metadata.path("properties")) {
            names.add(p.path("name").asText());
            if (p.path("description").asText("").isBlank()) undocumented.add(p.path("name").asText());
        }
        assertThat(undocumented).isEmpty();
        assertThat(names).contains("devora.enabled", "devora.openrouter.api-key", "devora.openrouter.base-url",
                "devora.openrouter.default-model", "devora.openrouter.connect-timeout",
                "devora.openrouter.request-timeout", "devora.openrouter.app-url", "devora.openrouter.app-title",
                "devora.openrouter.retry.max-retries", "devora.openrouter.circuit-breaker.window-size",
                "devora.openrouter.routing.order", "devora.simulated.enabled", "devora.engine.max-platform-threads",
                "devora.engine.retry.max-attempts", "devora.engine.shutdown-timeout",
                "devora.engine.input-limits.max-depth", "devora.store.type", "devora.workflows.models.fast",
                "devora.workflows.models.smart", "devora.workflows.models.roles", "devora.workflows.gate-threshold",
                "devora.health.check-provider", "devora.server.enabled", "devora.server.port", "devora.server.token");
        assertThat(names).hasSizeGreaterThanOrEqualTo(55);
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) all.append(t.getMessage()).append('\n');
        return all.toString();
    }
}
