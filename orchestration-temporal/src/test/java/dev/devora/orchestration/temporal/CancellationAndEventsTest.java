package dev.devora.orchestration.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.approval.Approvals;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run on Temporal is cancelled as in one JVM, running or waiting: it ends {@code CANCELLED} with what it finished;
 * and its events, read from the workflow while it runs and after, are the engine's.
 */
class CancellationAndEventsTest {
    static final String QUEUE = "devora-cancellation";
    static final ObjectMapper JSON = new ObjectMapper();

    TestWorkflowEnvironment env;

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    /** A quick step, then a slow one (the model takes 3 s to answer the slow agent). */
    static ScriptedLlmProvider slowModel() {
        return ScriptedLlmProvider.builder().name("scripted")
                .latency(r -> r.messages().toString().contains("Slowly") ? Duration.ofSeconds(3) : Duration.ZERO)
                .build();
    }

    static Workflow quickThenSlow(LlmProvider p) {
        return Workflow.builder("quick-then-slow")
                .step(Steps.agent("quick", ConformanceTest.agent("writer", p)).prompt("Quickly: {{input.topic}}"))
                .step(Steps.agent("slow", ConformanceTest.agent("thinker", p)).prompt("Slowly: {{quick}}"))
                .step(Steps.agent("after", ConformanceTest.agent("closer", p)).prompt("Close: {{slow}}"))
                .build();
    }

    TemporalRuns.Run start(Workflow definition, LlmProvider provider) {
        Worker worker = env.newWorker(QUEUE);
        TemporalWorkers.builder().workflow(definition).provider(provider).build().registerOn(worker);
        env.start();
        return TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(definition, ConformanceTest.INPUT);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(until);
            Thread.sleep(20);
        }
    }

    static boolean completed(List<WorkflowEvent> events, String path) {
        return events.stream().anyMatch(e -> e instanceof WorkflowEvent.StepCompleted s && s.path().equals(path));
    }

    @Test
    void aRunCancelledDuringAModelCall_endsCancelled_withWhatItFinished_asInOneJvm() throws Exception {
        WorkflowResult expected;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            ScriptedLlmProvider inJvm = slowModel();
            WorkflowRun local = engine.start(quickThenSlow(inJvm), ConformanceTest.INPUT, e -> { });
            // cancelled once the slow call is sent, as on Temporal, where it is scheduled as the quick step ends
            await("the slow call is sent", () -> inJvm.inFlight() == 1);
            local.cancel();
            expected = local.result().get(30, TimeUnit.SECONDS);
        }
        assertThat(expected.status()).isEqualTo(RunStatus.CANCELLED);

        ScriptedLlmProvider model = slowModel();
        TemporalRuns.Run run = start(quickThenSlow(model), model);
        await("the quick step ends: the slow one is under way", () -> completed(run.events(), "quick"));
        run.cancel();
        String state = run.stateJson();
        assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
        JsonNode actual = JSON.readTree(state);
        JsonNode inJvm = JSON.readTree(expected.stateJson());
        assertThat(actual.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(actual.path("outputs")).isEqualTo(inJvm.path("outputs"));
        assertThat(state).as("the aborted call accounted as in one JVM").isEqualTo(expected.stateJson().replace(expected.runId(), run.id()));
        assertThat(actual.path("outputs").has("quick")).isTrue();
        assertThat(actual.path("outputs").has("after")).as("nothing after the cancellation").isFalse();
        assertThat(actual.path("failure").path("message").asText())
                .isEqualTo("Run " + run.id() + " of workflow 'quick-then-slow' was cancelled");
        assertThat(model.requestsForAgent("closer")).isEmpty();
    }

    @Test
    void aRunCancelledWhileItWaitsForAPerson_endsCancelled_withWhatItFinished() throws Exception {
        LlmProvider p = ConformanceTest.scripted();
        Workflow definition = Workflow.builder("plan-then-approve")
                .step(Steps.agent("plan", ConformanceTest.agent("planner", p)).prompt("Plan {{input.topic}}"))
                .step(Steps.agent("approve", Approvals.person("owner")).prompt("{{plan}}"))
                .step(Steps.agent("go", ConformanceTest.agent("doer", p)).prompt("Do {{approve}}"))
                .build();
        TemporalRuns.Run run = start(definition, p);
        await("the run waits", () -> run.status() == RunStatus.WAITING);
        run.cancel();
        JsonNode state = JSON.readTree(run.stateJson());
        assertThat(state.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(state.path("outputs").has("plan")).isTrue();
        assertThat(state.path("outputs").has("go")).isFalse();
        assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(run.pending()).as("a cancelled run waits for nothing").isEmpty();
    }

    @Test
    void theEvents_readFromTheWorkflow_areTheEnginesOwn() throws Exception {
        List<String> expected;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            WorkflowResult done = engine.run(ConformanceTest.parallel(ConformanceTest.scripted()), ConformanceTest.INPUT);
            expected = engine.events(done.runId()).stream().map(CancellationAndEventsTest::describe).sorted().toList();
        }
        LlmProvider p = ConformanceTest.scripted();
        TemporalRuns.Run run = start(ConformanceTest.parallel(p), p);
        run.stateJson();
        List<WorkflowEvent> events = run.events();
        assertThat(events).allSatisfy(e -> assertThat(e.runId()).isEqualTo(run.id()));
        assertThat(events.stream().map(CancellationAndEventsTest::describe).sorted().toList())
                .as("the same events (the branches' in any order)").isEqualTo(expected);
        assertThat(events.get(events.size() - 1)).isInstanceOf(WorkflowEvent.RunCompleted.class);
        long last = run.journal(0).get(run.journal(0).size() - 1).seq();
        assertThat(run.journal(last)).as("nothing after the last entry").isEmpty();
        assertThat(run.journal(last - 1)).hasSize(1);
        assertThat(TemporalRuns.of(env.getWorkflowClient(), QUEUE).run(run.id()).events()).hasSameSizeAs(events);
    }

    /** An event without its run id and times: its kind and step. */
    static String describe(WorkflowEvent e) {
        String path = e instanceof WorkflowEvent.StepStarted s ? s.path()
                : e instanceof WorkflowEvent.StepCompleted c ? c.path() : "";
        return e.getClass().getSimpleName() + ":" + path;
    }

    @Test
    void aBranchThatFails_stopsItsSiblings_andTheRunFails_asInOneJvm() throws Exception {
        java.util.function.Supplier<ScriptedLlmProvider> model = () -> ScriptedLlmProvider.builder().name("scripted")
                .latency(r -> r.messages().toString().contains("concern 2") ? Duration.ofSeconds(3) : Duration.ZERO)
                .whenAgent("reviewer-1").failAlways(dev.devora.orchestration.llm.ProviderErrorKind.AUTHENTICATION)
                .build();
        WorkflowResult expected;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            expected = engine.run(ConformanceTest.parallel(model.get()), ConformanceTest.INPUT);
        }
        assertThat(expected.status()).isEqualTo(RunStatus.FAILED);
        ScriptedLlmProvider remote = model.get();
        TemporalRuns.Run run = start(ConformanceTest.parallel(remote), remote);
        JsonNode state = JSON.readTree(run.stateJson());
        JsonNode inJvm = JSON.readTree(expected.stateJson());
        assertThat(state.path("status").asText()).isEqualTo("FAILED");
        assertThat(state.path("failure")).isEqualTo(inJvm.path("failure"));
        assertThat(state.path("outputs").has("summary")).isFalse();
    }

    @Test
    void aRunsTimeout_isAWorkflowTimer_andEndsTheRunAsInOneJvm() throws Exception {
        dev.devora.orchestration.engine.RunOptions oneSecond = dev.devora.orchestration.engine.RunOptions.builder()
                .timeout(Duration.ofSeconds(1)).build();
        WorkflowResult expected;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            expected = engine.run(quickThenSlow(slowModel()), ConformanceTest.INPUT, oneSecond);
        }
        ScriptedLlmProvider model = slowModel();
        Workflow definition = quickThenSlow(model);
        Worker worker = env.newWorker(QUEUE);
        TemporalWorkers.builder().workflow(definition).provider(model).build().registerOn(worker);
        env.start();
        TemporalRuns.Run run = TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(definition,
                ConformanceTest.INPUT, oneSecond);
        JsonNode state = JSON.readTree(run.stateJson());
        JsonNode inJvm = JSON.readTree(expected.stateJson());
        assertThat(state.path("status").asText()).isEqualTo(inJvm.path("status").asText());
        assertThat(state.path("failure").path("type")).isEqualTo(inJvm.path("failure").path("type"));
        assertThat(state.path("outputs")).isEqualTo(inJvm.path("outputs"));
    }
}
