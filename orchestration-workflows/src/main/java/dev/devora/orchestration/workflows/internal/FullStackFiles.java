package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.workflow.TaskContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The full stack workflow's two file-tree tasks: the paths of the source tree written so far (read by the CI/CD
 * specialist and the README, so that commands name the real files), and the devops files kept off the paths the
 * source tree and the infrastructure code already hold (so that no devops answer replaces code its owner wrote).
 *
 * <pre>{@code
 * Steps.task("source-paths", "list the paths of the source tree", FullStackFiles::sourcePaths);
 * Steps.task("devops-files", "the devops files off the code's paths", FullStackFiles::devopsFiles);
 * }</pre>
 */
final class FullStackFiles {
    /** {@code step.field} of each file list {@link #sourcePaths} lists → its heading. */
    private static final Map<String, String> PATH_SOURCES = orderedMap(
            "components.files", "Frontend components", "styles.files", "Frontend styles",
            "endpoints.endpoints", "Backend endpoints", "endpoints.schemas", "Backend schemas",
            "etl.files", "ETL pipelines", "test-suites.test_suites", "Tests");

    private FullStackFiles() {
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    /** The repository paths of the file lists written before devops, one per line, grouped by the step that wrote them. */
    static String sourcePaths(TaskContext ctx) {
        StringBuilder sb = new StringBuilder();
        PATH_SOURCES.forEach((reference, heading) -> {
            JsonNode files = ctx.json(reference);
            if (!files.isArray() || files.isEmpty()) return;
            sb.append(heading).append(":\n");
            files.forEach(f -> sb.append("- ").append(f.path("path").asText()).append('\n'));
        });
        List<String> database = databasePaths(ctx);
        if (!database.isEmpty()) {
            sb.append("Database:\n");
            database.forEach(p -> sb.append("- ").append(p).append('\n'));
        }
        return sb.length() == 0 ? "No source files were written." : sb.toString().stripTrailing();
    }

    /**
     * The CI/CD files without those at a path of the source tree, and the manifests without those at a path of the
     * source tree or of the infrastructure code, so that no devops answer replaces the code its owner wrote.
     */
    static JsonNode devopsFiles(TaskContext ctx) {
        Set<String> owned = new HashSet<>();
        PATH_SOURCES.keySet().forEach(reference -> ctx.json(reference).forEach(f -> owned.add(f.path("path").asText())));
        owned.addAll(databasePaths(ctx));
        var out = JsonNodeFactory.instance.objectNode();
        out.set("ci_cd", without(ctx.json("ci-cd.files"), owned));
        ctx.json("infrastructure.files").forEach(f -> owned.add(f.path("path").asText()));
        out.set("deployment", without(ctx.json("deployment.files"), owned));
        return out;
    }

    /**
     * The paths the data schema is written at ({@code db/schema.sql}, then {@code db/migrations/0001.sql}… as the
     * recipe's {@code db/migrations/*.sql} name numbers them); empty when no schema was written.
     */
    private static List<String> databasePaths(TaskContext ctx) {
        if (!ctx.json("data-schema.schema").isTextual()) return List.of();
        List<String> paths = new ArrayList<>();
        paths.add("db/schema.sql");
        int migrations = ctx.json("data-schema.migrations").size();
        for (int i = 1; i <= migrations; i++) paths.add(String.format("db/migrations/%04d.sql", i));
        return paths;
    }

    private static JsonNode without(JsonNode files, Set<String> paths) {
        var kept = JsonNodeFactory.instance.arrayNode();
        files.forEach(f -> {
            if (!paths.contains(f.path("path").asText())) kept.add(f);
        });
        return kept;
    }
}
