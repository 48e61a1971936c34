package dev.devora.orchestration.server.internal;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's page: a fixed list of static files from the classpath ({@code dashboard/} next to this package's
 * parent: {@code index.html}, {@code app.js}, {@code app.css}, {@code favicon.svg}, and the vendored Mermaid bundle
 * that draws a workflow's graph with its licence), served same-origin under {@link #PATH} with a strict
 * {@code Content-Security-Policy}: scripts from this origin only (no inline script, no {@code eval}), nothing fetched
 * from elsewhere; inline styles are allowed because Mermaid writes its SVG's styles inline. The files need no access
 * token; the page asks for one and sends it with each API call. The vendored files carry their version in their name
 * and are cached for a week; the others are revalidated on each load.
 *
 * <pre>{@code
 * DashboardRoutes.mount(config);        // GET /dashboard/, /dashboard/app.js, app.css, favicon.svg, mermaid-*.js
 * }</pre>
 */
public final class DashboardRoutes {
    /** Where the page is. */
    public static final String PATH = "/dashboard/";
    /** The policy on every dashboard answer. */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** The vendored Mermaid bundle (MIT; the licences of what it bundles are at its end). */
    public static final String MERMAID = "mermaid-12.3.0.min.js";

    private static final String ROOT = "/dev/devora/orchestration/server/dashboard/";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml",
            MERMAID, "text/javascript; charset=utf-8",
            "mermaid-12.3.0.LICENSE.txt", "text/plain; charset=utf-8");
    private static final Map<String, byte[]> READ = new ConcurrentHashMap<>();

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
        byte[] bytes = READ.computeIfAbsent(file, DashboardRoutes::read);
        boolean vendored = file.startsWith("mermaid-");
        ctx.header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", vendored ? "public, max-age=604800, immutable" : "no-cache")
                .contentType(type).result(bytes);
    }

    private static byte[] read(String file) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(ROOT + file)) {
            if (in == null) throw new IllegalStateException("the dashboard file " + ROOT + file + " is not on the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
