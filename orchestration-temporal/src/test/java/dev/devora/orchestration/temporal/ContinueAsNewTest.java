package dev.devora.orchestration.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.approval.Approvals;
import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.engine.PendingRequest;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run that waits again and again (a loop of reviews) continues as new when its history grows: each new workflow
 * carries the journal and goes on where the run waited, and the run ends as it would have in one JVM.
 */
class ContinueAsNewTest {
    static final String QUEUE = "devora-continue";

    static Workflow reviewedRounds(LlmProvider p) {
        return Workflow.builder("reviewed-rounds")
                .step(Steps.loop("rounds", Steps.sequence("round",
                                Steps.agent("draft", ConformanceTest.agent("writer", p)).prompt("Round {{loop.iteration}}: {{input.topic}}"),
                                Steps.agent("review", Approvals.person("editor")).prompt("{{draft}}")))
                        .until(Condition.of("four rounds", s -> s.loopIteration() >= 4)).maxIterations(5))
                .step(Steps.agent("final", ConformanceTest.agent("closer", p)).prompt("Close: {{review}}"))
                .build();
    }

    @Test
    void aLoopOfReviews_continuesAsNewAsItsHistoryGrows_andEndsAsInOneJvm() throws Exception {
        String expected;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            Workflow local = reviewedRounds(ConformanceTest.scripted());
            WorkflowResult r = engine.run(local, ConformanceTest.INPUT);
            while (r.status() == RunStatus.WAITING) {
                PendingRequest p = engine.pending(r.runId()).get(0);
                r = engine.decide(local, r.runId(), p.requestId(), Decision.edit("edited " + p.requestId()));
            }
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            expected = r.stateJson();
        }

        LlmProvider llm = ConformanceTest.scripted();
        Workflow definition = reviewedRounds(llm);
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker(QUEUE);
            TemporalWorkers.builder().workflow(definition).provider(llm).continueAsNewAfter(12).build()
                    .registerOn(worker);
            env.start();
            TemporalRuns.Run run = TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(definition, ConformanceTest.INPUT);
            int decided = 0;
            Instant until = Instant.now().plusSeconds(60);
            while (decided < 4) {
                assertThat(Instant.now()).as("the run waits for round " + (decided + 1)).isBefore(until);
                JsonNode pending;
                try {
                    pending = run.pending(); // one query a poll: empty while the run runs
                } catch (RuntimeException betweenRuns) { // the new workflow has not run its first task yet
                    pending = null;
                }
                if (pending == null || pending.isEmpty()) {
                    Thread.sleep(20);
                    continue;
                }
                String requestId = pending.get(0).path("request_id").asText();
                run.decide(requestId, Decision.edit("edited " + requestId));
                decided++;
                // no query while the workflow continues as new: the test service loses a query that reaches a
                // workflow task completing that way (it answers after its 10 s deadline); a real service does not
                Thread.sleep(500);
            }
            assertThat(run.stateJson()).isEqualTo(expected);

            WorkflowExecutionHistory last = env.getWorkflowClient().fetchHistory(run.id());
            HistoryEvent started = last.getEvents().get(0);
            assertThat(started.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId())
                    .as("the last workflow of the run continued an earlier one").isNotEmpty();
            assertThat(run.events()).as("the carried journal: every round's review").filteredOn(e ->
                    e instanceof dev.devora.orchestration.event.WorkflowEvent.StepCompleted s && s.path().endsWith("review"))
                    .hasSize(4);
        }
    }
}
