package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * Workflow 2, API Development: requirements (product manager and business analyst in parallel) → design branching
 * on {@code api_type} (REST → OpenAPI 3.1, GraphQL → SDL) → in parallel: the data layer then the implementation
 * (database engineer, then backend developer, on the {@code tech_stack}), documentation, API tests and k6 load tests
 * (all from the contract) → QA validation loop: the QA lead judges the contract, migrations, implementation, tests
 * and documentation against the {@code qa-api-release} rubric; after a failed review the backend developer and the
 * database engineer return complete replacements of the implementation and of the data layer, which the next round
 * and the deliverables read.
 *
 * <pre>{@code
 * Workflow w = ApiDevelopmentRecipe.INSTANCE.build(kit, ApiDevelopmentRecipe.INSTANCE.input());
 * }</pre>
 */
public final class ApiDevelopmentRecipe implements Recipe {
    public static final ApiDevelopmentRecipe INSTANCE = new ApiDevelopmentRecipe();
    public static final String GATE = "qa-api-release";
    /** The stack built on when the input names none. */
    public static final List<String> DEFAULT_STACK = List.of("Python 3.12", "FastAPI", "PostgreSQL 16", "pytest");

    private static final InputSpec INPUT = InputSpec.builder()
            .required("api_name", "name of the API")
            .required("description", "what the API is for")
            .choice("api_type", "API style", "rest", "graphql")
            .choice("auth_type", "authentication scheme", "jwt", "oauth2", "api_key")
            .required("versioning", FieldType.BOOLEAN, "whether the API is versioned (URL prefix /v1)")
            .required("requirements", FieldType.LIST, "required capabilities/endpoints, one string per item")
            .required("data_models", FieldType.LIST, "data models: [{name, fields: {field: type}}]")
            .field(InputField.optional("rate_limits", FieldType.OBJECT,
                    "requests per minute by client tier, e.g. {\"anonymous\": 100}; when absent the prompts state no limits"))
            .required("target_qps", FieldType.INTEGER, "target queries per second")
            .field(InputField.optional("tech_stack", FieldType.LIST,
                            "language, framework, database and test tool to build on, one string per item")
                    .withDefault(stack()))
            .build();

    private static final JsonNode REQUIREMENTS_USE_CASES = object(
            prop("use_cases", array(object(
                    prop("name", string("use case")), prop("actor", string("API consumer")),
                    prop("flow", string("calls made, in order")), prop("outcome", string("measurable outcome"))))),
            prop("metrics", array(object(
                    prop("name", string("API metric, e.g. p95 latency, error rate, adoption")),
                    prop("formula", string("how it is computed")), prop("target", string("target"))))));

    private static final JsonNode GRAPHQL = object(
            prop("sdl", string("the complete GraphQL SDL (schema.graphql), no Markdown fences")),
            prop("notes", string("design notes in Markdown: auth, pagination, errors, rate limiting")));

    /** The database engineer's data layer; carried through the QA loop (its rework returns this schema). */
    static final JsonNode DATA_LAYER = object(
            prop("migrations", strings("SQL migrations in the order they apply, one complete file per item "
                    + "(tables, keys, constraints, indexes of every data model), no Markdown fences")),
            prop("query_plan", string("Markdown: the access path of each operation, the indexes and why, the queries "
                    + "of the collection and lookup operations, pooling and caching for the target load")));

    /** The backend developer's implementation; carried through the QA loop (its rework returns this schema). */
    static final JsonNode IMPLEMENTATION = object(
            prop("endpoints", Schema.files("route handlers / resolvers and the application entry point")),
            prop("schemas", Schema.files("validation schemas and data access derived from the contract and the migrations")),
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
            prop("files", Schema.files("the automated API test suite, at repository-relative paths")),
            prop("coverage", object(
                    prop("run_command", string("the one command that runs the suite")),
                    prop("operations", array(object(
                            prop("operation", string("operation, e.g. POST /v1/tasks or Mutation.createTask")),
                            prop("cases", strings("the cases tested: success status and each error status"))))))),
            prop("postman_collection", anyObject("a Postman collection v2.1 covering every operation")));

    private static final JsonNode LOAD_TESTS = object(
            prop("scripts", Schema.files("k6 scripts (JavaScript), one per scenario, e.g. load-tests/smoke.js")),
            prop("plan", string("Markdown: the scenarios table (scenario, arrival rate or VUs, duration, thresholds) and how to run them")));

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
                .atLeast("target_qps", 1)
                .nonBlankStrings("tech_stack", true);
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
                .otherwise(Steps.agent("graphql-schema", kit.json(Roles.API_ARCHITECT, "graphql_schema", GRAPHQL))
                        .squad("backend").prompt(prompts.get("graphql-schema")));

        var build = Steps.parallel("build",
                Steps.sequence("data-and-code",
                        Steps.agent("data-layer", kit.json(Roles.DATABASE_ENGINEER, "data_layer", DATA_LAYER))
                                .squad("backend").prompt(prompts.get("data-layer")),
                        Steps.agent("endpoints", kit.json(Roles.BACKEND_DEVELOPER, "api_implementation", IMPLEMENTATION))
                                .squad("backend").prompt(prompts.get("endpoints"))),
                Steps.agent("documentation", kit.json(Roles.TECHNICAL_WRITER, "api_documentation", DOCUMENTATION))
                        .squad("documentation").prompt(prompts.get("documentation")),
                Steps.agent("api-tests", kit.json(Roles.AUTOMATION_TESTER, "api_tests", TESTS)).squad("qa").prompt(prompts.get("api-tests")),
                Steps.agent("load-tests", kit.json(Roles.LOAD_TESTER, "load_tests", LOAD_TESTS)).squad("qa").prompt(prompts.get("load-tests")));

        var dataFixes = Steps.agent("data-fixes", kit.json(Roles.DATABASE_ENGINEER, "data_layer", DATA_LAYER))
                .squad("backend").prompt(prompts.get("data-fixes"));
        var apiFixes = Steps.agent("api-fixes", kit.json(Roles.BACKEND_DEVELOPER, "api_implementation", IMPLEMENTATION))
                .squad("backend").prompt(prompts.get("api-fixes"));
        var review = Steps.agent("qa-review", kit.json(Roles.QA_LEAD, "release_review", OutputSchemas.review(Rubric.of(GATE)))).squad("qa")
                .prompt(prompts.get("qa-review"));
        var validation = ReviewLoop.builder("qa-validation", GATE, Rubric.of(GATE), kit.config())
                .carry("database", "data-layer", dataFixes)
                .carry("implementation", "endpoints", apiFixes)
                .review(review)
                .build();

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .step(requirements).step(design).step(build).step(validation)
                .deliverable("api_specification.openapi", "openapi.openapi")
                .deliverable("api_specification.graphql_schema", "graphql-schema.sdl")
                .deliverable("api_specification.graphql_notes", "graphql-schema.notes")
                .deliverable("api_specification.postman_collection", "api-tests.postman_collection")
                .deliverable("implementation.endpoints", "implementation.endpoints")
                .deliverable("implementation.schemas", "implementation.schemas")
                .deliverable("implementation.middleware", "implementation.middleware")
                .deliverable("implementation.tests", "implementation.tests")
                .deliverable("implementation.migrations", "database.migrations")
                .deliverable("implementation.query_plan", "database.query_plan")
                .deliverable("documentation.readme", "documentation.readme")
                .deliverable("documentation.getting_started", "documentation.getting_started")
                .deliverable("documentation.authentication", "documentation.authentication")
                .deliverable("documentation.examples", "documentation.examples")
                .deliverable("documentation.changelog", "documentation.changelog")
                .deliverable("testing.test_suite", "api-tests.files")
                .deliverable("testing.coverage", "api-tests.coverage")
                .deliverable("testing.load_tests", "load-tests.scripts")
                .deliverable("testing.load_test_plan", "load-tests.plan")
                .deliverable("requirements.document", "api-requirements")
                .deliverable("requirements.use_cases", "use-cases.use_cases")
                .deliverable("requirements.metrics", "use-cases.metrics")
                .deliverable("qa.review", "qa-review")
                .build();
    }

    private static ArrayNode stack() {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        DEFAULT_STACK.forEach(a::add);
        return a;
    }

    @Override
    public String notes() {
        return "The requirements (product manager) and use cases/metrics (business analyst) are written in parallel. "
                + "The design branches on `api_type`: REST → an OpenAPI 3.1 document returned as a JSON object; "
                + "GraphQL → an SDL (`schema.graphql`) with design notes. Then, in parallel: the database engineer "
                + "writes the migrations and query plan and the backend developer implements the contract on them, "
                + "on `tech_stack` (default " + String.join(", ", DEFAULT_STACK) + "); the technical writer documents "
                + "the contract; the automation tester writes the API test suite and a Postman collection from the "
                + "contract; the load tester writes k6 scripts for `target_qps`. The QA lead then judges the contract, "
                + "migrations, implementation, tests and documentation against the `qa-api-release` rubric; after a "
                + "failed review the backend developer and the database engineer each return the complete "
                + "implementation and data layer with the feedback applied, and the next round (and the deliverables) "
                + "read those versions (bounded loop). All code forms one source tree at the paths the developers give.";
    }

    @Override
    public String reportNotice() {
        return "The code, tests and k6 scripts were written and reviewed, not run: the test coverage is the tester's "
                + "own list and the load-test thresholds are targets. Run the test suite and the k6 scenarios against a "
                + "deployed instance before relying on them.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("api_specification.openapi", "OpenAPI 3.1 document (JSON object); REST only");
        d.put("api_specification.graphql_schema", "GraphQL SDL (text); GraphQL only");
        d.put("api_specification.graphql_notes", "GraphQL design notes: auth, pagination, errors, rate limiting (Markdown); GraphQL only");
        d.put("api_specification.postman_collection", "Postman collection v2.1 (JSON object)");
        d.put("implementation.endpoints", "route handlers: [{path, language, content}], paths relative to the repository root");
        d.put("implementation.schemas", "validation schemas and data access: [{path, language, content}]");
        d.put("implementation.middleware", "auth, CORS, rate limiting, errors: [{path, language, content}]");
        d.put("implementation.tests", "unit tests: [{path, language, content}]");
        d.put("implementation.migrations", "SQL migrations, in order: [sql]");
        d.put("implementation.query_plan", "access paths, indexes, queries, pooling and caching (Markdown)");
        d.put("documentation.readme", "API README (Markdown)");
        d.put("documentation.getting_started", "Getting Started guide (Markdown)");
        d.put("documentation.authentication", "Authentication guide (Markdown)");
        d.put("documentation.examples", "[{title, request, response}]");
        d.put("documentation.changelog", "CHANGELOG.md (Markdown)");
        d.put("testing.test_suite", "automated API tests: [{path, language, content}]");
        d.put("testing.coverage", "{run_command, operations: [{operation, cases}]}: what the suite tests");
        d.put("testing.load_tests", "k6 scripts: [{path, language, content}]");
        d.put("testing.load_test_plan", "load-test scenarios, thresholds and how to run them (Markdown)");
        d.put("requirements.document", "API requirements (Markdown)");
        d.put("requirements.use_cases", "[{name, actor, flow, outcome}]");
        d.put("requirements.metrics", "[{name, formula, target}]");
        d.put("qa.review", "the QA lead's last verdict {criteria: {<id>: {score, evidence}}, score, approved, blockers, issues, feedback}");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("api_specification.openapi", "openapi.json");
        f.put("api_specification.graphql_schema", "schema.graphql");
        f.put("api_specification.graphql_notes", "docs/GRAPHQL.md");
        f.put("api_specification.postman_collection", "postman_collection.json");
        f.put("implementation.migrations", "db/migrations/*.sql");
        f.put("implementation.query_plan", "docs/DATA_LAYER.md");
        f.put("documentation.readme", "README.md");
        f.put("documentation.getting_started", "docs/GETTING_STARTED.md");
        f.put("documentation.authentication", "docs/AUTHENTICATION.md");
        f.put("documentation.examples", "docs/examples.json");
        f.put("documentation.changelog", "CHANGELOG.md");
        f.put("testing.coverage", "tests/coverage.json");
        f.put("testing.load_test_plan", "load-tests/README.md");
        f.put("requirements.document", "docs/REQUIREMENTS.md");
        f.put("requirements.use_cases", "docs/use-cases.json");
        f.put("requirements.metrics", "docs/metrics.json");
        f.put("qa.review", "qa/review.json");
        return f;
    }
}
