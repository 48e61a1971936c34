package dev.devora.orchestration.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpServer;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.remote.RemoteAgent;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.testing.StubRemoteAgentServer;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A remote agent on Temporal (seed 004): its task is posted once from a worker (an activity), the run waits
 * without a thread, the service's report reaches the run as a signal through {@link TemporalRuns#report}, and a
 * replay posts nothing again. A task that cannot be sent goes to the agent's fallback, as in one JVM.
 */
class RemoteAgentsTest {
    static final String QUEUE = "devora-remote";
    static final String TOKEN = "inter-agent-token-for-tests-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    TestWorkflowEnvironment env;
    HttpServer receiver;
    TemporalRuns runs;

    @BeforeEach
    void start() throws Exception {
        env = TestWorkflowEnvironment.newInstance();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/callbacks", exchange -> { // the service's callback receiver, on Temporal
            int status = 401;
            if (("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                runs.report(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                status = 200;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        env.close();
    }

    URI callbackUrl() {
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/callbacks");
    }

    static Workflow designThenSummary(RemoteAgent design, LlmProvider p) {
        return Workflow.builder("design-then-summary")
                .step(Steps.agent("design", design).prompt("Design a site for {{input.topic}}"))
                .step(Steps.agent("summary", ConformanceTest.agent("writer", p)).prompt("Summarize: {{design}}"))
                .build();
    }

    RemoteAgent.Builder designAgent(URI endpoint) {
        return RemoteAgent.builder("design-ia", endpoint).token(ApiKey.of(TOKEN)).callbackUrl(callbackUrl());
    }

    TemporalRuns.Run start(Workflow definition, LlmProvider p) {
        Worker worker = env.newWorker(QUEUE);
        TemporalWorkers.builder().workflow(definition).provider(p).build().registerOn(worker);
        env.start();
        runs = TemporalRuns.of(env.getWorkflowClient(), QUEUE);
        return runs.start(definition, ConformanceTest.INPUT);
    }

    @Test
    void aRemoteAgentInsideASubWorkflow_postsItsTaskForTheRun_andTheReportContinuesTheRun() throws Exception {
        try (StubRemoteAgentServer design = StubRemoteAgentServer.builder("design-ia", TOKEN)
                .delay(Duration.ofMillis(50)).output(task -> TextNode.valueOf("mockups for " + task.path("task").asText()))
                .start()) {
            LlmProvider p = ScriptedLlmProvider.answeringDefaults();
            Workflow outer = Workflow.builder("site-project")
                    .step(Steps.workflow("site", designThenSummary(designAgent(design.uri()).build(), p)))
                    .step(Steps.agent("announce", ConformanceTest.agent("announcer", p)).prompt("{{site.summary}}"))
                    .build();
            TemporalRuns.Run run = start(outer, p);
            java.time.Instant until = java.time.Instant.now().plusSeconds(30);
            while (!run.status().isFinal()) {
                assertThat(java.time.Instant.now()).as("the report continues the run").isBefore(until);
                Thread.sleep(20);
            }
            JsonNode state = JSON.readTree(run.stateJson());
            assertThat(state.path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(state.at("/outputs/site~1design").asText()).startsWith("mockups for Design a site for");
            assertThat(design.tasks()).as("posted once, by the child workflow, for the run").singleElement()
                    .satisfies(task -> {
                        assertThat(task.path("projectId").asText()).isEqualTo(run.id());
                        assertThat(task.path("stepPath").asText()).isEqualTo("site/design");
                    });
            assertThat(env.getWorkflowClient().fetchHistory(run.id()).getEvents())
                    .anyMatch(io.temporal.api.history.v1.HistoryEvent::hasStartChildWorkflowExecutionInitiatedEventAttributes);
        }
    }

    @Test
    void theTaskIsPostedOnceFromAWorker_theReportContinuesTheRun_andAReplayPostsNothing() throws Exception {
        try (StubRemoteAgentServer design = StubRemoteAgentServer.builder("design-ia", TOKEN)
                .delay(Duration.ofMillis(50)).output(task -> TextNode.valueOf("mockups for " + task.path("task").asText()))
                .start()) {
            LlmProvider p = ScriptedLlmProvider.answeringDefaults();
            TemporalRuns.Run run = start(designThenSummary(designAgent(design.uri()).build(), p), p);
            java.time.Instant until = java.time.Instant.now().plusSeconds(30);
            while (!run.status().isFinal()) { // queried, not awaited: the test service would skip its time ahead
                assertThat(java.time.Instant.now()).as("the report continues the run").isBefore(until);
                Thread.sleep(20);
            }
            JsonNode state = JSON.readTree(run.stateJson());
            assertThat(state.path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(state.at("/outputs/design").asText()).isEqualTo("mockups for Design a site for "
                    + ConformanceTest.INPUT.get("topic"));
            assertThat(design.tasks()).singleElement().satisfies(task -> {
                assertThat(task.path("projectId").asText()).isEqualTo(run.id());
                assertThat(task.path("stepPath").asText()).isEqualTo("design");
            });
            assertThat(run.events()).anySatisfy(e -> assertThat(e)
                    .isInstanceOfSatisfying(dev.devora.orchestration.event.WorkflowEvent.WaitStarted.class,
                            w -> assertThat(w.kind()).isEqualTo(RemoteAgent.KIND)));

            try (TestWorkflowEnvironment fresh = TestWorkflowEnvironment.newInstance()) {
                Worker worker = fresh.newWorker(QUEUE);
                TemporalWorkers.builder().workflow(designThenSummary(designAgent(design.uri()).build(), p)).provider(p)
                        .build().registerOn(worker);
                WorkflowReplayer.replayWorkflowExecution(env.getWorkflowClient().fetchHistory(run.id()), worker);
            }
            assertThat(design.tasks()).as("the replay posted nothing").hasSize(1);
            assertThat(run.stateJson()).doesNotContain(TOKEN);
            assertThat(env.getWorkflowClient().fetchHistory(run.id()).toJson(false))
                    .as("the token stays on the worker: not in any activity's input or result").doesNotContain(TOKEN);
        }
    }

    @Test
    void aTaskTheServiceRefuses_goesToTheFallback() throws Exception {
        try (StubRemoteAgentServer design = StubRemoteAgentServer.builder("design-ia", TOKEN)
                .failFirstRequests(10, 500).start()) {
            ScriptedLlmProvider p = ScriptedLlmProvider.builder().name("scripted")
                    .whenAgent("designer").reply("a fallback design").build();
            RemoteAgent remote = designAgent(design.uri()).maxAttempts(1)
                    .fallback(ConformanceTest.agent("designer", p)).build();
            TemporalRuns.Run run = start(designThenSummary(remote, p), p);
            JsonNode state = JSON.readTree(run.stateJson());
            assertThat(state.path("status").asText()).isEqualTo(RunStatus.SUCCEEDED.name());
            assertThat(state.at("/outputs/design").asText()).isEqualTo("a fallback design");
            assertThat(design.requests()).isEqualTo(1);
        }
    }

    @Test
    void aSynchronousRemoteAgent_isRefusedByTheWorker_sayingWhy() {
        RemoteAgent sync = RemoteAgent.builder("design-ia", URI.create("http://127.0.0.1:9/tasks"))
                .token(ApiKey.of(TOKEN)).synchronous().build();
        LlmProvider p = ScriptedLlmProvider.answeringDefaults();
        assertThatThrownBy(() -> TemporalWorkers.builder().workflow(designThenSummary(sync, p)).provider(p).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step 'design': remote agent 'design-ia' is synchronous")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void aReportThatIsNotOne_isRefusedNamingTheField() {
        runs = TemporalRuns.of(env.getWorkflowClient(), QUEUE);
        assertThatThrownBy(() -> runs.report(JSON.createObjectNode().put("type", "task_completed").put("taskId", "t")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'projectId'");
    }
}
