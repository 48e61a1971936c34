package dev.devora.orchestration.openrouter;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a provider call on its own thread so a test can interrupt it, then tells what the call threw and whether
 * the thread's interrupt status was kept.
 *
 * <pre>{@code
 * InterruptibleCaller caller = InterruptibleCaller.start(() -> provider.complete(request));
 * caller.interruptAndJoin(2000);
 * assertThat(caller.thrown()).isInstanceOf(InterruptedCallException.class);
 * assertThat(caller.interruptFlagKept()).isTrue();
 * }</pre>
 */
final class InterruptibleCaller {
    private final Thread thread;
    private final AtomicReference<Throwable> thrown = new AtomicReference<>();
    private final AtomicReference<Boolean> flag = new AtomicReference<>();

    private InterruptibleCaller(Runnable call) {
        this.thread = new Thread(() -> {
            try {
                call.run();
            } catch (Throwable t) {
                thrown.set(t);
            }
            flag.set(Thread.currentThread().isInterrupted());
        });
    }

    static InterruptibleCaller start(Runnable call) {
        InterruptibleCaller caller = new InterruptibleCaller(call);
        caller.thread.start();
        return caller;
    }

    /** Interrupts the call and waits for its thread to end (at most {@code millis}). */
    void interruptAndJoin(long millis) throws InterruptedException {
        thread.interrupt();
        thread.join(millis);
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    Throwable thrown() {
        return thrown.get();
    }

    Boolean interruptFlagKept() {
        return flag.get();
    }
}
