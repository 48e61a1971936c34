package dev.devora.orchestration.server;

import io.javalin.Javalin;

import java.net.URI;
import java.util.Objects;

/**
 * The task service on its own Javalin server: {@link DevoraApi}'s routes (with the dashboard at {@code /dashboard/},
 * where {@code /} leads) and nothing else, on a host and port
 * (port 0: a free one, e.g. in tests). {@link #close()} stops it; the runs in flight go on in the engine.
 *
 * <pre>{@code
 * try (DevoraServer server = DevoraServer.start(api, "127.0.0.1", 8080)) {
 *     System.out.println("Devora task service on " + server.url());
 *     ...
 * }
 * }</pre>
 */
public final class DevoraServer implements AutoCloseable {
    private final Javalin app;
    private final URI url;

    private DevoraServer(Javalin app, String host) {
        this.app = app;
        this.url = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port());
    }

    /**
     * Starts the routes on their own server.
     *
     * @param api  the routes
     * @param host the address to listen on, e.g. {@code 127.0.0.1} (this machine only) or {@code 0.0.0.0}
     * @param port the port; 0 for a free one
     * @return the running server
     * @throws IllegalArgumentException when the port is outside 0..65535
     */
    public static DevoraServer start(DevoraApi api, String host, int port) {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
        Javalin app = Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.startup.showJavalinBanner = false;
            // on JDK 21+ each request (and each event stream, which holds its thread while it streams) runs on a
            // virtual thread, so open streams do not use up a bounded pool; on JDK 17 Jetty's pool (250 threads)
            config.concurrency.useVirtualThreads = true;
            api.mount(config);
            config.routes.get("/", ctx -> ctx.redirect(dev.devora.orchestration.server.internal.DashboardRoutes.PATH));
        }).start();
        return new DevoraServer(app, host);
    }

    /** {@return where it listens, e.g. {@code http://127.0.0.1:8080}} */
    public URI url() {
        return url;
    }

    /** The Javalin application, for tests that inspect its routes. */
    Javalin app() {
        return app;
    }

    /** {@return the port it listens on} */
    public int port() {
        return app.port();
    }

    /** Stops the server. */
    @Override
    public void close() {
        app.stop();
    }

    @Override
    public String toString() {
        return "DevoraServer[" + url + "]";
    }
}
