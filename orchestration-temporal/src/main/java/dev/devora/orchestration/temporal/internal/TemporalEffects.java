package dev.devora.orchestration.temporal.internal;

import dev.devora.orchestration.internal.RunEffects;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.TokenListener;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The interpreter's side effects inside a Temporal workflow: a branch is a workflow thread ({@code Async}), a timer
 * and a sleep are Temporal's, the clock is the workflow's (the same on every replay), waiting for branches is
 * {@code Workflow.await}, and a model call is the {@link ModelCalls} activity, so its answer comes from the history
 * on a replay instead of being asked again. A streamed call is made whole: tokens are not streamed out of an
 * activity.
 *
 * <pre>{@code
 * RunEffects effects = new TemporalEffects(Workflow.newActivityStub(ModelCalls.class, options));
 * }</pre>
 */
public final class TemporalEffects implements RunEffects {
    private final ModelCalls calls;

    /**
     * Effects whose model calls go to this activity stub.
     *
     * @param calls the stub, made in the workflow
     */
    public TemporalEffects(ModelCalls calls) {
        this.calls = calls;
    }

    @Override
    public void fork(Runnable branch) {
        Async.procedure(branch::run);
    }

    @Override
    public Future<?> schedule(Duration delay, Runnable action) {
        CancellationScope scope = Workflow.newCancellationScope(() -> Workflow.newTimer(delay).thenApply(v -> {
            action.run();
            return null;
        }));
        scope.run();
        return new Future<Object>() {
            private volatile boolean cancelled;

            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                cancelled = true;
                scope.cancel();
                return true;
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }

            @Override
            public boolean isDone() {
                return cancelled;
            }

            @Override
            public Object get() {
                throw new UnsupportedOperationException("a workflow timer is not waited for");
            }

            @Override
            public Object get(long timeout, TimeUnit unit) {
                throw new UnsupportedOperationException("a workflow timer is not waited for");
            }
        };
    }

    @Override
    public void sleep(Duration delay) {
        if (!delay.isNegative() && !delay.isZero()) Workflow.sleep(delay);
    }

    @Override
    public Instant now() {
        return Instant.ofEpochMilli(Workflow.currentTimeMillis());
    }

    @Override
    public long nanoTime() {
        return TimeUnit.MILLISECONDS.toNanos(Workflow.currentTimeMillis());
    }

    @Override
    public <T> T runLeaf(String path, Supplier<T> leaf) {
        return leaf.get(); // the agent's logic is deterministic workflow code; its model calls are activities
    }

    /**
     * Temporal's own errors (it stops a workflow's threads by throwing one through them when it evicts the workflow
     * from a worker) and a cancellation of the workflow go through the interpreter untouched.
     */
    @Override
    public void rethrowIfFatal(Throwable thrown) {
        if (thrown instanceof Error e && e.getClass().getName().startsWith("io.temporal.")) throw e;
        if (thrown instanceof io.temporal.failure.CanceledFailure c) throw c;
    }

    @Override
    public void awaitAll(CountDownLatch done) {
        Workflow.await(() -> done.getCount() == 0);
    }

    @Override
    public LlmResponse callModel(String path, LlmProvider provider, LlmRequest request, TokenListener tokens) {
        return LlmJson.response(calls.complete(new ModelCall(provider.name(), path, LlmJson.write(request))));
    }
}
