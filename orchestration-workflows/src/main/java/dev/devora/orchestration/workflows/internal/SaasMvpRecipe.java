package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.TaskContext;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.devora.orchestration.workflows.internal.Schema.array;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * Seed 003's workflow 3, SaaS MVP: a new product end to end, in the repository it will live in ({@code workspace}:
 * empty or a starter, read with the tools so the code fits what is there). Six squad phases: scope (business: the
 * user stories of each must-have feature, the plans, the metrics) → data model (data: a tenant-aware schema and
 * migrations) → build (backend and frontend in parallel) → delivery (devops: container, CI, environment) → tests
 * (QA: one test at least per story, each declaring the stories it covers) → launch review (QA lead against the
 * {@code mvp-launch} rubric, carrying the backend, frontend and tests: a rejection is answered by complete
 * replacements). Plain Java checks the coverage between the input's must-have features, the stories and the tests
 * ({@code mvp/coverage.json}), and the reviewer reads it. The workspace is never written: the product is the run's
 * source tree.
 *
 * <pre>{@code
 * Workflow w = SaasMvpRecipe.INSTANCE.build(kit, SaasMvpRecipe.INSTANCE.input());
 * }</pre>
 */
public final class SaasMvpRecipe implements Recipe {
    public static final SaasMvpRecipe INSTANCE = new SaasMvpRecipe();
    public static final String GATE = "mvp-launch";
    /** The most must-have features an MVP takes: more is not minimal, and the error says so. */
    public static final int MAX_MUST_HAVE = 8;
    static final String BACKEND = "backend-code";
    static final String FRONTEND = "frontend-code";
    static final String TESTS = "test-code";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final InputSpec INPUT = InputSpec.builder()
            .required("workspace", "the product's repository: an existing directory, empty or a starter, read-only")
            .required("product_name", "name of the product")
            .required("problem", "the problem it solves, and for whom")
            .required("target_customers", "who pays for it")
            .required("must_have", FieldType.LIST, "the MVP's must-have features, one string each (1 to " + MAX_MUST_HAVE + ")")
            .field(InputField.optional("pricing", FieldType.STRING, "pricing model: free, freemium, subscription or usage-based")
                    .allowing("free", "freemium", "subscription", "usage-based").withDefault(NODES.textNode("subscription")))
            .field(InputField.optional("tenancy", FieldType.STRING, "single (one customer per deployment) or multi (customers share it, data isolated)")
                    .allowing("single", "multi").withDefault(NODES.textNode("multi")))
            .field(InputField.optional("tech_stack", FieldType.STRING, "the stack, e.g. \"React, Spring Boot, PostgreSQL\"; "
                    + "default: the workspace's, else React, Spring Boot, PostgreSQL and Docker")
                    .withDefault(NODES.textNode("the workspace's own stack; for an empty workspace React (TypeScript), Spring Boot (Java 17), PostgreSQL, Docker")))
            .build();

    static final JsonNode SCOPE = object(
            prop("mvp_statement", string("one paragraph: for whom, the problem, what the MVP lets them do, what it leaves out")),
            prop("stories", array(object(
                    prop("id", string("story id, e.g. US-1")),
                    prop("feature", string("the must-have feature it belongs to, written exactly as in the input")),
                    prop("story", string("As a <user>, I want <action> so that <benefit>")),
                    prop("acceptance_criteria", strings("Given/When/Then criteria, each testable"))))),
            prop("out_of_scope", strings("what the MVP deliberately does not do, each with why it can wait")),
            prop("plans", array(object(
                    prop("name", string("plan name")), prop("price", string("price and period, e.g. 29 USD / month")),
                    prop("limits", strings("what the plan includes and its limits"))))),
            prop("success_metrics", array(object(
                    prop("name", string("metric, e.g. weekly active teams")),
                    prop("target", string("target and horizon, e.g. 50 in 8 weeks")),
                    prop("how_measured", string("the event or query that measures it"))))));

    static final JsonNode DATA_MODEL = object(
            prop("files", Schema.files("the schema and its numbered migrations at their repository paths, e.g. db/migrations/V1__init.sql")),
            prop("tenancy", string("how each customer's data is isolated (tenant key on every tenant-owned table, row-level security, or none for single tenancy), citing the tables")),
            prop("entities", strings("the entities with the stories they serve, e.g. 'subscription: US-4, US-5'")));

    static final JsonNode TESTS_SCHEMA = object(
            prop("files", Schema.files("the automated tests at the repository paths the project keeps them")),
            prop("coverage", array(object(
                    prop("story_id", string("the story the test covers, e.g. US-1")),
                    prop("test_path", string("repository path of the test file")),
                    prop("test_name", string("the test's name in that file"))))));

    private SaasMvpRecipe() {
    }

    @Override public String id() { return "saas-mvp"; }
    @Override public String name() { return "SaaS MVP"; }
    @Override public String description() {
        return "Build a new SaaS product's MVP end to end in its repository: scope, tenant-aware data model, backend, frontend, delivery, tests and a launch review";
    }
    @Override public List<SquadId> squads() {
        return List.of(SquadId.BUSINESS, SquadId.DATA, SquadId.BACKEND, SquadId.FRONTEND, SquadId.DEVOPS, SquadId.QA);
    }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input).nonBlankStrings("must_have", true);
        JsonNode features = input.path("must_have");
        if (features.isArray() && features.size() > MAX_MUST_HAVE) {
            c.problem("input.must_have", "an MVP takes at most " + MAX_MUST_HAVE + " must-have features (move the rest to a later "
                    + "release), was " + features.size());
        }
        if (features.isArray()) {
            Set<String> seen = new LinkedHashSet<>();
            for (JsonNode f : features) {
                if (f.isTextual() && !seen.add(f.asText().strip().toLowerCase(Locale.ROOT))) {
                    c.problem("input.must_have", "lists \"" + f.asText() + "\" twice");
                }
            }
        }
        if (input.path("workspace").asText("").isBlank()) c.problem("input.workspace", "must name the product's directory, was blank");
        else c.directory("workspace");
        return c.problems();
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        var outline = Steps.task("workspace-outline", "list the files of the workspace (empty or a starter)",
                ctx -> SourceSummary.tree(Path.of(ctx.inputText("workspace"))));
        var scope = Steps.agent("scope", kit.json(Roles.PRODUCT_MANAGER, "mvp_scope", SCOPE)).squad("business")
                .prompt(prompts.get("scope"));
        var dataModel = Steps.agent("data-model", kit.codeReader(Roles.DATABASE_ARCHITECT, "data_model", DATA_MODEL))
                .squad("data").prompt(prompts.get("data-model"));
        var build = Steps.parallel("build",
                Steps.agent("backend", kit.codeReader(Roles.BACKEND_DEVELOPER, "backend_code", OutputSchemas.FILES))
                        .squad("backend").prompt(prompts.get("backend")),
                Steps.agent("frontend", kit.codeReader(Roles.FRONTEND_DEVELOPER, "frontend_code", OutputSchemas.FILES))
                        .squad("frontend").prompt(prompts.get("frontend")));
        var delivery = Steps.agent("delivery", kit.codeReader(Roles.CICD_SPECIALIST, "delivery_files", OutputSchemas.FILES))
                .squad("devops").prompt(prompts.get("delivery"));
        var tests = Steps.agent("tests", kit.codeReader(Roles.AUTOMATION_TESTER, "mvp_tests", TESTS_SCHEMA)).squad("qa")
                .prompt(prompts.get("tests"));
        Rubric rubric = Rubric.of(GATE);
        var launch = ReviewLoop.builder("launch", GATE, rubric, kit.config())
                .carry(BACKEND, "backend", Steps.agent("backend-fixes",
                        kit.codeReader(Roles.BACKEND_DEVELOPER, "backend_code", OutputSchemas.FILES)).squad("backend")
                        .prompt(prompts.get("backend-fixes")))
                .carry(FRONTEND, "frontend", Steps.agent("frontend-fixes",
                        kit.codeReader(Roles.FRONTEND_DEVELOPER, "frontend_code", OutputSchemas.FILES)).squad("frontend")
                        .prompt(prompts.get("frontend-fixes")))
                .carry(TESTS, "tests", Steps.agent("test-fixes",
                        kit.codeReader(Roles.AUTOMATION_TESTER, "mvp_tests", TESTS_SCHEMA)).squad("qa")
                        .prompt(prompts.get("test-fixes")))
                .check(Steps.task("coverage", "match the must-have features, the stories and the current tests that cover them",
                        SaasMvpRecipe::coverage))
                .review(Steps.agent("launch-review", kit.json(Roles.QA_LEAD, "mvp_launch_review", OutputSchemas.review(rubric)))
                        .squad("qa").prompt(prompts.get("launch-review")))
                .build();

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(outline, scope, dataModel, build, delivery, tests, launch)
                .deliverable("scope", "scope")
                .deliverable("data_model", "data-model.files")
                .deliverable("tenancy", "data-model.tenancy")
                .deliverable("backend", BACKEND + ".files")
                .deliverable("frontend", FRONTEND + ".files")
                .deliverable("delivery", "delivery.files")
                .deliverable("tests", TESTS + ".files")
                .deliverable("coverage", "coverage")
                .deliverable("review", "launch-review")
                .build();
    }

    /**
     * Which must-have feature has which stories and which of those have a test, each launch round: the current tests
     * (the last rework's after a rejection, else the first).
     */
    static ObjectNode coverage(TaskContext ctx) {
        JsonNode stories = ctx.json("scope").path("stories");
        JsonNode tests = ctx.json(TESTS);
        Map<String, List<String>> testsByStory = new LinkedHashMap<>();
        for (JsonNode c : tests.path("coverage")) {
            String story = c.path("story_id").asText("").strip();
            if (!story.isEmpty()) {
                testsByStory.computeIfAbsent(story, k -> new java.util.ArrayList<>())
                        .add(c.path("test_path").asText("") + " " + c.path("test_name").asText(""));
            }
        }
        Set<String> testPaths = new LinkedHashSet<>();
        for (JsonNode f : tests.path("files")) testPaths.add(f.path("path").asText());
        ObjectNode out = NODES.objectNode();
        ArrayNode features = out.putArray("features");
        ArrayNode uncovered = out.putArray("uncovered");
        Set<String> known = new LinkedHashSet<>();
        int storyCount = 0, tested = 0;
        for (JsonNode feature : ctx.input().path("must_have")) {
            String name = feature.asText().strip();
            known.add(name.toLowerCase(Locale.ROOT));
            ObjectNode f = features.addObject().put("feature", name);
            ArrayNode ids = f.putArray("stories");
            ArrayNode untested = f.putArray("untested_stories");
            for (JsonNode s : stories) {
                if (!s.path("feature").asText("").strip().equalsIgnoreCase(name)) continue;
                String id = s.path("id").asText("?");
                ids.add(id);
                storyCount++;
                if (testsByStory.containsKey(id)) tested++;
                else untested.add(id);
            }
            if (ids.isEmpty()) uncovered.add("feature \"" + name + "\" has no user story");
            for (JsonNode id : untested) uncovered.add("story " + id.asText() + " (" + name + ") has no test");
        }
        for (JsonNode s : stories) {
            if (!known.contains(s.path("feature").asText("").strip().toLowerCase(Locale.ROOT))) {
                uncovered.add("story " + s.path("id").asText("?") + " belongs to \"" + s.path("feature").asText("")
                        + "\", which is not a must-have feature of the input");
            }
        }
        for (JsonNode c : tests.path("coverage")) {
            String path = c.path("test_path").asText("");
            if (!testPaths.contains(path)) {
                uncovered.add("the coverage of " + c.path("story_id").asText("?") + " names " + path + ", which is not a test file written");
            }
        }
        out.put("stories", storyCount);
        out.put("stories_tested", tested);
        out.put("complete", uncovered.isEmpty());
        return out;
    }

    @Override
    public String notes() {
        return "An engineering-operations workflow for a new product: `workspace` is the repository the product will live in, "
                + "empty or a starter, which the data, backend, frontend, delivery and test agents read with the read-only "
                + "workspace tools so the code fits what is already there; the workflow never writes into it, the product is "
                + "the run's source tree (copy it in, or run it on the starter). The product manager cuts the scope: user "
                + "stories with Given/When/Then criteria for each must-have feature (at most " + MAX_MUST_HAVE + "), what is "
                + "out of scope and why, the plans of the pricing model and the success metrics with how each is measured. "
                + "The database architect designs a tenant-aware schema (`tenancy` multi: every tenant-owned table keyed by "
                + "tenant, isolation stated) with numbered migrations; the backend and frontend developers then build in "
                + "parallel (sign-up, tenant and billing basics, and the stories); the CI/CD specialist adds the container, "
                + "the pipeline and the environment template; the automation tester writes at least one test per story, "
                + "each test declaring the stories it covers. Plain Java matches features, stories and tests "
                + "(`mvp/coverage.json`: a feature without a story, a story without a test, a test file that was not "
                + "written); the QA lead reads it with the code and judges the launch against the `mvp-launch` rubric "
                + "(scope, stories covered, tenant isolation and security, runnable delivery); after a rejection the "
                + "backend, frontend and tests are replaced by complete revisions (bounded), and the deliverables hold "
                + "the last version.";
    }

    @Override
    public String reportNotice() {
        return "The MVP is a source tree in the run's folder: copy it into the product's repository, run its tests, then "
                + "check `mvp/coverage.json` for any story without a test.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("scope", "{mvp_statement, stories: [{id, feature, story, acceptance_criteria}], out_of_scope, plans, "
                + "success_metrics} (mvp/scope.json)");
        d.put("data_model", "[{path, language, content}]: the schema and its numbered migrations, at their repository paths");
        d.put("tenancy", "how each customer's data is isolated (mvp/tenancy.md)");
        d.put("backend", "[{path, language, content}]: the backend, at its repository paths (the last reviewed version)");
        d.put("frontend", "[{path, language, content}]: the frontend, at its repository paths (the last reviewed version)");
        d.put("delivery", "[{path, language, content}]: container, CI pipeline and environment template");
        d.put("tests", "[{path, language, content}]: the automated tests, at least one per story (the last reviewed version)");
        d.put("coverage", "{features: [{feature, stories, untested_stories}], uncovered, stories, stories_tested, complete}: "
                + "computed in Java from the input, the stories and the tests (mvp/coverage.json)");
        d.put("review", "the QA lead's last verdict against the mvp-launch rubric {criteria, score, approved, blockers, "
                + "issues, feedback} (mvp/review.json)");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("scope", "mvp/scope.json");
        f.put("data_model", "./");
        f.put("tenancy", "mvp/tenancy.md");
        f.put("backend", "./");
        f.put("frontend", "./");
        f.put("delivery", "./");
        f.put("tests", "./");
        f.put("coverage", "mvp/coverage.json");
        f.put("review", "mvp/review.json");
        return f;
    }
}
