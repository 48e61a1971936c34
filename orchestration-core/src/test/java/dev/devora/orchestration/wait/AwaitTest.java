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
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The waiting primitive of issue 11: a step asks for an answer, the run waits, an answer continues it. */
class AwaitTest {
    /** Asks a person to approve its prompt; its output is the person's text. */
    private static final class Approver implements Agent {
        final String name;
        final AtomicInteger asked = new AtomicInteger();

        Approver(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public AgentResult run(AgentCall call) {
            asked.incrementAndGet();
            JsonNode answer = call.context().await("approval",
                    JsonNodeFactory.instance.objectNode().put("show", call.prompt()));
            return new AgentResult(answer.path("text").asText(), null, null);
        }
    }

    private static JsonNode text(String t) {
        return JsonNodeFactory.instance.objectNode().put("text", t);
    }

    @Test
    void aStepThatAwaits_makesTheRunWait_andAnAnswerContinuesItInAnotherEngine() {
        InMemoryRunStore store = new InMemoryRunStore();
        AtomicInteger drafts = new AtomicInteger();
        Workflow wf = Workflow.builder("approve").step(Steps.task("draft", "drafts", ctx -> "draft #" + drafts.incrementAndGet()))
                .step(Steps.agent("review", new Approver("reviewer")).prompt("Approve {{draft}}?"))
                .step(Steps.task("publish", "publishes", ctx -> "published " + ctx.text("review"))).build();
        WorkflowResult first;
        dev.devora.orchestration.testing.RecordingWorkflowListener events =
                new dev.devora.orchestration.testing.RecordingWorkflowListener();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            first = engine.run(wf, JsonNodeFactory.instance.objectNode(), dev.devora.orchestration.engine.RunOptions.NONE,
                    events);
        }
        events.assertWellFormed();
        assertThat(events.ofType(dev.devora.orchestration.event.WorkflowEvent.WaitStarted.class)).singleElement()
                .satisfies(w -> assertThat(w.path()).isEqualTo("review"));
        assertThat(events.ofType(dev.devora.orchestration.event.WorkflowEvent.StepFailed.class)).isEmpty();
        assertThat(events.progress()).as("a waiting run is not done").isNotEmpty().doesNotContain(100);
        assertThat(first.status()).isEqualTo(RunStatus.WAITING);
        assertThat(first.failure()).isEmpty();
        assertThat(store.run(first.runId()).orElseThrow().status()).isEqualTo(RunStatus.WAITING);
        List<JournalEntry.WaitRequested> requests = store.entries(first.runId()).stream()
                .filter(e -> e instanceof JournalEntry.WaitRequested).map(e -> (JournalEntry.WaitRequested) e).toList();
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("approval");
            assertThat(r.request().path("show").asText()).isEqualTo("Approve draft #1?");
        });
        String requestId = requests.get(0).requestId();

        try (WorkflowEngine other = WorkflowEngine.builder().runStore(store).build()) {
            assertThatThrownBy(() -> other.answer(first.runId(), requestId, text("looks good")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("which this engine has not run since it was built")
                    .hasMessageContaining("answer(workflow, runId, requestId, answer)");
            WorkflowResult done = other.answer(wf, first.runId(), requestId, text("looks good"));
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.outputs().get("publish").text()).isEqualTo("published looks good");
            assertThat(drafts).as("the draft before the wait is not made again").hasValue(1);
            assertThatThrownBy(() -> other.answer(wf, first.runId(), requestId, text("changed my mind")))
                    .isInstanceOf(dev.devora.orchestration.AnswerRefusedException.class).hasMessageContaining("answered already");
            assertThatThrownBy(() -> other.answer(wf, first.runId(), "nope", text("x")))
                    .isInstanceOf(dev.devora.orchestration.AnswerRefusedException.class).hasMessageContaining("made no request 'nope'");
        }
    }

    @Test
    void parallelBranchesWaitIndependently_andAnsweringOneContinuesOnlyThatOne() {
        InMemoryRunStore store = new InMemoryRunStore();
        AtomicInteger sideRuns = new AtomicInteger();
        Workflow wf = Workflow.builder("both").step(Steps.parallel("reviews",
                        Steps.agent("legal", new Approver("legal")).prompt("legal?"),
                        Steps.agent("security", new Approver("security")).prompt("security?"),
                        Steps.task("side", "a side task", ctx -> "side " + sideRuns.incrementAndGet())))
                .build();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult r = engine.run(wf, Map.of());
            assertThat(r.status()).isEqualTo(RunStatus.WAITING);
            List<String> ids = store.entries(r.runId()).stream().filter(e -> e instanceof JournalEntry.WaitRequested)
                    .map(e -> ((JournalEntry.WaitRequested) e).requestId()).sorted().toList();
            assertThat(ids).hasSize(2);
            String legal = ids.stream().filter(i -> i.startsWith("reviews/legal")).findFirst().orElseThrow();
            String security = ids.stream().filter(i -> i.startsWith("reviews/security")).findFirst().orElseThrow();

            WorkflowResult half = engine.answer(wf, r.runId(), security, text("ok sec"));
            assertThat(half.status()).as("legal still waits").isEqualTo(RunStatus.WAITING);
            WorkflowResult done = engine.answer(wf, r.runId(), legal, text("ok legal"));
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.outputs().get("reviews").json().path("legal").asText()).isEqualTo("ok legal");
            assertThat(done.outputs().get("reviews").json().path("security").asText()).isEqualTo("ok sec");
            assertThat(sideRuns).as("the finished sibling never ran again").hasValue(1);
        }
    }

    @Test
    void aRequestIsSentOnceBeforeItIsJournaled_andNotAgainWhenTheRunContinues() {
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        Agent remote = new Agent() {
            @Override
            public String name() {
                return "remote";
            }

            @Override
            public AgentResult run(AgentCall call) {
                JsonNode answer = call.context().await("remote-task",
                        JsonNodeFactory.instance.objectNode().put("task", call.prompt()), sent::add);
                return new AgentResult(answer.path("data").asText(), null, null);
            }
        };
        Workflow wf = Workflow.builder("remote").step(Steps.agent("design", remote).prompt("design the site")).build();
        InMemoryRunStore store = new InMemoryRunStore();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult r = engine.run(wf, Map.of());
            assertThat(r.status()).isEqualTo(RunStatus.WAITING);
            assertThat(sent).singleElement().isEqualTo(engine.pending(r.runId()).get(0).requestId());
            WorkflowResult done = engine.answer(r.runId(), sent.get(0), // the engine knows the workflow: it ran it
                    JsonNodeFactory.instance.objectNode().put("data", "a site"));
            assertThat(done.outputs().get("design").text()).isEqualTo("a site");
            assertThat(sent).as("not sent again when the step ran again").hasSize(1);
        }
    }
}
