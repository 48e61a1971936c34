package dev.devora.orchestration.spring.boot;

import dev.devora.orchestration.engine.WorkflowEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;

/**
 * Closes the engine when the application context stops and waits, up to {@code devora.engine.shutdown-timeout}, for
 * the runs in flight, after the web server has stopped taking requests (a later phase than its graceful shutdown).
 * Runs still in flight then are logged by count and left to end with the JVM; with a durable store they can be
 * resumed after the restart.
 */
final class EngineShutdown implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(EngineShutdown.class);
    /** Stopped after the web server (whose graceful shutdown is at {@code DEFAULT_PHASE - 1024}). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final WorkflowEngine engine;
    private final Duration timeout;
    private volatile boolean running;

    EngineShutdown(WorkflowEngine engine, Duration timeout) {
        this.engine = engine;
        this.timeout = timeout;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        engine.close();
        int inFlight = engine.runsInFlight();
        if (inFlight == 0) return;
        log.info("Waiting up to {} for {} workflow run(s) in flight", timeout, inFlight);
        try {
            if (!engine.awaitTermination(timeout)) {
                log.warn("{} workflow run(s) still in flight after {}: they end with the JVM (devora.engine."
                        + "shutdown-timeout); with a durable store they can be resumed", engine.runsInFlight(), timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
