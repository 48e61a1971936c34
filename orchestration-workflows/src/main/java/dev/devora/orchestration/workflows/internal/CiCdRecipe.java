package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.gate.GatePolicy;
import dev.devora.orchestration.gate.QualityGates;
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
import java.util.regex.Pattern;

import static dev.devora.orchestration.workflows.internal.Schema.array;

import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * Workflow 5, CI/CD Setup: pipeline design in the format of {@code git_provider} (conditional: GitHub Actions,
 * GitLab CI or Bitbucket Pipelines; checked by a rule gate for a test stage and no plain-text secret) → test
 * integration and the deployment strategy for {@code deployment_target} (conditional: Kubernetes, ECS, App Engine,
 * Vercel) in parallel, as both only need the pipeline → post-deploy monitoring and automatic rollback → CI/CD guide.
 *
 * <pre>{@code
 * Workflow w = CiCdRecipe.INSTANCE.build(kit, CiCdRecipe.INSTANCE.input());
 * }</pre>
 */
public final class CiCdRecipe implements Recipe {
    public static final CiCdRecipe INSTANCE = new CiCdRecipe();
    public static final String GATE = "pipeline-lint";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern SECRET = Pattern.compile(
            "(?i)(password|passwd|secret|api[_-]?key|token)\\s*[:=]\\s*['\"]?(?!\\$|\\{\\{)[A-Za-z0-9/+_-]{12,}");

    private static final InputSpec INPUT = InputSpec.builder()
            .required("repository_url", "repository URL")
            .choice("git_provider", "where the repository lives", "github", "gitlab", "bitbucket")
            .required("tech_stack", FieldType.LIST, "technologies, one string per item")
            .required("environments", FieldType.LIST, "[{name, auto_deploy, requires_approval?}]")
            .required("testing_requirements", FieldType.OBJECT, "{unit_tests, integration_tests, e2e_tests, minimum_coverage}")
            .choice("deployment_target", "where the application runs", "kubernetes", "ecs", "app_engine", "vercel")
            .field(InputField.optional("notifications", FieldType.LIST, "e.g. [\"slack\", \"email\"]").withDefault(NODES.arrayNode()))
            .build();

    private static final JsonNode PIPELINE = object(
            prop("pipeline", string("the complete pipeline file content")),
            prop("dockerfile", string("optimised multi-stage Dockerfile")),
            prop("docker_compose", string("docker-compose.yml for local development")),
            prop("stages", strings("stages and gates, one line each")));
    private static final JsonNode TESTING = object(
            prop("test_commands", strings("commands run in CI, in order")),
            prop("coverage_config", string("coverage tool configuration enforcing the minimum")),
            prop("test_reports", string("test reporting configuration (JUnit XML, coverage upload, PR annotations)")),
            prop("pipeline_changes", string("the test jobs to add to the pipeline, as a snippet")));
    private static final JsonNode DEPLOYMENT = object(
            prop("manifests", Schema.files("deployment manifests or platform configuration")),
            prop("helm_chart", string("Helm chart (Chart.yaml, values.yaml, templates) as one text, or empty when not Kubernetes")),
            prop("deployment_script", string("idempotent deployment script")),
            prop("strategy", string("rolling, blue-green or canary, and why")));
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
        var design = Steps.when("pipeline", Condition.inputEquals("git_provider", "github"), pipeline(kit, prompts, "pipeline-github"))
                .orWhen(Condition.inputEquals("git_provider", "gitlab"), pipeline(kit, prompts, "pipeline-gitlab"))
                .orWhen(Condition.inputEquals("git_provider", "bitbucket"), pipeline(kit, prompts, "pipeline-bitbucket"));
        var lint = QualityGates.rules(GATE)
                .check("pipeline file is not empty", in -> in.json() != null && !in.json().path("pipeline").asText("").isBlank())
                .check("pipeline runs tests", in -> in.json() != null && in.json().path("pipeline").asText("").toLowerCase().contains("test"))
                .blocker("no plain-text secret", in -> !SECRET.matcher(in.text()).find())
                .build();
        var gatedDesign = Steps.gate("pipeline-design", design, lint).threshold(kit.config().thresholdOf(GATE))
                .onFailure(GatePolicy.retry(Math.max(0, kit.config().maxIterations() - 1)).thenPartial());

        var testing = Steps.agent("test-integration", kit.json(Roles.AUTOMATION_TESTER, "test_integration", TESTING)).squad("qa")
                .prompt(prompts.get("test-integration"));

        var deployment = Steps.when("deployment", Condition.inputEquals("deployment_target", "kubernetes"),
                        deployStep(kit, prompts, "deploy-kubernetes"))
                .orWhen(Condition.inputEquals("deployment_target", "ecs"),
                        deployStep(kit, prompts, "deploy-ecs"))
                .orWhen(Condition.inputEquals("deployment_target", "app_engine"),
                        deployStep(kit, prompts, "deploy-app-engine"))
                .orWhen(Condition.inputEquals("deployment_target", "vercel"),
                        deployStep(kit, prompts, "deploy-vercel"));

        var monitoring = Steps.agent("monitoring", kit.json(Roles.MONITORING_SPECIALIST, "deploy_monitoring", MONITORING))
                .squad("devops").prompt(prompts.get("monitoring"));
        var docs = Steps.agent("cicd-docs", kit.json(Roles.TECHNICAL_WRITER, "cicd_docs", DOCS)).squad("documentation")
                .prompt(prompts.get("cicd-docs"));

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(gatedDesign, Steps.parallel("integration", testing, deployment), monitoring, docs)
                .deliverable("pipeline_config.github_actions", "pipeline-github.pipeline")
                .deliverable("pipeline_config.gitlab_ci", "pipeline-gitlab.pipeline")
                .deliverable("pipeline_config.bitbucket_pipelines", "pipeline-bitbucket.pipeline")
                .deliverable("pipeline_config.dockerfile", "pipeline.dockerfile")
                .deliverable("pipeline_config.docker_compose", "pipeline.docker_compose")
                .deliverable("pipeline_config.stages", "pipeline.stages")
                .deliverable("testing.test_commands", "test-integration.test_commands")
                .deliverable("testing.coverage_config", "test-integration.coverage_config")
                .deliverable("testing.test_reports", "test-integration.test_reports")
                .deliverable("testing.pipeline_changes", "test-integration.pipeline_changes")
                .deliverable("deployment.kubernetes", "deploy-kubernetes.manifests")
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
                .prompt(prompts.get(id));
    }

    private static AgentStep deployStep(AgentKit kit, StepPrompts prompts, String id) {
        return Steps.agent(id, kit.json(Roles.CONTAINER_ORCHESTRATOR, "deployment", DEPLOYMENT)).squad("devops").prompt(prompts.get(id));
    }

    @Override
    public String notes() {
        return "The pipeline is written in the format of `git_provider` (one conditional branch per provider) and "
                + "checked by a rule gate (pipeline present, has tests, no plain-text secret, a blocker); a failing "
                + "pipeline is redone with the gate's feedback. Test integration and the deployment strategy then run "
                + "in parallel, as both only need the pipeline; the deployment branch follows `deployment_target` "
                + "(Kubernetes manifests and Helm chart, ECS task definition, App Engine app.yaml, Vercel "
                + "configuration). Monitoring sets post-deploy checks and automatic rollback triggers; the technical "
                + "writer writes the CI/CD and troubleshooting guides.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("pipeline_config.github_actions", ".github/workflows/ci.yml (when git_provider = github)");
        d.put("pipeline_config.gitlab_ci", ".gitlab-ci.yml (when git_provider = gitlab)");
        d.put("pipeline_config.bitbucket_pipelines", "bitbucket-pipelines.yml (when git_provider = bitbucket)");
        d.put("pipeline_config.dockerfile", "Dockerfile");
        d.put("pipeline_config.docker_compose", "docker-compose.yml");
        d.put("pipeline_config.stages", "[stage description]");
        d.put("testing.test_commands", "[command]");
        d.put("testing.coverage_config", "coverage configuration (text)");
        d.put("testing.test_reports", "reporting configuration (text)");
        d.put("testing.pipeline_changes", "test jobs snippet (text)");
        d.put("deployment.kubernetes", "Kubernetes manifests [{path, language, content}] (when deployment_target = kubernetes)");
        d.put("deployment.manifests", "manifests or platform configuration for the target [{path, language, content}]");
        d.put("deployment.helm_chart", "Helm chart (text, Kubernetes only)");
        d.put("deployment.deployment_script", "deployment script (text)");
        d.put("deployment.strategy", "rollout strategy and rationale (text)");
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
        f.put("deployment.deployment_script", "deploy.sh");
        f.put("documentation.cicd_guide", "docs/CICD.md");
        f.put("documentation.troubleshooting", "docs/TROUBLESHOOTING.md");
        return f;
    }
}
