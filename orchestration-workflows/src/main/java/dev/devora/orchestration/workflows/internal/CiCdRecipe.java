package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.gate.GatePolicy;
import dev.devora.orchestration.workflow.AgentStep;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.internal.Schema.array;

import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * Workflow 5, CI/CD Setup: test integration (the automation tester's commands, configuration and test jobs) and the
 * deployment for {@code deployment_target} (conditional: Kubernetes with a Helm chart, ECS, App Engine, Vercel) in
 * parallel → post-deploy checks and automatic rollback → the pipeline in the format of {@code git_provider}
 * (conditional: GitHub Actions, GitLab CI or Bitbucket Pipelines), which integrates the test jobs, the deployment
 * script and the post-deploy checks, and is checked by the {@code pipeline-lint} rule gate whose checks its prompt
 * states ({@link PipelineLint}) → CI/CD guide.
 *
 * <pre>{@code
 * Workflow w = CiCdRecipe.INSTANCE.build(kit, CiCdRecipe.INSTANCE.input());
 * }</pre>
 */
public final class CiCdRecipe implements Recipe {
    public static final CiCdRecipe INSTANCE = new CiCdRecipe();
    public static final String GATE = PipelineLint.GATE;

    private static final InputSpec INPUT = InputSpec.builder()
            .required("repository_url", "repository URL")
            .choice("git_provider", "where the repository lives", "github", "gitlab", "bitbucket")
            .required("tech_stack", FieldType.LIST, "technologies, one string per item")
            .required("environments", FieldType.LIST, "[{name, auto_deploy, requires_approval?}]")
            .required("testing_requirements", FieldType.OBJECT, "{unit_tests, integration_tests, e2e_tests, minimum_coverage}")
            .choice("deployment_target", "where the application runs", "kubernetes", "ecs", "app_engine", "vercel")
            .field(InputField.optional("notifications", FieldType.LIST, "e.g. [\"slack\", \"email\"]; when absent no channel is named"))
            .build();

    private static final JsonNode PIPELINE = object(
            prop("pipeline", string("the complete pipeline file content (YAML)")),
            prop("dockerfile", string("optimised multi-stage Dockerfile")),
            prop("docker_compose", string("docker-compose.yml for local development")),
            prop("stages", strings("stages and gates, one line each")));
    private static final JsonNode TESTING = object(
            prop("test_commands", strings("commands run in CI, in order")),
            prop("config_files", Schema.files("coverage and test-report configuration files, at repository-relative paths")),
            prop("pipeline_changes", string("the test jobs the pipeline includes, as a snippet in the pipeline's format")));
    private static final JsonNode DEPLOYMENT = object(
            prop("manifests", Schema.files("deployment manifests or platform configuration not in the Helm chart, at repository-relative paths")),
            prop("helm_chart", Schema.files("Helm chart files, paths relative to the chart folder (Chart.yaml, values.yaml, "
                    + "templates/*.yaml); empty when not Kubernetes")),
            prop("deployment_script", string("idempotent deployment script")),
            prop("strategy", string("rolling, blue-green or canary, and why, in Markdown")));
    private static final JsonNode MONITORING = object(
            prop("post_deploy_checks", strings("checks run after each deployment")),
            prop("rollback", object(prop("triggers", strings("metric thresholds that roll back automatically")),
                    prop("procedure", string("automatic and manual rollback steps")))),
            prop("alerts", array(object(prop("name", string("alert")), prop("condition", string("query/threshold")),
                    prop("channel", string("notification channel"))))));
    private static final JsonNode DOCS = object(
            prop("cicd_guide", string("CI/CD guide in Markdown")), prop("troubleshooting", string("troubleshooting guide in Markdown")));

    private CiCdRecipe() {
    }

    @Override public String id() { return "cicd-setup"; }
    @Override public String name() { return "CI/CD Setup"; }
    @Override public String description() { return "Set up a complete CI/CD pipeline: build, tests, deployment strategy, monitoring and rollback"; }
    @Override public List<SquadId> squads() { return List.of(SquadId.DEVOPS, SquadId.QA, SquadId.DOCUMENTATION); }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input).nonBlankStrings("tech_stack", true).objectItems("environments", "name")
                .nonBlankStrings("notifications", false);
        if (input.path("environments").isArray() && input.path("environments").isEmpty()) {
            c.problem("input.environments", "must have at least one environment");
        }
        JsonNode envs = input.path("environments");
        for (int i = 0; i < envs.size(); i++) {
            for (String flag : List.of("auto_deploy", "requires_approval")) {
                JsonNode v = envs.get(i).path(flag);
                if (!v.isMissingNode() && !v.isBoolean()) c.problem("input.environments[" + i + "]." + flag, "must be true or false, was " + v);
            }
        }
        JsonNode t = input.path("testing_requirements");
        if (t.isObject()) {
            for (String flag : List.of("unit_tests", "integration_tests", "e2e_tests")) {
                if (t.has(flag) && !t.get(flag).isBoolean()) c.problem("input.testing_requirements." + flag, "must be true or false, was " + t.get(flag));
            }
            JsonNode cov = t.path("minimum_coverage");
            if (!cov.isMissingNode() && (!cov.isNumber() || cov.asDouble() < 0 || cov.asDouble() > 100)) {
                c.problem("input.testing_requirements.minimum_coverage", "must be a number between 0 and 100, was " + cov);
            }
        }
        return c.problems();
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        var testing = Steps.agent("test-integration", kit.json(Roles.AUTOMATION_TESTER, "test_integration", TESTING)).squad("qa")
                .prompt(prompts.get("test-integration"));
        var deployment = Steps.when("deployment", Condition.inputEquals("deployment_target", "kubernetes"),
                        deployStep(kit, prompts, "deploy-kubernetes"))
                .orWhen(Condition.inputEquals("deployment_target", "ecs"), deployStep(kit, prompts, "deploy-ecs"))
                .orWhen(Condition.inputEquals("deployment_target", "app_engine"), deployStep(kit, prompts, "deploy-app-engine"))
                .orWhen(Condition.inputEquals("deployment_target", "vercel"), deployStep(kit, prompts, "deploy-vercel"));
        var monitoring = Steps.agent("monitoring", kit.json(Roles.MONITORING_SPECIALIST, "deploy_monitoring", MONITORING))
                .squad("devops").prompt(prompts.get("monitoring"));

        var design = Steps.when("pipeline", Condition.inputEquals("git_provider", "github"), pipeline(kit, prompts, "pipeline-github"))
                .orWhen(Condition.inputEquals("git_provider", "gitlab"), pipeline(kit, prompts, "pipeline-gitlab"))
                .orWhen(Condition.inputEquals("git_provider", "bitbucket"), pipeline(kit, prompts, "pipeline-bitbucket"));
        var gatedDesign = Steps.gate("pipeline-design", design, PipelineLint.gate()).threshold(kit.config().thresholdOf(GATE))
                .onFailure(GatePolicy.retry(Math.max(0, kit.config().maxIterations() - 1)).thenPartial());

        var docs = Steps.agent("cicd-docs", kit.json(Roles.TECHNICAL_WRITER, "cicd_docs", DOCS)).squad("documentation")
                .prompt(prompts.get("cicd-docs"));

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(Steps.parallel("integration", testing, deployment), monitoring, gatedDesign, docs)
                .deliverable("pipeline_config.github_actions", "pipeline-github.pipeline")
                .deliverable("pipeline_config.gitlab_ci", "pipeline-gitlab.pipeline")
                .deliverable("pipeline_config.bitbucket_pipelines", "pipeline-bitbucket.pipeline")
                .deliverable("pipeline_config.dockerfile", "pipeline.dockerfile")
                .deliverable("pipeline_config.docker_compose", "pipeline.docker_compose")
                .deliverable("testing.config_files", "test-integration.config_files")
                .deliverable("deployment.manifests", "deployment.manifests")
                .deliverable("deployment.helm_chart", "deploy-kubernetes.helm_chart")
                .deliverable("deployment.deployment_script", "deployment.deployment_script")
                .deliverable("deployment.strategy", "deployment.strategy")
                .deliverable("monitoring", "monitoring")
                .deliverable("documentation.cicd_guide", "cicd-docs.cicd_guide")
                .deliverable("documentation.troubleshooting", "cicd-docs.troubleshooting")
                .build();
    }

    private static AgentStep pipeline(AgentKit kit, StepPrompts prompts, String id) {
        return Steps.agent(id, kit.json(Roles.CICD_SPECIALIST, "pipeline_config", PIPELINE)).squad("devops")
                .prompt(PipelineLint.appendTo(prompts.get(id)));
    }

    private static AgentStep deployStep(AgentKit kit, StepPrompts prompts, String id) {
        return Steps.agent(id, kit.json(Roles.CONTAINER_ORCHESTRATOR, "deployment", DEPLOYMENT)).squad("devops").prompt(prompts.get(id));
    }

    @Override
    public String notes() {
        return "Test integration (the automation tester's commands, coverage and report configuration, and the test "
                + "jobs) and the deployment for `deployment_target` run in parallel, as both need only the input; the "
                + "deployment branch writes a Helm chart (`charts/app/`) for Kubernetes, a task definition and service for "
                + "ECS, app.yaml files for App Engine, vercel.json for Vercel, each with an idempotent `deploy.sh`. Monitoring "
                + "then sets post-deploy checks, automatic rollback triggers and alerts. The pipeline, in the format of "
                + "`git_provider`, comes last among the configuration: it includes the tester's test jobs, runs "
                + "`deploy.sh` per environment and the post-deploy checks after it; a rule gate checks it (pipeline "
                + "present, runs tests, no plain-text secret, a blocker), and its prompt states those checks; a failing "
                + "pipeline is redone with the gate's feedback. The technical writer then writes the CI/CD and "
                + "troubleshooting guides.";
    }

    @Override
    public String reportNotice() {
        return "The pipeline was checked by rules (present, runs tests, no plain-text secret), not run: run it on a "
                + "branch and deploy to the first environment before merging; the rollback triggers' thresholds are "
                + "starting points to tune on real traffic.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("pipeline_config.github_actions", ".github/workflows/ci.yml, with the test jobs, deployment and post-deploy checks (when git_provider = github)");
        d.put("pipeline_config.gitlab_ci", ".gitlab-ci.yml (when git_provider = gitlab)");
        d.put("pipeline_config.bitbucket_pipelines", "bitbucket-pipelines.yml (when git_provider = bitbucket)");
        d.put("pipeline_config.dockerfile", "Dockerfile");
        d.put("pipeline_config.docker_compose", "docker-compose.yml");
        d.put("testing.config_files", "coverage and test-report configuration [{path, language, content}]");
        d.put("deployment.manifests", "manifests or platform configuration for the target, not in the Helm chart [{path, language, content}]");
        d.put("deployment.helm_chart", "Helm chart files under charts/app/ [{path, language, content}] (Kubernetes only)");
        d.put("deployment.deployment_script", "deploy.sh (text)");
        d.put("deployment.strategy", "rollout strategy and rationale (Markdown)");
        d.put("monitoring", "{post_deploy_checks, rollback: {triggers, procedure}, alerts}");
        d.put("documentation.cicd_guide", "CI/CD guide (Markdown)");
        d.put("documentation.troubleshooting", "troubleshooting guide (Markdown)");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("pipeline_config.github_actions", ".github/workflows/ci.yml");
        f.put("pipeline_config.gitlab_ci", ".gitlab-ci.yml");
        f.put("pipeline_config.bitbucket_pipelines", "bitbucket-pipelines.yml");
        f.put("pipeline_config.dockerfile", "Dockerfile");
        f.put("pipeline_config.docker_compose", "docker-compose.yml");
        f.put("deployment.helm_chart", "charts/app/");
        f.put("deployment.deployment_script", "deploy.sh");
        f.put("deployment.strategy", "docs/DEPLOYMENT.md");
        f.put("monitoring", "monitoring/post-deploy.json");
        f.put("documentation.cicd_guide", "docs/CICD.md");
        f.put("documentation.troubleshooting", "docs/TROUBLESHOOTING.md");
        return f;
    }
}
