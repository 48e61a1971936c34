package dev.devora.orchestration.workflows;

import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.Map;

/** Scripted answers, engines and event helpers shared by the workflow tests. */
final class Fixtures {
    static final String APPROVED = "{\"score\": 95, \"approved\": true, \"blockers\": [], \"issues\": [], \"feedback\": \"Ready.\"}";
    static final String REJECTED = "{\"score\": 40, \"approved\": false, \"blockers\": [\"POST /tasks is not protected\"], "
            + "\"issues\": [{\"severity\": \"high\", \"area\": \"tasks.py\", \"problem\": \"no auth check\", \"fix\": \"add the JWT dependency\"}], "
            + "\"feedback\": \"Protect POST /tasks with the JWT dependency.\"}";

    /** The load tester's estimates after the plan: every target met. */
    static final String TARGETS_MET = "{\"estimated_metrics\": {\"response_time_p95\": 180, \"throughput\": 3000, \"error_rate\": 0.05, "
            + "\"uptime\": 99.95}, \"basis\": \"baseline 900 ms minus CODE-1 and DB-1\", \"confidence\": \"medium\", "
            + "\"infrastructure_needed\": [\"add a read replica\"], "
            + "\"estimated_improvement\": {\"response_time\": \"-80%\", \"throughput\": \"+200%\", \"cost_savings\": \"-10%\"}, "
            + "\"verification\": [\"load-tests/0002.js: p(95)<200\"]}";
    static final String GO = "{\"metrics\": [{\"name\": \"auc\", \"value\": 0.91, \"threshold\": 0.85, \"passed\": true}], "
            + "\"go\": true, \"risks\": [\"drift\"], \"online_test\": \"shadow for 2 weeks\"}";

    private static final ObjectMapper JSON = new ObjectMapper();

    static final WorkflowEngine ENGINE = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build();

    private Fixtures() {
    }

    /** Default answers, with every reviewer approving. */
    static ScriptedLlmProvider approving() {
        return approving(b -> b);
    }

    /** The test's own rules first (first match wins), then every reviewer approving, then default answers. */
    static ScriptedLlmProvider approving(java.util.function.UnaryOperator<ScriptedLlmProvider.Builder> first) {
        return first.apply(ScriptedLlmProvider.builder())
                .whenAgent("qa-lead").answer(verdicts(APPROVED))
                .whenAgent("documentation-reviewer").answer(verdicts(APPROVED))
                .whenStep("verification").answer(verdicts(APPROVED))
                .whenStep("audit-review").answer(verdicts(APPROVED))
                .whenStep("readiness-review").answer(verdicts(APPROVED))
                .whenStep("target-check").reply(TARGETS_MET)
                .whenStep("model-validation").reply(GO)
                .build();
    }

    /**
     * Answers a reviewer's requests with these verdicts in turn (the last one repeats), each graded on every
     * criterion of the request's rubric schema with the verdict's {@code score}, so the gate's weighted mean is
     * that score.
     */
    static Function<LlmRequest, String> verdicts(String... verdicts) {
        AtomicInteger calls = new AtomicInteger();
        return request -> verdict(verdicts[Math.min(calls.getAndIncrement(), verdicts.length - 1)], request);
    }

    /** {@code verdict} with a {@code criteria} object scoring every criterion of the request's schema at its score. */
    static String verdict(String verdict, LlmRequest request) {
        try {
            ObjectNode v = (ObjectNode) JSON.readTree(verdict);
            ObjectNode criteria = v.putObject("criteria");
            JsonNode schema = request.responseFormat() == null ? null : request.responseFormat().schema();
            JsonNode names = schema == null ? JSON.createObjectNode() : schema.path("properties").path("criteria").path("properties");
            names.fieldNames().forEachRemaining(name -> criteria.putObject(name).put("score", v.path("score").asInt())
                    .put("evidence", "scripted"));
            return JSON.writeValueAsString(v);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a verdict: " + verdict, e);
        }
    }

    static PredefinedWorkflow workflow(String id, ScriptedLlmProvider llm) {
        return Workflows.byId(id, llm).withEngine(ENGINE);
    }

    static PredefinedWorkflow workflow(String id, ScriptedLlmProvider llm, WorkflowConfig config) {
        return Workflows.byId(id, llm, config).withEngine(ENGINE);
    }

    /** Agent names of the requests, in arrival order. */
    static List<String> agents(ScriptedLlmProvider llm) {
        return llm.requests().stream().map(r -> r.attribute(LlmRequest.AGENT)).toList();
    }

    /** The last segment of every started agent or task step path, in start order. */
    static List<String> startedSteps(RecordingWorkflowListener events, String... kinds) {
        List<String> wanted = List.of(kinds);
        return events.ofType(WorkflowEvent.StepStarted.class).stream()
                .filter(s -> wanted.isEmpty() || wanted.contains(s.kind()))
                .map(s -> s.path().substring(s.path().lastIndexOf('/') + 1)).toList();
    }

    /** Full paths of started steps of the given kind. */
    static List<String> startedPaths(RecordingWorkflowListener events, String kind) {
        return events.ofType(WorkflowEvent.StepStarted.class).stream().filter(s -> s.kind().equals(kind))
                .map(WorkflowEvent.StepStarted::path).toList();
    }

    static List<String> skipped(RecordingWorkflowListener events) {
        return events.ofType(WorkflowEvent.StepSkipped.class).stream().map(WorkflowEvent.StepSkipped::path).toList();
    }

    static Map<String, Object> map(Object... kv) {
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
