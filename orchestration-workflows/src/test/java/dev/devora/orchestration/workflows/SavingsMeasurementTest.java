package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.devora.orchestration.engine.ExecutionPlan;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ResponseFormat;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures, per workflow, with every scripted output about {@value #OUTPUT_CHARS} characters long:
 * the prompt tokens actually sent (declared reads) against a baseline that passes every earlier output into every
 * prompt, and the critical path in model calls against the total. Writes {@code target/savings.md}.
 */
class SavingsMeasurementTest {
    /** Captures the warnings these runs log (loops at their bound, scripted answers without a referenced field). */
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    static final int OUTPUT_CHARS = 2_000;
    static final int LATENCY_MS = 40;

    static Map<String, Map<String, Object>> inputs() {
        Map<String, Map<String, Object>> in = new LinkedHashMap<>();
        in.put("full-stack-development", FullStackWorkflowTest.input("JWT authentication", "Kanban boards", "Notifications"));
        in.put("api-development", ApiDevelopmentWorkflowTest.input("rest"));
        in.put("documentation-generation", DocumentationWorkflowTest.input(List.of("readme", "architecture", "installation", "contributing", "api_reference", "adr")));
        in.put("performance-optimization", PerformanceWorkflowTest.input());
        in.put("cicd-setup", CiCdWorkflowTest.input("github", "kubernetes"));
        in.put("data-pipeline-setup", DataPipelineWorkflowTest.input("batch"));
        in.put("ml-model-integration", MlIntegrationWorkflowTest.input(0.91));
        in.put("security-audit", SecurityAuditWorkflowTest.input(List.of("code", "api", "infrastructure")));
        in.put("accessibility-compliance", AccessibilityWorkflowTest.input());
        in.put("complete-project-launch", ProjectLaunchWorkflowTest.input());
        in.put("bug-resolution", BugResolutionWorkflowTest.input(java.nio.file.Path.of("src/test/resources").toAbsolutePath(), "backend"));
        in.put("migration", MigrationWorkflowTest.input(java.nio.file.Path.of("src/test/resources").toAbsolutePath(), "database", true));
        in.put("incident-response", IncidentResponseWorkflowTest.input("SEV1"));
        in.put("saas-mvp", SaasMvpWorkflowTest.input(java.nio.file.Path.of("src/test/resources").toAbsolutePath()));
        in.put("feature-development", FeatureDevelopmentWorkflowTest.input(java.nio.file.Path.of("src/test/resources").toAbsolutePath(), true));
        in.put("refactoring", RefactoringWorkflowTest.input(java.nio.file.Path.of("src/test/resources").toAbsolutePath(), "backend", List.of("logback-test.xml")));
        in.put("release-management", ReleaseManagementWorkflowTest.input(java.nio.file.Path.of("src/test/resources").toAbsolutePath(), true));
        in.put("performance-audit", PerformanceAuditWorkflowTest.input());
        in.put("scaling", ScalingWorkflowTest.input());
        in.put("quality-gate", QualityGateWorkflowTest.input(java.nio.file.Path.of("src/test/resources").toAbsolutePath()));
        return in;
    }

    /** A reply of about OUTPUT_CHARS characters, unique per call; schema-valid JSON for JSON requests. */
    static String fixedLength(LlmRequest r, int call) {
        String tag = "[out-" + call + "] ";
        ResponseFormat f = r.responseFormat();
        if (f == null || f.type() == ResponseFormat.Type.TEXT) return tag + "x".repeat(OUTPUT_CHARS - tag.length());
        JsonNode sample = f.schema() == null ? dev.devora.orchestration.workflows.internal.InputJson.toJson(Map.of())
                : ScriptedLlmProvider.sample(f.schema());
        int leaves = countStrings(sample);
        if (leaves > 0) fill(sample, tag, Math.max(10, (OUTPUT_CHARS - sample.toString().length()) / leaves));
        return sample.toString();
    }

    /** Model calls on the longest chain of one pass: loops once, the largest branch of a choice, branches side by side. */
    static int onePassDepth(List<dev.devora.orchestration.workflow.Step> sequence) {
        int d = 0;
        for (var s : sequence) d += onePassDepth(s);
        return d;
    }

    static int onePassDepth(dev.devora.orchestration.workflow.Step s) {
        if (s instanceof dev.devora.orchestration.workflow.AgentStep) return 1;
        if (s instanceof dev.devora.orchestration.workflow.TaskStep) return 0;
        if (s instanceof dev.devora.orchestration.workflow.SubWorkflowStep w) return onePassDepth(w.workflow().steps());
        if (s instanceof dev.devora.orchestration.workflow.SequenceStep q) return onePassDepth(q.steps());
        if (s instanceof dev.devora.orchestration.workflow.LoopStep l) {
            // one pass: a review loop's rework branch does not run on the first round
            return l.body() instanceof dev.devora.orchestration.workflow.SequenceStep q
                    && q.steps().get(0) instanceof dev.devora.orchestration.workflow.ConditionalStep
                    ? onePassDepth(q.steps().subList(1, q.steps().size())) : onePassDepth(l.body());
        }
        int max = 0;
        for (var c : s.children()) max = Math.max(max, onePassDepth(c));
        return max;   // parallel, conditional, route, gate (rule and review gates make no call)
    }

    static int countStrings(JsonNode n) {
        if (n.isTextual()) return 1;
        int c = 0;
        for (JsonNode child : n) c += countStrings(child);
        return c;
    }

    static void fill(JsonNode n, String tag, int len) {
        if (n instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                if (o.get(k).isTextual() && !isEnum(o.get(k).asText())) o.set(k, TextNode.valueOf(tag + "y".repeat(Math.max(0, len - tag.length()))));
                else fill(o.get(k), tag, len);
            }
        } else if (n instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) a.set(i, TextNode.valueOf(tag + "z".repeat(Math.max(0, len - tag.length()))));
                else fill(a.get(i), tag, len);
            }
        }
    }

    static boolean isEnum(String s) {
        return List.of("critical", "high", "medium", "low", "info", "P0", "S", "fact", "error", "performance_score", "stateful").contains(s);
    }

    @Test
    void declaredReads_andParallelism_save_promptTokens_andLatency_andAccountingAddsUp() throws Exception {
        StringBuilder table = new StringBuilder("| workflow | calls (run) | prompt tokens, declared reads | prompt tokens, pass-everything baseline | saving | critical path, one pass (calls) | sequential depth, measured (calls) | critical path at bound (plan) | max calls at bound (plan) |\n|---|---|---|---|---|---|---|---|---|\n");
        long totalActual = 0, totalBaseline = 0;
        for (Map.Entry<String, Map<String, Object>> e : inputs().entrySet()) {
            AtomicInteger calls = new AtomicInteger();
            Map<Integer, String> replies = new HashMap<>();
            ScriptedLlmProvider llm = Fixtures.approving(b -> b
                    .when(r -> r.lastUserText().contains("Design the pipeline")).reply(CiCdWorkflowTest.PIPELINE)
                    .otherwise(r -> {
                        int n = calls.incrementAndGet();
                        String reply = fixedLength(r, n);
                        synchronized (replies) { replies.put(System.identityHashCode(r), reply); }
                        return reply;
                    }));
            PredefinedWorkflow wf = Fixtures.workflow(e.getKey(), llm);
            WorkflowResult result = wf.run(InputSpec.toJson(e.getValue()));
            assertThat(result.isCompleted()).as(e.getKey()).isTrue();
            ExecutionPlan plan = wf.plan(e.getValue());
            Map<String, String> literal = new HashMap<>();
            for (ExecutionPlan.PlannedCall c : plan.calls()) literal.put(c.path(), c.prompt().replaceAll("«[^»]*»", ""));

            long actual = 0, baseline = 0, earlier = 0;
            for (LlmRequest r : llm.requests()) {
                long system = r.messages().get(0).content().length();
                String user = r.lastUserText();
                actual += (system + user.length()) / 4 + 1;
                String lit = literal.getOrDefault(r.attribute(LlmRequest.STEP_PATH), user);
                baseline += (system + lit.length() + earlier) / 4 + 1;
                String reply = replies.get(System.identityHashCode(r));
                earlier += reply != null ? reply.length() : 300;  // scripted reviewer/pipeline answers are ~300 chars
            }
            assertThat(result.metrics().usage().promptTokens()).as(e.getKey()).isEqualTo(actual);
            assertThat(result.metrics().llmCalls()).as(e.getKey()).isEqualTo(llm.callCount());
            assertThat(result.metrics().squads().values().stream().mapToLong(s -> s.usage().totalTokens()).sum())
                    .as(e.getKey() + ": every call is accounted to a squad").isEqualTo(result.metrics().usage().totalTokens());
            ScriptedLlmProvider slow = Fixtures.approving(b -> b
                    .when(r -> r.lastUserText().contains("Design the pipeline")).reply(CiCdWorkflowTest.PIPELINE)
                    .latency(java.time.Duration.ofMillis(LATENCY_MS)));
            long t0 = System.nanoTime();
            Fixtures.workflow(e.getKey(), slow).run(InputSpec.toJson(e.getValue()));
            long depth = Math.round((System.nanoTime() - t0) / 1e6 / LATENCY_MS);
            // a single call (quality-gate without commands: the review) has no earlier output to pass: nothing to save
            if (llm.callCount() > 1) assertThat(baseline).as(e.getKey()).isGreaterThan(actual);
            assertThat(plan.criticalPathCalls()).as(e.getKey()).isLessThanOrEqualTo(plan.maxCalls());
            totalActual += actual;
            totalBaseline += baseline;
            table.append("| ").append(e.getKey()).append(" | ").append(llm.callCount()).append(" | ").append(actual).append(" | ")
                    .append(baseline).append(" | ").append(Math.round(100.0 * (baseline - actual) / baseline)).append(" % | ")
                    .append(onePassDepth(wf.definition().steps())).append(" | ").append(depth).append(" | ").append(plan.criticalPathCalls()).append(" | ").append(plan.maxCalls()).append(" |\n");
        }
        table.append("| **total** | | ").append(totalActual).append(" | ").append(totalBaseline).append(" | ")
                .append(Math.round(100.0 * (totalBaseline - totalActual) / totalBaseline)).append(" % | | | | |\n");
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "savings.md"), table.toString(), StandardCharsets.UTF_8);
        System.out.println(table);
    }
}
