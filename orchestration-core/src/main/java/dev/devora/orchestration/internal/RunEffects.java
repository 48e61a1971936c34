package dev.devora.orchestration.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The one seam between the interpreter and the world: everything it does that is not deterministic computation on
 * its own state goes through here: starting a parallel branch on another thread, arming a timer, sleeping before a
 * retry, reading the clock, and running a leaf (an agent's, a router's or a gate's call, a task). The interpreter
 * uses nothing else for these, so an adapter can run the same interpreter on a durable workflow engine (for
 * example Temporal, where threads, timers, sleeps and the clock must be the engine's own and leaves become
 * activities) by giving another implementation. {@link LocalEffects} is the in-process one.
 */
public interface RunEffects {

    /**
     * Runs a branch concurrently with the caller.
     *
     * @throws java.util.concurrent.RejectedExecutionException if it cannot be started (the caller then runs it)
     */
    void fork(Runnable branch);

    /** Runs {@code action} once after {@code delay} unless the returned future is cancelled first. */
    Future<?> schedule(Duration delay, Runnable action);

    /** Waits before a retry; interruptible (a cancelled scope interrupts it). */
    void sleep(Duration delay) throws InterruptedException;

    /** Wall-clock time, for journal entries and events. */
    Instant now();

    /** A monotonic time in nanoseconds, for durations. */
    long nanoTime();

    /**
     * Runs one leaf: an agent, router or gate evaluation, or a task. Its result is journaled by the caller.
     *
     * @param path the step path
     * @param leaf the work
     */
    <T> T runLeaf(String path, Supplier<T> leaf);

    /**
     * Lets the host's own control-flow errors through the interpreter's catch-alls, which otherwise turn whatever a
     * step throws, {@code Error}s included, into a failure: a durable workflow engine stops a workflow's threads by
     * throwing an {@code Error} through them (Temporal does when it evicts a workflow from a worker) and the
     * interpreter must not catch it. The in-process effects let nothing through.
     *
     * @param thrown what a step, branch or the run threw
     */
    default void rethrowIfFatal(Throwable thrown) {
    }

    /**
     * Waits until {@code done} reaches zero: the branches this thread forked have all ended. Interruptible (a
     * cancelled scope interrupts it).
     *
     * @param done counted down by each branch as it ends
     */
    void awaitAll(java.util.concurrent.CountDownLatch done) throws InterruptedException;

    /**
     * Sends one model request: the model call itself, the only part of an agent's work that leaves the run.
     *
     * @param path     the step path it is made for
     * @param provider the provider
     * @param request  the request, tagged with the run and the step
     * @param tokens   receives the answer's tokens as they stream; null for a call that does not stream
     * @return the provider's response
     */
    dev.devora.orchestration.llm.LlmResponse callModel(String path, dev.devora.orchestration.llm.LlmProvider provider,
                                                       dev.devora.orchestration.llm.LlmRequest request,
                                                       dev.devora.orchestration.llm.TokenListener tokens);
}
