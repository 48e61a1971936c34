package dev.devora.orchestration.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The in-process {@link RunEffects}: the engine's executor and timer, {@code Thread.sleep}, a clock. */
final class LocalEffects implements RunEffects {
    private final Executor executor;
    private final Supplier<ScheduledExecutorService> timer;
    private final Clock clock;

    LocalEffects(Executor executor, Supplier<ScheduledExecutorService> timer, Clock clock) {
        this.executor = executor;
        this.timer = timer;
        this.clock = clock;
    }

    @Override
    public void fork(Runnable branch) {
        executor.execute(branch);
    }

    @Override
    public Future<?> schedule(Duration delay, Runnable action) {
        return timer.get().schedule(action, TimeUnit.NANOSECONDS.convert(delay), TimeUnit.NANOSECONDS); // saturates
    }

    @Override
    public void sleep(Duration delay) throws InterruptedException {
        long millis = delay.toMillis();
        if (millis > 0) Thread.sleep(millis);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public <T> T runLeaf(String path, Supplier<T> leaf) {
        return leaf.get();
    }

    @Override
    public void awaitAll(java.util.concurrent.CountDownLatch done) throws InterruptedException {
        done.await();
    }

    @Override
    public dev.devora.orchestration.llm.LlmResponse callModel(String path, dev.devora.orchestration.llm.LlmProvider provider,
                                                              dev.devora.orchestration.llm.LlmRequest request,
                                                              dev.devora.orchestration.llm.TokenListener tokens) {
        return tokens == null ? provider.complete(request) : provider.stream(request, tokens);
    }
}
