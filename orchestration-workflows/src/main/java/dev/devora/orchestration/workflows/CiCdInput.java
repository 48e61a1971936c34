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
 */
public record CiCdInput(String repositoryUrl, GitProvider gitProvider, List<String> techStack,
                        List<Environment> environments, Testing testingRequirements, Target deploymentTarget,
                        List<String> notifications) implements WorkflowInput {
    @Override
    public String workflowId() {
        return "cicd-setup";
    }

    /** Where the repository lives. */
    public enum GitProvider { GITHUB, GITLAB, BITBUCKET }

    /** Where the application runs. */
    public enum Target { KUBERNETES, ECS, APP_ENGINE, VERCEL }

    /** An environment and its deployment rules. */
    public record Environment(String name, Boolean autoDeploy, Boolean requiresApproval) {
    }

    /** Which tests run and the coverage floor (percent). */
    public record Testing(Boolean unitTests, Boolean integrationTests, Boolean e2eTests, Double minimumCoverage) {
    }
}
