package dev.devora.orchestration.engine;

import ch.qos.logback.classic.Level;
import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.agent.Squad;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CompositionTest {
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();
    private final WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build();
    private final ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
            .whenAgent("router").reply("I would pick **graphql**.")
            .build();

    @AfterEach
    void close() {
        engine.close();
    }

    private LlmAgent agent(String name) {
        return LlmAgent.builder(name).provider(llm).build();
    }

    private Workflow api() {
        return Workflow.builder("api")
                .input(InputSpec.builder().choice("api_type", "style", "REST", "GraphQL").build())
                .step(Steps.when("design", Condition.inputEquals("api_type", "REST"),
                                Steps.agent("openapi", agent("architect")).prompt("OpenAPI 3.1 please"))
                        .otherwise(Steps.agent("sdl", agent("architect")).prompt("GraphQL SDL please")))
                .step(Steps.agent("docs", agent("writer")).prompt("Document {{design}}"))
                .build();
    }

    @Test
    void conditional_takesTheMatchingBranch_andTheOtherSide() {
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult rest = engine.run(api(), InputSpec.toJson(Map.of("api_type", "REST")), RunOptions.NONE, events);
        WorkflowResult graphql = engine.run(api(), Map.of("api_type", "GraphQL"));

        assertThat(rest.outputs()).containsKeys("openapi", "design").doesNotContainKey("sdl");
        assertThat(graphql.outputs()).containsKeys("sdl", "design").doesNotContainKey("openapi");
        assertThat(rest.text("design")).isEqualTo(rest.text("openapi"));
        assertThat(events.ofType(WorkflowEvent.BranchChosen.class)).singleElement()
                .satisfies(b -> assertThat(b.reason()).isEqualTo("input.api_type = REST"));
        assertThat(llm.requestsForStep("docs").get(1).lastUserText()).contains("GraphQL SDL please");
    }

    @Test
    void conditionalWithNoMatch_isSkipped_andReferencesToItRenderEmptyWithAWarning() {
        Workflow wf = Workflow.builder("etl")
                .input(InputSpec.builder().optional("data_sources", "sources").build())
                .step(Steps.when("etl", Condition.inputPresent("data_sources"),
                        Steps.agent("pipeline", agent("data-engineer")).prompt("ETL for {{input.data_sources}}")))
                .step(Steps.agent("release", agent("qa")).prompt("Release; ETL: {{pipeline}}"))
                .build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();

        WorkflowResult result = engine.run(wf, InputSpec.toJson(Map.of()), RunOptions.NONE, events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(events.ofType(WorkflowEvent.StepSkipped.class)).singleElement()
                .satisfies(s -> assertThat(s.reason()).contains("input.data_sources is given"));
        assertThat(llm.requestsForStep("release").get(0).lastUserText()).isEqualTo("Release; ETL: ");
        assertThat(result.warnings()).singleElement().satisfies(w -> assertThat(w.message()).contains("{{pipeline}}"));
        assertThat(logs.messages(Level.WARN)).singleElement().asString().contains("{{pipeline}} has no value");
        events.assertWellFormed();
    }

    @Test
    void router_choosesTheNamedOption_fromAFreeTextAnswer() {
        Workflow wf = Workflow.builder("routed")
                .step(Steps.route("design", agent("router")).prompt("Which style fits a mobile app?")
                        .option("rest", "REST + OpenAPI", Steps.agent("openapi", agent("architect")).prompt("OpenAPI"))
                        .option("graphql", "GraphQL + SDL {{types}}", Steps.agent("sdl", agent("architect")).prompt("SDL")))
                .build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();

        WorkflowResult result = engine.run(wf, null, RunOptions.NONE, events);

        assertThat(result.outputs()).containsKeys("sdl", "design").doesNotContainKey("openapi");
        // the options follow the prompt; their text is literal (braces in a description are not a reference)
        assertThat(llm.requestsForAgent("router").get(0).lastUserText()).isEqualTo("""
                Which style fits a mobile app?

                Choose exactly one of these options and answer with its name only:
                - rest: REST + OpenAPI
                - graphql: GraphQL + SDL {{types}}""");
        assertThat(events.ofType(WorkflowEvent.BranchChosen.class)).singleElement()
                .satisfies(b -> assertThat(b.branch()).isEqualTo("graphql"));
        assertThat(result.metrics().steps().get("design").llmCalls()).isEqualTo(1);
    }

    @Test
    void routerThatNamesNoOption_usesTheDefault_orFailsListingTheOptions() {
        ScriptedLlmProvider vague = ScriptedLlmProvider.builder().whenAgent("router").reply("no idea").build();
        LlmAgent router = LlmAgent.builder("router").provider(vague).build();
        Workflow strict = Workflow.builder("strict").step(Steps.route("r", router).prompt("?")
                .option("a", "", Steps.agent("x", agent("w")).prompt("x"))
                .option("b", "", Steps.agent("y", agent("w")).prompt("y"))).build();
        Workflow lenient = Workflow.builder("lenient").step(Steps.route("r", router).prompt("?")
                .option("a", "", Steps.agent("x", agent("w")).prompt("x"))
                .option("b", "", Steps.agent("y", agent("w")).prompt("y")).defaultRoute("b")).build();

        assertThat(engine.run(strict, Map.of()).failure().orElseThrow()).isInstanceOf(StepFailedException.class)
                .hasMessageContaining("answered \"no idea\", which names none of [a, b]");
        assertThat(engine.run(lenient, Map.of()).outputs()).containsKey("y");
    }

    @Test
    void squad_runsMembersInParallel_thenTheLeadIntegratesTheirWork() {
        Squad frontend = Squad.builder("frontend").name("Frontend Squad").mission("Build the UI")
                .member(agent("ux")).member(agent("dev")).member(agent("css")).lead(agent("lead")).build();
        Workflow wf = Workflow.builder("ui").step(Steps.squad("design", frontend, "Design a login page")).build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();

        WorkflowResult result = engine.run(wf, null, RunOptions.NONE, events);

        assertThat(events.startedPaths()).containsSubsequence("design", "design/design-members", "design/design-lead");
        String leadPrompt = llm.requestsForAgent("lead").get(0).lastUserText();
        assertThat(leadPrompt).contains("You lead the Frontend Squad. Mission: Build the UI")
                .contains("## Work of ux\n[ux] Design a login page").contains("## Work of css");
        assertThat(result.text("design")).isEqualTo(result.text("design-lead"));
        assertThat(result.metrics().squads().get("frontend").agentsExecuted()).isEqualTo(4);
        assertThat(result.metrics().squads().get("frontend").llmCalls()).isEqualTo(4);
    }

    @Test
    void subWorkflow_runsWithMappedInput_reportsUnderItsPath_andOutputsItsDeliverables() {
        Workflow inner = Workflow.builder("inner")
                .input(InputSpec.builder().required("topic", "topic").build())
                .step(Steps.agent("draft", agent("writer")).prompt("Write about {{input.topic}}"))
                .deliverable("doc", "draft")
                .build();
        Workflow outer = Workflow.builder("outer")
                .step(Steps.agent("pick", agent("chooser")).prompt("Pick a topic"))
                .step(Steps.workflow("article", inner).input("topic", "{{pick}}"))
                .step(Steps.agent("draft", agent("editor")).prompt("Edit {{article.doc}}"))
                .build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();

        WorkflowResult result = engine.run(outer, null, RunOptions.NONE, events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(events.startedPaths()).containsExactly("pick", "article", "article/draft", "draft");
        assertThat(result.outputs().keySet()).containsExactly("pick", "article", "article/draft", "draft");
        assertThat(llm.requestsForStep("article/draft").get(0).lastUserText()).isEqualTo("Write about [chooser] Pick a topic");
        assertThat(llm.requestsForAgent("editor").get(0).lastUserText()).startsWith("Edit [writer] Write about");
        assertThat(result.metrics().steps()).containsKey("article/draft");
    }

    @Test
    void plainJavaAgentsAndTasks_runInTheSameWorkflow() {
        Agent counter = Agent.of("counter", call -> AgentResult.text(String.valueOf(call.prompt().length())));
        Workflow wf = Workflow.builder("java")
                .step(Steps.agent("count", counter).prompt("12345"))
                .step(Steps.task("double", "doubles the count", ctx -> Map.of("doubled", 2 * Integer.parseInt(ctx.text("count")))))
                .step(Steps.agent("say", agent("speaker")).prompt("Result {{double.doubled}}"))
                .build();

        WorkflowResult result = engine.run(wf, Map.of());

        assertThat(result.text("count")).isEqualTo("5");
        assertThat(result.output("double").orElseThrow().json().path("doubled").asInt()).isEqualTo(10);
        assertThat(llm.requests().get(0).lastUserText()).isEqualTo("Result 10");
        assertThat(result.metrics().agentsExecuted()).isEqualTo(2);
    }

    @Test
    void aConditionThatThrows_failsItsStepWithATypedError_namingTheStep() {
        Workflow wf = Workflow.builder("npe")
                .step(Steps.when("check", Condition.of("field is long", st -> st.text("missing").substring(5).isEmpty()),
                        Steps.agent("x", agent("w")).prompt("x")))
                .build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();

        WorkflowResult result = engine.run(wf, null, RunOptions.NONE, events);

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.failure().orElseThrow()).isInstanceOf(StepFailedException.class)
                .hasMessageContaining("Step 'check' failed after 1 attempt: conditional step 'check' threw "
                        + "java.lang.StringIndexOutOfBoundsException");
        events.assertWellFormed();
    }

    @Test
    void subWorkflowInput_thatIsOneReference_keepsItsJsonType() {
        Workflow inner = Workflow.builder("inner")
                .input(InputSpec.builder().required("items", dev.devora.orchestration.workflow.FieldType.LIST, "items")
                        .required("title", "title").build())
                .step(Steps.task("count", "counts items", ctx -> String.valueOf(ctx.input().path("items").size())))
                .build();
        Workflow outer = Workflow.builder("outer")
                .step(Steps.task("list", "makes a list", ctx -> List.of("a", "b", "c")))
                .step(Steps.workflow("nested", inner).input("items", "{{list}}").input("title", "List of {{list}}"))
                .build();

        WorkflowResult result = engine.run(outer, Map.of());

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.text("nested/count")).isEqualTo("3");
    }

    @Test
    void anOptionalReference_toABranchThatDidNotRun_rendersEmptyWithoutAWarning() {
        Workflow wf = Workflow.builder("optional")
                .input(InputSpec.builder().optional("data_sources", "sources").build())
                .step(Steps.when("etl", Condition.inputPresent("data_sources"),
                        Steps.agent("pipeline", agent("data-engineer")).prompt("ETL")))
                .step(Steps.agent("release", agent("qa")).prompt("Release; ETL: {{pipeline?}}"))
                .build();

        WorkflowResult result = engine.run(wf, Map.of());

        assertThat(llm.requestsForStep("release").get(0).lastUserText()).isEqualTo("Release; ETL: ");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void anOptionalInputNotGiven_leavesNoDanglingLabelLine_andGivenItIsRendered() {
        Workflow wf = Workflow.builder("optional-input")
                .input(InputSpec.builder().required("brief", "brief").optional("rate_limits", "limits").build())
                .step(Steps.agent("api", agent("architect"))
                        .prompt("Design {{input.brief}}.\nRate limits: {{input.rate_limits?}}\nReturn OpenAPI."))
                .build();

        WorkflowResult without = engine.run(wf, Map.of("brief", "billing"));
        WorkflowResult with = engine.run(wf, Map.of("brief", "billing", "rate_limits", "100/min"));

        assertThat(without.warnings()).isEmpty();
        assertThat(llm.requestsForStep("api").get(0).lastUserText()).isEqualTo("Design billing.\nReturn OpenAPI.");
        assertThat(llm.requestsForStep("api").get(1).lastUserText())
                .isEqualTo("Design billing.\nRate limits: 100/min\nReturn OpenAPI.");
        assertThat(with.status()).isEqualTo(RunStatus.SUCCEEDED);
    }
}
