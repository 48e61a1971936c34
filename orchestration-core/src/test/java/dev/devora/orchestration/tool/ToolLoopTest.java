package dev.devora.orchestration.tool;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.Role;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The tool-calling loop of LlmAgent, with a provider that asks for tools by script. */
class ToolLoopTest {
    record Wait(int millis) {
    }

    /** Answers with {@code script} given the requests so far; records every request. */
    private static final class ToolCallingProvider implements LlmProvider {
        final List<LlmRequest> requests = new CopyOnWriteArrayList<>();
        final Function<LlmRequest, LlmResponse> script;

        ToolCallingProvider(Function<LlmRequest, LlmResponse> script) {
            this.script = script;
        }

        @Override
        public String name() {
            return "tool-calling";
        }

        @Override
        public LlmResponse complete(LlmRequest request) {
            requests.add(request);
            return script.apply(request);
        }
    }

    private static LlmResponse calls(ToolCall... calls) {
        return LlmResponse.builder().text("").toolCalls(List.of(calls)).usage(Usage.of(10, 5)).build();
    }

    private static LlmResponse text(String t) {
        return LlmResponse.builder().text(t).usage(Usage.of(10, 5)).build();
    }

    private static List<LlmMessage> toolResults(LlmRequest r) {
        return r.messages().stream().filter(m -> m.role() == Role.TOOL).toList();
    }

    private static WorkflowResult run(LlmAgent agent) {
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            return engine.run(Workflow.builder("tools").step(Steps.agent("work", agent).prompt("do it")).build(), Map.of());
        }
    }

    @Test
    void twoToolCallsInOneAnswer_runConcurrently_andTheirResultsComeBackInCallOrder() {
        Tool wait = Tools.of("wait", "Waits", Wait.class, w -> {
            try {
                Thread.sleep(w.millis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "waited " + w.millis();
        });
        ToolCallingProvider llm = new ToolCallingProvider(r -> toolResults(r).isEmpty()
                ? calls(new ToolCall("c1", "wait", "{\"millis\": 400}"), new ToolCall("c2", "wait", "{\"millis\": 300}"))
                : text("done after " + toolResults(r).size() + " results"));
        long t0 = System.nanoTime();
        WorkflowResult r = run(LlmAgent.builder("worker").provider(llm).tool(wait).build());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.outputs().get("work").text()).isEqualTo("done after 2 results");
        List<LlmMessage> results = toolResults(llm.requests.get(1));
        assertThat(results).extracting(LlmMessage::toolCallId).containsExactly("c1", "c2");
        assertThat(results).extracting(LlmMessage::content).containsExactly("waited 400", "waited 300");
        assertThat(ms).as("400 + 300 ms of tools run side by side").isLessThan(650);
        assertThat(llm.requests.get(0).tools()).extracting(t -> t.name()).containsExactly("wait");
        assertThat(r.metrics().llmCalls()).isEqualTo(2);
    }

    @Test
    void everyToolCall_isAnEventPair_withADigestNotTheArguments() {
        Tool echo = Tools.of("echo", "Echoes", Wait.class, w -> "ok");
        ToolCallingProvider llm = new ToolCallingProvider(r -> toolResults(r).isEmpty()
                ? calls(new ToolCall("e1", "echo", "{\"millis\": 7}"), new ToolCall("e2", "missing", "{}"))
                : text("done"));
        dev.devora.orchestration.testing.RecordingWorkflowListener events =
                new dev.devora.orchestration.testing.RecordingWorkflowListener();
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            engine.run(Workflow.builder("tools").step(Steps.agent("work", LlmAgent.builder("worker").provider(llm)
                    .tool(echo).build()).prompt("do it")).build(), com.fasterxml.jackson.databind.node.JsonNodeFactory
                    .instance.objectNode(), dev.devora.orchestration.engine.RunOptions.NONE, events);
        }
        events.assertWellFormed();
        List<dev.devora.orchestration.event.WorkflowEvent.ToolCallCompleted> done =
                events.ofType(dev.devora.orchestration.event.WorkflowEvent.ToolCallCompleted.class);
        assertThat(events.ofType(dev.devora.orchestration.event.WorkflowEvent.ToolCallStarted.class)).hasSize(2);
        assertThat(done).extracting(e -> e.callId()).containsExactlyInAnyOrder("e1", "e2");
        assertThat(done).allSatisfy(e -> {
            assertThat(e.path()).isEqualTo("work");
            assertThat(e.argumentsDigest()).hasSize(12).doesNotContain("millis");
        });
        assertThat(done).filteredOn(e -> e.callId().equals("e2")).singleElement()
                .satisfies(e -> assertThat(e.error()).contains("no tool named 'missing'"));
        assertThat(done).filteredOn(e -> e.callId().equals("e1")).singleElement()
                .satisfies(e -> assertThat(e.error()).isNull());
    }

    @Test
    void aResumedRun_getsAToolsJournaledResult_insteadOfRunningItTwice() {
        java.util.concurrent.atomic.AtomicInteger charges = new java.util.concurrent.atomic.AtomicInteger();
        Tool charge = Tools.of("charge", "Charges a card (a side effect)", Wait.class,
                w -> "charged #" + charges.incrementAndGet());
        dev.devora.orchestration.journal.InMemoryRunStore store = new dev.devora.orchestration.journal.InMemoryRunStore();
        Function<Boolean, ToolCallingProvider> provider = failAfterTool -> new ToolCallingProvider(r -> {
            if (toolResults(r).isEmpty()) return calls(new ToolCall("p1", "charge", "{\"millis\": 5}"));
            if (failAfterTool) {
                throw dev.devora.orchestration.llm.ProviderException.builder(
                        dev.devora.orchestration.llm.ProviderErrorKind.INVALID_REQUEST, "scripted").retriable(false).build();
            }
            return text("paid: " + toolResults(r).get(0).content());
        });
        Function<LlmProvider, Workflow> workflow = p -> Workflow.builder("pay").step(Steps.agent("work",
                LlmAgent.builder("cashier").provider(p).tool(charge).build()).prompt("pay")).build();
        String runId;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult first = engine.run(workflow.apply(provider.apply(true)), Map.of());
            assertThat(first.status()).isEqualTo(RunStatus.FAILED);
            runId = first.runId();
        }
        assertThat(charges).hasValue(1);
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult resumed = engine.resume(workflow.apply(provider.apply(false)), runId);
            assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(resumed.outputs().get("work").text()).isEqualTo("paid: charged #1");
        }
        assertThat(charges).as("the card was charged once").hasValue(1);
    }

    @Test
    void errors_unknownTools_andBadArguments_goBackToTheModel() {
        Tool failing = Tools.of("explode", "Fails", Wait.class, w -> {
            throw new IllegalStateException("disk on fire");
        });
        ToolCallingProvider llm = new ToolCallingProvider(r -> toolResults(r).isEmpty()
                ? calls(new ToolCall("a", "explode", "{\"millis\": 1}"), new ToolCall("b", "nope", "{}"),
                        new ToolCall("c", "explode", "{\"millis\": \"soon\"}"), new ToolCall("d", "explode", "{oops"))
                : text("handled"));
        WorkflowResult r = run(LlmAgent.builder("worker").provider(llm).tool(failing).build());
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        List<String> seen = toolResults(llm.requests.get(1)).stream().map(LlmMessage::content).toList();
        assertThat(seen.get(0)).startsWith("ERROR: ").contains("disk on fire");
        assertThat(seen.get(1)).contains("no tool named 'nope'").contains("[explode]");
        assertThat(seen.get(2)).contains("do not match its schema");
        assertThat(seen.get(3)).contains("not JSON");
    }

    @Test
    void aModelThatNeverStops_isStoppedByTheBound_andAFatalToolEndsTheStep() {
        Tool again = Tools.of("again", "Once more", Wait.class, w -> "ok");
        ToolCallingProvider forever = new ToolCallingProvider(q -> calls(new ToolCall("x", "again", "{\"millis\": 0}")));
        WorkflowResult r = run(LlmAgent.builder("looper").provider(forever).tool(again).maxToolRounds(3).build());
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.failure().orElseThrow()).hasStackTraceContaining("ToolLimitException")
                .hasStackTraceContaining("maxToolRounds (3)").hasStackTraceContaining("'looper'");
        assertThat(forever.requests).hasSize(4);

        Tool fatal = Tools.of("deploy", "Deploys", Wait.class, w -> {
            throw new ToolFatalException("production is frozen");
        });
        ToolCallingProvider once = new ToolCallingProvider(q -> calls(new ToolCall("y", "deploy", "{\"millis\": 0}")));
        WorkflowResult f = run(LlmAgent.builder("deployer").provider(once).tool(fatal).build());
        assertThat(f.status()).isEqualTo(RunStatus.FAILED);
        assertThat(f.failure().orElseThrow()).hasStackTraceContaining("production is frozen");
        assertThat(once.requests).hasSize(1);
    }

    @Test
    void aStepTimeout_interruptsEveryToolCallInFlight_notOnlyTheOneOnTheStepsThread() throws Exception {
        java.util.concurrent.CountDownLatch interrupted = new java.util.concurrent.CountDownLatch(3);
        Tool slow = Tools.of("slow", "Sleeps", Wait.class, w -> {
            try {
                Thread.sleep(w.millis());
                return "slept";
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        });
        ToolCallingProvider llm = new ToolCallingProvider(r -> calls(new ToolCall("s1", "slow", "{\"millis\": 20000}"),
                new ToolCall("s2", "slow", "{\"millis\": 20000}"), new ToolCall("s3", "slow", "{\"millis\": 20000}")));
        long t0 = System.nanoTime();
        WorkflowResult r;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            r = engine.run(Workflow.builder("tools").step(Steps.agent("work", LlmAgent.builder("worker").provider(llm)
                    .tool(slow).build()).prompt("do it").timeout(java.time.Duration.ofMillis(300))).build(), Map.of());
        }
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.failure().orElseThrow()).hasStackTraceContaining("timed out");
        assertThat(interrupted.await(5, java.util.concurrent.TimeUnit.SECONDS))
                .as("all three sleeping tools were interrupted").isTrue();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("not the tools' 20 s").isLessThan(10_000);
    }

    @Test
    void aRetriedStep_getsTheResultOfACallItsFailedAttemptMade_insteadOfRunningTheToolTwice() {
        java.util.concurrent.atomic.AtomicInteger charges = new java.util.concurrent.atomic.AtomicInteger();
        Tool charge = Tools.of("charge", "Charges a card (a side effect)", Wait.class,
                w -> "charged #" + charges.incrementAndGet());
        java.util.concurrent.atomic.AtomicInteger answers = new java.util.concurrent.atomic.AtomicInteger();
        ToolCallingProvider llm = new ToolCallingProvider(r -> {
            if (toolResults(r).isEmpty()) return calls(new ToolCall("p" + answers.incrementAndGet(), "charge",
                    "{\"millis\": 5}"));
            if (answers.get() == 1) { // the first attempt's second round fails, retriably
                throw dev.devora.orchestration.llm.ProviderException.builder(
                        dev.devora.orchestration.llm.ProviderErrorKind.SERVER_ERROR, "scripted 503").httpStatus(503)
                        .retriable(true).build();
            }
            return text("paid: " + toolResults(r).get(0).content());
        });
        WorkflowResult r;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            r = engine.run(Workflow.builder("pay").step(Steps.agent("work", LlmAgent.builder("cashier").provider(llm)
                    .tool(charge).build()).prompt("pay").maxAttempts(2)).build(), Map.of());
        }
        assertThat(r.status()).as(String.valueOf(r.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.metrics().retries()).isEqualTo(1);
        assertThat(r.outputs().get("work").text()).isEqualTo("paid: charged #1");
        assertThat(charges).as("the retry asked again; the card was charged once").hasValue(1);
        assertThat(r.metrics().toolCalls()).isEqualTo(1);
    }

    @Test
    void aToolThatIsInterrupted_endsTheStep_insteadOfTellingTheModel() {
        Tool interrupted = Tools.of("wait_for_server", "Waits", Wait.class, w -> {
            throw new dev.devora.orchestration.InterruptedCallException("tool 'wait_for_server' interrupted",
                    new InterruptedException());
        });
        ToolCallingProvider llm = new ToolCallingProvider(q -> toolResults(q).isEmpty()
                ? calls(new ToolCall("i", "wait_for_server", "{\"millis\": 0}")) : text("carried on"));
        WorkflowResult r = run(LlmAgent.builder("waiter").provider(llm).tool(interrupted).build());
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.failure().orElseThrow()).hasStackTraceContaining("InterruptedCallException");
        assertThat(llm.requests).as("the model was not told and asked again").hasSize(1);
    }

    @Test
    void aHugeToolResult_isCutForTheModel_withANoteSayingHowMuch() {
        Tool huge = Tools.of("dump", "Dumps", Wait.class, w -> "x".repeat(1_000_000));
        ToolCallingProvider llm = new ToolCallingProvider(q -> toolResults(q).isEmpty()
                ? calls(new ToolCall("d", "dump", "{\"millis\": 0}")) : text("ok"));
        WorkflowResult r = run(LlmAgent.builder("reader").provider(llm).tool(huge).maxToolResultChars(5_000).build());
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        String seen = toolResults(llm.requests.get(1)).get(0).content();
        assertThat(seen).startsWith("xxxx").endsWith("[cut: 995000 more characters of this result were left out]");
        assertThat(seen.length()).isLessThan(5_100);

        ToolCallingProvider byDefault = new ToolCallingProvider(q -> toolResults(q).isEmpty()
                ? calls(new ToolCall("d", "dump", "{\"millis\": 0}")) : text("ok"));
        run(LlmAgent.builder("reader").provider(byDefault).tool(huge).build());
        assertThat(toolResults(byDefault.requests.get(1)).get(0).content()).hasSizeLessThan(100_100)
                .contains("[cut: 900000 more");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LlmAgent.builder("r").provider(llm)
                .maxToolResultChars(10).build()).hasMessageContaining("maxToolResultChars must be ≥ 100, was 10");
    }
}
