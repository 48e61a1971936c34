package dev.devora.orchestration.examples.runner;

import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.jdbc.JdbcRunStore;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.journal.RunStore;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the runner keeps its runs: one SQLite file for every run under an output folder ({@code <out>/runs.db},
 * {@code <out>} being {@code --out}, else {@code devora-output}), another one named by {@code --store}, or, with
 * {@code --no-store}, memory only. A run's folder is {@code <out>/<run-id>} with {@code --out}, else
 * {@code devora-output/<workflow-id>/<run-id>}, so the default store sits beside every workflow's folders.
 *
 * <pre>{@code
 * try (RunStore store = RunStores.open(args)) {        // UsageException when the file cannot be used
 *     WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build();
 * }
 * }</pre>
 */
final class RunStores {
    /** The store's file name in the output folder. */
    static final String FILE = "runs.db";
    /** The output folder when {@code --out} is not given. */
    static final Path DEFAULT_OUT = Path.of("devora-output");

    private RunStores() {
    }

    /** The SQLite file the arguments name: {@code --store}, else {@code runs.db} in {@code --out} or {@code devora-output}. */
    static Path file(RunnerArgs a) {
        if (a.store() != null) return a.store().toAbsolutePath().normalize();
        return (a.output() != null ? a.output() : DEFAULT_OUT).resolve(FILE).toAbsolutePath().normalize();
    }

    /** Where a run of a workflow writes its folder: {@code --out}, else {@code devora-output/<workflow-id>}. */
    static Path outputFolder(RunnerArgs a, String workflowId) {
        return a.output() != null ? a.output() : DEFAULT_OUT.resolve(workflowId);
    }

    /**
     * Opens the store the arguments name (an in-memory one with {@code --no-store}).
     *
     * @throws UsageException naming the file and why it cannot be used (a folder, not a database, a newer schema…)
     */
    static RunStore open(RunnerArgs a) {
        if (a.noStore()) return new InMemoryRunStore();
        Path file = file(a);
        String which = a.store() != null ? "--store " + file : "the run store " + file;
        if (Files.isDirectory(file)) throw new UsageException(which + " is a folder, not a SQLite file");
        try {
            return JdbcRunStore.sqlite(file);
        } catch (OrchestrationException | IllegalStateException | IllegalArgumentException e) {
            throw new UsageException(which + " cannot be used: " + e.getMessage()
                    + (a.store() != null ? "" : " (name another file with --store, or run with --no-store)"));
        }
    }

    /** The options that find the run again, e.g. {@code --resume 20261201-205100-3fa9c2 --out out/api}. */
    static String resumeCommand(RunnerArgs a, String runId) {
        StringBuilder sb = new StringBuilder("--resume ").append(runId);
        if (a.output() != null) sb.append(" --out ").append(a.output());
        if (a.store() != null) sb.append(" --store ").append(a.store());
        if (a.fastModel() != null) sb.append(" --fast-model ").append(a.fastModel());
        if (a.smartModel() != null) sb.append(" --smart-model ").append(a.smartModel());
        if (a.offline()) sb.append(" --offline");
        if (!a.approve().isEmpty()) sb.append(" --approve ").append(String.join(",", a.approve()));
        return sb.toString();
    }

    /** The options that record a decision on a waiting run and continue it, as the run was started. */
    static String decideCommand(RunnerArgs a, String runId, String requestId) {
        return resumeCommand(a, runId).replaceFirst("^--resume \\S+", "--decide " + runId + " " + requestId
                + " approve|reject|edit") + " [--feedback TEXT] [--edit-file FILE]";
    }
}
