package dev.devora.orchestration.wait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentCall;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.remote.RemoteCallbacks;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The receiving end of remote agents' notifications (issue 11). */
class RemoteCallbacksTest {
    private static final String TOKEN = "inter-agent-secret-4242";

    private static String body(String event, String runId, String taskId, String data) {
        return JsonNodeFactory.instance.objectNode().put("event", event).put("agentId", "design-ia")
                .put("projectId", runId).put("taskId", taskId).put("data", data).put("executionTime", 1234).toString();
    }

    private RemoteCallbacks closeLater;

    @org.junit.jupiter.api.AfterEach
    void close() {
        if (closeLater != null) closeLater.close();
    }

    static void awaitStatus(InMemoryRunStore store, String run, RunStatus status) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (store.run(run).map(RunSummary::status).orElse(null) != status) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + run + " is " + store.run(run).map(RunSummary::status) + ", not " + status);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void notifications_areCheckedThenAnswerTheWaitingRun_andBadOnesChangeNothing() {
        List<String> dispatched = new CopyOnWriteArrayList<>();
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        Agent remote = new Agent() {
            @Override
            public String name() {
                return "design-ia";
            }

            @Override
            public AgentResult run(AgentCall call) {
                ranOn.add(Thread.currentThread());
                JsonNode answer = call.context().await("remote-task",
                        JsonNodeFactory.instance.objectNode().put("task", call.prompt()), dispatched::add);
                if (answer.path("event").asText().equals("task_failed")) {
                    throw new IllegalStateException("remote task failed: " + answer.path("data").asText());
                }
                return new AgentResult(answer.path("data").asText(), null, null);
            }
        };
        Workflow wf = Workflow.builder("restaurant").step(Steps.agent("design", remote).prompt("design it")).build();
        InMemoryRunStore store = new InMemoryRunStore();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult r = engine.run(wf, Map.of());
            assertThat(r.status()).isEqualTo(RunStatus.WAITING);
            String run = r.runId();
            String task = dispatched.get(0);
            RemoteCallbacks callbacks = RemoteCallbacks.of(engine, ApiKey.of(TOKEN));
            closeLater = callbacks;
            String bearer = "Bearer " + TOKEN;

            assertThat(callbacks.handle(null, body("task_completed", run, task, "x")).status()).isEqualTo(401);
            assertThat(callbacks.handle("Bearer wrong", body("task_completed", run, task, "x")).status()).isEqualTo(401);
            assertThat(callbacks.handle(bearer, "{not json").status()).isEqualTo(400);
            assertThat(callbacks.handle(bearer, "{\"event\":\"task_completed\"}").status()).isEqualTo(400);
            assertThat(callbacks.handle(bearer, body("task_exploded", run, task, "x")).status()).isEqualTo(400);
            assertThat(callbacks.handle(bearer, body("task_completed", "no-such-run", task, "x")).status()).isEqualTo(404);
            assertThat(callbacks.handle(bearer, body("task_completed", run, "no-such-task", "x")).status()).isEqualTo(404);
            assertThat(store.run(run).map(RunSummary::status)).as("nothing changed").contains(RunStatus.WAITING);
            assertThat(engine.pending(run)).hasSize(1);

            assertThat(callbacks.handle(bearer, body("task_started", run, task, "")).status()).isEqualTo(202);
            RemoteCallbacks.Reply done = callbacks.handle(bearer, body("task_completed", run, task, "a site"));
            assertThat(done.status()).as(done.body()).isEqualTo(200);
            assertThat(engine.pending(run)).as("200: the answer is journaled before the reply").isEmpty();
            awaitStatus(store, run, RunStatus.SUCCEEDED);
            assertThat(ranOn).hasSize(2);
            assertThat(ranOn.get(1)).as("the run continued off the thread that delivered the callback")
                    .isNotSameAs(Thread.currentThread());
            assertThat(callbacks.handle(bearer, body("task_completed", run, task, "a site")).status())
                    .as("the same notification again").isEqualTo(200);
            RemoteCallbacks.Reply conflict = callbacks.handle(bearer, body("task_failed", run, task, "boom"));
            assertThat(conflict.status()).isEqualTo(409);
            assertThat(dispatched).as("dispatched once").hasSize(1);

            assertThat(callbacks.toString()).doesNotContain(TOKEN);
            assertThat(conflict.body() + done.body()).doesNotContain(TOKEN);
        }
    }

    @Test
    void aGivenContinuation_getsTheRunOfAFreshAnswer_onTheCallingThread_andNothingElseContinuesIt() {
        List<String> dispatched = new CopyOnWriteArrayList<>();
        Agent remote = new Agent() {
            @Override
            public String name() {
                return "design-ia";
            }

            @Override
            public AgentResult run(AgentCall call) {
                JsonNode answer = call.context().await("remote-task",
                        JsonNodeFactory.instance.objectNode().put("task", call.prompt()), dispatched::add);
                return new AgentResult(answer.path("data").asText(), null, null);
            }
        };
        Workflow wf = Workflow.builder("restaurant").step(Steps.agent("design", remote).prompt("design it")).build();
        InMemoryRunStore store = new InMemoryRunStore();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            String run = engine.run(wf, Map.of()).runId();
            RemoteCallbacks callbacks = RemoteCallbacks.of(engine, ApiKey.of(TOKEN));
            closeLater = callbacks;
            List<String> handed = new CopyOnWriteArrayList<>();
            List<Thread> on = new CopyOnWriteArrayList<>();
            java.util.function.Consumer<String> continuation = id -> {
                handed.add(id);
                on.add(Thread.currentThread());
            };
            String bearer = "Bearer " + TOKEN;
            assertThat(callbacks.handle("Bearer wrong", body("task_completed", run, dispatched.get(0), "x"), continuation)
                    .status()).isEqualTo(401);
            assertThat(callbacks.handle(bearer, body("task_started", run, dispatched.get(0), ""), continuation).status())
                    .isEqualTo(202);
            assertThat(handed).as("nothing answered yet").isEmpty();
            assertThat(callbacks.handle(bearer, body("task_completed", run, dispatched.get(0), "a site"), continuation)
                    .status()).isEqualTo(200);
            assertThat(handed).containsExactly(run);
            assertThat(on).containsExactly(Thread.currentThread());
            assertThat(callbacks.handle(bearer, body("task_completed", run, dispatched.get(0), "a site"), continuation)
                    .status()).as("the same again").isEqualTo(200);
            assertThat(handed).as("not handed again").hasSize(1);
            assertThat(store.run(run).map(RunSummary::status)).as("the receiver did not continue it")
                    .contains(RunStatus.WAITING);
            assertThat(engine.resume(wf, run).output("design").orElseThrow().text()).isEqualTo("a site");
        }
    }
}
