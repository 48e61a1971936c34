package dev.devora.orchestration.internal;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The engine's default threads: virtual threads on Java 21+, else a bounded daemon pool; a lazy timer. */
public final class DefaultExecutors {
    private DefaultExecutors() {
    }

    /** Virtual-thread-per-task when the runtime has it, else a pool of at most {@code maxThreads} daemon threads. */
    public static ExecutorService branchExecutor(int maxThreads) {
        try {
            Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) factory.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException notAvailable) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(maxThreads, maxThreads, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), daemonThreads("devora-branch-"));
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }
    }

    /** Whether {@link #branchExecutor} gives virtual threads on this runtime. */
    public static boolean virtualThreadsAvailable() {
        try {
            Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One daemon timer thread, created on first use; never created once shut down. */
    public static final class LazyTimer implements Supplier<ScheduledExecutorService> {
        private volatile ScheduledThreadPoolExecutor timer;
        private boolean shutDown; // guarded by this

        /**
         * The timer, created on first use.
         *
         * @throws java.util.concurrent.RejectedExecutionException once {@link #shutdown()} has been called
         */
        @Override
        public ScheduledExecutorService get() {
            ScheduledThreadPoolExecutor t = timer;
            if (t == null) {
                synchronized (this) {
                    t = timer;
                    if (shutDown) throw new java.util.concurrent.RejectedExecutionException("the engine's timer is shut down");
                    if (t == null) {
                        t = new ScheduledThreadPoolExecutor(1, daemonThreads("devora-timer-"));
                        t.setRemoveOnCancelPolicy(true);
                        timer = t;
                    }
                }
            }
            return t;
        }

        /** Stops the timer thread if it exists, and keeps one from being created later. */
        public synchronized void shutdown() {
            shutDown = true;
            if (timer != null) timer.shutdownNow();
        }
    }
}
