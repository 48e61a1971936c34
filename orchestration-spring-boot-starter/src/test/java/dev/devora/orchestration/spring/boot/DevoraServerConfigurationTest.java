package dev.devora.orchestration.spring.boot;

import dev.devora.orchestration.server.DevoraApi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The task service inside the application, on request only. */
class DevoraServerConfigurationTest {
    private static final String TOKEN = "a-task-service-token-0123";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DevoraAutoConfiguration.class))
            .withPropertyValues("devora.simulated.enabled=true");

    @Test
    void off_byDefault() {
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean(DevoraApi.class)
                .doesNotHaveBean(DevoraServerLifecycle.class));
    }

    @Test
    void enabled_servesTheRoutesAndTheDashboard_withTheToken_untilTheContextCloses() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI[] url = new URI[1];
        runner.withPropertyValues("devora.server.enabled=true", "devora.server.port=0",
                "devora.server.host=127.0.0.1", "devora.server.token=" + TOKEN).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            url[0] = ctx.getBean(DevoraServerLifecycle.class).url();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(url[0].resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(url[0].resolve("/api/v1/workflows"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            HttpResponse<String> workflows = http.send(HttpRequest.newBuilder(url[0].resolve("/api/v1/workflows"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(workflows.statusCode()).isEqualTo(200);
            assertThat(workflows.body()).contains("api-development").doesNotContain(TOKEN);
            HttpResponse<String> dashboard = http.send(HttpRequest.newBuilder(url[0].resolve("/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(dashboard.statusCode()).isIn(200, 302);
        });
        assertThat(url[0]).isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.send(
                        HttpRequest.newBuilder(url[0].resolve("/health")).build(), HttpResponse.BodyHandlers.ofString()))
                .as("stopped with the context").isInstanceOf(java.io.IOException.class);
    }

    @Test
    void enabled_withoutAToken_stopsTheStart_sayingWhichProperty() {
        runner.withPropertyValues("devora.server.enabled=true", "devora.server.port=0").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(DevoraConfigurationException.class)
                    .hasMessageContaining("devora.server.token");
        });
    }

    @Test
    void enabled_withoutTheServerModule_stopsTheStart_namingTheDependency() {
        runner.withPropertyValues("devora.server.enabled=true", "devora.server.token=" + TOKEN)
                .withClassLoader(new FilteredClassLoader(DevoraApi.class)).run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(DevoraConfigurationException.class)
                            .hasMessageContaining("dev.devora:orchestration-server");
                });
    }
}
