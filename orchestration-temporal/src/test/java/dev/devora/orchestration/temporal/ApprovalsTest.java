package dev.devora.orchestration.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.approval.Approvals;
import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.engine.PendingRequest;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's review on Temporal: the run waits (status WAITING, the request queryable) holding no worker thread, the
 * decision arrives as a signal, and the run ends with the same {@code stateJson()} as the in-JVM engine's given the
 * same decision.
 */
class ApprovalsTest {
    static final String QUEUE = "devora-approvals";

    static Workflow reviewed(LlmProvider p) {
        return Workflow.builder("reviewed-draft")
                .step(Steps.agent("draft", Approvals.person("editor").reviewing(ConformanceTest.agent("writer", p)))
                        .prompt("Draft a note on {{input.topic}}"))
                .step(Steps.agent("polish", ConformanceTest.agent("polisher", p)).prompt("Polish:\n{{draft}}"))
                .build();
    }

    @Test
    void theRunWaitsForTheDecision_andEndsAsInTheJvm() throws Exception {
        for (Decision decision : List.of(Decision.approve(), Decision.edit("my own draft"))) {
            String expected;
            try (WorkflowEngine engine = WorkflowEngine.create()) {
                Workflow local = reviewed(ConformanceTest.scripted());
                WorkflowResult waiting = engine.run(local, ConformanceTest.INPUT);
                assertThat(waiting.status()).isEqualTo(RunStatus.WAITING);
                PendingRequest asked = engine.pending(waiting.runId()).get(0);
                assertThat(engine.recordDecision(waiting.runId(), asked.requestId(), decision)).isTrue();
                WorkflowResult done = engine.resume(local, waiting.runId());
                assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
                expected = done.stateJson();
            }

            LlmProvider llm = ConformanceTest.scripted();
            Workflow definition = reviewed(llm);
            try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
                Worker worker = env.newWorker(QUEUE);
                TemporalWorkers.builder().workflow(definition).provider(llm).build().registerOn(worker);
                env.start();
                TemporalRuns.Run run = TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(definition, ConformanceTest.INPUT);
                Instant until = Instant.now().plusSeconds(30);
                while (run.status() != RunStatus.WAITING) {
                    assertThat(Instant.now()).as("the run waits").isBefore(until);
                    Thread.sleep(20);
                }
                JsonNode pending = run.pending();
                assertThat(pending).hasSize(1);
                assertThat(pending.get(0).path("step").asText()).isEqualTo("draft");
                assertThat(pending.get(0).path("kind").asText()).isEqualTo(Approvals.KIND);
                assertThat(pending.get(0).path("request").path("approver").asText()).isEqualTo("editor");
                assertThat(run.progress()).isBetween(0, 99);
                run.answer("no-such-request", decision.toJson()); // ignored: the run goes on waiting
                run.decide(pending.get(0).path("request_id").asText(), decision);
                assertThat(run.stateJson()).as(decision.verdict().name()).isEqualTo(expected);
                assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(run.progress()).isEqualTo(100);
                assertThat(run.pending()).isEmpty();
            }
        }
    }

    static Workflow timedReview(LlmProvider p, dev.devora.orchestration.agent.WaitTimeout timeout) {
        return Workflow.builder("timed-review")
                .step(Steps.agent("draft", ConformanceTest.agent("writer", p)).prompt("Draft a note on {{input.topic}}"))
                .step(Steps.agent("approve", Approvals.person("editor").timeout(timeout)).prompt("{{draft}}"))
                .build();
    }

    static String runTimed(dev.devora.orchestration.agent.WaitTimeout timeout) throws Exception {
        LlmProvider llm = ConformanceTest.scripted();
        Workflow definition = timedReview(llm, timeout);
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker(QUEUE);
            TemporalWorkers.builder().workflow(definition).provider(llm).build().registerOn(worker);
            env.start();
            TemporalRuns.Run run = TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(definition, ConformanceTest.INPUT);
            return run.stateJson(); // the test service skips ahead to the deadline: a workflow timer
        }
    }

    @Test
    void aRequestsTimeout_isAWorkflowTimer_answeringByDefault_orFailingTheStep() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        JsonNode consent = json.readTree(runTimed(dev.devora.orchestration.agent.WaitTimeout.answer(
                java.time.Duration.ofDays(2), Decision.approve().toJson())));
        assertThat(consent.path("status").asText()).as("silence is consent").isEqualTo("SUCCEEDED");
        assertThat(consent.at("/outputs/approve").asText()).isEqualTo(consent.at("/outputs/draft").asText());

        JsonNode failed = json.readTree(runTimed(dev.devora.orchestration.agent.WaitTimeout.fail(java.time.Duration.ofHours(1))));
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("failure").toString()).contains("approve");
    }

    @Test
    void anEscalatedRequest_goesOnWaiting_andTakesTheDecision() throws Exception {
        LlmProvider llm = ConformanceTest.scripted();
        Workflow definition = timedReview(llm, dev.devora.orchestration.agent.WaitTimeout.escalate(java.time.Duration.ofHours(1)));
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker(QUEUE);
            TemporalWorkers.builder().workflow(definition).provider(llm).build().registerOn(worker);
            env.start();
            TemporalRuns.Run run = TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(definition, ConformanceTest.INPUT);
            Instant until = Instant.now().plusSeconds(30);
            while (run.status() != RunStatus.WAITING) {
                assertThat(Instant.now()).as("the run waits").isBefore(until);
                Thread.sleep(20);
            }
            env.sleep(java.time.Duration.ofHours(2)); // past the deadline, on the test service's clock
            assertThat(run.status()).as("escalated, still waiting").isEqualTo(RunStatus.WAITING);
            assertThat(run.journal(0)).anySatisfy(e -> assertThat(e)
                    .isInstanceOf(dev.devora.orchestration.journal.JournalEntry.WaitTimedOut.class));
            run.decide(run.pending().get(0).path("request_id").asText(), Decision.approve());
            assertThat(run.stateJson()).contains("\"status\":\"SUCCEEDED\"");
        }
    }
}
