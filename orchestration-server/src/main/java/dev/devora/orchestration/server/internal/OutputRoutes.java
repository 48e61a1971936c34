package dev.devora.orchestration.server.internal;

import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.server.ApiException;
import dev.devora.orchestration.workflows.PredefinedWorkflow;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An ended run's outputs: {@code GET /api/v1/runs/{id}/report.md} (the workflow's {@code REPORT.md}),
 * {@code /report.json} (its report) and {@code /deliverables.zip} (the files {@code writeDeliverables} writes, under
 * the same relative paths). 404 for an unknown run, 409 {@code run_not_ended} while it runs, pauses or waits.
 *
 * <pre>{@code
 * new OutputRoutes(runs).register(config, "/api/v1");     // inside DevoraApi.mount
 * }</pre>
 */
public final class OutputRoutes {
    private final RunResults runs;

    /**
     * The output routes over these runs.
     *
     * @param runs the service's runs
     */
    public OutputRoutes(RunResults runs) {
        this.runs = Objects.requireNonNull(runs, "runs");
    }

    /**
     * Registers the routes.
     *
     * @param javalin the application's configuration
     * @param base    the API's base path, e.g. {@code /api/v1}
     */
    public void register(JavalinConfig javalin, String base) {
        javalin.routes.get(base + "/runs/{id}/report.md", this::markdown);
        javalin.routes.get(base + "/runs/{id}/report.json", this::report);
        javalin.routes.get(base + "/runs/{id}/deliverables.zip", this::zip);
    }

    private void markdown(Context ctx) {
        String id = ctx.pathParam("id");
        WorkflowResult result = runs.ended(id);
        PredefinedWorkflow w = runs.workflowOf(id);
        String md = w.reportMarkdown(result, runs.context(id));
        ctx.status(200).contentType("text/markdown; charset=utf-8").result(md);
    }

    private void report(Context ctx) {
        String id = ctx.pathParam("id");
        WorkflowResult result = runs.ended(id);
        Json.respond(ctx, 200, runs.workflowOf(id).report(result, runs.context(id)));
    }

    private void zip(Context ctx) {
        String id = ctx.pathParam("id");
        WorkflowResult result = runs.ended(id);
        Map<String, String> files = runs.workflowOf(id).deliverableFiles(result);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new ApiException(500, "internal_error", "the deliverables of run '" + id + "' could not be zipped: "
                    + e.getClass().getSimpleName(), "id");
        }
        String name = id.replaceAll("[^A-Za-z0-9._-]", "_") + "-deliverables.zip";
        ctx.status(200).contentType("application/zip").header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .result(bytes.toByteArray());
    }
}
