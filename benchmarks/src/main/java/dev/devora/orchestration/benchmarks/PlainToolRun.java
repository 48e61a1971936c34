package dev.devora.orchestration.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.tool.Tool;
import dev.devora.orchestration.tool.ToolInvocation;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plain-Java baseline of one tool round, written by hand with no engine: a run is a task on the executor that
 * calls the model, runs the answer's tool calls (their arguments parsed, the same {@link Tool} called) with all but
 * one handed to the executor and the run's own thread working too, each worker claiming the next unclaimed call (as
 * the engine does, so a saturated pool cannot deadlock), waits for all, appends the results to the conversation and
 * calls the model again. No events, journal, schema check, accounting or result beyond the final text.
 *
 * <pre>{@code
 * PlainToolRun plain = new PlainToolRun(model, tool, executor);
 * String text = plain.start().join();
 * }</pre>
 */
public final class PlainToolRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LlmMessage SYSTEM = LlmMessage.system("You are the operator.\n\nLook up every key you need.");
    private static final String PROMPT = "Find the values needed for " + Shapes.INPUT.get("topic") + ".";

    private final LlmProvider model;
    private final Tool tool;
    private final Executor executor;

    /**
     * @param model    the model (answers with tool calls, then a text)
     * @param tool     the tool every call is made to
     * @param executor where runs and the forked calls go
     */
    public PlainToolRun(LlmProvider model, Tool tool, Executor executor) {
        this.model = model;
        this.tool = tool;
        this.executor = executor;
    }

    /** Starts one run on the executor; the future completes with the model's final text. */
    public CompletableFuture<String> start() {
        CompletableFuture<String> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(run());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /** One run on the calling thread. */
    public String run() throws InterruptedException {
        List<LlmMessage> messages = new java.util.ArrayList<>(List.of(SYSTEM, LlmMessage.user(PROMPT)));
        LlmResponse answer = model.complete(LlmRequest.builder().messages(messages).build());
        while (!answer.toolCalls().isEmpty()) {
            List<ToolCall> asked = answer.toolCalls();
            int n = asked.size();
            String[] results = new String[n];
            CountDownLatch done = new CountDownLatch(n);
            AtomicInteger next = new AtomicInteger();
            Runnable worker = () -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    try {
                        ToolCall c = asked.get(i);
                        results[i] = tool.call(new ToolInvocation(c.id(), c.name(), JSON.readTree(c.argumentsJson()),
                                "plain", "act")).content();
                    } catch (Exception e) {
                        results[i] = "ERROR: " + e;
                    } finally {
                        done.countDown();
                    }
                }
            };
            for (int i = 1; i < n; i++) executor.execute(() -> {
                if (next.get() < n) worker.run();
            });
            worker.run();
            done.await();
            messages.add(LlmMessage.assistant(answer));
            for (int i = 0; i < n; i++) messages.add(LlmMessage.tool(asked.get(i).id(), results[i]));
            answer = model.complete(LlmRequest.builder().messages(messages).build());
        }
        return answer.text();
    }
}
