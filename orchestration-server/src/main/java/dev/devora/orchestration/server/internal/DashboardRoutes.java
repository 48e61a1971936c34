package dev.devora.orchestration.server.internal;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard's page: four static files from the classpath ({@code dashboard/index.html}, {@code app.js},
 * {@code app.css}, {@code favicon.svg} next to this package's parent), served same-origin under {@link #PATH} with a strict
 * {@code Content-Security-Policy} ({@code default-src 'self'}: no inline script or style, nothing from elsewhere).
 * The files need no access token; the page asks for one and sends it with each API call.
 *
 * <pre>{@code
 * DashboardRoutes.mount(config);        // GET /dashboard/, /dashboard/app.js, app.css, favicon.svg
 * }</pre>
 */
public final class DashboardRoutes {
    /** Where the page is. */
    public static final String PATH = "/dashboard/";
    /** The policy on every dashboard answer. */
    public static final String CSP = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final String ROOT = "/dev/devora/orchestration/server/dashboard/";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private DashboardRoutes() {
    }

    /** Registers {@code GET /dashboard/} ({@code /dashboard} redirects there) and its assets. */
    public static void mount(JavalinConfig javalin) {
        javalin.routes.get(PATH, ctx -> {
            if (!ctx.path().endsWith("/")) ctx.redirect(PATH); // the page's links are relative to /dashboard/
            else serve(ctx, "index.html");
        });
        javalin.routes.get(PATH + "{file}", ctx -> serve(ctx, ctx.pathParam("file")));
    }

    private static void serve(Context ctx, String file) {
        String type = FILES.get(file);
        if (type == null) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("no dashboard file '" + file + "'");
            return;
        }
        byte[] bytes;
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(ROOT + file)) {
            if (in == null) throw new IllegalStateException("the dashboard file " + ROOT + file + " is not on the classpath");
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-cache")
                .contentType(type).result(bytes);
    }
}
