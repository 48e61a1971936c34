package dev.devora.orchestration.spring.boot;

import dev.devora.orchestration.server.DevoraApi;
import dev.devora.orchestration.server.DevoraServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.net.URI;
import java.util.Objects;

/**
 * The task service (orchestration-server's routes and dashboard) served by the application on
 * {@code devora.server.host}:{@code devora.server.port}, started with the context and stopped before the engine.
 * The task service runs on its own embedded server, beside the application's web server (which may be Tomcat): its
 * routes use Server-Sent Events and WebSockets of their own.
 *
 * <pre>{@code
 * devora.server.enabled=true
 * devora.server.port=8081
 * devora.server.token=${DEVORA_TOKEN}
 * }</pre>
 */
public final class DevoraServerLifecycle implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DevoraServerLifecycle.class);

    private final DevoraApi api;
    private final String host;
    private final int port;
    private volatile DevoraServer server;

    /**
     * The task service, not started yet.
     *
     * @param api  the task service's routes, with the engine and provider
     * @param host the interface to listen on
     * @param port the port; 0 picks a free one
     */
    public DevoraServerLifecycle(DevoraApi api, String host, int port) {
        this.api = Objects.requireNonNull(api, "api");
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
    }

    @Override
    public synchronized void start() {
        if (server != null) return;
        server = DevoraServer.start(api, host, port);
        log.info("Devora task service and dashboard at {}", server.url());
    }

    @Override
    public synchronized void stop() {
        if (server == null) return;
        server.close();
        server = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Stopped before the engine is drained, with the application's web server. */
    @Override
    public int getPhase() {
        return EngineShutdown.PHASE + 1024;
    }

    /**
     * Where the task service listens, once started.
     *
     * @return its base URL
     * @throws IllegalStateException when it is not started
     */
    public URI url() {
        DevoraServer s = server;
        if (s == null) throw new IllegalStateException("the task service is not started");
        return s.url();
    }

    @Override
    public String toString() {
        return "DevoraServerLifecycle[" + host + ":" + port + "]";
    }
}
