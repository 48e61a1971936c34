package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plain-Java baseline of S2: the same calls in the same shape, written by hand, with no engine. A run is a task
 * on the executor; it submits 7 workers to the same executor and works itself too, each worker claiming the next
 * reviewer not yet claimed (as the engine's parallel step does: the caller runs branch 1 and any branch no pool
 * thread has claimed, so a saturated pool cannot deadlock); it waits for all 8, concatenates the reviews into the aggregator's prompt and makes the 9th
 * call. Each call builds an {@link LlmRequest} with a system and a user message, as an agent would; there are no
 * events, templates, accounting, ids or results beyond the aggregator's text.
 */
public final class PlainS2 {
    private static final LlmMessage SYSTEM = LlmMessage.system("You are the reviewer.\n\nBe concise and concrete.");
    private static final String TOPIC = (String) Shapes.INPUT.get("topic");

    private final LlmProvider provider;
    private final Executor executor;

    public PlainS2(LlmProvider provider, Executor executor) {
        this.provider = provider;
        this.executor = executor;
    }

    /** Starts one run on the executor; the future completes with the aggregator's answer. */
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
        String[] reviews = new String[8];
        CountDownLatch done = new CountDownLatch(8);
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < 8; i = next.getAndIncrement()) {
                try {
                    reviews[i] = call("Review " + TOPIC + " for concern " + (i + 1) + ".");
                } finally {
                    done.countDown();
                }
            }
        };
        for (int i = 1; i < 8; i++) executor.execute(() -> {
            if (next.get() < 8) worker.run();
        });
        worker.run(); // like the engine: the caller works too, so a saturated pool cannot deadlock
        done.await();
        StringBuilder prompt = new StringBuilder("Merge these reviews of ").append(TOPIC).append(" into one list:\n");
        for (int i = 0; i < 8; i++) prompt.append("\n- Review ").append(i + 1).append(": ").append(reviews[i]);
        return call(prompt.toString());
    }

    private String call(String prompt) {
        return provider.complete(LlmRequest.builder().message(SYSTEM).message(LlmMessage.user(prompt)).build()).text();
    }
}
