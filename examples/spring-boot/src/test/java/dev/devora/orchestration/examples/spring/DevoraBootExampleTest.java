package dev.devora.orchestration.examples.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example application on a random port, offline (the key blanked even where the machine has one): a predefined
 * workflow started over REST runs to its end, bad input and unknown ids get their answers, and the actuator shows
 * the devora health and meters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"OPENROUTER_API_KEY=", "devora.openrouter.api-key="})
class DevoraBootExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLE = Path.of("..", "src", "main", "resources", "dev", "devora", "orchestration",
            "examples", "samples", "api-development.json");

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPredefinedWorkflow_startedOverRest_runsToItsEnd_offline() throws Exception {
        HttpResponse<String> started = post("/workflows/api-development/runs", Files.readString(SAMPLE));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String runId = JSON.readTree(started.body()).path("run_id").asText();
        assertThat(runId).isNotBlank();

        JsonNode run = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            run = JSON.readTree(get("/runs/" + runId).body());
            if (!run.path("status").asText().equals("RUNNING") && !run.path("status").asText().equals("PENDING")) break;
            Thread.sleep(100);
        }
        assertThat(run).isNotNull();
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.path("progress").asInt()).isEqualTo(100);
        assertThat(run.path("deliverables").path("api_specification").isObject()).as(run.toString()).isTrue();
        assertThat(run.path("cost_usd").decimalValue()).isPositive();

        JsonNode health = JSON.readTree(get("/actuator/health").body());
        assertThat(health.path("components").path("devora").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("devora").path("details").path("provider").asText())
                .isEqualTo("simulated");
        JsonNode runs = JSON.readTree(get("/actuator/metrics/devora.runs").body());
        assertThat(runs.path("measurements").get(0).path("value").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(get("/actuator/metrics/devora.llm.cost").statusCode()).isEqualTo(200);
    }

    @Test
    void badInput_isRefusedWithEveryProblem_andAnUnknownWorkflowIs404() throws Exception {
        HttpResponse<String> bad = post("/workflows/api-development/runs", "{\"api_name\": \"\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("description").contains("requirements").contains("target_qps");

        HttpResponse<String> unknown = post("/workflows/no-such-workflow/runs", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no-such-workflow").contains("api-development");

        assertThat(JSON.readTree(get("/workflows").body()).toString()).contains("full-stack-development");
    }
}
