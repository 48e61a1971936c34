package dev.devora.orchestration.workflows;

import java.util.List;

/**
 * Input of Migration (an engineering-operations workflow, run on a repository, with a dry-run mode).
 *
 * <pre>{@code
 * var input = new MigrationInput("/src/shop", MigrationInput.Kind.DATABASE, "PostgreSQL 12", "PostgreSQL 16",
 *         true, "5 minutes", List.of("no data loss"));
 * }</pre>
 *
 * @param workspace   the repository to migrate: an existing directory, read-only unless the caller opts into writing
 *     (JSON {@code workspace}, required)
 * @param kind        what is migrated; it picks the squad that does the work (JSON {@code kind}, required)
 * @param from        what runs today, e.g. PostgreSQL 12 (JSON {@code from}, required)
 * @param to          the migration's target, e.g. PostgreSQL 16 (JSON {@code to}, required; must differ from
 *     {@code from})
 * @param dryRun      true: plan, validate and write nothing; false: apply the validated change (JSON
 *     {@code dry_run}, optional; null gives {@code true})
 * @param maxDowntime the longest acceptable downtime, e.g. zero, 5 minutes (JSON {@code max_downtime}, optional;
 *     null gives {@code not given})
 * @param constraints other constraints, e.g. no data loss (JSON {@code constraints}, optional; null leaves its line
 *     out of the prompts)
 */
public record MigrationInput(String workspace, Kind kind, String from, String to, Boolean dryRun, String maxDowntime,
                             List<String> constraints) implements WorkflowInput {
    /**
     * What a migration changes, and so which squad does its work.
     *
     * <pre>{@code
     * MigrationInput.Kind k = MigrationInput.Kind.FRAMEWORK;
     * }</pre>
     */
    public enum Kind {
        /** A database engine, version or schema: the data squad (database engineer, database architect). */
        DATABASE,
        /** A framework or library version: the backend developer. */
        FRAMEWORK,
        /** A hosting platform, orchestrator or cloud: the infrastructure engineer (DevOps). */
        INFRASTRUCTURE
    }

    @Override
    public String workflowId() {
        return "migration";
    }
}
