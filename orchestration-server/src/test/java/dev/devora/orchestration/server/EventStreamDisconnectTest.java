package dev.devora.orchestration.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A client that leaves an event stream early costs the service nothing but that stream. */
class EventStreamDisconnectTest {
    static final String TOKEN = "disconnect-token-0123456789abcdef";

    @Test
    void clientsThatLeaveAfterTheFirstEvent_leaveNoErrorBehind_andTheRunsEnd() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (WorkflowEngine engine = WorkflowEngine.create();
             DevoraServer server = DevoraServer.start(DevoraApi.builder().engine(engine)
                     .provider(ScriptedLlmProvider.builder().latency(Duration.ofMillis(30)).build())
                     .tokens(AccessTokens.of(TOKEN)).build(), "127.0.0.1", 0)) {
            String[] runs = new String[5];
            for (int i = 0; i < runs.length; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/runs"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"workflow\": \"documentation-generation\", \"input\": "
                                + DevoraApiTest.DOCS_INPUT + "}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                runs[i] = new ObjectMapper().readTree(r.body()).path("run_id").asText();
                HttpResponse<InputStream> events = http.send(HttpRequest.newBuilder(server.url().resolve(
                        "/api/v1/runs/" + runs[i] + "/events")).header("Authorization", "Bearer " + TOKEN)
                        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
                    assertThat(in.readLine()).isNotNull(); // then the client goes away
                }
            }
            Instant until = Instant.now().plusSeconds(60);
            for (String run : runs) {
                while (!engine.runStore().run(run).map(s -> s.status().isFinal()).orElse(false)) {
                    assertThat(Instant.now()).as("run " + run + " ends").isBefore(until);
                    Thread.sleep(20);
                }
            }
            Thread.sleep(300); // the streams notice their clients left when they next write
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list).as("no error or warning from the service's routes")
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)
                        && e.getLoggerName().startsWith("dev.devora.orchestration.server"));
    }
}
