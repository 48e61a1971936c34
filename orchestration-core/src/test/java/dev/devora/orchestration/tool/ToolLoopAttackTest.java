package dev.devora.orchestration.tool;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.llm.Role;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Attacks on the tool-calling loop: what a hostile or sloppy model, tool or deployment does to it. */
class ToolLoopAttackTest {
    record Wait(int millis) {
    }

    record Item(String sku, int count) {
    }

    private static final class Scripted implements LlmProvider {
        final List<LlmRequest> requests = new CopyOnWriteArrayList<>();
        final Function<LlmRequest, LlmResponse> script;

        Scripted(Function<LlmRequest, LlmResponse> script) {
            this.script = script;
        }

        @Override
        public String name() {
            return "scripted";
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

    private static WorkflowResult run(LlmAgent agent, RecordingWorkflowListener events) {
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            return engine.run(Workflow.builder("tools").step(Steps.agent("work", agent).prompt("do it")).build(),
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), RunOptions.NONE, events);
        }
    }

    @Test
    void aToolThrowingAnError_onAForkedCall_endsTheStepWithThatError_notANullPointerException() {
        Tool broken = Tools.of("broken", "Breaks", Wait.class, w -> {
            if (w.millis() == 2) throw new AssertionError("invariant broken in tool");
            try {
                Thread.sleep(w.millis()); // the step's thread is busy here: the pool thread runs the failing call
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "fine";
        });
        Scripted llm = new Scripted(r -> toolResults(r).isEmpty()
                ? calls(new ToolCall("b1", "broken", "{\"millis\": 500}"), new ToolCall("b2", "broken", "{\"millis\": 2}"))
                : text("done"));
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult r = run(LlmAgent.builder("worker").provider(llm).tool(broken).build(), events);
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.failure().orElseThrow()).hasStackTraceContaining("invariant broken in tool")
                .hasStackTraceContaining("AssertionError");
        assertThat(r.failure().orElseThrow()).satisfies(f ->
                assertThat(String.valueOf(f)).doesNotContain("NullPointerException"));
        assertThat(events.ofType(WorkflowEvent.ToolCallCompleted.class)).as("every started call completes")
                .hasSameSizeAs(events.ofType(WorkflowEvent.ToolCallStarted.class));
        assertThat(llm.requests).hasSize(1);
    }

    @Test
    void aResumedRun_doesNotRunASideEffectTwice_whenTheModelReformatsTheSameArguments() {
        AtomicInteger charges = new AtomicInteger();
        Tool charge = Tools.of("charge", "Charges", Item.class, i -> "charged #" + charges.incrementAndGet());
        InMemoryRunStore store = new InMemoryRunStore();
        Function<String, Scripted> provider = args -> new Scripted(r -> {
            if (toolResults(r).isEmpty()) return calls(new ToolCall("p1", "charge", args));
            if (args.startsWith("{\"sku\"")) {
                throw ProviderException.builder(ProviderErrorKind.INVALID_REQUEST, "scripted").retriable(false).build();
            }
            return text("paid: " + toolResults(r).get(0).content());
        });
        Function<LlmProvider, Workflow> workflow = p -> Workflow.builder("pay").step(Steps.agent("work",
                LlmAgent.builder("cashier").provider(p).tool(charge).build()).prompt("pay")).build();
        String runId;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult first = engine.run(workflow.apply(provider.apply("{\"sku\":\"A-1\",\"count\":2}")), Map.of());
            assertThat(first.status()).isEqualTo(RunStatus.FAILED);
            runId = first.runId();
        }
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            // the same call, written with other spacing and key order, as a model regenerating it may
            WorkflowResult resumed = engine.resume(workflow.apply(provider.apply(
                    "{ \"count\": 2, \"sku\": \"A-1\" }")), runId);
            assertThat(resumed.status()).as(String.valueOf(resumed.failure())).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(resumed.outputs().get("work").text()).isEqualTo("paid: charged #1");
        }
        assertThat(charges).as("the card was charged once").hasValue(1);
    }

    @Test
    void aResumedRun_withDifferentArguments_runsTheNewCall() {
        AtomicInteger charges = new AtomicInteger();
        Tool charge = Tools.of("charge", "Charges", Item.class, i -> "charged " + i.count() + " #" + charges.incrementAndGet());
        InMemoryRunStore store = new InMemoryRunStore();
        Function<String, Scripted> provider = args -> new Scripted(r -> {
            if (toolResults(r).isEmpty()) return calls(new ToolCall("p1", "charge", args));
            if (args.contains("2")) {
                throw ProviderException.builder(ProviderErrorKind.INVALID_REQUEST, "scripted").retriable(false).build();
            }
            return text("paid: " + toolResults(r).get(0).content());
        });
        Function<LlmProvider, Workflow> workflow = p -> Workflow.builder("pay").step(Steps.agent("work",
                LlmAgent.builder("cashier").provider(p).tool(charge).build()).prompt("pay")).build();
        String runId;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            runId = engine.run(workflow.apply(provider.apply("{\"sku\":\"A\",\"count\":2}")), Map.of()).runId();
        }
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult resumed = engine.resume(workflow.apply(provider.apply("{\"sku\":\"A\",\"count\":3}")), runId);
            assertThat(resumed.outputs().get("work").text()).isEqualTo("paid: charged 3 #2");
        }
    }

    @Test
    void theSameCallTwiceInOneAnswer_runsTwice_andAResumeGivesEachItsOwnResult_inAnyOrder() {
        AtomicInteger n = new AtomicInteger();
        Tool next = Tools.of("next_ticket", "Takes a ticket", Wait.class, w -> "ticket " + n.incrementAndGet());
        InMemoryRunStore store = new InMemoryRunStore();
        Function<Boolean, Scripted> provider = fail -> new Scripted(r -> {
            if (toolResults(r).isEmpty()) return calls(new ToolCall("a", "next_ticket", "{\"millis\":0}"),
                    new ToolCall("b", "next_ticket", "{\"millis\":0}"));
            if (fail) throw ProviderException.builder(ProviderErrorKind.INVALID_REQUEST, "x").retriable(false).build();
            return text(toolResults(r).stream().map(LlmMessage::content).toList().toString());
        });
        Function<LlmProvider, Workflow> workflow = p -> Workflow.builder("t").step(Steps.agent("work",
                LlmAgent.builder("taker").provider(p).tool(next).build()).prompt("go")).build();
        String runId;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            runId = engine.run(workflow.apply(provider.apply(true)), Map.of()).runId();
        }
        assertThat(n).hasValue(2);
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult resumed = engine.resume(workflow.apply(provider.apply(false)), runId);
            assertThat(resumed.outputs().get("work").text()).matches("\\[ticket [12], ticket [12]\\]")
                    .contains("ticket 1").contains("ticket 2");
        }
        assertThat(n).hasValue(2);
    }

    @Test
    void everyLoopIteration_andEveryGateRetry_runsItsOwnToolCalls_evenWithTheSameArguments() {
        AtomicInteger reads = new AtomicInteger();
        Tool read = Tools.of("read_counter", "Reads a counter that changes", Wait.class, w -> "read #" + reads.incrementAndGet());
        Scripted llm = new Scripted(r -> toolResults(r).isEmpty()
                ? calls(new ToolCall("r", "read_counter", "{\"millis\":0}"))
                : text("saw " + toolResults(r).get(0).content()));
        dev.devora.orchestration.gate.QualityGate third = dev.devora.orchestration.gate.QualityGate.of("third",
                in -> in.attempt() >= 3 ? dev.devora.orchestration.gate.GateVerdict.pass("third", 90, in.threshold())
                        : dev.devora.orchestration.gate.GateVerdict.fail("third", 10, in.threshold(), "again"));
        LlmAgent reader = LlmAgent.builder("reader").provider(llm).tool(read).build();
        WorkflowResult looped;
        WorkflowResult gated;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(new InMemoryRunStore()).build()) {
            looped = engine.run(Workflow.builder("l").step(Steps.loop("again", Steps.agent("look", reader).prompt("look"))
                    .until(third, 80).maxIterations(3)).build(), Map.of());
            assertThat(reads).as("one read per iteration").hasValue(3);
            gated = engine.run(Workflow.builder("g").step(Steps.gate("checked", Steps.agent("look", reader).prompt("look"),
                    third).onFailure(dev.devora.orchestration.gate.GatePolicy.retry(2).thenFail())).build(), Map.of());
        }
        assertThat(looped.status()).as(String.valueOf(looped.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(looped.outputs().get("look").text()).isEqualTo("saw read #3");
        assertThat(gated.status()).as(String.valueOf(gated.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(reads).as("one read per gate attempt, not the first attempt's result again").hasValue(6);
        assertThat(gated.outputs().get("look").text()).isEqualTo("saw read #6");
        assertThat(looped.metrics().toolCalls()).isEqualTo(3);
        assertThat(gated.metrics().toolCalls()).isEqualTo(3);
    }

    @Test
    void aHugeErrorResult_isBoundedInTheEvents_liveAndReadBack_whileTheJournalKeepsItWhole() {
        String huge = "E".repeat(1_000_000);
        Tool failing = Tools.of("failing", "Fails loudly", Wait.class, w -> ToolResult.error(huge));
        Scripted llm = new Scripted(r -> toolResults(r).isEmpty()
                ? calls(new ToolCall("f", "failing", "{\"millis\":0}")) : text("ok"));
        RecordingWorkflowListener live = new RecordingWorkflowListener();
        List<WorkflowEvent> readBack;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(new InMemoryRunStore()).build()) {
            WorkflowResult r = engine.run(Workflow.builder("tools").step(Steps.agent("work", LlmAgent.builder("worker")
                    .provider(llm).tool(failing).build()).prompt("do it")).build(),
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), RunOptions.NONE, live);
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            readBack = engine.events(r.runId());
        }
        WorkflowEvent.ToolCallCompleted now = live.ofType(WorkflowEvent.ToolCallCompleted.class).get(0);
        WorkflowEvent.ToolCallCompleted later = readBack.stream().filter(e -> e instanceof WorkflowEvent.ToolCallCompleted)
                .map(e -> (WorkflowEvent.ToolCallCompleted) e).findFirst().orElseThrow();
        for (WorkflowEvent.ToolCallCompleted e : List.of(now, later)) {
            assertThat(e.error()).startsWith("EEEE").hasSizeLessThan(2100);
        }
        assertThat(now.error()).isEqualTo(later.error());
        assertThat(toolResults(llm.requests.get(1)).get(0).content()).as("the model reads up to maxToolResultChars")
                .hasSizeGreaterThan(100_000);
    }

    @Test
    void cancellingARun_whileEightToolCallsRun_interruptsThemAll_andEndsCancelled() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(8);
        java.util.concurrent.CountDownLatch interrupted = new java.util.concurrent.CountDownLatch(8);
        Tool slow = Tools.of("slow", "Sleeps", Wait.class, w -> {
            started.countDown();
            try {
                Thread.sleep(w.millis());
                return "slept";
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        });
        ToolCall[] eight = new ToolCall[8];
        for (int i = 0; i < 8; i++) eight[i] = new ToolCall("s" + i, "slow", "{\"millis\": 30000}");
        Scripted llm = new Scripted(r -> toolResults(r).isEmpty() ? calls(eight) : text("finished"));
        long t0 = System.nanoTime();
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            dev.devora.orchestration.engine.WorkflowRun run = engine.start(Workflow.builder("tools")
                    .step(Steps.agent("work", LlmAgent.builder("worker").provider(llm).tool(slow).build()).prompt("go"))
                    .build(), Map.of(), new RecordingWorkflowListener());
            assertThat(started.await(20, java.util.concurrent.TimeUnit.SECONDS)).as("all eight running").isTrue();
            run.cancel();
            WorkflowResult r = run.result().get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        }
        assertThat(interrupted.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("every call interrupted").isTrue();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("not the tools' 30 s").isLessThan(25_000);
        assertThat(llm.requests).as("the model was not asked again").hasSize(1);
    }

    @Test
    void pausingARun_whileToolsRun_letsTheRoundFinish_thenResumingCompletesIt() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        Tool gated = Tools.of("gated", "Waits for the test", Wait.class, w -> {
            started.countDown();
            try {
                release.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "ran #" + ran.incrementAndGet();
        });
        Scripted llm = new Scripted(r -> toolResults(r).isEmpty()
                ? calls(new ToolCall("g1", "gated", "{\"millis\":1}"), new ToolCall("g2", "gated", "{\"millis\":2}"))
                : text("done " + toolResults(r).size()));
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(new InMemoryRunStore()).build()) {
            dev.devora.orchestration.engine.WorkflowRun run = engine.start(Workflow.builder("tools")
                    .step(Steps.agent("work", LlmAgent.builder("worker").provider(llm).tool(gated).build()).prompt("go"))
                    .step(Steps.agent("after", LlmAgent.builder("plain").provider(new Scripted(q -> text("after"))).build())
                            .prompt("then"))
                    .build(), Map.of(), new RecordingWorkflowListener());
            assertThat(started.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            run.pause();
            release.countDown();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (run.status() != RunStatus.PAUSED && !run.result().isDone() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            run.resume();
            WorkflowResult r = run.result().get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.status()).as(String.valueOf(r.failure())).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.outputs().get("work").text()).isEqualTo("done 2");
        }
        assertThat(ran).as("each call ran once across the pause").hasValue(2);
    }

    @Test
    void argumentsWithASecondValueAfterTheFirst_areNotJson_notSilentlyTheFirstValue() {
        AtomicInteger ran = new AtomicInteger();
        Tool delete = Tools.of("delete", "Deletes items", Item.class, i -> "deleted " + i.count() + " #" + ran.incrementAndGet());
        // what a provider's two calls glued into one look like: the second must not be dropped without a word
        Scripted llm = new Scripted(r -> toolResults(r).isEmpty() ? calls(new ToolCall("d", "delete",
                "{\"sku\":\"A\",\"count\":1}{\"sku\":\"B\",\"count\":2}")) : text("ok"));
        WorkflowResult r = run(LlmAgent.builder("worker").provider(llm).tool(delete).build(), new RecordingWorkflowListener());
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(toolResults(llm.requests.get(1)).get(0).content()).startsWith("ERROR: ").contains("not JSON");
        assertThat(ran).hasValue(0);
    }

    @Test
    void missingEmptyAndRepeatedCallIds_getUniqueIds_theAssistantTurnAndTheResultsAgreeOn() {
        AtomicInteger ran = new AtomicInteger();
        Tool echo = Tools.of("echo", "Echoes", Wait.class, w -> "echo " + w.millis() + " #" + ran.incrementAndGet());
        Scripted llm = new Scripted(r -> toolResults(r).isEmpty() ? calls(
                new ToolCall(null, "echo", "{\"millis\":1}"),
                new ToolCall("", "echo", "{\"millis\":2}"),
                new ToolCall("same", "echo", "{\"millis\":3}"),
                new ToolCall("same", "echo", "{\"millis\":4}")) : text("ok"));
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult r = run(LlmAgent.builder("worker").provider(llm).tool(echo).build(), events);
        assertThat(r.status()).as(String.valueOf(r.failure())).isEqualTo(RunStatus.SUCCEEDED);
        LlmRequest second = llm.requests.get(1);
        List<String> asked = second.messages().stream().filter(m -> m.role() == Role.ASSISTANT)
                .flatMap(m -> m.toolCalls().stream()).map(ToolCall::id).toList();
        List<String> answered = toolResults(second).stream().map(LlmMessage::toolCallId).toList();
        assertThat(asked).hasSize(4).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isNotBlank());
        assertThat(answered).isEqualTo(asked);
        assertThat(asked.get(2)).as("a unique id is kept").isEqualTo("same");
        assertThat(toolResults(second).stream().map(LlmMessage::content).toList())
                .extracting(c -> c.substring(0, 6)).containsExactly("echo 1", "echo 2", "echo 3", "echo 4");
        assertThat(events.ofType(WorkflowEvent.ToolCallCompleted.class)).extracting(e -> e.callId())
                .containsExactlyInAnyOrderElementsOf(asked);
        assertThat(ran).hasValue(4);
    }

    @Test
    void moreCallsInOneAnswerThanMaxToolCalls_runNone_andFailNamingTheBound() {
        AtomicInteger ran = new AtomicInteger();
        Tool echo = Tools.of("echo", "Echoes", Wait.class, w -> "#" + ran.incrementAndGet());
        ToolCall[] many = new ToolCall[33];
        for (int i = 0; i < many.length; i++) many[i] = new ToolCall("c" + i, "echo", "{\"millis\":" + i + "}");
        Scripted llm = new Scripted(r -> toolResults(r).isEmpty() ? calls(many) : text("ok"));
        WorkflowResult r = run(LlmAgent.builder("greedy").provider(llm).tool(echo).build(), new RecordingWorkflowListener());
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.failure().orElseThrow()).hasStackTraceContaining("ToolLimitException")
                .hasStackTraceContaining("maxToolCalls (32)").hasStackTraceContaining("'greedy'");
        assertThat(ran).hasValue(0);
        WorkflowResult fine = run(LlmAgent.builder("greedy").provider(new Scripted(q -> toolResults(q).isEmpty()
                ? calls(java.util.Arrays.copyOf(many, 32)) : text("ok"))).tool(echo).build(), new RecordingWorkflowListener());
        assertThat(fine.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ran).hasValue(32);
    }

    @Test
    void aResumedRun_whoseModelAsksTheSameCallsInAnotherOrder_runsNoneAgain_andAnswersEachInTheNewOrder() {
        AtomicInteger charges = new AtomicInteger();
        Tool charge = Tools.of("charge", "Charges", Item.class, i -> i.sku() + " charged #" + charges.incrementAndGet());
        InMemoryRunStore store = new InMemoryRunStore();
        ToolCall a = new ToolCall("a", "charge", "{\"sku\":\"A\",\"count\":1}");
        ToolCall b = new ToolCall("b", "charge", "{\"sku\":\"B\",\"count\":1}");
        Function<Boolean, Scripted> provider = first -> new Scripted(r -> {
            if (toolResults(r).isEmpty()) return first ? calls(a, b) : calls(b, a);
            if (first) throw ProviderException.builder(ProviderErrorKind.INVALID_REQUEST, "x").retriable(false).build();
            return text(toolResults(r).stream().map(LlmMessage::content).toList().toString());
        });
        Function<LlmProvider, Workflow> workflow = p -> Workflow.builder("pay").step(Steps.agent("work",
                LlmAgent.builder("cashier").provider(p).tool(charge).build()).prompt("pay")).build();
        String runId;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            runId = engine.run(workflow.apply(provider.apply(true)), Map.of()).runId();
        }
        assertThat(charges).hasValue(2);
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult resumed = engine.resume(workflow.apply(provider.apply(false)), runId);
            assertThat(resumed.outputs().get("work").text()).isIn("[B charged #2, A charged #1]",
                    "[B charged #1, A charged #2]");
            assertThat(resumed.metrics().toolCalls()).isEqualTo(2);
        }
        assertThat(charges).as("nothing charged again").hasValue(2);
    }

    @Test
    void oddArguments_andOddResults_goBackToTheModel_asResults() {
        Tool item = Tools.of("item", "An item", Item.class, i -> i);
        Tool opaque = Tools.of("opaque", "Returns a value Jackson cannot write", Wait.class, w -> new Object());
        Tool nothing = Tools.of("nothing", "Returns null", Wait.class, w -> null);
        Scripted llm = new Scripted(r -> toolResults(r).isEmpty() ? calls(
                new ToolCall("1", "item", "null"),
                new ToolCall("2", "item", "[1,2]"),
                new ToolCall("3", "item", "{\"sku\":\"x\",\"count\":99999999999}"),
                new ToolCall("4", "item", "{\"sku\":\"x\"}"),
                new ToolCall("5", "item", "{\"sku\":\"x\",\"count\":1,\"extra\":true}"),
                new ToolCall("6", "opaque", "{\"millis\":0}"),
                new ToolCall("7", "nothing", "{\"millis\":0}"),
                new ToolCall("8", "item", "{\"sku\":\"x\",\"count\":1}"),
                new ToolCall("9", "item", "{\"sku\":\"x\",\"count\":1.5}"))
                : text("ok"));
        WorkflowResult r = run(LlmAgent.builder("worker").provider(llm).tool(item).tool(opaque).tool(nothing).build(),
                new RecordingWorkflowListener());
        assertThat(r.status()).as(String.valueOf(r.failure())).isEqualTo(RunStatus.SUCCEEDED);
        List<String> seen = toolResults(llm.requests.get(1)).stream().map(LlmMessage::content).toList();
        assertThat(seen.subList(0, 5)).allSatisfy(s -> assertThat(s).startsWith("ERROR: "));
        assertThat(seen.get(5)).as("a value without properties is written as an empty object").isEqualTo("{}");
        assertThat(seen.get(6)).isEmpty();
        assertThat(seen.get(7)).isEqualTo("{\"sku\":\"x\",\"count\":1}");
        assertThat(seen.get(8)).startsWith("ERROR: ");
    }

    @Test
    void manyParallelAgentSteps_eachWithEightToolCalls_onAOneThreadExecutor_finish() throws Exception {
        Tool sleep = Tools.of("wait", "Waits", Wait.class, w -> {
            try {
                Thread.sleep(w.millis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "ok";
        });
        ToolCall[] eight = new ToolCall[8];
        for (int i = 0; i < 8; i++) eight[i] = new ToolCall("c" + i, "wait", "{\"millis\": 20}");
        Scripted llm = new Scripted(r -> toolResults(r).isEmpty() ? calls(eight) : text("done"));
        ExecutorService one = Executors.newFixedThreadPool(1);
        try (WorkflowEngine engine = WorkflowEngine.builder().executor(one).build()) {
            List<dev.devora.orchestration.workflow.Step> branches = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                branches.add(Steps.agent("a" + i, LlmAgent.builder("w" + i).provider(llm).tool(sleep).build())
                        .prompt("go"));
            }
            Workflow wide = Workflow.builder("wide").step(Steps.parallel("all", branches)).build();
            ExecutorService caller = Executors.newSingleThreadExecutor();
            WorkflowResult r;
            try {
                r = caller.submit(() -> engine.run(wide, Map.of())).get(60, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                caller.shutdownNow();
            }
            assertThat(r.status()).as(String.valueOf(r.failure())).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.metrics().toolCalls()).isEqualTo(48);
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void aModelAnsweringToolCalls_toAnAgentWithoutTools_isATypedFailure_notAnEmptyOutput() {
        Scripted llm = new Scripted(r -> calls(new ToolCall("u", "rm_rf", "{}")));
        WorkflowResult r = run(LlmAgent.builder("plain").provider(llm).build(), new RecordingWorkflowListener());
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.failure().orElseThrow()).hasStackTraceContaining("ProviderException")
                .hasStackTraceContaining("agent 'plain' with tool calls [rm_rf] and no text, but the agent has no tools");

        Scripted talkative = new Scripted(r2 -> LlmResponse.builder().text("the answer")
                .toolCalls(List.of(new ToolCall("u", "rm_rf", "{}"))).usage(Usage.of(1, 1)).build());
        WorkflowResult t = run(LlmAgent.builder("plain").provider(talkative).build(), new RecordingWorkflowListener());
        assertThat(t.outputs().get("work").text()).as("an answer with text keeps its text").isEqualTo("the answer");
    }
}
