package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.Fixtures.APPROVED;
import static dev.devora.orchestration.workflows.Fixtures.REJECTED;
import static dev.devora.orchestration.workflows.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiDevelopmentWorkflowTest {
    /** Captures the warnings these runs log (loops at their bound, scripted answers without a referenced field). */
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    static Map<String, Object> input(String apiType) {
        return map("api_name", "TaskMaster API", "description", "REST API for collaborative task management",
                "api_type", apiType, "auth_type", "jwt", "versioning", true,
                "requirements", List.of("CRUD users", "CRUD projects and tasks", "Webhooks for integrations"),
                "data_models", List.of(map("name", "Task", "fields", map("id", "uuid", "title", "string"))),
                "rate_limits", map("anonymous", 100, "authenticated", 1000), "target_qps", 1000,
                "tech_stack", List.of("Python 3.12", "FastAPI", "PostgreSQL 16", "pytest"));
    }

    static final String DATA_V1 = "{\"migrations\": [\"CREATE TABLE task (id uuid PRIMARY KEY);\", "
            + "\"CREATE INDEX task_status ON task (status);\"], \"query_plan\": \"## Access paths\\nGET /v1/tasks uses task_status.\"}";
    static final String TESTS = "{\"files\": [{\"path\": \"tests/api/test_tasks_api.py\", \"language\": \"python\", "
            + "\"content\": \"def test_post_tasks_401(): ...\"}], \"coverage\": {\"run_command\": \"pytest tests/api\", "
            + "\"operations\": [{\"operation\": \"POST /v1/tasks\", \"cases\": [\"201\", \"401\"]}]}, "
            + "\"postman_collection\": {\"info\": {\"name\": \"TaskMaster\"}, \"item\": []}}";
    static final String LOAD_TESTS = "{\"scripts\": [{\"path\": \"load-tests/smoke.js\", \"language\": \"javascript\", "
            + "\"content\": \"export const options = {};\"}], \"plan\": \"# Load tests\\n## How to run\\nk6 run load-tests/smoke.js\"}";
    static final String DOCS = "{\"readme\": \"# TaskMaster readme-marker\\nUse it.\", \"getting_started\": \"# Start\\nInstall.\", "
            + "\"authentication\": \"# Auth auth-guide-marker\\nBearer.\", \"examples\": [{\"title\": \"create\", "
            + "\"request\": \"curl -X POST /v1/tasks\", \"response\": \"{}\"}], \"changelog\": \"# Changelog\\n## 1.0.0\"}";

    /** An implementation whose files are tagged with {@code version} (in the entry point and a comment). */
    static String implementation(String version) {
        return "{\"endpoints\": [{\"path\": \"app/main.py\", \"language\": \"python\", \"content\": \"app = FastAPI()  # " + version + "\"}], "
                + "\"schemas\": [{\"path\": \"app/schemas/task.py\", \"language\": \"python\", \"content\": \"class Task(BaseModel): ...\"}], "
                + "\"middleware\": [{\"path\": \"app/middleware/auth.py\", \"language\": \"python\", \"content\": \"def require_jwt(): ...\"}], "
                + "\"tests\": [{\"path\": \"tests/unit/test_tasks.py\", \"language\": \"python\", \"content\": \"def test_create(): ...\"}]}";
    }

    @Test
    void restApi_runsRequirementsInParallel_thenOpenApiDesign_implementation_docsAndTestsInParallel_thenQaGate() {
        ScriptedLlmProvider llm = Fixtures.approving();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("api-development", llm).run(InputJson(input("rest")), events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.warnings()).as("every reference of every prompt has a value").isEmpty();
        events.assertWellFormed();
        assertThat(Fixtures.startedPaths(events, "agent")).containsExactlyInAnyOrder(
                "requirements/api-requirements", "requirements/use-cases",
                "design/openapi",
                "build/data-and-code/data-layer", "build/data-and-code/endpoints",
                "build/documentation", "build/api-tests", "build/load-tests",
                "qa-validation/qa-validation-round/qa-review");
        List<String> order = Fixtures.startedSteps(events, "agent");
        assertThat(order.indexOf("openapi")).isGreaterThan(Math.max(order.indexOf("api-requirements"), order.indexOf("use-cases")));
        assertThat(order.indexOf("data-layer")).isGreaterThan(order.indexOf("openapi"));
        assertThat(order.indexOf("endpoints")).as("the code is written on the migrations").isGreaterThan(order.indexOf("data-layer"));
        for (String judged : List.of("endpoints", "documentation", "api-tests", "load-tests")) {
            assertThat(order.indexOf("qa-review")).as("the review comes after " + judged).isGreaterThan(order.indexOf(judged));
        }
        assertThat(events.ofType(WorkflowEvent.StepStarted.class)).extracting(WorkflowEvent.StepStarted::path)
                .contains("requirements", "build", "build/data-and-code");
        assertThat(llm.requestsForAgent("api-architect")).hasSize(1);
        assertThat(llm.requestsForAgent("api-architect").get(0).lastUserText()).contains("OpenAPI 3.1");
    }

    @Test
    void graphqlApi_takesTheSchemaBranch_andHasNoOpenApiDeliverable() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("graphql-schema")
                .reply("{\"sdl\": \"type Task {\\n  id: ID!\\n}\", \"notes\": \"## Auth\\nBearer API keys.\"}"));
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("api-development", llm).run(InputJson(input("graphql")), events);

        assertThat(Fixtures.startedSteps(events, "agent")).contains("graphql-schema").doesNotContain("openapi");
        JsonNode spec = result.deliverables().path("api_specification");
        assertThat(spec.has("openapi")).isFalse();
        assertThat(spec.path("graphql_schema").asText()).isEqualTo("type Task {\n  id: ID!\n}");
        Map<String, String> files = Fixtures.workflow("api-development", llm).deliverableFiles(result);
        assertThat(files).containsEntry("schema.graphql", "type Task {\n  id: ID!\n}").containsKey("docs/GRAPHQL.md")
                .doesNotContainKey("openapi.json");
        for (String step : List.of("data-layer", "endpoints", "api-tests", "load-tests", "documentation", "qa-review")) {
            assertThat(llm.requestsForStep(step).get(0).lastUserText()).as(step + " reads the SDL").contains("type Task {");
        }
    }

    @Test
    void deliverables_haveTheDocumentedShape_andTheReport() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("openapi").reply("{\"openapi\": {\"openapi\": \"3.1.0\", \"info\": {\"title\": \"TaskMaster\"}, \"paths\": {}}}"));
        PredefinedWorkflow api = Fixtures.workflow("api-development", llm);
        WorkflowResult result = api.run(InputJson(input("rest")));
        JsonNode d = result.deliverables();

        assertThat(d.path("api_specification").path("openapi").path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(d.path("api_specification").path("postman_collection").isObject()).isTrue();
        for (String f : List.of("endpoints", "schemas", "middleware", "tests")) {
            assertThat(d.path("implementation").path(f).isArray()).as(f).isTrue();
        }
        assertThat(d.path("implementation").path("migrations").isArray()).isTrue();
        for (String f : List.of("readme", "getting_started", "authentication", "changelog")) {
            assertThat(d.path("documentation").path(f).isTextual()).as(f).isTrue();
        }
        assertThat(d.path("documentation").path("examples").isArray()).isTrue();
        assertThat(d.path("testing").path("test_suite").isArray()).isTrue();
        assertThat(d.path("testing").path("load_tests").isArray()).isTrue();
        assertThat(d.path("testing").path("coverage").path("operations").isArray()).isTrue();
        assertThat(d.path("qa").path("review").path("criteria").has("contract_fidelity")).isTrue();
        assertThat(d.path("implementation").has("fixes")).as("rework replaces the implementation: no separate fixes").isFalse();
        assertThat(Workflows.catalog().workflow("api-development").deliverables().keySet()).as("documented = declared")
                .containsExactlyInAnyOrderElementsOf(api.definition().deliverables().keySet());

        JsonNode report = api.report(result);
        assertThat(report.path("status").asText()).isEqualTo("success");
        assertThat(report.path("deliverables").path("api_specification").path("openapi").isObject()).isTrue();
        assertThat(report.path("totals").path("agents_executed").asInt()).isEqualTo(9);
        assertThat(report.path("gate_history")).hasSize(1);
        assertThat(report.path("gate_history").get(0).path("passed").asBoolean()).isTrue();
    }

    @Test
    void filesWritten_formOneSourceTree_withTypedFiles_andNoOneValueFile() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("data-layer").reply(DATA_V1)
                .whenStep("endpoints").reply(implementation("v1"))
                .whenStep("api-tests").reply(TESTS)
                .whenStep("load-tests").reply(LOAD_TESTS));
        PredefinedWorkflow api = Fixtures.workflow("api-development", llm);
        Map<String, String> files = api.deliverableFiles(api.run(InputJson(input("rest"))));

        assertThat(files).containsKeys("openapi.json", "postman_collection.json", "README.md", "CHANGELOG.md",
                "docs/GETTING_STARTED.md", "docs/AUTHENTICATION.md", "docs/REQUIREMENTS.md", "docs/DATA_LAYER.md",
                "qa/review.json", "tests/coverage.json", "load-tests/README.md");
        assertThat(files).as("code at the repository-relative paths the developers gave: one source tree")
                .containsEntry("app/main.py", "app = FastAPI()  # v1")
                .containsEntry("app/schemas/task.py", "class Task(BaseModel): ...")
                .containsEntry("app/middleware/auth.py", "def require_jwt(): ...")
                .containsEntry("tests/unit/test_tasks.py", "def test_create(): ...")
                .containsEntry("tests/api/test_tasks_api.py", "def test_post_tasks_401(): ...");
        assertThat(files).as("migrations as numbered .sql files").containsEntry("db/migrations/0001.sql", "CREATE TABLE task (id uuid PRIMARY KEY);")
                .containsEntry("db/migrations/0002.sql", "CREATE INDEX task_status ON task (status);");
        assertThat(files).as("k6 scripts as .js").containsEntry("load-tests/smoke.js", "export const options = {};");
        assertThat(files.keySet()).noneMatch(p -> p.startsWith("implementation/") || p.startsWith("testing/test_suite")
                || p.endsWith("migrations.json") || p.endsWith("coverage.md") || p.endsWith(".graphql.md"));
        assertThat(files.get("qa/review.json")).contains("\"criteria\"", "\"approved\"");
    }

    @Test
    void failedQaReviews_reworkTheCurrentImplementation_andTheDeliverableIsTheLastFix() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("data-layer").reply(DATA_V1)
                .whenStep("endpoints").reply(implementation("v1"))
                .whenStep("api-fixes").reply(implementation("v2"), implementation("v3"))
                .whenStep("data-fixes").reply(DATA_V1.replace("task (id uuid PRIMARY KEY)", "task (id uuid PRIMARY KEY, title text NOT NULL)"))
                .whenAgent("qa-lead").answer(Fixtures.verdicts(REJECTED, REJECTED, APPROVED)));
        PredefinedWorkflow api = Fixtures.workflow("api-development", llm);
        WorkflowResult result = api.run(InputJson(input("rest")));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.gateHistory()).extracting(g -> g.verdict().passed()).containsExactly(false, false, true);
        assertThat(llm.requestsForStep("api-fixes")).extracting(r -> r.lastUserText()).satisfiesExactly(
                round2 -> assertThat(round2).contains("# v1", "Protect POST /tasks", "POST /tasks is not protected"),
                round3 -> assertThat(round3).as("round 3 starts from round 2's fix").contains("# v2").doesNotContain("# v1"));
        assertThat(llm.requestsForStep("data-fixes")).hasSize(2);
        assertThat(llm.requestsForStep("data-fixes").get(1).lastUserText()).contains("title text NOT NULL");
        assertThat(llm.requestsForStep("qa-review")).extracting(r -> r.lastUserText()).satisfiesExactly(
                r1 -> assertThat(r1).contains("# v1"), r2 -> assertThat(r2).contains("# v2").doesNotContain("# v1"),
                r3 -> assertThat(r3).contains("# v3").contains("title text NOT NULL"));
        Map<String, String> files = api.deliverableFiles(result);
        assertThat(files).containsEntry("app/main.py", "app = FastAPI()  # v3")
                .containsEntry("db/migrations/0001.sql", "CREATE TABLE task (id uuid PRIMARY KEY, title text NOT NULL);");
        assertThat(result.deliverables().path("implementation").path("endpoints").toString()).contains("# v3").doesNotContain("# v2");
        String report = api.reportMarkdown(result, ReportContext.NONE);
        assertThat(report).contains("## Quality gates", "## Deliverables").containsPattern("qa-validation.*\\| 3 \\| 40 → 40 → 95 \\|")
                .contains("0001.sql", "main.py").contains("not run: the test coverage is the tester's own list");
    }

    @Test
    void qaReview_seesEveryArtefactItsRubricJudges_andThePassMark() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("openapi").reply("{\"openapi\": {\"openapi\": \"3.1.0\", \"info\": {\"title\": \"contract-marker\"}, \"paths\": {}}}")
                .whenStep("data-layer").reply(DATA_V1)
                .whenStep("endpoints").reply(implementation("v1"))
                .whenStep("api-tests").reply(TESTS)
                .whenStep("documentation").reply(DOCS));
        Fixtures.workflow("api-development", llm).run(InputJson(input("rest")));

        String review = llm.requestsForStep("qa-review").get(0).lastUserText();
        assertThat(review).contains("Webhooks for integrations")                        // required capabilities
                .contains("contract-marker")                                              // contract
                .contains("CREATE TABLE task")                                            // migrations
                .contains("app = FastAPI()  # v1", "def require_jwt(): ...")              // implementation
                .contains("def test_post_tasks_401(): ...", "POST /v1/tasks")             // API tests and coverage
                .contains("readme-marker", "auth-guide-marker", "curl -X POST")          // documentation
                .contains("Pass mark: 80/100");
        for (var c : dev.devora.orchestration.workflows.internal.Rubric.of("qa-api-release").criteria()) {
            assertThat(review).contains(c.id());
        }
    }

    @Test
    void techStack_isReadByTheArchitect_theDataLayer_theDevelopers_andTheTesters_withASensibleDefault() {
        ScriptedLlmProvider llm = Fixtures.approving();
        Map<String, Object> in = input("rest");
        in.remove("tech_stack");
        Fixtures.workflow("api-development", llm).run(InputJson(in));
        for (String step : List.of("openapi", "data-layer", "endpoints", "api-tests")) {
            assertThat(llm.requestsForStep(step).get(0).lastUserText()).as(step).contains("Python 3.12", "FastAPI", "PostgreSQL 16");
        }

        ScriptedLlmProvider ts = Fixtures.approving();
        in.put("tech_stack", List.of("TypeScript", "Fastify", "PostgreSQL 16", "Vitest"));
        Fixtures.workflow("api-development", ts).run(InputJson(in));
        assertThat(ts.requestsForStep("endpoints").get(0).lastUserText()).contains("TypeScript", "Fastify").doesNotContain("FastAPI");

        in.put("tech_stack", List.of());
        assertThatThrownBy(() -> Fixtures.workflow("api-development", Fixtures.approving()).run(InputJson(in)))
                .hasMessageContaining("input.tech_stack: must have at least one item");
        in.put("tech_stack", List.of("Go", " "));
        assertThatThrownBy(() -> Fixtures.workflow("api-development", Fixtures.approving()).run(InputJson(in)))
                .hasMessageContaining("input.tech_stack[1]: must be a non-blank string");
    }

    @Test
    void failedQaReview_sendsTheApiBackToTheBackendDeveloper_withTheFeedback_thenPassesOnTheSecondRound() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenAgent("qa-lead").answer(Fixtures.verdicts(REJECTED, APPROVED)));
        WorkflowResult result = Fixtures.workflow("api-development", llm).run(InputJson(input("rest")));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("api-fixes")).hasSize(1);
        assertThat(llm.requestsForStep("api-fixes").get(0).lastUserText()).contains("Protect POST /tasks", "POST /tasks is not protected");
        assertThat(llm.requestsForStep("data-fixes")).hasSize(1);
        assertThat(result.gateHistory()).extracting(g -> g.verdict().passed()).containsExactly(false, true);
    }

    @Test
    void qaReviewThatNeverPasses_stopsAtMaxIterations_andTheRunIsPartial() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenAgent("qa-lead").answer(Fixtures.verdicts(REJECTED)));
        WorkflowResult result = Fixtures.workflow("api-development", llm, WorkflowConfig.builder().maxIterations(2).build())
                .run(InputJson(input("rest")));

        assertThat(result.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(llm.requestsForAgent("qa-lead")).hasSize(2);
        assertThat(llm.requestsForStep("api-fixes")).hasSize(1);
        assertThat(llm.requestsForStep("data-fixes")).hasSize(1);
        assertThat(result.gateHistory()).hasSize(2).allSatisfy(g -> assertThat(g.verdict().passed()).isFalse());
    }

    @Test
    void absentRateLimits_leaveNoDanglingLine_inAnyPrompt() {
        ScriptedLlmProvider llm = Fixtures.approving();
        Map<String, Object> in = input("rest");
        in.remove("rate_limits");
        WorkflowResult result = Fixtures.workflow("api-development", llm).run(InputJson(in));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requests()).extracting(r -> r.lastUserText()).noneMatch(p -> p.contains("Rate limits by client tier"));
        ScriptedLlmProvider given = Fixtures.approving();
        Fixtures.workflow("api-development", given).run(InputJson(input("rest")));
        for (String step : List.of("api-requirements", "openapi", "endpoints", "documentation")) {
            assertThat(given.requestsForStep(step).get(0).lastUserText()).as(step)
                    .contains("Rate limits by client tier (requests/minute): {").contains("\"authenticated\" : 1000");
        }
    }

    @Test
    void cutOffCodeAnswer_failsTheRun_namingTheStep_whileACutOffTextAnswerIsContinued() {
        ScriptedLlmProvider cut = Fixtures.approving(b -> b
                .whenStep("endpoints").cutOff("{\"endpoints\": [{\"path\": \"app/main.py\", \"language\": \"python\", \"content\": \"app = Fast")
                .reply(implementation("never asked")));
        WorkflowResult failed = Fixtures.workflow("api-development", cut).run(InputJson(input("rest")));

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        Throwable failure = failed.failure().orElseThrow();
        assertThat(failure).isInstanceOf(dev.devora.orchestration.StepFailedException.class).hasMessageContaining("endpoints");
        assertThat(failure.getCause()).isInstanceOf(dev.devora.orchestration.OutputTruncatedException.class)
                .hasMessageContaining("JSON answer was cut off");
        assertThat(cut.requestsForStep("endpoints")).as("no format re-ask of a cut answer").hasSize(1);
        assertThat(cut.requestsForStep("qa-review")).as("nothing is reviewed").isEmpty();

        ScriptedLlmProvider text = Fixtures.approving(b -> b
                .whenStep("api-requirements").cutOff("# TaskMaster API — API requirements\n\n## Consumers\nWeb and ")
                .reply("mobile clients.\n\n## Out of scope\nBilling."));
        WorkflowResult continued = Fixtures.workflow("api-development", text).run(InputJson(input("rest")));
        assertThat(continued.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(continued.deliverables().path("requirements").path("document").asText())
                .isEqualTo("# TaskMaster API — API requirements\n\n## Consumers\nWeb and mobile clients.\n\n## Out of scope\nBilling.");
        assertThat(text.requestsForStep("api-requirements")).hasSize(2);
    }

    @Test
    void invalidInput_reportsEveryProblem_withPathsAndAllowedValues_beforeAnyModelCall() {
        ScriptedLlmProvider llm = Fixtures.approving();
        Map<String, Object> bad = map("api_name", "X", "api_type", "soap", "auth_type", "jwt", "versioning", "maybe",
                "requirements", List.of("ok", ""), "data_models", List.of(map("fields", map())), "target_qps", 0,
                "rate_limits", map("anonymous", "lots"), "colour", "blue");

        assertThatThrownBy(() -> Fixtures.workflow("api-development", llm).run(bad))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.description: is required")
                .hasMessageContaining("input.api_type: must be one of [rest, graphql], was \"soap\"")
                .hasMessageContaining("input.versioning: must be a boolean")
                .hasMessageContaining("input.requirements[1]: must be a non-blank string")
                .hasMessageContaining("input.data_models[0].name: is required")
                .hasMessageContaining("input.rate_limits.anonymous: must be a number")
                .hasMessageContaining("input.target_qps: must be ≥ 1, was 0")
                .hasMessageContaining("input.colour: is not a field of this workflow");
        assertThat(llm.callCount()).isZero();
    }

    @Test
    void accounting_addsUpAcrossSteps_andSquads() {
        ScriptedLlmProvider llm = Fixtures.approving();
        WorkflowResult result = Fixtures.workflow("api-development", llm).run(InputJson(input("rest")));

        long prompt = llm.requests().stream().mapToLong(r -> r.messages().stream().mapToLong(m -> m.content().length()).sum() / 4 + 1).sum();
        assertThat(result.metrics().usage().promptTokens()).isEqualTo(prompt);
        assertThat(result.metrics().llmCalls()).isEqualTo(llm.callCount()).isEqualTo(9);
        long bySquads = result.metrics().squads().values().stream().mapToLong(s -> s.usage().totalTokens()).sum();
        assertThat(bySquads).isEqualTo(result.metrics().usage().totalTokens());
        assertThat(result.metrics().squads().keySet()).containsExactlyInAnyOrder("business", "backend", "documentation", "qa");
    }

    @Test
    void start_runsAsynchronously_reportingProgress_toTheListener() throws Exception {
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        var run = Fixtures.workflow("api-development", Fixtures.approving()).start(InputJson(input("rest")), events);
        WorkflowResult result = run.result().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.progress()).isEqualTo(100);
        events.assertWellFormed();
    }

    static JsonNode InputJson(Map<String, Object> m) {
        return dev.devora.orchestration.workflow.InputSpec.toJson(m);
    }
}
