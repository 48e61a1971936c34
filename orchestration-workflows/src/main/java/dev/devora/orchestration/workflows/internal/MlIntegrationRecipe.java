package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.StateView;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.internal.Schema.array;
import static dev.devora.orchestration.workflows.internal.Schema.bool;
import static dev.devora.orchestration.workflows.internal.Schema.number;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * Workflow 7, ML Model Integration: model preparation (ML engineer packages, data scientist validates, in
 * parallel) → go/no-go (conditional: the data scientist's go and every {@code acceptance_criteria} threshold met by
 * the reported {@code metrics}, checked in Java, and stated in the validation prompt) → if go: inference API design
 * → endpoints → the list of the service's files and operations ({@link ArtefactOutline}) → deployment and ML
 * monitoring in parallel; if no-go: an improvement report.
 *
 * <pre>{@code
 * Workflow w = MlIntegrationRecipe.INSTANCE.build(kit, MlIntegrationRecipe.INSTANCE.input());
 * }</pre>
 */
public final class MlIntegrationRecipe implements Recipe {
    public static final MlIntegrationRecipe INSTANCE = new MlIntegrationRecipe();
    /** The task step listing the service's files and operations for the deployment. */
    static final String OUTLINE = "service-outline";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final InputSpec INPUT = InputSpec.builder()
            .required("model_name", "name of the model")
            .required("model_description", "task, inputs and outputs of the model, e.g. churn classifier on account features")
            .required("framework", "e.g. PyTorch 2.3, scikit-learn 1.5, TensorFlow 2.16")
            .required("metrics", FieldType.OBJECT, "offline evaluation metrics, e.g. {\"auc\": 0.91, \"recall\": 0.78}")
            .field(InputField.optional("acceptance_criteria", FieldType.OBJECT, "minimum value per metric, e.g. {\"auc\": 0.85}"))
            .field(InputField.optional("model_artifact", FieldType.STRING, "where the trained model is").withDefault(NODES.textNode("not specified")))
            .field(InputField.optional("serving", FieldType.STRING, "realtime, batch or streaming").allowing("realtime", "batch", "streaming")
                    .withDefault(NODES.textNode("realtime")))
            .field(InputField.optional("latency_budget_ms", FieldType.INTEGER, "p95 inference latency budget").withDefault(NODES.numberNode(200)))
            .field(InputField.optional("expected_qps", FieldType.INTEGER, "expected requests per second").withDefault(NODES.numberNode(10)))
            .field(InputField.optional("deployment_target", FieldType.STRING, "e.g. kubernetes, sagemaker, vertex ai").withDefault(NODES.textNode("kubernetes")))
            .field(InputField.optional("backend_stack", FieldType.LIST, "stack of the service exposing the model"))
            .build();

    private static final JsonNode PACKAGING = object(
            prop("packaging", string("Markdown: format, dependencies, registry and versioning")),
            prop("serving", string("Markdown: runtime, batching, hardware, concurrency, latency budget")),
            prop("code", Schema.files("pre/post-processing and serving code")));
    private static final JsonNode VALIDATION = object(
            prop("metrics", array(object(prop("name", string("metric")), prop("value", number("reported value")),
                    prop("threshold", number("acceptance threshold")), prop("passed", bool("value meets threshold"))))),
            prop("go", bool("true only when every acceptance criterion is met and no risk forbids production use")),
            prop("risks", strings("limitations, fairness and drift risks")),
            prop("online_test", string("Markdown: shadow/A-B test design with sample size and success criteria")));
    private static final JsonNode MONITORING = object(
            prop("metrics", strings("ML and service metrics collected")),
            prop("drift", string("drift detection method, features and thresholds")),
            prop("alerts", array(object(prop("name", string("alert")), prop("condition", string("metric, threshold and window")),
                    prop("severity", string("page or ticket")), prop("action", string("what to do: investigate, roll back, retrain"))))),
            prop("retraining", string("when and how the model is retrained or rolled back")));

    /**
     * Holds when the data scientist says go and every acceptance criterion is met by the reported metrics: each
     * criterion is a minimum (higher is better), so a metric where lower is better cannot be a criterion.
     */
    public static final Condition READY = Condition.of(
            "data scientist says go and every metric is at or above its acceptance_criteria minimum", MlIntegrationRecipe::ready);

    private MlIntegrationRecipe() {
    }

    static boolean ready(StateView s) {
        if (!s.json("model-validation.go").asBoolean(false)) return false;
        JsonNode criteria = s.input().path("acceptance_criteria");
        JsonNode metrics = s.input().path("metrics");
        for (Map.Entry<String, JsonNode> c : criteria.properties()) {
            JsonNode m = metrics.path(c.getKey());
            if (!m.isNumber() || m.asDouble() < c.getValue().asDouble()) return false;
        }
        return true;
    }

    @Override public String id() { return "ml-model-integration"; }
    @Override public String name() { return "ML Model Integration"; }
    @Override public String description() { return "Validate a trained model, expose it behind an inference API and deploy it with ML monitoring"; }
    @Override public List<SquadId> squads() { return List.of(SquadId.AI_ML, SquadId.BACKEND, SquadId.DEVOPS); }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input).numberMembers("metrics", Double.NEGATIVE_INFINITY, List.of())
                .numberMembers("acceptance_criteria", Double.NEGATIVE_INFINITY, List.of())
                .atLeast("latency_budget_ms", 1).atLeast("expected_qps", 1).nonBlankStrings("backend_stack", false);
        if (input.path("metrics").isObject() && input.path("metrics").isEmpty()) c.problem("input.metrics", "must report at least one metric");
        JsonNode criteria = input.path("acceptance_criteria");
        for (Iterator<String> it = criteria.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (input.path("metrics").isObject() && !input.path("metrics").has(name)) {
                c.problem("input.acceptance_criteria." + name, "has no reported value in input.metrics (metrics: "
                        + iterable(input.path("metrics").fieldNames()) + ")");
            }
        }
        return c.problems();
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> l = new java.util.ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        var preparation = Steps.parallel("preparation",
                Steps.agent("model-packaging", kit.json(Roles.ML_ENGINEER, "model_packaging", PACKAGING)).squad("ai-ml")
                        .prompt(prompts.get("model-packaging")),
                Steps.agent("model-validation", kit.json(Roles.DATA_SCIENTIST, "model_validation", VALIDATION)).squad("ai-ml")
                        .prompt(prompts.get("model-validation")));
        var integration = Steps.sequence("integration",
                Steps.agent("inference-api", kit.json(Roles.API_ARCHITECT, "openapi_document",
                                OutputSchemas.document("openapi", "OpenAPI 3.1 document of the inference API")))
                        .squad("backend").prompt(prompts.get("inference-api")),
                Steps.agent("inference-endpoints", kit.json(Roles.BACKEND_DEVELOPER, "inference_code", OutputSchemas.FILES))
                        .squad("backend").prompt(prompts.get("inference-endpoints")),
                // the deployment deploys the code written above: it gets its files' paths and the API's operations
                ArtefactOutline.step(OUTLINE, List.of("model-packaging.code", "inference-endpoints.files"), List.of("inference-api.openapi")),
                Steps.parallel("deployment",
                        Steps.agent("model-deployment", kit.json(Roles.INFRASTRUCTURE_ENGINEER, "model_deployment", OutputSchemas.FILES))
                                .squad("devops").prompt(prompts.get("model-deployment")),
                        Steps.agent("ml-monitoring", kit.json(Roles.MONITORING_SPECIALIST, "ml_monitoring", MONITORING)).squad("devops")
                                .prompt(prompts.get("ml-monitoring"))));
        var decision = Steps.when("go-no-go", READY, integration)
                .otherwise(Steps.agent("no-go-report", kit.text(Roles.DATA_SCIENTIST)).squad("ai-ml").prompt(prompts.get("no-go-report")));

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(preparation, decision)
                .deliverable("model.packaging", "model-packaging.packaging")
                .deliverable("model.serving", "model-packaging.serving")
                .deliverable("model.code", "model-packaging.code")
                .deliverable("model.validation", "model-validation")
                .deliverable("api.openapi", "inference-api.openapi")
                .deliverable("api.endpoints", "inference-endpoints.files")
                .deliverable("deployment.manifests", "model-deployment.files")
                .deliverable("deployment.monitoring", "ml-monitoring")
                .deliverable("decision.no_go_report", "no-go-report")
                .build();
    }

    @Override
    public String notes() {
        return "Designed for this library. The ML engineer packages the model and designs serving while the data "
                + "scientist validates the metrics (JSON with a go/no-go). The go decision is a gate on metrics checked "
                + "in plain Java too, and its prompt states the checks: the data scientist must say go, and every "
                + "`acceptance_criteria` value is a minimum the reported `metrics` value must reach (higher is better; "
                + "a metric where lower is better, such as RMSE or latency, cannot be a criterion: state it as a risk). "
                + "On go: the API architect designs the inference API (OpenAPI), the backend developer implements it "
                + "under `service/` calling the serving code under `model/`, a task step lists those files and the "
                + "API's operations, then deployment (under `deploy/`, probes on the listed health operations) and ML "
                + "monitoring (drift, prediction distribution, retraining, against the validated metrics) run in "
                + "parallel. On no-go: the data scientist writes an improvement report (`NO-GO.md`) and nothing is "
                + "deployed.";
    }

    @Override
    public String reportNotice() {
        return "The go/no-go rests on the offline metrics given in the input; the online test in `model/validation.json` "
                + "is how to confirm them. The serving code, the inference service and the deployment were written, "
                + "not run.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("model.packaging", "packaging (Markdown)");
        d.put("model.serving", "serving design (Markdown)");
        d.put("model.code", "pre/post-processing and serving code [{path, language, content}]");
        d.put("model.validation", "{metrics: [{name, value, threshold, passed}], go, risks, online_test}");
        d.put("api.openapi", "OpenAPI 3.1 of the inference API (on go)");
        d.put("api.endpoints", "inference service code [{path, language, content}] (on go)");
        d.put("deployment.manifests", "deployment manifests or IaC [{path, language, content}] (on go)");
        d.put("deployment.monitoring", "{metrics, drift, alerts: [{name, condition, severity, action}], retraining} (on go)");
        d.put("decision.no_go_report", "why the model may not ship and what to try (Markdown; on no-go)");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("model.packaging", "model/PACKAGING.md");
        f.put("model.serving", "model/SERVING.md");
        f.put("model.validation", "model/validation.json");
        f.put("api.openapi", "api/openapi.json");
        f.put("deployment.monitoring", "monitoring/ml-monitoring.json");
        f.put("decision.no_go_report", "NO-GO.md");
        return f;
    }
}
