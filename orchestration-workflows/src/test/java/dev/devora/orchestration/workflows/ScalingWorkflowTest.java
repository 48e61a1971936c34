package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.tool.workspace.Workspace;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflows.internal.AgentKit;
import dev.devora.orchestration.workflows.internal.Rubric;
import dev.devora.orchestration.workflows.internal.ScalingRecipe;
import dev.devora.orchestration.workflows.internal.StepPrompts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.Fixtures.APPROVED;
import static dev.devora.orchestration.workflows.Fixtures.REJECTED;
import static dev.devora.orchestration.workflows.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Scaling: the target load is computed in Java and given to every agent; the capacity analysis reads the repository
 * with the read-only tools; the bottlenecks and the infrastructure review run in parallel, then the plan, the
 * autoscaling policy and the load-test plan; the monitoring specialist's readiness review sends the plans back.
 */
class ScalingWorkflowTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static Map<String, Object> input(String workspace) {
        return map("workspace", workspace,
                "current_load", map("requests_per_second", 120, "concurrent_users", 800, "data_size_gb", 40),
                "growth_multiplier", 5,
                "slos", map("p95_latency_ms", 300, "availability_percent", 99.9),
                "infrastructure", "2 VMs behind a load balancer, PostgreSQL 14, no cache",
                "horizon", "in 12 months", "budget", "$3k/month");
    }

    /** An input whose workspace is this module's folder (for the catalogue-wide tests). */
    static Map<String, Object> input() {
        return input(Path.of("").toAbsolutePath().toString());
    }

    static PredefinedWorkflow onRepo(dev.devora.orchestration.llm.LlmProvider llm, Path repo) {
        PredefinedWorkflow base = Workflows.scaling(llm).withEngine(Fixtures.ENGINE);
        AgentKit kit = new AgentKit(llm, WorkflowConfig.defaults()).withWorkspace(Workspace.readOnly(repo));
        return base.withDefinition(ScalingRecipe.INSTANCE.build(kit, base.definition().input()));
    }

    @Test
    void theStepsRunInOrder_theReviewsAndThePlansInParallel_eachRoleOnItsSquad() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("infrastructure-review").reply("## Limits\nINFRA-FINDING pool size 10")
                .whenStep("capacity-analysis").reply("## Stateful parts\nCAPACITY-FINDING in-memory sessions"));
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = onRepo(llm, tmp).run(InputSpec.toJson(input(tmp.toString())), events);

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        List<String> order = Fixtures.startedSteps(events);
        assertThat(order).containsSubsequence("workspace-outline", "load-targets", "capacity-analysis", "reviews", "plans", "readiness-loop");
        assertThat(Fixtures.startedPaths(events, "agent")).contains("reviews/bottlenecks", "reviews/infrastructure-review",
                "plans/scaling-plan", "plans/autoscaling", "plans/load-test-plan", "readiness-loop/readiness-loop-round/readiness-review");
        for (String group : List.of("reviews", "plans")) {
            assertThat(events.ofType(WorkflowEvent.StepStarted.class)).filteredOn(s -> s.path().equals(group))
                    .extracting(WorkflowEvent.StepStarted::kind).containsExactly("parallel");
        }
        Map<String, String> agentOf = Map.of("capacity-analysis", "performance-engineer", "bottlenecks", "performance-engineer",
                "infrastructure-review", "infrastructure-engineer", "scaling-plan", "infrastructure-engineer",
                "autoscaling", "container-orchestrator", "load-test-plan", "load-tester", "readiness-review", "monitoring-specialist");
        agentOf.forEach((step, agent) -> assertThat(llm.requestsForStep(step)).as(step).singleElement()
                .satisfies(r -> assertThat(r.attribute(LlmRequest.AGENT)).isEqualTo(agent)));
        assertThat(llm.requestsForStep("bottlenecks").get(0).lastUserText()).contains("CAPACITY-FINDING");
        assertThat(llm.requestsForStep("scaling-plan").get(0).lastUserText()).contains("INFRA-FINDING");
        assertThat(llm.requestsForStep("readiness-review").get(0).lastUserText()).contains("INFRA-FINDING", "- targets (weight ");
        for (String reader : List.of("capacity-analysis", "bottlenecks", "infrastructure-review")) {
            assertThat(llm.requestsForStep(reader).get(0).tools()).as(reader).extracting(t -> t.name()).contains("read_file")
                    .doesNotContain("write_file", "apply_patch");
        }
        assertThat(llm.requestsForStep("scaling-plan").get(0).tools()).isEmpty();

        assertThat(result.metrics().squads().keySet()).containsExactlyInAnyOrder("performance", "devops");
        assertThat(result.metrics().llmCalls()).isEqualTo(llm.callCount()).isEqualTo(7);
        long prompt = llm.requests().stream().mapToLong(r -> r.messages().stream().mapToLong(m -> m.content().length()).sum() / 4 + 1).sum();
        assertThat(result.metrics().usage().promptTokens()).isEqualTo(prompt);
        long bySquads = result.metrics().squads().values().stream().mapToLong(s -> s.usage().totalTokens()).sum();
        assertThat(bySquads).isEqualTo(result.metrics().usage().totalTokens());
    }

    @Test
    void theTargetLoad_isComputedInJava_fromTheMultiplier_andGivenToTheAgents() throws IOException {
        ScriptedLlmProvider llm = Fixtures.approving();
        PredefinedWorkflow wf = onRepo(llm, tmp);
        WorkflowResult result = wf.run(InputSpec.toJson(input(tmp.toString())));
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);

        for (String step : List.of("capacity-analysis", "bottlenecks", "scaling-plan", "autoscaling", "load-test-plan", "readiness-review")) {
            assertThat(llm.requestsForStep(step).get(0).lastUserText()).as(step)
                    .contains("requests_per_second: 120 → 600 req/s (×5)", "concurrent_users: 800 → 4000 users (×5)",
                            "data_size_gb: 40 → 200 GB (×5)", "current_load × growth_multiplier 5");
        }
        assertThat(llm.requestsForStep("load-test-plan").get(0).lastUserText())
                .contains("SLOs at the target load: p95 latency ≤ 300 ms, availability ≥ 99.9 %");
        JsonNode targets = JSON.readTree(wf.deliverableFiles(result).get("scaling/targets.json"));
        assertThat(targets.path("targets")).hasSize(3);
        assertThat(targets.path("targets").get(0).path("target").asDouble()).isEqualTo(600.0);
        assertThat(targets.path("max_multiplier").asDouble()).isEqualTo(5.0);

        Map<String, Object> absolute = input(tmp.toString());
        absolute.remove("growth_multiplier");
        absolute.put("target_load", map("requests_per_second", 1000, "data_size_gb", 50));
        absolute.remove("slos");
        ScriptedLlmProvider llm2 = Fixtures.approving();
        PredefinedWorkflow wf2 = onRepo(llm2, tmp);
        WorkflowResult r2 = wf2.run(InputSpec.toJson(absolute));
        assertThat(llm2.requestsForStep("capacity-analysis").get(0).lastUserText())
                .contains("target_load given", "requests_per_second: 120 → 1000 req/s (×8.33)",
                        "concurrent_users: 800 users now, no target given", "data_size_gb: 40 → 50 GB (×1.25)",
                        "SLOs at the target load: none given: state the objectives you assume");
        assertThat(JSON.readTree(wf2.deliverableFiles(r2).get("scaling/targets.json")).path("max_multiplier").asDouble()).isEqualTo(8.33);
    }

    @Test
    void aPlanJudgedNotReady_isRevisedWithTheLoadTestPlan_fromTheirCurrentVersions() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("readiness-review").answer(Fixtures.verdicts(REJECTED, REJECTED, APPROVED))
                .whenStep("scaling-plan").reply("## Target\nPLAN-V1")
                .whenStep("revised-scaling-plan").reply("## Target\nPLAN-V2", "## Target\nPLAN-V3")
                .whenStep("load-test-plan").reply("## Scenarios\nLT-V1")
                .whenStep("revised-load-test-plan").reply("## Scenarios\nLT-V2", "## Scenarios\nLT-V3"));
        PredefinedWorkflow wf = onRepo(llm, tmp);
        WorkflowResult result = wf.run(InputSpec.toJson(input(tmp.toString())));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("revised-scaling-plan")).extracting(LlmRequest::lastUserText).satisfiesExactly(
                round2 -> assertThat(round2).contains("PLAN-V1", "Protect POST /tasks", "120 → 600 req/s"),
                round3 -> assertThat(round3).contains("PLAN-V2").doesNotContain("PLAN-V1"));
        assertThat(llm.requestsForStep("revised-load-test-plan").get(1).lastUserText()).contains("LT-V2").doesNotContain("LT-V1");
        LlmRequest review = llm.requestsForStep("readiness-review").get(2);
        assertThat(review.lastUserText()).contains("PLAN-V3", "LT-V3").doesNotContain("PLAN-V2");
        for (Rubric.Criterion c : Rubric.of("scaling-readiness").criteria()) {
            assertThat(review.responseFormat().schema().path("properties").path("criteria").path("properties").has(c.id())).isTrue();
        }
        Map<String, String> files = wf.deliverableFiles(result);
        assertThat(files.keySet()).containsExactlyInAnyOrder("scaling/targets.json", "scaling/capacity.md", "scaling/bottlenecks.json",
                "scaling/infrastructure-review.md", "scaling/plan.md", "scaling/autoscaling.md", "scaling/load-test-plan.md",
                "scaling/review.json", "scaling/target-check.json");
        assertThat(files.get("scaling/plan.md")).contains("PLAN-V3");
        assertThat(files.get("scaling/load-test-plan.md")).contains("LT-V3");
        assertThat(files.get("scaling/bottlenecks.json")).contains("\"bottlenecks\"", "\"limit_estimate\"");
    }

    @Test
    void theTargetCheck_saysInJava_whetherTheLastPlansStateEachTargetFigure() throws IOException {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("scaling-plan").reply("## Target\n600 req/s, 4,000 concurrent users, 200 GB of data")
                .whenStep("load-test-plan").reply("## Scenarios\n| stress | 600 req/s | 4k VUs |\n## Script\n```javascript\n"
                        + "export const options = { stages: [{ duration: '10m', target: 4000 }] };\n```"));
        PredefinedWorkflow wf = onRepo(llm, tmp);
        JsonNode check = JSON.readTree(wf.deliverableFiles(wf.run(InputSpec.toJson(input(tmp.toString())))).get("scaling/target-check.json"));
        assertThat(check.path("targets")).extracting(r -> r.path("metric").asText() + " " + r.path("in_plan").asBoolean()
                + " " + r.path("in_load_test_plan").asBoolean())
                .containsExactly("requests_per_second true true", "concurrent_users true true", "data_size_gb true false");
        assertThat(check.path("load_test_reaches_every_target").asBoolean()).isFalse();

        ScriptedLlmProvider low = Fixtures.approving(b -> b.whenStep("load-test-plan").reply("stages up to 60 req/s and 6000.5 users, 1200 GB"));
        PredefinedWorkflow wf2 = onRepo(low, tmp);
        JsonNode none = JSON.readTree(wf2.deliverableFiles(wf2.run(InputSpec.toJson(input(tmp.toString())))).get("scaling/target-check.json"));
        assertThat(none.path("targets")).allSatisfy(r -> assertThat(r.path("in_load_test_plan").asBoolean()).isFalse());
    }

    @Test
    void theTargetCheck_runsEveryReviewRound_onTheCurrentPlans_andTheReviewerReadsIt() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("readiness-review").answer(Fixtures.verdicts(Fixtures.REJECTED, Fixtures.APPROVED))
                .whenStep("load-test-plan").reply("stages up to 60 req/s")
                .whenStep("revised-load-test-plan").reply("stages up to 600 req/s, 4000 users and 200 GB"));
        PredefinedWorkflow wf = onRepo(llm, tmp);
        wf.run(InputSpec.toJson(input(tmp.toString())));

        List<LlmRequest> reviews = llm.requestsForStep("readiness-review");
        assertThat(reviews).hasSize(2);
        assertThat(reviews.get(0).lastUserText()).contains("checked by the workflow", "\"load_test_reaches_every_target\":false");
        assertThat(reviews.get(1).lastUserText()).contains("\"load_test_reaches_every_target\":true");
    }

    @Test
    void inputErrors_nameTheFieldAndTheValue_beforeAnyCall() {
        ScriptedLlmProvider llm = Fixtures.approving();
        PredefinedWorkflow wf = onRepo(llm, tmp);
        Map<String, Object> both = input(tmp.toString());
        both.put("target_load", map("requests_per_second", 1000));
        assertThatThrownBy(() -> wf.run(both)).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.target_load: must not be given with growth_multiplier");
        Map<String, Object> neither = input(tmp.toString());
        neither.remove("growth_multiplier");
        assertThatThrownBy(() -> wf.run(neither)).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.growth_multiplier: or input.target_load is required");
        Map<String, Object> lower = input(tmp.toString());
        lower.remove("growth_multiplier");
        lower.put("target_load", map("requests_per_second", 100, "writes_per_second", 50));
        assertThatThrownBy(() -> wf.run(lower)).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.target_load.requests_per_second: must be ≥ current_load.requests_per_second (120), was 100")
                .hasMessageContaining("input.target_load.writes_per_second: has no current value");
        Map<String, Object> values = input(tmp.toString());
        values.put("growth_multiplier", 0.5);
        values.put("current_load", map("requests_per_second", -1, "rps", 3));
        values.put("slos", map("availability_percent", 120));
        assertThatThrownBy(() -> wf.run(values)).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.growth_multiplier: must be between 1 and 1000, was 0.5")
                .hasMessageContaining("input.current_load.requests_per_second: must be ≥ 0, was -1")
                .hasMessageContaining("input.current_load.rps: is not a known metric")
                .hasMessageContaining("input.slos.availability_percent: must be ≤ 100, was 120");
        Map<String, Object> empty = input(tmp.toString());
        empty.put("current_load", map());
        assertThatThrownBy(() -> wf.run(empty)).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.current_load: must have at least one metric");
        assertThatThrownBy(() -> wf.run(input(tmp.resolve("nowhere").toString()))).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.workspace: is not a readable directory, was \"" + tmp.resolve("nowhere") + "\"");
        assertThat(llm.callCount()).isZero();
    }

    @Test
    void onThisRepository_theCapacityAnalysisReadsTheRealCode_andNoFileChanges() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("orchestration-core")).isDirectory();
        String before = PerformanceAuditWorkflowTest.treeHash(root);
        String recipe = "orchestration-workflows/src/main/java/dev/devora/orchestration/workflows/internal/ScalingRecipe.java";
        ToolCallingScript llm = new ToolCallingScript(Fixtures.approving(), "capacity-analysis", List.of(
                List.of(new ToolCall("s1", "search_text", "{\"pattern\": \"ScalingRecipe implements Recipe\"}")),
                List.of(new ToolCall("r1", "read_file", "{\"path\": \"" + recipe + "\", \"fromLine\": 1, \"toLine\": 3}"),
                        new ToolCall("w1", "write_file", "{\"path\": \"HACKED.md\", \"content\": \"x\"}"))));

        WorkflowResult result = onRepo(llm, root).run(InputSpec.toJson(input(root.toString())));

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        List<LlmRequest> reader = llm.requestsForStep("capacity-analysis");
        assertThat(reader).hasSize(3);
        assertThat(reader.get(0).messages().get(1).content()).contains("orchestration-workflows/", "pom.xml", "120 → 600 req/s");
        assertThat(ToolCallingScript.toolResults(reader.get(1)).get(0).content()).contains("ScalingRecipe.java:");
        List<LlmMessage> read = ToolCallingScript.toolResults(reader.get(2));
        assertThat(read.get(1).content()).contains("package dev.devora.orchestration.workflows.internal;");
        assertThat(read.get(2).content()).doesNotContain("written");
        assertThat(root.resolve("HACKED.md")).doesNotExist();
        assertThat(PerformanceAuditWorkflowTest.treeHash(root)).as("the repository is unchanged").isEqualTo(before);
    }

    @Test
    void everyStepPrompt_endsWithTheFormatOfItsAnswer_andAGrowthTaskIsSuggestedThisWorkflow() {
        StepPrompts prompts = StepPrompts.of("scaling");
        assertThat(prompts.stepIds()).containsExactlyInAnyOrder("capacity-analysis", "bottlenecks", "infrastructure-review",
                "scaling-plan", "autoscaling", "load-test-plan", "revised-scaling-plan", "revised-load-test-plan", "readiness-review");
        for (String step : prompts.stepIds()) {
            String prompt = prompts.get(step).strip();
            assertThat(prompt.substring(prompt.lastIndexOf("\n\n") + 2)).as(step).startsWith("Output: ");
        }
        assertThat(Workflows.catalog().suggest("Prepare for traffic growth: capacity, autoscaling and scaling the database").id())
                .isEqualTo("scaling");
    }

    @Test
    void theTypedInput_isAcceptedByTheWorkflow() {
        var typed = new ScalingInput(tmp.toString(), new ScalingInput.Load(120.0, 800.0, null, 15.0, null, 40.0), 5.0, null,
                new ScalingInput.Slos(300.0, null, 99.9, 1.0), "2 VMs", "in 12 months", null);
        PredefinedWorkflow wf = onRepo(Fixtures.approving(), tmp);
        assertThat(typed.validate()).isEmpty();
        assertThat(wf.validate(typed.toJson())).isEmpty();
        assertThat(typed.toJson().path("current_load").path("requests_per_second").asDouble()).isEqualTo(120.0);
        assertThat(typed.toJson().has("target_load")).isFalse();
        var bad = new ScalingInput(tmp.toString(), new ScalingInput.Load(120.0, null, null, null, null, null), null, null, null, null, null, null);
        assertThat(bad.validate()).extracting(Object::toString).anySatisfy(p -> assertThat(p).contains("input.growth_multiplier"));
    }
}
