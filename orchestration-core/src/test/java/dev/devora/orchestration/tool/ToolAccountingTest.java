package dev.devora.orchestration.tool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.agent.OutputSpec;
import dev.devora.orchestration.engine.LlmCallRecord;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.StepMetrics;
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
import dev.devora.orchestration.llm.TokenListener;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.tool.workspace.Workspace;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a tool-using agent call leaves visible: tool calls in the step metrics and call records, every round's tokens,
 * structured output and streaming across rounds, file changes as events, and the events read back from the journal.
 */
class ToolAccountingTest {
    record Lookup(String key) {
    }

    /** Scripted answers by the requests so far; streams an answer's text as one token per word when asked. */
    private static final class ScriptedProvider implements LlmProvider {
        final List<LlmRequest> requests = new CopyOnWriteArrayList<>();
        final Function<LlmRequest, LlmResponse> script;

        ScriptedProvider(Function<LlmRequest, LlmResponse> script) {
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

        @Override
        public LlmResponse stream(LlmRequest request, TokenListener tokens) {
            LlmResponse r = complete(request);
            for (String word : r.text().split("(?<= )")) {
                if (!word.isEmpty()) tokens.onToken(word);
            }
            return r;
        }
    }

    private static LlmResponse calls(int prompt, int completion, String text, ToolCall... calls) {
        return LlmResponse.builder().text(text).toolCalls(List.of(calls)).usage(Usage.of(prompt, completion)).build();
    }

    private static LlmResponse text(int prompt, int completion, String t) {
        return LlmResponse.builder().text(t).usage(Usage.of(prompt, completion)).build();
    }

    private static List<LlmMessage> toolResults(LlmRequest r) {
        return r.messages().stream().filter(m -> m.role() == Role.TOOL).toList();
    }

    private static Workflow oneStep(LlmAgent agent) {
        return Workflow.builder("tools").step(Steps.agent("work", agent).prompt("do it")).build();
    }

    private static final Tool LOOKUP = Tools.of("lookup", "Looks a key up", Lookup.class,
            k -> k.key().equals("missing") ? ToolResult.error("no such key") : ToolResult.ok("value of " + k.key()));

    @Test
    void toolCalls_areInTheStepMetrics_andTheCallRecords_andEveryRoundsTokensAreAccounted() {
        ScriptedProvider llm = new ScriptedProvider(r -> switch (toolResults(r).size()) {
            case 0 -> calls(100, 10, "", new ToolCall("a", "lookup", "{\"key\":\"x\"}"),
                    new ToolCall("b", "lookup", "{\"key\":\"missing\"}"));
            case 2 -> calls(200, 20, "", new ToolCall("c", "nope", "{}"));
            default -> text(300, 30, "done");
        });
        WorkflowResult r;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            r = engine.run(oneStep(LlmAgent.builder("worker").provider(llm).tool(LOOKUP).build()), Map.of());
        }
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        StepMetrics m = r.metrics().steps().get("work");
        assertThat(m.llmCalls()).isEqualTo(3);
        assertThat(m.toolCalls()).as("2 + 1 calls").isEqualTo(3);
        assertThat(m.toolErrors()).as("the missing key and the unknown tool").isEqualTo(2);
        assertThat(r.metrics().toolCalls()).isEqualTo(3);
        assertThat(m.usage().promptTokens()).as("every round's prompt").isEqualTo(600);
        assertThat(m.usage().completionTokens()).isEqualTo(60);
        assertThat(r.metrics().usage().totalTokens()).isEqualTo(660);
        assertThat(r.metrics().calls()).extracting(LlmCallRecord::toolCalls)
                .containsExactly(List.of("lookup", "lookup"), List.of("nope"), List.of());
    }

    @Test
    void structuredOutput_withTools_isValidatedAfterTheToolRounds_andReaskedWithTheExchangeKept() {
        ScriptedProvider llm = new ScriptedProvider(r -> {
            if (toolResults(r).isEmpty()) return calls(10, 5, "", new ToolCall("a", "lookup", "{\"key\":\"price\"}"));
            boolean reasked = r.messages().get(r.messages().size() - 1).content().startsWith("Your reply could not be used");
            return reasked ? text(10, 5, "{\"price\": \"value of price\"}") : text(10, 5, "the price is value of price");
        });
        com.fasterxml.jackson.databind.node.ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object").putArray("required").add("price");
        schema.putObject("properties").putObject("price").put("type", "string");
        LlmAgent agent = LlmAgent.builder("pricer").provider(llm).tool(LOOKUP)
                .output(OutputSpec.json("priced", schema)).build();
        WorkflowResult r;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            r = engine.run(oneStep(agent), Map.of());
        }
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.outputs().get("work").json().path("price").asText()).isEqualTo("value of price");
        assertThat(llm.requests).hasSize(3);
        LlmRequest reask = llm.requests.get(2);
        assertThat(toolResults(reask)).as("the re-ask keeps the tool exchange").extracting(LlmMessage::content)
                .containsExactly("value of price");
        assertThat(reask.tools()).as("tools stay offered on a re-ask").extracting(d -> d.name()).containsExactly("lookup");
        assertThat(r.metrics().steps().get("work").toolCalls()).isEqualTo(1);
    }

    @Test
    void aStreamingAgent_streamsTheTokensOfEveryRound() {
        ScriptedProvider llm = new ScriptedProvider(r -> toolResults(r).isEmpty()
                ? calls(10, 5, "let me look ", new ToolCall("a", "lookup", "{\"key\":\"k\"}"))
                : text(10, 5, "found the value"));
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            engine.run(oneStep(LlmAgent.builder("worker").provider(llm).tool(LOOKUP).streaming(true).build()),
                    JsonNodeFactory.instance.objectNode(), RunOptions.NONE, events);
        }
        events.assertWellFormed();
        List<WorkflowEvent> seen = events.events();
        assertThat(events.ofType(WorkflowEvent.TokenStreamed.class)).extracting(WorkflowEvent.TokenStreamed::token)
                .containsExactly("let ", "me ", "look ", "found ", "the ", "value");
        int lastFirstRoundToken = -1;
        int toolDone = -1;
        int firstSecondRoundToken = -1;
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i) instanceof WorkflowEvent.TokenStreamed t) {
                if (t.token().equals("look ")) lastFirstRoundToken = i;
                if (t.token().equals("found ")) firstSecondRoundToken = i;
            }
            if (seen.get(i) instanceof WorkflowEvent.ToolCallCompleted) toolDone = i;
        }
        assertThat(lastFirstRoundToken).isLessThan(toolDone);
        assertThat(toolDone).isLessThan(firstSecondRoundToken);
    }

    @Test
    void aWritableWorkspacesWrites_areFileChangedEvents_journaled_andReadBackByEvents(@TempDir Path root)
            throws Exception {
        Files.writeString(root.resolve("a.txt"), "one\ntwo\n");
        Workspace ws = Workspace.writable(root);
        String patch = "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+TWO\n";
        ScriptedProvider llm = new ScriptedProvider(r -> toolResults(r).isEmpty()
                ? calls(10, 5, "", new ToolCall("w", "write_file", "{\"path\":\"notes/n.md\",\"content\":\"hi\"}"),
                        new ToolCall("p", "apply_patch", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                                .objectNode().put("patch", patch).toString()))
                : text(10, 5, "written"));
        InMemoryRunStore store = new InMemoryRunStore();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult r;
        List<WorkflowEvent> readBack;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            r = engine.run(oneStep(LlmAgent.builder("editor").provider(llm).tools(ws.toolbox()).build()),
                    JsonNodeFactory.instance.objectNode(), RunOptions.NONE, events);
            readBack = engine.events(r.runId());
        }
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("one\nTWO\n");
        List<WorkflowEvent.FileChanged> changed = events.ofType(WorkflowEvent.FileChanged.class);
        assertThat(changed).extracting(WorkflowEvent.FileChanged::file)
                .containsExactlyInAnyOrder("notes/n.md", "a.txt");
        assertThat(changed).allSatisfy(e -> assertThat(e.path()).isEqualTo("work"));
        assertThat(changed).extracting(e -> e.tool() + ":" + e.callId())
                .containsExactlyInAnyOrder("write_file:w", "apply_patch:p");

        List<WorkflowEvent> liveTools = events.events().stream().filter(ToolAccountingTest::isToolEvent).toList();
        List<WorkflowEvent> storedTools = readBack.stream().filter(ToolAccountingTest::isToolEvent).toList();
        assertThat(storedTools).extracting(ToolAccountingTest::describe)
                .containsExactlyInAnyOrderElementsOf(liveTools.stream().map(ToolAccountingTest::describe).toList());
        assertThat(storedTools).filteredOn(e -> e instanceof WorkflowEvent.ToolCallCompleted).hasSize(2);
    }

    @Test
    void aResumedRun_countsEachJournaledToolCallOnce() {
        AtomicInteger runs = new AtomicInteger();
        Tool counted = Tools.of("lookup", "Looks a key up", Lookup.class, k -> "v" + runs.incrementAndGet());
        Function<Boolean, LlmProvider> provider = fail -> new ScriptedProvider(r -> {
            if (toolResults(r).isEmpty()) {
                return calls(10, 5, "", new ToolCall("a", "lookup", "{\"key\":\"1\"}"),
                        new ToolCall("b", "lookup", "{\"key\":\"2\"}"));
            }
            if (fail) throw ProviderException.builder(ProviderErrorKind.INVALID_REQUEST, "scripted").retriable(false).build();
            return text(10, 5, "done");
        });
        InMemoryRunStore store = new InMemoryRunStore();
        String runId;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult first = engine.run(oneStep(LlmAgent.builder("w").provider(provider.apply(true))
                    .tool(counted).build()), Map.of());
            assertThat(first.status()).isEqualTo(RunStatus.FAILED);
            assertThat(first.metrics().toolCalls()).isEqualTo(2);
            runId = first.runId();
        }
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult resumed = engine.resume(oneStep(LlmAgent.builder("w").provider(provider.apply(false))
                    .tool(counted).build()), runId);
            assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(runs).as("not run again").hasValue(2);
            assertThat(resumed.metrics().toolCalls()).as("the journaled calls, once").isEqualTo(2);
            assertThat(resumed.metrics().steps().get("work").toolCalls()).isEqualTo(2);
        }
    }

    @Test
    void theRunsTokenBudget_stopsAnAgentThatKeepsCallingTools_andTheCallBoundIsTypedToo() {
        ScriptedProvider forever = new ScriptedProvider(r -> calls(400, 50, "",
                new ToolCall("k" + r.messages().size(), "lookup", "{\"key\":\"again\"}")));
        WorkflowResult r;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            r = engine.run(oneStep(LlmAgent.builder("looper").provider(forever).tool(LOOKUP).maxToolRounds(50).build()),
                    JsonNodeFactory.instance.objectNode(), RunOptions.builder().maxTokens(2_000).build(),
                    dev.devora.orchestration.event.WorkflowListener.NONE);
        }
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.failure().orElseThrow()).hasStackTraceContaining("BudgetExceededException");
        assertThat(forever.requests.size()).as("stopped by the budget, long before 50 rounds").isLessThan(10);
        assertThat(r.metrics().usage().totalTokens()).isLessThanOrEqualTo(2_000 + 450);

        ScriptedProvider wide = new ScriptedProvider(q -> calls(10, 5, "", new ToolCall("a", "lookup", "{\"key\":\"1\"}"),
                new ToolCall("b", "lookup", "{\"key\":\"2\"}"), new ToolCall("c", "lookup", "{\"key\":\"3\"}")));
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            r = engine.run(oneStep(LlmAgent.builder("greedy").provider(wide).tool(LOOKUP).maxToolCalls(5).build()),
                    Map.of());
        }
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.failure().orElseThrow()).hasStackTraceContaining("ToolLimitException")
                .hasStackTraceContaining("maxToolCalls (5)").hasStackTraceContaining("'greedy'");
        assertThat(r.metrics().toolCalls()).as("the first answer's 3 ran; the second's 3 would pass 5").isEqualTo(3);
    }

    private static boolean isToolEvent(WorkflowEvent e) {
        return e instanceof WorkflowEvent.ToolCallStarted || e instanceof WorkflowEvent.ToolCallCompleted
                || e instanceof WorkflowEvent.FileChanged;
    }

    /** An event without its instants and durations (a journal keeps them, but not to the nanosecond of an event). */
    private static String describe(WorkflowEvent e) {
        if (e instanceof WorkflowEvent.ToolCallStarted s) {
            return "started " + s.path() + " " + s.tool() + " " + s.callId() + " " + s.argumentsDigest();
        }
        if (e instanceof WorkflowEvent.ToolCallCompleted c) {
            return "completed " + c.path() + " " + c.tool() + " " + c.callId() + " " + c.argumentsDigest() + " " + c.error();
        }
        WorkflowEvent.FileChanged f = (WorkflowEvent.FileChanged) e;
        return "changed " + f.path() + " " + f.tool() + " " + f.callId() + " " + f.file();
    }
}
