package dev.devora.orchestration.examples.runner;

import dev.devora.orchestration.examples.business.StubAgents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner runs a business template against remote agents (issue 11): with the seed's variables pointing at the
 * examples' stub agents it serves the receiver itself, waits for the reports and writes the deliverables.
 */
class RemoteAgentsRunTest {
    private static final String TOKEN = "runner-stub-token-77";

    @TempDir
    Path dir;

    @Test
    void aTemplateRunsAgainstTheStubAgents_throughTheRunnersOwnReceiver() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (StubAgents stubs = StubAgents.start(TOKEN, Duration.ofMillis(100), List.of(0, 0, 0, 0))) {
            Console c = new Console();
            stubs.environment().forEach(c::env);
            c.env("INTER_AGENT_TOKEN", TOKEN).env("ORCHESTRATION_WEBHOOK_URL", "http://127.0.0.1:" + port + "/callbacks");
            c.run("coiffeur-express", "--offline", "--out", dir.toString());

            assertThat(c.status).as(c.err() + c.out()).isZero();
            assertThat(c.out()).contains("waiting for the remote agents' reports at http://127.0.0.1:" + port + "/callbacks")
                    .contains("ended SUCCEEDED").doesNotContain(TOKEN);
            assertThat(c.err()).doesNotContain(TOKEN);
            for (String role : StubAgents.ROLES) assertThat(stubs.stub(role).tasks()).as(role).hasSize(1);
            assertThat(Files.readString(Console.runFolder(dir).resolve("report.json"))).contains("beauty_marketing");
        }
    }

    @Test
    void aWebhookAtAnotherPath_isAUsageError() {
        Console c = new Console().env("INTER_AGENT_TOKEN", TOKEN).env("DESIGN_IA_ENDPOINT", "http://127.0.0.1:1/tasks")
                .env("ORCHESTRATION_WEBHOOK_URL", "http://127.0.0.1:9/hooks").run("artisan-pro", "--offline", "--out",
                        dir.toString());
        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).contains("ORCHESTRATION_WEBHOOK_URL: the runner receives the agents' reports at the path /callbacks");
    }
}
