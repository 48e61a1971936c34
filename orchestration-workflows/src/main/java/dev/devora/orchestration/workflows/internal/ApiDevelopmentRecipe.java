package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.ValidationProblem;
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

import static dev.devora.orchestration.workflows.internal.Schema.anyObject;
import static dev.devora.orchestration.workflows.internal.Schema.array;

import static dev.devora.orchestration.workflows.internal.Schema.number;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;

/**
 * Workflow 2, API Development: requirements (product manager and business analyst in parallel) → design branching
 * on {@code api_type} (REST → OpenAPI 3.1, GraphQL → SDL) → implementation (backend developer and database
 * engineer in parallel) → documentation, tests and load tests in parallel → QA validation loop (QA lead gate,
 * backend fixes on failure).
 *
 * <pre>{@code
 * Workflow w = ApiDevelopmentRecipe.INSTANCE.build(kit, ApiDevelopmentRecipe.INSTANCE.input());
 * }</pre>
 */
public final class ApiDevelopmentRecipe implements Recipe {
    public static final ApiDevelopmentRecipe INSTANCE = new ApiDevelopmentRecipe();
    public static final String GATE = "qa-api-release";

    private static final InputSpec INPUT = InputSpec.builder()
            .required("api_name", "name of the API")
            .required("description", "what the API is for")
            .choice("api_type", "API style", "rest", "graphql")
            .choice("auth_type", "authentication scheme", "jwt", "oauth2", "api_key")
            .required("versioning", FieldType.BOOLEAN, "whether the API is versioned (URL prefix /v1)")
            .required("requirements", FieldType.LIST, "required capabilities/endpoints, one string per item")
            .required("data_models", FieldType.LIST, "data models: [{name, fields: {field: type}}]")
            .field(InputField.optional("rate_limits", FieldType.OBJECT, "requests per minute by client tier, e.g. {\"anonymous\": 100}")
                    .withDefault(JsonNodeFactory.instance.objectNode()))
            .required("target_qps", FieldType.INTEGER, "target queries per second")
            .build();

    private static final JsonNode REQUIREMENTS_USE_CASES = object(
            prop("use_cases", array(object(
                    prop("name", string("use case")), prop("actor", string("API consumer")),
                    prop("flow", string("calls made, in order")), prop("outcome", string("measurable outcome"))))),
            prop("metrics", array(object(
                    prop("name", string("API metric, e.g. p95 latency, error rate, adoption")),
                    prop("formula", string("how it is computed")), prop("target", string("target"))))));

    private static final JsonNode IMPLEMENTATION = object(
            prop("endpoints", Schema.files("route handlers / resolvers")),
            prop("schemas", Schema.files("validation schemas derived from the contract")),
            prop("middleware", Schema.files("auth, CORS, rate limiting, error handling")),
            prop("tests", Schema.files("unit tests of the handlers")));

    private static final JsonNode DOCUMENTATION = object(
            prop("readme", string("API README in Markdown")),
            prop("getting_started", string("Getting Started guide in Markdown")),
            prop("authentication", string("Authentication guide in Markdown")),
            prop("examples", array(object(
                    prop("title", string("what the example shows")), prop("request", string("complete request, e.g. curl")),
                    prop("response", string("the response body"))))),
            prop("changelog", string("CHANGELOG.md in Keep a Changelog format")));

    private static final JsonNode TESTS = object(
            prop("test_suite", string("automated API test suite source (one file, or several separated by path comments)")),
            prop("coverage", number("estimated percentage of operations and error statuses covered (0-100)")),
            prop("postman_collection", anyObject("a Postman collection v2.1 covering every operation")));

    private ApiDevelopmentRecipe() {
    }

    @Override public String id() { return "api-development"; }
    @Override public String name() { return "API Development"; }
    @Override public String description() {
        return "Design and build a REST or GraphQL API with its contract, implementation, documentation and tests";
    }
    @Override public List<SquadId> squads() {
        return List.of(SquadId.BUSINESS, SquadId.BACKEND, SquadId.DOCUMENTATION, SquadId.QA);
    }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input);
        c.nonBlankStrings("requirements", true).objectItems("data_models", "name").numberMembers("rate_limits", 0, List.of())
                .atLeast("target_qps", 1);
        JsonNode models = input.path("data_models");
        for (int i = 0; i < models.size(); i++) {
            if (!models.get(i).isObject()) continue; // reported by objectItems
            String path = "input.data_models[" + i + "].fields";
            JsonNode fields = models.get(i).path("fields");
            if (fields.isMissingNode() || fields.isNull()) {
                c.problem(path, "is required (an object of field name → type)");
            } else if (!fields.isObject()) {
                c.problem(path, "must be an object of field name → type, was " + InputChecks.shown(fields));
            } else {
                for (Map.Entry<String, JsonNode> f : fields.properties()) {
                    if (!f.getValue().isTextual() || f.getValue().asText().isBlank()) {
                        c.problem(path + "." + f.getKey(), "must be a type name (a non-blank string), was " + InputChecks.shown(f.getValue()));
                    }
                }
            }
        }
        return c.problems();
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        var requirements = Steps.parallel("requirements",
                Steps.agent("api-requirements", kit.text(Roles.PRODUCT_MANAGER)).squad("business").prompt(prompts.get("api-requirements")),
                Steps.agent("use-cases", kit.json(Roles.BUSINESS_ANALYST, "api_use_cases", REQUIREMENTS_USE_CASES))
                        .squad("business").prompt(prompts.get("use-cases")));

        var design = Steps.when("design", Condition.inputEquals("api_type", "rest"),
                        Steps.agent("openapi", kit.json(Roles.API_ARCHITECT, "openapi_document",
                                        OutputSchemas.document("openapi", "the complete OpenAPI 3.1 document as a JSON object")))
                                .squad("backend").prompt(prompts.get("openapi")))
                .otherwise(Steps.agent("graphql-schema", kit.text(Roles.API_ARCHITECT)).squad("backend").prompt(prompts.get("graphql-schema")));

        var implementation = Steps.parallel("implementation",
                Steps.agent("endpoints", kit.json(Roles.BACKEND_DEVELOPER, "api_implementation", IMPLEMENTATION))
                        .squad("backend").prompt(prompts.get("endpoints")),
                Steps.agent("query-optimization", kit.text(Roles.DATABASE_ENGINEER)).squad("backend").prompt(prompts.get("query-optimization")));

        var finishing = Steps.parallel("docs-and-tests",
                Steps.agent("documentation", kit.json(Roles.TECHNICAL_WRITER, "api_documentation", DOCUMENTATION))
                        .squad("documentation").prompt(prompts.get("documentation")),
                Steps.agent("api-tests", kit.json(Roles.AUTOMATION_TESTER, "api_tests", TESTS)).squad("qa").prompt(prompts.get("api-tests")),
                Steps.agent("load-tests", kit.text(Roles.LOAD_TESTER)).squad("qa").prompt(prompts.get("load-tests")));

        var fixes = Steps.agent("api-fixes", kit.text(Roles.BACKEND_DEVELOPER)).squad("backend").prompt(prompts.get("api-fixes"));
        var review = Steps.agent("qa-review", kit.json(Roles.QA_LEAD, "release_review", OutputSchemas.review(Rubric.of(GATE)))).squad("qa")
                .prompt(prompts.get("qa-review"));

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .step(requirements).step(design).step(implementation).step(finishing)
                .step(ReviewLoop.of("qa-validation", GATE, Rubric.of(GATE), fixes, review, kit.config()))
                .deliverable("api_specification.openapi", "openapi.openapi")
                .deliverable("api_specification.graphql_schema", "graphql-schema")
                .deliverable("api_specification.postman_collection", "api-tests.postman_collection")
                .deliverable("implementation.endpoints", "endpoints.endpoints")
                .deliverable("implementation.schemas", "endpoints.schemas")
                .deliverable("implementation.middleware", "endpoints.middleware")
                .deliverable("implementation.tests", "endpoints.tests")
                .deliverable("implementation.query_optimizations", "query-optimization")
                .deliverable("implementation.fixes", "api-fixes")
                .deliverable("documentation.readme", "documentation.readme")
                .deliverable("documentation.getting_started", "documentation.getting_started")
                .deliverable("documentation.authentication", "documentation.authentication")
                .deliverable("documentation.examples", "documentation.examples")
                .deliverable("documentation.changelog", "documentation.changelog")
                .deliverable("testing.test_suite", "api-tests.test_suite")
                .deliverable("testing.load_tests", "load-tests")
                .deliverable("testing.coverage", "api-tests.coverage")
                .deliverable("requirements.document", "api-requirements")
                .deliverable("requirements.use_cases", "use-cases.use_cases")
                .deliverable("requirements.metrics", "use-cases.metrics")
                .deliverable("qa.review", "qa-review")
                .build();
    }

    @Override
    public String notes() {
        return "The requirements (product manager) and use cases/metrics (business analyst) are written in parallel. "
                + "The design branches on `api_type`: REST → an OpenAPI 3.1 document returned as a "
                + "JSON object; GraphQL → an SDL. The backend developer implements against the contract while the "
                + "database engineer designs indexes and queries; then documentation (technical writer), API tests with "
                + "a Postman collection (automation tester) and k6 load tests (load tester) run in parallel. The QA "
                + "lead validates the whole release; a failed verdict goes back to the backend developer with its "
                + "feedback (bounded loop).";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("api_specification.openapi", "OpenAPI 3.1 document (JSON object); REST only");
        d.put("api_specification.graphql_schema", "GraphQL SDL and notes (Markdown); GraphQL only");
        d.put("api_specification.postman_collection", "Postman collection v2.1 (JSON object)");
        d.put("implementation.endpoints", "route handlers: [{path, language, content}]");
        d.put("implementation.schemas", "validation schemas: [{path, language, content}]");
        d.put("implementation.middleware", "auth, CORS, rate limiting, errors: [{path, language, content}]");
        d.put("implementation.tests", "unit tests: [{path, language, content}]");
        d.put("implementation.query_optimizations", "indexes and queries (Markdown)");
        d.put("implementation.fixes", "fixes made after a failed QA review (Markdown); only when a review failed");
        d.put("documentation.readme", "API README (Markdown)");
        d.put("documentation.getting_started", "Getting Started guide (Markdown)");
        d.put("documentation.authentication", "Authentication guide (Markdown)");
        d.put("documentation.examples", "[{title, request, response}]");
        d.put("documentation.changelog", "CHANGELOG.md (Markdown)");
        d.put("testing.test_suite", "automated API tests (source)");
        d.put("testing.load_tests", "k6 scripts and scenarios (Markdown with code)");
        d.put("testing.coverage", "estimated coverage (number, %)");
        d.put("requirements.document", "API requirements (Markdown)");
        d.put("requirements.use_cases", "[{name, actor, flow, outcome}]");
        d.put("requirements.metrics", "[{name, formula, target}]");
        d.put("qa.review", "the QA lead's last verdict {score, approved, blockers, issues, feedback}");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("api_specification.openapi", "openapi.json");
        f.put("api_specification.graphql_schema", "schema.graphql.md");
        f.put("api_specification.postman_collection", "postman_collection.json");
        f.put("documentation.readme", "API_README.md");
        f.put("documentation.getting_started", "docs/GETTING_STARTED.md");
        f.put("documentation.authentication", "docs/AUTHENTICATION.md");
        f.put("documentation.changelog", "CHANGELOG.md");
        f.put("testing.load_tests", "load-tests/LOAD_TESTS.md");
        return f;
    }
}
