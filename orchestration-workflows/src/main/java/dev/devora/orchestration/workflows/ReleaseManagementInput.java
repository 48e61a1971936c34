package dev.devora.orchestration.workflows;

import java.util.List;

/**
 * Input of Release Management (an engineering-operations workflow, run on a repository, with a dry-run mode).
 *
 * <pre>{@code
 * var input = new ReleaseManagementInput("/src/shop", "1.4.0", "1.3.2", List.of("staging", "production"),
 *         "2026-12-02", true);
 * }</pre>
 *
 * @param workspace       the repository to release: an existing directory, read-only unless the caller opts into
 *     writing (JSON {@code workspace}, required)
 * @param version         the version to release, semantic versioning (e.g. 1.4.0, 2.0.0-rc.1), without a leading v
 *     (JSON {@code version}, required)
 * @param previousVersion the last released version, semantic versioning; must be lower than {@code version} (JSON
 *     {@code previous_version}, optional; null: read from the repository)
 * @param environments    the environments to release through, in order; the last one is production (JSON
 *     {@code environments}, optional; null gives {@code staging, production})
 * @param releaseDate     the date of the changelog entry, YYYY-MM-DD (JSON {@code release_date}, optional; null: the
 *     run's date, UTC)
 * @param dryRun          true: validate the release and write nothing, skipping the approval and the production
 *     phase; false: ask for the approval, then release (JSON {@code dry_run}, optional; null gives {@code true})
 */
public record ReleaseManagementInput(String workspace, String version, String previousVersion, List<String> environments,
                                     String releaseDate, Boolean dryRun) implements WorkflowInput {
    @Override
    public String workflowId() {
        return "release-management";
    }
}
