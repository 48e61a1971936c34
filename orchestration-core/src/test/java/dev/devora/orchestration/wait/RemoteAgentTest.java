package dev.devora.orchestration.wait;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.engine.PendingRequest;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.remote.RemoteAgent;
import dev.devora.orchestration.remote.RemoteAgentException;
import dev.devora.orchestration.remote.RemoteCallbackServer;
import dev.devora.orchestration.remote.RemoteCallbacks;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.StubRemoteAgentServer;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Remote agents against local stub servers (issue 11): a callback completes the step, {@code task_failed} is sent
 * again then goes to the fallback, the breaker opens and skips the remote, dispatches are retried on 5xx and not
 * on 4xx, bad callbacks change nothing, the synchronous mode, and the token is never shown.
 */
class RemoteAgentTest {
    private static final String TOKEN = "inter-agent-token-5f3c9a";
    private static final ApiKey KEY = ApiKey.of(TOKEN);
    private static final Set<RunStatus> ENDED = Set.of(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.PARTIAL,
            RunStatus.CANCELLED);

    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.atLevel(Level.DEBUG);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final InMemoryRunStore store = new InMemoryRunStore();
    private final List<WorkflowEvent> events = new CopyOnWriteArrayList<>();
    private final WorkflowEngine engine = WorkflowEngine.builder().runStore(store).listener(events::add).build();
    private final RemoteCallbacks callbacks = RemoteCallbacks.of(engine, KEY);
    private final RemoteCallbackServer receiver = RemoteCallbackServer.start(callbacks,
            new InetSocketAddress("127.0.0.1", 0));
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) c.close();
        receiver.close();
        callbacks.close();
        engine.close();
    }

    private StubRemoteAgentServer stub(StubRemoteAgentServer.Builder b) {
        StubRemoteAgentServer s = b.start();
        toClose.add(s);
        return s;
    }

    private RemoteAgent.Builder agent(String id, URI endpoint) {
        return RemoteAgent.builder(id, endpoint).token(KEY).callbackUrl(receiver.uri()).retryDelay(Duration.ofMillis(10));
    }

    private static Workflow site(Agent design) {
        return Workflow.builder("restaurant")
                .step(Steps.agent("design", design).prompt("mockups for {{input.name}}"))
                .step(Steps.task("deliver", "delivers", ctx -> "delivered: " + ctx.text("design")))
                .build();
    }

    private RunSummary awaitEnd(String runId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            RunSummary s = store.run(runId).orElseThrow();
            if (ENDED.contains(s.status())) return s;
            if (System.nanoTime() > deadline) throw new AssertionError("run " + runId + " still " + s.status());
            sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The finished run's result, read back once the engine has let go of it. */
    private WorkflowResult result(String runId) {
        awaitEnd(runId);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return engine.resume(runId);
            } catch (IllegalStateException stillRunning) { // its summary is written just before it ends
                if (System.nanoTime() > deadline) throw stillRunning;
                sleep(10);
            }
        }
    }

    /** The decisions reported for the run, as "decision" strings in order. */
    private List<String> decisions(String runId) {
        return events.stream().filter(e -> e instanceof WorkflowEvent.RemoteAgentDecision d && d.runId().equals(runId))
                .map(e -> ((WorkflowEvent.RemoteAgentDecision) e).decision()).toList();
    }

    /**
     * Each session of the run (its start or a resumption, to its end) follows the event contract, and each remote
     * agent's decision is reported while its step is open (started and not ended).
     */
    private void assertEachSessionWellFormed(String runId) {
        RecordingWorkflowListener session = null;
        Map<String, Integer> open = new java.util.HashMap<>();
        int sessions = 0;
        for (WorkflowEvent e : events) {
            if (!e.runId().equals(runId)) continue;
            if (e instanceof WorkflowEvent.RunStarted || e instanceof WorkflowEvent.RunResumed) {
                session = new RecordingWorkflowListener();
                open.clear();
                sessions++;
            }
            assertThat(session).as("an event before the session's start: " + e).isNotNull();
            if (e instanceof WorkflowEvent.StepStarted s) open.merge(s.path(), 1, Integer::sum);
            if (e instanceof WorkflowEvent.StepCompleted c) open.merge(c.path(), -1, Integer::sum);
            if (e instanceof WorkflowEvent.StepFailed f) open.merge(f.path(), -1, Integer::sum);
            if (e instanceof WorkflowEvent.RemoteAgentDecision d) {
                assertThat(open.getOrDefault(d.path(), 0)).as("step of " + d + " is open").isPositive();
            }
            session.onEvent(e);
            if (e instanceof WorkflowEvent.RunCompleted) session.assertWellFormed();
        }
        assertThat(sessions).isPositive();
    }

    private HttpResponse<String> post(String authorization, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(receiver.uri()).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) r.header("Authorization", authorization);
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theCallback_completesTheStep_withTheRemotesData() {
        StubRemoteAgentServer design = stub(StubRemoteAgentServer.builder("design-ia", TOKEN)
                .output(task -> JsonNodeFactory.instance.objectNode().put("maquettes", "3 pages for " + task.path("task").asText())));
        WorkflowResult started = engine.run(site(agent("design-ia", design.uri()).build()), Map.of("name", "Chez Paul"));
        assertThat(started.status()).isIn(RunStatus.WAITING, RunStatus.SUCCEEDED); // the stub may call back at once
        String run = started.runId();

        RunSummary end = awaitEnd(run);
        assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
        WorkflowResult result = result(run); // a finished run: its result, from the journal
        assertThat(result.outputs().get("deliver").text())
                .isEqualTo("delivered: {\"maquettes\":\"3 pages for mockups for Chez Paul\"}");

        assertThat(design.tasks()).as("dispatched once").singleElement().satisfies(task -> {
            assertThat(task.path("agentId").asText()).isEqualTo("design-ia");
            assertThat(task.path("projectId").asText()).isEqualTo(run);
            assertThat(task.path("stepPath").asText()).isEqualTo("design");
            assertThat(task.path("task").asText()).isEqualTo("mockups for Chez Paul");
            assertThat(task.path("callbackUrl").asText()).isEqualTo(receiver.uri().toString());
        });
        JournalEntry.WaitRequested asked = store.entries(run).stream().filter(e -> e instanceof JournalEntry.WaitRequested)
                .map(e -> (JournalEntry.WaitRequested) e).findFirst().orElseThrow();
        assertThat(asked.kind()).isEqualTo(RemoteAgent.KIND);
        assertThat(asked.requestId()).isEqualTo(design.tasks().get(0).path("taskId").asText());
        assertThat(asked.request().path("agentId").asText()).isEqualTo("design-ia");
        assertThat(asked.request().path("stepPath").asText()).isEqualTo("design");
        assertThat(asked.request().toString()).doesNotContain(TOKEN);
        JournalEntry.WaitAnswered answered = store.entries(run).stream().filter(e -> e instanceof JournalEntry.WaitAnswered)
                .map(e -> (JournalEntry.WaitAnswered) e).findFirst().orElseThrow();
        assertThat(answered.answer().path("event").asText()).isEqualTo("task_completed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (design.callbacks().size() < 2 && System.nanoTime() < deadline) sleep(10); // it records after the reply
        assertThat(design.callbacks()).extracting(StubRemoteAgentServer.Callback::status).containsExactly(202, 200);
        assertThat(decisions(run)).containsExactly("dispatched", "completed");
        assertEachSessionWellFormed(run);
    }

    @Test
    void taskFailed_isSentAgainAsANewTask_thenTheFallbackDoesIt() {
        StubRemoteAgentServer design = stub(StubRemoteAgentServer.builder("design-ia", TOKEN)
                .failFirstTasks(Integer.MAX_VALUE));
        Agent llmStandIn = Agent.of("designer", call -> AgentResult.text("fallback: " + call.prompt()));
        RemoteAgent remote = agent("design-ia", design.uri()).circuitBreaker(100, 10, Duration.ofMinutes(1))
                .fallback(llmStandIn).build();
        String run = engine.run(site(remote), Map.of("name", "Chez Paul")).runId();

        assertThat(awaitEnd(run).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result(run).outputs().get("deliver").text()).isEqualTo("delivered: fallback: mockups for Chez Paul");
        assertThat(design.tasks()).extracting(t -> t.path("taskId").asText()).as("three tasks, each its own id")
                .doesNotHaveDuplicates().hasSize(3);
        assertThat(decisions(run)).containsExactly("dispatched", "failed", "retried", "dispatched", "failed", "retried",
                "dispatched", "failed", "fallback");
        assertThat(events.stream().filter(e -> e instanceof WorkflowEvent.RemoteAgentDecision d
                && d.decision().equals("fallback")).map(e -> ((WorkflowEvent.RemoteAgentDecision) e).detail()))
                .singleElement().asString().contains("'designer'").contains("task_failed: stub task failure");
        assertEachSessionWellFormed(run);
    }

    @Test
    void withoutAFallback_theStepFails_namingTheAgentAndTheRemotesLastError() {
        StubRemoteAgentServer design = stub(StubRemoteAgentServer.builder("design-ia", TOKEN).failFirstTasks(2));
        RemoteAgent remote = agent("design-ia", design.uri()).maxAttempts(2).build();
        String run = engine.run(site(remote), Map.of("name", "x")).runId();

        assertThat(awaitEnd(run).status()).isEqualTo(RunStatus.FAILED);
        assertThat(design.tasks()).hasSize(2);
        WorkflowEvent.StepFailed failed = events.stream().filter(e -> e instanceof WorkflowEvent.StepFailed s
                && s.path().equals("design")).map(e -> (WorkflowEvent.StepFailed) e).findFirst().orElseThrow();
        Throwable cause = failed.error();
        while (cause != null && !(cause instanceof RemoteAgentException)) cause = cause.getCause();
        assertThat(cause).isInstanceOf(RemoteAgentException.class)
                .hasMessage("remote agent 'design-ia' failed and has no fallback: task_failed: stub task failure");
        assertThat(((RemoteAgentException) cause).isRetriable()).isFalse();
    }

    @Test
    void theBreakerOpensAfterRepeatedFailures_andSkipsStraightToTheFallback() {
        StubRemoteAgentServer design = stub(StubRemoteAgentServer.builder("design-ia", TOKEN)
                .failFirstTasks(Integer.MAX_VALUE));
        RemoteAgent remote = agent("design-ia", design.uri()).circuitBreaker(100, 2, Duration.ofMinutes(5))
                .fallback(Agent.of("designer", call -> AgentResult.text("fallback"))).build();
        String first = engine.run(site(remote), Map.of("name", "a")).runId();
        assertThat(awaitEnd(first).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(design.tasks()).as("two failed tasks opened the breaker; the third was not sent").hasSize(2);
        assertThat(decisions(first)).containsExactly("dispatched", "failed", "retried", "dispatched", "failed",
                "retried", "breaker-open", "fallback");
        assertThat(remote.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);

        int requestsBefore = design.requests();
        WorkflowResult second = engine.run(site(remote), Map.of("name", "b"));
        assertThat(second.status()).as("no wait: the fallback answered at once").isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.outputs().get("deliver").text()).isEqualTo("delivered: fallback");
        assertThat(design.requests()).as("the remote is no longer called").isEqualTo(requestsBefore);
        assertThat(decisions(second.runId())).containsExactly("breaker-open", "fallback");
        assertThat(store.entries(second.runId())).noneMatch(e -> e instanceof JournalEntry.WaitRequested);
        assertEachSessionWellFormed(second.runId());
    }

    @Test
    void dispatchesAreRetriedOn5xx_notOn4xx_andSpentRetriesGoToTheFallback() {
        StubRemoteAgentServer flaky = stub(StubRemoteAgentServer.builder("automation", TOKEN).failFirstRequests(2, 503));
        String run = engine.run(site(agent("automation", flaky.uri()).build()), Map.of("name", "a")).runId();
        assertThat(awaitEnd(run).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(flaky.requests()).isEqualTo(3);
        assertThat(decisions(run)).containsExactly("retried", "retried", "dispatched", "completed");
        assertEachSessionWellFormed(run);

        StubRemoteAgentServer refusing = stub(StubRemoteAgentServer.builder("automation", TOKEN)
                .failFirstRequests(Integer.MAX_VALUE, 400));
        WorkflowResult refused = engine.run(site(agent("automation", refusing.uri())
                .fallback(Agent.of("backup", c -> AgentResult.text("backup"))).build()), Map.of("name", "b"));
        assertThat(refused.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(refusing.requests()).as("4xx is not retried").isEqualTo(1);
        assertThat(decisions(refused.runId())).containsExactly("failed", "fallback");

        StubRemoteAgentServer gone = StubRemoteAgentServer.builder("automation", TOKEN).start();
        gone.close(); // nothing listens there any more
        WorkflowResult unreachable = engine.run(site(agent("automation", gone.uri())
                .fallback(Agent.of("backup", c -> AgentResult.text("backup"))).build()), Map.of("name", "c"));
        assertThat(unreachable.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(decisions(unreachable.runId())).containsExactly("retried", "retried", "failed", "fallback");
        assertThat(events.stream().filter(e -> e instanceof WorkflowEvent.RemoteAgentDecision d
                && d.runId().equals(unreachable.runId()) && d.decision().equals("failed"))
                .map(e -> ((WorkflowEvent.RemoteAgentDecision) e).detail())).singleElement().asString()
                .contains("cannot reach http://127.0.0.1:").contains("gave up after 3 attempts");
    }

    @Test
    void aReportThatNeverComes_countsAsAFailedTaskAtItsDeadline_sentAgain_thenTheFallbackDoesIt() {
        StubRemoteAgentServer silent = stub(StubRemoteAgentServer.builder("design-ia", TOKEN).holdCallbacks());
        WorkflowResult waiting = engine.run(site(agent("design-ia", silent.uri()).maxAttempts(2)
                .reportTimeout(Duration.ofMillis(300))
                .fallback(Agent.of("backup", c -> AgentResult.text("backup"))).build()), Map.of("name", "r"));
        assertThat(waiting.status()).isEqualTo(RunStatus.WAITING);
        assertThat(awaitEnd(waiting.runId()).status()).as("the engine's timer ended both waits").isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result(waiting.runId()).outputs().get("deliver").text()).isEqualTo("delivered: backup");
        assertThat(silent.tasks()).as("sent again once, then the fallback").hasSize(2);
        assertThat(decisions(waiting.runId())).contains("fallback");
        assertThatThrownBy(() -> agent("x", silent.uri()).reportTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reportTimeout must be a positive duration, was PT0S");
    }

    @Test
    void aSlowEndpoint_timesOutPerRequest_andIsRetried() {
        StubRemoteAgentServer slow = stub(StubRemoteAgentServer.builder("ads-management", TOKEN)
                .slow(Duration.ofSeconds(3)));
        long t0 = System.nanoTime();
        WorkflowResult r = engine.run(site(agent("ads-management", slow.uri()).requestTimeout(Duration.ofMillis(300))
                .maxAttempts(2).fallback(Agent.of("backup", c -> AgentResult.text("backup"))).build()), Map.of("name", "a"));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.outputs().get("deliver").text()).isEqualTo("delivered: backup");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("two 300 ms timeouts, not two 3 s answers")
                .isLessThan(Duration.ofMillis(2900));
        assertThat(decisions(r.runId())).containsExactly("retried", "failed", "fallback");
    }

    @Test
    void parallelRemoteAgents_answeredAtOnce_bothReachTheRun_andNoAnswerIsAppendedToARunningRun() {
        // the callbacks come at once, the first ones while the run still unwinds, later ones while the first answer's
        // continuation runs: an answer appended to the store then would take the seq the running run writes next
        StubRemoteAgentServer core = stub(StubRemoteAgentServer.builder("core-platform", TOKEN).delay(Duration.ZERO)
                .holdCallbacks());
        StubRemoteAgentServer automation = stub(StubRemoteAgentServer.builder("automation", TOKEN).delay(Duration.ZERO)
                .holdCallbacks());
        Workflow wf = Workflow.builder("restaurant")
                .step(Steps.parallel("build",
                        Steps.agent("site", agent("core-platform", core.uri()).build()).prompt("site"),
                        Steps.agent("bookings", agent("automation", automation.uri()).build()).prompt("bookings")))
                .step(Steps.task("deliver", "delivers", ctx -> ctx.text("site") + " + " + ctx.text("bookings")))
                .build();
        for (int i = 0; i < 30; i++) {
            WorkflowResult r = engine.run(wf, Map.of());
            // once released, callbacks may come while the run is still live here: it takes them through its journal
            assertThat(r.status()).isIn(RunStatus.WAITING, RunStatus.SUCCEEDED);
            core.releaseCallbacks();
            automation.releaseCallbacks();
            assertThat(awaitEnd(r.runId()).status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(result(r.runId()).outputs().get("deliver").text())
                    .isEqualTo("core-platform did: site + automation did: bookings");
        }
        assertThat(core.tasks()).hasSize(30);
        assertThat(automation.tasks()).hasSize(30);
    }

    @Test
    void badTokenUnknownTaskMalformedBodyAndReplay_areRejected_withNothingChanged() throws Exception {
        StubRemoteAgentServer design = stub(StubRemoteAgentServer.builder("design-ia", TOKEN).delay(Duration.ofHours(1)));
        WorkflowResult r = engine.run(site(agent("design-ia", design.uri()).build()), Map.of("name", "a"));
        assertThat(r.status()).isEqualTo(RunStatus.WAITING);
        String run = r.runId();
        String task = design.tasks().get(0).path("taskId").asText();
        List<JournalEntry> before = store.entries(run);
        String good = "{\"type\":\"task_completed\",\"agentId\":\"design-ia\",\"projectId\":\"" + run + "\",\"taskId\":\""
                + task + "\",\"data\":\"the mockups\",\"executionTime\":8}";

        assertThat(post(null, good).statusCode()).isEqualTo(401);
        assertThat(post("Bearer " + TOKEN + "x", good).statusCode()).isEqualTo(401);
        assertThat(post("Bearer " + TOKEN, good.replace(task, task + "-other")).statusCode()).isEqualTo(404);
        assertThat(post("Bearer " + TOKEN, good.replace(run, "no-such-run")).statusCode()).isEqualTo(404);
        assertThat(post("Bearer " + TOKEN, "{\"type\":\"task_completed\",").statusCode()).isEqualTo(400);
        assertThat(post("Bearer " + TOKEN, good.replace("task_completed", "task_exploded")).statusCode()).isEqualTo(400);
        assertThat(store.entries(run)).as("nothing changed").isEqualTo(before);
        assertThat(store.run(run).orElseThrow().status()).isEqualTo(RunStatus.WAITING);

        HttpResponse<String> done = post("Bearer " + TOKEN, good);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(awaitEnd(run).status()).isEqualTo(RunStatus.SUCCEEDED);
        List<JournalEntry> finished = store.entries(run);
        assertThat(post("Bearer " + TOKEN, good).statusCode()).as("the same callback again: a no-op").isEqualTo(200);
        assertThat(post("Bearer " + TOKEN, good.replace("task_completed", "task_failed")).statusCode())
                .as("a different report of a finished task").isEqualTo(409);
        sleep(200); // nothing is continued meanwhile
        assertThat(store.entries(run)).as("the replays changed nothing").isEqualTo(finished);
        assertThat(design.tasks()).hasSize(1);
        assertThat(result(run).outputs().get("deliver").text()).isEqualTo("delivered: the mockups");
    }

    @Test
    void synchronousMode_takesTheAnswerFromTheResponse_withoutWaiting() {
        StubRemoteAgentServer core = stub(StubRemoteAgentServer.builder("core-platform", TOKEN).synchronous()
                .failFirstTasks(1));
        RemoteAgent remote = RemoteAgent.builder("core-platform", core.uri()).token(KEY).synchronous().build();
        WorkflowResult r = engine.run(site(remote), Map.of("name", "Chez Paul"));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.outputs().get("deliver").text()).isEqualTo("delivered: core-platform did: mockups for Chez Paul");
        assertThat(core.tasks()).hasSize(2);
        assertThat(core.tasks()).allSatisfy(t -> assertThat(t.has("callbackUrl")).isFalse());
        assertThat(decisions(r.runId())).containsExactly("failed", "retried", "completed");
        assertThat(store.entries(r.runId())).noneMatch(e -> e instanceof JournalEntry.WaitRequested);
        assertThat(core.callbacks()).isEmpty();
        assertEachSessionWellFormed(r.runId());
    }

    @Test
    void theTokenAppearsInNoLogLineEventExceptionReplyOrToString() throws Exception {
        // a remote that echoes what it was sent, the Authorization header included, in its errors
        HttpServer echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        echo.createContext("/tasks", exchange -> {
            byte[] out = ("{\"error\":\"rejected " + exchange.getRequestHeaders().getFirst("Authorization") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(exchange.getRequestURI().getQuery() == null ? 403 : 500, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        echo.start();
        toClose.add(() -> echo.stop(0));
        URI endpoint = URI.create("http://127.0.0.1:" + echo.getAddress().getPort() + "/tasks");
        RemoteAgent forbidden = agent("design-ia", endpoint).build();
        RemoteAgent failing = agent("automation", URI.create(endpoint + "?x=1")).maxAttempts(2).build();
        WorkflowResult a = engine.run(site(forbidden), Map.of("name", "a"));
        WorkflowResult b = engine.run(site(failing), Map.of("name", "b"));
        assertThat(a.status()).isEqualTo(RunStatus.FAILED);
        assertThat(b.status()).isEqualTo(RunStatus.FAILED);
        StubRemoteAgentServer stub = stub(StubRemoteAgentServer.builder("ads-management", TOKEN));
        String c = engine.run(site(agent("ads-management", stub.uri()).build()), Map.of("name", "c")).runId();
        assertThat(awaitEnd(c).status()).isEqualTo(RunStatus.SUCCEEDED);

        List<String> texts = new ArrayList<>();
        for (WorkflowResult r : List.of(a, b)) {
            Throwable t = r.failure().orElseThrow();
            for (; t != null; t = t.getCause()) texts.add(t.toString());
        }
        assertThat(String.join("\n", texts)).contains("rejected Bearer ***").contains("remote agent 'design-ia'");
        events.forEach(e -> texts.add(e.toString()));
        for (ILoggingEvent e : logs.events()) {
            texts.add(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) texts.add(e.getThrowableProxy().getMessage());
        }
        texts.add(post("Bearer " + TOKEN, "{}").body());
        texts.add(post("Bearer nope", "{}").body());
        texts.add(forbidden.toString());
        texts.add(callbacks.toString());
        texts.add(receiver.toString());
        texts.add(stub.toString());
        assertThat(texts).isNotEmpty().noneMatch(t -> t != null && t.contains(TOKEN));
        assertThatThrownBy(() -> RemoteAgent.builder("x", endpoint).build())
                .hasMessageContaining("token is required").hasMessageNotContaining(TOKEN);
    }

    @Test
    void builderValues_areCheckedWithTheFieldAndTheValue() {
        URI ok = URI.create("http://127.0.0.1:1/tasks");
        assertThatThrownBy(() -> RemoteAgent.builder("design ia", ok)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("agentId must be letters, digits, '-' or '_', was 'design ia'");
        assertThatThrownBy(() -> RemoteAgent.builder("d", URI.create("ftp://h/x")))
                .hasMessage("endpoint must be an absolute http or https URI, was 'ftp://h/x'");
        assertThatThrownBy(() -> RemoteAgent.builder("d", ok).callbackUrl(URI.create("/relative")))
                .hasMessage("callbackUrl must be an absolute http or https URI, was '/relative'");
        assertThatThrownBy(() -> RemoteAgent.builder("d", ok).maxAttempts(0)).hasMessage("maxAttempts must be >= 1, was 0");
        assertThatThrownBy(() -> RemoteAgent.builder("d", ok).requestTimeout(Duration.ZERO))
                .hasMessage("requestTimeout must be a positive duration, was PT0S");
        assertThatThrownBy(() -> RemoteAgent.builder("d", ok).circuitBreaker(0, 5, Duration.ofSeconds(1)))
                .hasMessage("failureRatePercent must be above 0 and at most 100, was 0.0");
        assertThatThrownBy(() -> RemoteAgent.builder("d", ok).circuitBreaker(50, 0, Duration.ofSeconds(1)))
                .hasMessage("window must be >= 1, was 0");
        assertThatThrownBy(() -> RemoteAgent.builder("d", ok).token(KEY).build())
                .hasMessage("callbackUrl is required for remote agent 'd' unless it is synchronous()");
        assertThat(RemoteAgent.builder("d", ok).token(KEY).synchronous().build().toString())
                .isEqualTo("RemoteAgent[d -> http://127.0.0.1:1/tasks, synchronous, token ***]");
    }
}
