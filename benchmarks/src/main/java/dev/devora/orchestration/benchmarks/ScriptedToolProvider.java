package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.llm.FinishReason;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.Role;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.Usage;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A zero-latency, in-memory model for the tool benchmarks: to a request whose messages hold fewer than
 * {@code rounds} assistant answers with tool calls it answers with {@code callsPerRound} calls of one tool, else
 * with a final text. The script is read from the request alone, so one instance serves any number of concurrent
 * runs. Both answers are prebuilt (usage 120+40 tokens with a cost, as {@link StubProvider}'s), so a call allocates
 * nothing and a benchmark measures only the engine and its tool path around it.
 *
 * <pre>{@code
 * ScriptedToolProvider model = new ScriptedToolProvider(4, 8, "lookup"); // 4 rounds of 8 calls, then a text
 * }</pre>
 */
public final class ScriptedToolProvider implements LlmProvider {
    /** The final answer's text. */
    public static final String FINAL_TEXT = "Done: every key was looked up.";

    private final int rounds;
    private final LlmResponse toolAnswer;
    private final LlmResponse finalAnswer;
    private final LongAdder calls = new LongAdder();

    /**
     * @param rounds        how many answers ask for tools before the final one (0: the first answer is final)
     * @param callsPerRound tool calls in each such answer (ids {@code call-1}…, arguments {@code {"key":"k1"}}…)
     * @param tool          the name of the tool called
     * @throws IllegalArgumentException if rounds is negative or callsPerRound is not positive, naming the value
     */
    public ScriptedToolProvider(int rounds, int callsPerRound, String tool) {
        if (rounds < 0) throw new IllegalArgumentException("rounds must be >= 0, was " + rounds);
        if (callsPerRound < 1) throw new IllegalArgumentException("callsPerRound must be >= 1, was " + callsPerRound);
        this.rounds = rounds;
        Usage usage = new Usage(120, 40, 0, 0, new BigDecimal("0.000084"));
        List<ToolCall> asked = new ArrayList<>(callsPerRound);
        for (int i = 1; i <= callsPerRound; i++) {
            asked.add(new ToolCall("call-" + i, tool, "{\"key\":\"k" + i + "\"}"));
        }
        this.toolAnswer = LlmResponse.builder().toolCalls(List.copyOf(asked)).finishReason(FinishReason.TOOL_CALLS)
                .usage(usage).model("stub/model-1").build();
        this.finalAnswer = LlmResponse.builder().text(FINAL_TEXT).finishReason(FinishReason.STOP).usage(usage)
                .model("stub/model-1").build();
    }

    @Override
    public String name() {
        return "scripted-tools";
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
        calls.increment();
        List<LlmMessage> messages = request.messages();
        int answered = 0;
        for (int i = 0; i < messages.size(); i++) { // no iterator: the provider should allocate nothing
            LlmMessage m = messages.get(i);
            if (m.role() == Role.ASSISTANT && !m.toolCalls().isEmpty()) answered++;
        }
        return answered < rounds ? toolAnswer : finalAnswer;
    }

    /** Model calls answered so far. */
    public long calls() {
        return calls.sum();
    }
}
