package dev.devora.orchestration.workflows;


import java.util.List;

/**
 * Input of CI/CD Setup (fields listed in docs/workflows.md).
 *
 * <pre>{@code
 * var input = new CiCdInput("https://github.com/acme/app", CiCdInput.GitProvider.GITHUB, List.of("Python"),
 *         List.of(new CiCdInput.Environment("dev", true, null), new CiCdInput.Environment("production", false, true)),
 *         new CiCdInput.Testing(true, true, false, 80.0), CiCdInput.Target.KUBERNETES, List.of("slack"));
 * }</pre>
 *
 * @param repositoryUrl       repository URL (JSON {@code repository_url}, required)
 * @param gitProvider         where the repository lives (JSON {@code git_provider}, required; one of github, gitlab,
 *     bitbucket)
 * @param techStack           technologies, one string per item (JSON {@code tech_stack}, required)
 * @param environments        [{name, auto_deploy, requires_approval?}] (JSON {@code environments}, required)
 * @param testingRequirements {unit_tests, integration_tests, e2e_tests, minimum_coverage} (JSON
 *     {@code testing_requirements}, required)
 * @param deploymentTarget    where the application runs (JSON {@code deployment_target}, required; one of kubernetes,
 *     ecs, app_engine, vercel)
 * @param notifications       e.g. ["slack", "email"] (JSON {@code notifications}, optional; null names no channel)
 */
public record CiCdInput(String repositoryUrl, GitProvider gitProvider, List<String> techStack,
                        List<Environment> environments, Testing testingRequirements, Target deploymentTarget,
                        List<String> notifications) implements WorkflowInput {
    @Override
    public String workflowId() {
        return "cicd-setup";
    }

    /** Where the repository lives. */
    public enum GitProvider { /** GitHub. */ GITHUB, /** GitLab. */ GITLAB, /** Bitbucket. */ BITBUCKET }

    /** Where the application runs. */
    public enum Target {
        /** A Kubernetes cluster. */ KUBERNETES, /** AWS ECS. */ ECS, /** Google App Engine. */ APP_ENGINE,
        /** Vercel. */ VERCEL }

    /**
     * An environment and its deployment rules.
     *
     * @param name             the environment's name, e.g. {@code production}
     * @param autoDeploy       whether it deploys on every merge without a manual trigger
     * @param requiresApproval whether a deployment waits for a manual approval; may be null (no)
     */
    public record Environment(String name, Boolean autoDeploy, Boolean requiresApproval) {
    }

    /**
     * Which tests run and the coverage floor (percent).
     *
     * @param unitTests        whether unit tests run
     * @param integrationTests whether integration tests run
     * @param e2eTests         whether end-to-end tests run
     * @param minimumCoverage  the coverage floor in percent, e.g. 80.0; may be null
     */
    public record Testing(Boolean unitTests, Boolean integrationTests, Boolean e2eTests, Double minimumCoverage) {
    }
}
