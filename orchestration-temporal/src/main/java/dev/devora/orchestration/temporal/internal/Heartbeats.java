package dev.devora.orchestration.temporal.internal;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * An activity's work, heartbeating while it runs: the work runs on a thread of its own while the activity's thread
 * heartbeats every third of the heartbeat timeout (at most every 10 s). Temporal then learns within that timeout that
 * a worker died, instead of at the end of the whole attempt's timeout, and a cancellation of the activity (its run
 * cancelled, a sibling branch failing fast, a step's timeout) reaches the worker through the next heartbeat: the
 * work's thread is interrupted (a provider's HTTP call, a scripted model's wait) and the activity ends cancelled.
 * Without a heartbeat timeout (an activity scheduled by a history recorded before) the work runs on the activity's
 * thread as it did.
 *
 * <pre>{@code
 * return Heartbeats.whileRunning(() -> LlmJson.write(provider.complete(request)));
 * }</pre>
 */
final class Heartbeats {
    private static final ExecutorService WORK = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "devora-activity-work");
        t.setDaemon(true);
        return t;
    });

    private Heartbeats() {
    }

    /** {@return what {@code work} returns, heartbeating meanwhile}; what it throws is thrown as is */
    static <T> T whileRunning(Supplier<T> work) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        Duration timeout = context.getInfo().getHeartbeatTimeout();
        if (timeout == null || timeout.isZero()) return work.get();
        long every = Math.max(100, Math.min(timeout.toMillis() / 3, 10_000));
        Future<T> running = WORK.submit(work::get);
        try {
            while (true) {
                try {
                    return running.get(every, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    context.heartbeat(null); // throws once the activity is cancelled (or its worker shuts down)
                }
            }
        } catch (ActivityCompletionException cancelled) {
            running.cancel(true);
            throw cancelled;
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new dev.devora.orchestration.InterruptedCallException("the activity's thread was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        }
    }
}
