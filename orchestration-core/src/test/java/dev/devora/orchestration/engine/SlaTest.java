package dev.devora.orchestration.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.WorkflowValidationException;
import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentCall;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Task;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Step SLAs: crossing one emits and journals a breach once per execution; the step and the run go on. */
class SlaTest {
    /** A listener that also opens a latch on the first breach, so a step can wait for its own breach. */
    private static final class Breaches implements dev.devora.orchestration.event.WorkflowListener {
        final CountDownLatch seen = new CountDownLatch(1);
        final RecordingWorkflowListener recorded = new RecordingWorkflowListener();

        @Override
        public void onEvent(WorkflowEvent event) {
            recorded.onEvent(event);
            if (event instanceof WorkflowEvent.SlaBreached) seen.countDown();
        }

        <T extends WorkflowEvent> List<T> ofType(Class<T> type) {
            return recorded.ofType(type);
        }
    }

    /** A task that runs until the breach has been seen (at most 20 s): the breach comes while it still runs. */
    private static Task waitsForTheBreach(Breaches events) {
        return ctx -> {
            try {
                return events.seen.await(20, TimeUnit.SECONDS) ? "breach seen while running" : "no breach in 20 s";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        };
    }

    private static List<JournalEntry.SlaBreached> breaches(InMemoryRunStore store, String runId) {
        return store.entries(runId).stream().filter(e -> e instanceof JournalEntry.SlaBreached)
                .map(e -> (JournalEntry.SlaBreached) e).toList();
    }

    @Test
    void aSlowStep_breachesItsSlaOnceWhileItRuns_andTheRunSucceeds() {
        InMemoryRunStore store = new InMemoryRunStore();
        Breaches events = new Breaches();
        Workflow wf = Workflow.builder("slow")
                .step(Steps.task("design", "designs", waitsForTheBreach(events)))
                .step(Steps.task("ship", "ships", ctx -> "shipped"))
                .sla("design", Duration.ofMillis(200))
                .sla("ship", Duration.ofSeconds(30))
                .build();
        WorkflowResult r;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            r = engine.run(wf, JsonNodeFactory.instance.objectNode(), RunOptions.NONE, events);
        }

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.outputs().get("design").text()).isEqualTo("breach seen while running");
        events.recorded.assertWellFormed();
        assertThat(events.ofType(WorkflowEvent.SlaBreached.class)).singleElement().satisfies(b -> {
            assertThat(b.path()).isEqualTo("design");
            assertThat(b.sla()).isEqualTo(Duration.ofMillis(200));
            assertThat(b.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(b.runId()).isEqualTo(r.runId());
        });
        List<WorkflowEvent> all = events.recorded.events();
        int breach = all.indexOf(events.ofType(WorkflowEvent.SlaBreached.class).get(0));
        int designDone = all.indexOf(events.ofType(WorkflowEvent.StepCompleted.class).stream()
                .filter(c -> c.path().equals("design")).findFirst().orElseThrow());
        assertThat(breach).as("breached before the step completed").isLessThan(designDone);
        assertThat(breaches(store, r.runId())).singleElement().satisfies(b -> {
            assertThat(b.key()).isEqualTo("design");
            assertThat(b.sla()).isEqualTo(Duration.ofMillis(200));
        });
    }

    @Test
    void aSlowModel_breachesItsAgentsSla_andTheStepsTimeoutStaysTheHardStop() {
        dev.devora.orchestration.testing.ScriptedLlmProvider llm = dev.devora.orchestration.testing.ScriptedLlmProvider
                .builder().latency(r -> r.messages().toString().contains("slow") ? Duration.ofSeconds(5)
                        : Duration.ofMillis(1_200)).build();
        dev.devora.orchestration.agent.LlmAgent writer = dev.devora.orchestration.agent.LlmAgent.builder("writer")
                .role("writer").provider(llm).build();
        InMemoryRunStore store = new InMemoryRunStore();
        Workflow wf = Workflow.builder("model")
                .step(Steps.agent("draft", writer).prompt("draft it"))
                .step(Steps.agent("polish", writer).prompt("slow polish").timeout(Duration.ofMillis(1_500)))
                .sla("draft", Duration.ofMillis(100))
                .sla("polish", Duration.ofMillis(100))
                .build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult r;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            r = engine.run(wf, JsonNodeFactory.instance.objectNode(), RunOptions.NONE, events);
        }

        assertThat(r.status()).as("the SLA did not stop the draft; the timeout stopped the polish")
                .isEqualTo(RunStatus.FAILED);
        assertThat(r.outputs()).containsKey("draft");
        assertThat(r.failure().orElseThrow()).isInstanceOf(dev.devora.orchestration.RunTimeoutException.class);
        assertThat(events.ofType(WorkflowEvent.SlaBreached.class)).extracting(WorkflowEvent.SlaBreached::path)
                .containsExactly("draft", "polish");
        assertThat(breaches(store, r.runId())).extracting(JournalEntry::key).containsExactly("draft", "polish");
    }

    /**
     * The timer hands the breach to the engine's executor; one that runs it only after the run ended (a saturated
     * pool) gets nothing written late: the step's end recorded the breach, once, before the step's completion.
     */
    @Test
    void aBreachTheExecutorRunsLate_isRecordedOnceAtTheStepsEnd_andNothingFollowsTheRunsEnd() throws Exception {
        java.util.concurrent.BlockingQueue<Runnable> held = new java.util.concurrent.LinkedBlockingQueue<>();
        InMemoryRunStore store = new InMemoryRunStore();
        Workflow wf = Workflow.builder("late")
                .step(Steps.task("design", "designs", ctx -> {
                    try {
                        Runnable breach = held.poll(20, TimeUnit.SECONDS); // the timer handed it over: the SLA is crossed
                        if (breach != null) held.put(breach);
                        return breach != null ? "crossed" : "no breach handed over in 20 s";
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return "interrupted";
                    }
                }))
                .sla("design", Duration.ofMillis(100))
                .build();
        WorkflowResult r;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).executor(held::add).build()) {
            r = engine.run(wf, java.util.Map.of());
        }
        assertThat(r.outputs().get("design").text()).isEqualTo("crossed");
        int before = store.entries(r.runId()).size();
        for (Runnable late; (late = held.poll()) != null; ) late.run();

        List<JournalEntry> entries = store.entries(r.runId());
        assertThat(entries).as("nothing written after the run's end").hasSize(before);
        assertThat(breaches(store, r.runId())).singleElement().satisfies(b -> assertThat(b.seq())
                .isLessThan(entries.stream().filter(e -> e instanceof JournalEntry.StepCompleted).findFirst()
                        .orElseThrow().seq()));
    }

    @Test
    void aStepUnderItsSla_breachesNothing() throws InterruptedException {
        InMemoryRunStore store = new InMemoryRunStore();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        Workflow wf = Workflow.builder("quick")
                .step(Steps.task("design", "designs", ctx -> "done"))
                .sla("design", Duration.ofMillis(300))
                .build();
        WorkflowResult r;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            r = engine.run(wf, JsonNodeFactory.instance.objectNode(), RunOptions.NONE, events);
            Thread.sleep(600); // past the SLA: a timer left armed after the step ended would fire now
        }

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(events.ofType(WorkflowEvent.SlaBreached.class)).isEmpty();
        assertThat(breaches(store, r.runId())).isEmpty();
    }

    @Test
    void aParallelPhase_breachesAsAWhole_whileItsBranchesKeepTheirOwnSlas() {
        InMemoryRunStore store = new InMemoryRunStore();
        Breaches events = new Breaches();
        Workflow wf = Workflow.builder("phases")
                .step(Steps.parallel("build",
                        Steps.task("site", "builds the site", waitsForTheBreach(events)),
                        Steps.task("booking", "builds the booking", ctx -> "booking")))
                .sla("build", Duration.ofMillis(200))
                .sla("booking", Duration.ofSeconds(30))
                .build();
        WorkflowResult r;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            r = engine.run(wf, JsonNodeFactory.instance.objectNode(), RunOptions.NONE, events);
        }

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.outputs().get("site").text()).isEqualTo("breach seen while running");
        assertThat(events.ofType(WorkflowEvent.SlaBreached.class)).singleElement()
                .satisfies(b -> assertThat(b.path()).isEqualTo("build"));
        assertThat(breaches(store, r.runId())).extracting(JournalEntry::key).containsExactly("build");
    }

    /** Asks a person to approve its prompt; its output is the person's text. */
    private static final class Approver implements Agent {
        @Override
        public String name() {
            return "owner";
        }

        @Override
        public AgentResult run(AgentCall call) {
            JsonNode answer = call.context().await("approval",
                    JsonNodeFactory.instance.objectNode().put("show", call.prompt()));
            return new AgentResult(answer.path("text").asText(), null, null);
        }
    }

    private static JsonNode text(String t) {
        return JsonNodeFactory.instance.objectNode().put("text", t);
    }

    private static String onlyRequest(InMemoryRunStore store, String runId) {
        return store.entries(runId).stream().filter(e -> e instanceof JournalEntry.WaitRequested)
                .map(e -> ((JournalEntry.WaitRequested) e).requestId()).findFirst().orElseThrow();
    }

    @Test
    void aWaitingStepAnsweredLate_recordsItsBreachWhenItCompletes_counted_fromItsFirstStart() {
        InMemoryRunStore store = new InMemoryRunStore();
        Workflow wf = Workflow.builder("approve")
                .step(Steps.task("draft", "drafts", ctx -> "a draft"))
                .step(Steps.parallel("checks", Steps.agent("review", new Approver()).prompt("Approve {{draft}}?")))
                .sla("review", Duration.ofMinutes(10))
                .sla("checks", Duration.ofMinutes(10))
                .build();
        String runId;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult waiting = engine.run(wf, java.util.Map.of());
            assertThat(waiting.status()).isEqualTo(RunStatus.WAITING);
            runId = waiting.runId();
        }
        assertThat(breaches(store, runId)).as("no breach while nothing runs").isEmpty();

        Clock anHourLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
        try (WorkflowEngine later = WorkflowEngine.builder().runStore(store).clock(anHourLater).build()) {
            WorkflowResult done = later.answer(wf, runId, onlyRequest(store, runId), text("approved"));
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.outputs().get("review").text()).isEqualTo("approved");

            List<JournalEntry.SlaBreached> recorded = breaches(store, runId);
            assertThat(recorded).extracting(JournalEntry::key).containsExactly("checks/review", "checks");
            assertThat(recorded).allSatisfy(b -> {
                assertThat(b.sla()).isEqualTo(Duration.ofMinutes(10));
                assertThat(b.elapsed()).isGreaterThanOrEqualTo(Duration.ofMinutes(59));
            });
            List<JournalEntry> entries = store.entries(runId);
            long breachSeq = recorded.get(0).seq();
            long completedSeq = entries.stream().filter(e -> e instanceof JournalEntry.StepCompleted c
                    && c.key().equals("checks/review")).findFirst().orElseThrow().seq();
            assertThat(breachSeq).as("journaled as the step completes, before its completion").isLessThan(completedSeq);
            assertThat(later.events(runId).stream().filter(e -> e instanceof WorkflowEvent.SlaBreached)
                    .map(e -> ((WorkflowEvent.SlaBreached) e).path()).toList())
                    .containsExactly("checks/review", "checks");
        }
    }

    @Test
    void aWaitingStepAnsweredInTime_breachesNothing() {
        InMemoryRunStore store = new InMemoryRunStore();
        Workflow wf = Workflow.builder("approve")
                .step(Steps.agent("review", new Approver()).prompt("Approve?"))
                .sla("review", Duration.ofMinutes(10))
                .build();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult waiting = engine.run(wf, java.util.Map.of());
            WorkflowResult done = engine.answer(wf, waiting.runId(), onlyRequest(store, waiting.runId()), text("ok"));
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(breaches(store, waiting.runId())).isEmpty();
            assertThat(store.entries(waiting.runId()).stream().filter(e -> e instanceof JournalEntry.SlaStarted))
                    .as("the SLA's clock started once, not again on resume").hasSize(1);
        }
    }

    @Test
    void slasNamingNoStep_orNotPositive_areValidationProblems_namingTheFieldAndTheValue() {
        assertThatThrownBy(() -> Workflow.builder("bad")
                .step(Steps.task("design", "designs", ctx -> "x"))
                .sla("desing", Duration.ofMinutes(8))
                .sla("design", Duration.ZERO)
                .build())
                .isInstanceOfSatisfying(WorkflowValidationException.class, e -> assertThat(e.problems())
                        .extracting(Object::toString)
                        .containsExactlyInAnyOrder(
                                "slas.desing: sla names no step of this workflow: \"desing\" (a sub-workflow's steps"
                                        + " take their slas from its own definition)",
                                "slas.design: sla must be a positive duration, was PT0S"));
        assertThatThrownBy(() -> Workflow.builder("bad").step(Steps.task("design", "designs", ctx -> "x"))
                .sla("design", Duration.ofSeconds(-5)).build())
                .isInstanceOf(WorkflowValidationException.class)
                .hasMessageContaining("slas.design").hasMessageContaining("was PT-5S");
        assertThatThrownBy(() -> Workflow.builder("bad").step(Steps.task("design", "designs", ctx -> "x"))
                .sla("design", null).build())
                .isInstanceOf(WorkflowValidationException.class).hasMessageContaining("was null");
    }

    @Test
    void slasSurviveToBuilder() {
        Workflow wf = Workflow.builder("w").step(Steps.task("a", "a", ctx -> "x")).sla("a", Duration.ofMinutes(1)).build();
        assertThat(wf.toBuilder().build().slas()).containsEntry("a", Duration.ofMinutes(1));
    }
}
