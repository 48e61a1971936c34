package dev.devora.orchestration.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The one seam between the interpreter and the world: everything it does that is not deterministic computation on
 * its own state goes through here: starting a parallel branch on another thread, arming a timer, sleeping before a
 * retry, reading the clock, drawing a random number, asking a provider about a model, and running a leaf (an
 * agent's, a router's or a gate's call), a model call, a tool call, a task or a wait's send. The interpreter uses
 * nothing else for these, so an adapter can run the same interpreter on a durable workflow engine (for example
 * Temporal, where threads, timers, sleeps and the clock must be the engine's own and what acts on the world
 * becomes an activity) by giving another implementation. {@link LocalEffects} is the in-process one.
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
     * A random number in [0, 1), for the jitter of retry delays: a durable engine's adapter draws it from a
     * generator its replays repeat.
     *
     * @return the number
     */
    default double random() {
        return java.util.concurrent.ThreadLocalRandom.current().nextDouble();
    }

    /**
     * Runs one leaf: an agent, router or gate evaluation (tasks go through {@link #runTask}). Its result is journaled
     * by the caller.
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
     * Stops what a thread of a cancelled scope is doing (a sibling branch failed fast, a step's timeout passed, the
     * run was cancelled): in one JVM an interrupt; a durable engine's adapter cancels the work the thread waits on
     * (a Temporal workflow its activity), since its threads are not to be interrupted.
     *
     * @param worker a thread registered in the cancelled scope
     */
    default void interrupt(Thread worker) {
        worker.interrupt();
    }

    /**
     * Whether the run stops before its next step, for the host to go on with it elsewhere (a Temporal workflow whose
     * history grew long continues as new): the run unwinds as it does for a pending request, with none pending, every
     * branch at its own next step, and its journal resumes it where it stopped. The in-process effects never stop it.
     *
     * @return true to stop the run before the step about to start
     */
    default boolean stopBeforeStep() {
        return false;
    }

    /**
     * Runs a sub-workflow step's nested workflow elsewhere, or says to run it here: a durable engine's adapter runs it
     * as a child workflow of the run's workflow (its own history) and returns what its steps journaled there; the
     * interpreter journals those entries in the run and walks the sub-workflow finding its steps done, so the run's
     * state is the same as if they had run here, then throws the outcome's failure if there is one. A part that
     * stopped on a wait leaves its requests in the entries: the walk reaches them and the run waits, and once
     * answered the step is given here again, with what is recorded of it. Called only for a step not done before.
     * The in-process effects run it here (null).
     *
     * @param call the step, its input and place in the run
     * @return what running it elsewhere gave; null to run it here
     */
    default SubWorkflowOutcome runSubWorkflow(SubWorkflowCall call) {
        return null;
    }

    /**
     * Whether the host cancelled the run (a durable engine's cancellation of its workflow): a step about to wait for
     * an answer ends the run cancelled instead, as does a step whose leaf the cancellation stopped. The in-process
     * effects never say so: a run there is cancelled through its handle.
     *
     * @return true once the host cancelled the run
     */
    default boolean cancelled() {
        return false;
    }

    /**
     * Waits, not holding {@code monitor}, until {@code changed} holds, for at most about {@code maxMillis} (the caller
     * looks again either way): a call waiting for budget while others are in flight. Whoever makes it hold does so
     * under {@code monitor} and calls {@code notifyAll} on it. Interruptible.
     *
     * @param monitor   the object the change is made under
     * @param changed   whether it changed
     * @param maxMillis the longest wait before the caller looks again
     */
    default void awaitChange(Object monitor, java.util.function.BooleanSupplier changed, long maxMillis)
            throws InterruptedException {
        synchronized (monitor) {
            if (!changed.getAsBoolean()) monitor.wait(maxMillis);
        }
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

    /**
     * Runs one tool call an agent's model asked for. The in-process effects run {@code local}; a durable engine's
     * adapter runs the tool elsewhere (an activity that finds the agent's tool by name) so that a replay does not
     * run it again. The result is journaled by the caller.
     *
     * @param path          the step path
     * @param agent         the agent whose tool it is
     * @param tool          the tool's name
     * @param callId        the model's id for the call
     * @param argumentsJson the arguments, as the engine identifies the call (canonical JSON, or the text as given)
     * @param local         runs the tool here and returns what the model gets
     * @return what the model gets
     */
    default dev.devora.orchestration.tool.ToolResult callTool(String path, String agent, String tool, String callId,
                                                              String argumentsJson,
                                                              Supplier<dev.devora.orchestration.tool.ToolResult> local) {
        return local.get();
    }

    /**
     * Runs one execution of a plain-Java task step. The in-process effects run {@code local} on the live run state;
     * a durable engine's adapter runs the step's task elsewhere on a copy of the state the task may read
     * ({@code state}, made only then).
     *
     * @param path  the step path
     * @param state the state the task sees, detached from the run
     * @param local runs the task here
     * @return the task's value ({@link TaskState#output} makes it the step's output)
     */
    default Object runTask(String path, Supplier<TaskState> state, Supplier<Object> local) {
        return local.get();
    }

    /**
     * Sends what a step asks for as it starts to wait ({@code CallContext.await}'s {@code send}: a remote agent posts
     * its task), once, before the wait is journaled. The in-process effects run {@code local}; a durable engine's
     * adapter sends elsewhere (a remote agent's task from a worker) so that a replay does not send it again.
     *
     * @param path      the step path
     * @param kind      the request's kind
     * @param requestId the request's id
     * @param request   the request
     * @param local     sends it here
     * @param context   the step's context (the adapter reports a remote agent's decisions through it)
     */
    default void send(String path, String kind, String requestId, com.fasterxml.jackson.databind.JsonNode request,
                      java.util.function.Consumer<String> local, dev.devora.orchestration.agent.CallContext context) {
        local.accept(requestId);
    }

    /**
     * A model's price, as the provider knows it (a catalogue it may fetch): asked once per run and model for budgets
     * and plans. A durable engine's adapter asks elsewhere and keeps the answer in its history, so a replay decides
     * with the price the run had.
     *
     * @param provider the provider
     * @param model    the model, or null for the provider's default
     * @return its price, or empty when unknown
     */
    default java.util.Optional<dev.devora.orchestration.llm.ModelPrice> price(
            dev.devora.orchestration.llm.LlmProvider provider, String model) {
        return provider.price(model);
    }

    /**
     * A model's context length, as the provider knows it; see {@link #price}.
     *
     * @param provider the provider
     * @param model    the model, or null for the provider's default
     * @return its context length in tokens, or empty when unknown
     */
    default java.util.OptionalInt contextLength(dev.devora.orchestration.llm.LlmProvider provider, String model) {
        return provider.contextLength(model);
    }
}
