package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.OutputTruncatedException;
import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.Fixtures.TARGETS_MET;
import static dev.devora.orchestration.workflows.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PerformanceWorkflowTest {
    /** Captures the warnings these runs log (loops at their bound, scripted answers without a referenced field). */
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String TOO_SLOW = "{\"estimated_metrics\": {\"response_time_p95\": 450, \"throughput\": 3000, \"error_rate\": 0.05, "
            + "\"uptime\": 99.95}, \"basis\": \"baseline 900 ms, CODE-1 halves it\", \"confidence\": \"low\", \"infrastructure_needed\": [], "
            + "\"estimated_improvement\": {\"response_time\": \"-50%\", \"throughput\": \"+0%\", \"cost_savings\": \"0%\"}, "
            + "\"verification\": [\"load-tests/0002.js: p(95)<200\"]}";

    static Map<String, Object> input() {
        return map("application_url", "https://app.example.test", "application_type", "api",
                "current_metrics", map("response_time_p95", 900.0, "throughput", 800, "error_rate", 1.2),
                "target_metrics", map("response_time_p95", 200.0, "throughput", 2000, "error_rate", 0.1, "uptime", 99.9),
                "constraints", List.of("No breaking changes"));
    }

    /** A code optimisation plan whose changes are the given ids (their code says which plan version holds them). */
    static String codePlan(String version, String... ids) {
        StringBuilder changes = new StringBuilder();
        for (String id : ids) {
            if (changes.length() > 0) changes.append(", ");
            changes.append("{\"id\": \"").append(id).append("\", \"status\": \"new\", \"location\": \"orders.py:list\", "
                    + "\"bottleneck\": \"N+1 queries\", \"change\": \"batch the lookups\", \"code\": \"").append(id).append(" code of ").append(version)
                    .append("\", \"expected_gain\": \"p95 -200 ms (estimate)\", \"evidence\": \"profile: 40 queries per request\"}");
        }
        return "{\"changes\": [" + changes + "], \"caching\": {\"redis\": {\"what\": \"order lists\", \"ttl\": \"60 s\"}}}";
    }

    static final String DB_PLAN = "{\"changes\": [{\"id\": \"DB-1\", \"status\": \"new\", \"target\": \"orders(customer_id)\", "
            + "\"bottleneck\": \"sequential scan\", \"change\": \"add an index\", \"expected_gain\": \"p95 -100 ms (estimate)\", "
            + "\"evidence\": \"EXPLAIN shows a seq scan on 2M rows\"}], "
            + "\"migration_sql\": \"-- DB-1: index orders by customer\\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer ON orders (customer_id);\\n\"}";

    static final String BASELINE = "{\"baseline\": {\"scenarios\": [{\"name\": \"smoke\", \"load\": \"1 VU, 1 min\", \"expected\": \"p95 900 ms\", "
            + "\"script\": \"load-tests/0001.js\"}, {\"name\": \"average load\", \"load\": \"50 VUs, 10 min\", \"expected\": \"p95 900 ms, 800 req/s\", "
            + "\"script\": \"load-tests/0002.js\"}], \"limits\": \"the database saturates near 900 req/s\"}, "
            + "\"test_scripts\": [\"import http from 'k6/http';\\nexport const options = { vus: 1, duration: '1m' };\\nexport default function () { http.get('https://app.example.test/'); }\\n\", "
            + "\"import http from 'k6/http';\\nexport const options = { vus: 50, duration: '10m', thresholds: { http_req_duration: ['p(95)<200'] } };\\nexport default function () { http.get('https://app.example.test/orders'); }\\n\"], "
            + "\"how_to_run\": \"# Load tests\\n\\nRun `k6 run load-tests/0002.js` against staging.\\n\"}";

    static final String MONITORING = "{\"dashboards\": [{\"title\": \"Orders API\", \"panels\": [{\"type\": \"timeseries\", \"title\": \"p95\"}]}], "
            + "\"alert_rules\": \"groups:\\n  - name: orders\\n    rules:\\n      - alert: OrdersP95High\\n        expr: histogram_quantile(0.95, rate(http_server_duration_bucket[5m])) > 0.2\\n        for: 10m\\n\", "
            + "\"apm_config\": \"receivers:\\n  otlp:\\n    protocols:\\n      grpc: {}\\nexporters:\\n  prometheus:\\n    endpoint: 0.0.0.0:8889\\n\"}";

    @Test
    void profileAndBaselineInParallel_thenOptimiseLoop_thatExitsAsSoonAsTheEstimatesMeetTheTargets_thenMonitoring() {
        ScriptedLlmProvider llm = Fixtures.approving();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("performance-optimization", llm).run(InputSpec.toJson(input()), events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        List<String> paths = Fixtures.startedPaths(events, "agent");
        assertThat(paths.subList(0, 2)).containsExactlyInAnyOrder("profiling/profile", "profiling/baseline-load-test");
        assertThat(paths.subList(2, 4)).containsExactlyInAnyOrder(
                "tuning/tuning-round/optimize/code-optimization", "tuning/tuning-round/optimize/db-optimization");
        assertThat(paths.subList(4, paths.size())).containsExactly("tuning/tuning-round/target-check", "monitoring");
        assertThat(events.ofType(WorkflowEvent.LoopIteration.class)).hasSize(1);
        assertThat(result.gateHistory().get(0).verdict().score()).isEqualTo(100);
        JsonNode estimates = result.deliverables().path("estimates");
        assertThat(estimates.path("estimated_metrics").path("response_time_p95").asInt()).isEqualTo(180);
        assertThat(estimates.path("estimated_improvement").path("response_time").asText()).isEqualTo("-80%");
        assertThat(result.deliverables().path("monitoring").path("alert_rules").isTextual()).isTrue();
        assertThat(result.deliverables().path("analysis").path("bottlenecks").isArray()).isTrue();
    }

    @Test
    void theEstimates_comeFromTheLoadTester_notFromTheEngineersWhoProposedTheChanges_andReadThisRoundsPlans() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("code-optimization").reply(codePlan("v1", "CODE-1"))
                .whenStep("db-optimization").reply(DB_PLAN)
                .whenStep("baseline-load-test").reply(BASELINE));
        Fixtures.workflow("performance-optimization", llm).run(InputSpec.toJson(input()));

        LlmRequest estimate = llm.requestsForStep("target-check").get(0);
        assertThat(estimate.attribute(LlmRequest.AGENT)).isEqualTo("load-tester");
        assertThat(llm.requestsForStep("code-optimization").get(0).attribute(LlmRequest.AGENT)).isNotEqualTo("load-tester");
        assertThat(estimate.lastUserText()).contains("CODE-1 code of v1", "CREATE INDEX CONCURRENTLY", "the database saturates near 900 req/s",
                "You did not propose these changes", "estimates, not measurements");
        assertThat(estimate.responseFormat().schema().path("properties").has("estimated_metrics")).isTrue();
    }

    @Test
    void missedTarget_feedsTheGap_labelledAsAnEstimate_intoTheNextRound_untilMet() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("target-check").reply(TOO_SLOW, TARGETS_MET));
        WorkflowResult result = Fixtures.workflow("performance-optimization", llm).run(InputSpec.toJson(input()));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("code-optimization")).hasSize(2);
        assertThat(llm.requestsForStep("code-optimization").get(1).lastUserText())
                .contains("response_time_p95: estimated 450, target ≤ 200")
                .contains("These are estimates, not measurements");
        assertThat(result.gateHistory()).extracting(g -> g.verdict().score()).containsExactly(75, 100);
    }

    @Test
    void thePlanIsCumulative_round3RevisesRound2sPlan_andTheDeliverableIsTheLastPlan() throws Exception {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("code-optimization").reply(codePlan("v1", "CODE-1"), codePlan("v2", "CODE-1", "CODE-2"),
                        codePlan("v3", "CODE-1", "CODE-2", "CODE-3"))
                .whenStep("db-optimization").reply(DB_PLAN)
                .whenStep("target-check").reply(TOO_SLOW, TOO_SLOW, TARGETS_MET));
        WorkflowResult result = Fixtures.workflow("performance-optimization", llm).run(InputSpec.toJson(input()));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("code-optimization")).extracting(LlmRequest::lastUserText).satisfiesExactly(
                round1 -> assertThat(round1).doesNotContain("code of v"),
                round2 -> assertThat(round2).contains("CODE-1 code of v1").contains("estimated 450"),
                round3 -> assertThat(round3).contains("CODE-2 code of v2").doesNotContain("code of v1"));
        assertThat(llm.requestsForStep("target-check").get(2).lastUserText()).contains("CODE-3 code of v3");
        assertThat(llm.requestsForStep("db-optimization")).extracting(LlmRequest::lastUserText).satisfiesExactly(
                round1 -> assertThat(round1).doesNotContain("CREATE INDEX"),
                round2 -> assertThat(round2).contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer"),
                round3 -> assertThat(round3).contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer"));
        assertThat(result.deliverables().path("optimizations").path("code_changes")).extracting(c -> c.path("code").asText())
                .containsExactly("CODE-1 code of v3", "CODE-2 code of v3", "CODE-3 code of v3");
        JsonNode written = JSON.readTree(Fixtures.workflow("performance-optimization", llm).deliverableFiles(result)
                .get("performance/code-changes.json"));
        assertThat(written.get(2).path("id").asText()).isEqualTo("CODE-3");
    }

    @Test
    void targetsNeverMet_stopAtMaxIterations_andThePartialResultKeepsTheLastEstimate_andRound2sPlan() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("target-check").reply(TOO_SLOW)
                .whenStep("code-optimization").reply(codePlan("v1", "CODE-1"), codePlan("v2", "CODE-1", "CODE-2")));
        WorkflowResult result = Fixtures.workflow("performance-optimization", llm, WorkflowConfig.builder().maxIterations(2).build())
                .run(InputSpec.toJson(input()));

        assertThat(result.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(llm.requestsForStep("target-check")).hasSize(2);
        assertThat(llm.requestsForStep("monitoring")).hasSize(1);
        assertThat(result.deliverables().path("estimates").path("estimated_metrics").path("response_time_p95").asInt()).isEqualTo(450);
        assertThat(result.deliverables().path("optimizations").path("code_changes").get(1).path("code").asText()).isEqualTo("CODE-2 code of v2");
    }

    @Test
    void theFilesWritten_areK6Scripts_sql_yaml_andOneJsonPerResult() throws Exception {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b
                .whenStep("code-optimization").reply(codePlan("v1", "CODE-1"))
                .whenStep("db-optimization").reply(DB_PLAN)
                .whenStep("baseline-load-test").reply(BASELINE)
                .whenStep("monitoring").reply(MONITORING));
        PredefinedWorkflow w = Fixtures.workflow("performance-optimization", llm);
        Map<String, String> files = w.deliverableFiles(w.run(InputSpec.toJson(input())));

        assertThat(files.keySet()).containsExactlyInAnyOrder("performance/analysis.json", "performance/baseline.json",
                "load-tests/0001.js", "load-tests/0002.js", "load-tests/README.md", "performance/code-changes.json",
                "performance/caching.json", "performance/database-changes.json", "performance/database.sql",
                "performance/estimates.json", "monitoring/dashboards.json", "monitoring/alerts.yml", "monitoring/otel-collector.yaml");
        assertThat(files.get("load-tests/0002.js")).startsWith("import http from 'k6/http';").contains("p(95)<200");
        assertThat(files.get("performance/database.sql")).startsWith("-- DB-1");
        assertThat(files.get("monitoring/alerts.yml")).startsWith("groups:");
        assertThat(JSON.readTree(files.get("performance/estimates.json")).path("estimated_metrics").path("throughput").asInt()).isEqualTo(3000);
        assertThat(JSON.readTree(files.get("performance/analysis.json")).has("bottlenecks")).isTrue();
    }

    @Test
    void anOfflineRun_writesTheSameLayout() {
        Map<String, String> files = DeliverableLayoutTest.offlineFiles("performance-optimization");

        assertThat(files).containsKeys("load-tests/0001.js", "load-tests/README.md", "performance/database.sql",
                "performance/estimates.json", "monitoring/alerts.yml", "monitoring/otel-collector.yaml");
    }

    @Test
    void metricsOutsideTheirDomain_areReported() {
        Map<String, Object> bad = input();
        bad.put("target_metrics", map("throughput", 2000, "uptime", 120, "latency", 3));
        bad.put("current_metrics", map("response_time_p95", "fast"));
        assertThatThrownBy(() -> Fixtures.workflow("performance-optimization", Fixtures.approving()).run(bad))
                .hasMessageContaining("input.target_metrics.uptime: must be ≤ 100 (a percentage), was 120")
                .hasMessageContaining("input.target_metrics.latency: is not a known metric")
                .hasMessageContaining("input.target_metrics.response_time_p95: is required")
                .hasMessageContaining("input.current_metrics.response_time_p95: must be a number, was \"fast\"");
    }

    @Test
    void aCutOffJsonAnswer_failsTheRun_namingTheStep_andNothingIsEstimatedFromIt() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("db-optimization")
                .cutOffAlways("{\"changes\": [{\"id\": \"DB-1\", \"status\": \"new\", \"target\": \"ord"));
        WorkflowResult result = Fixtures.workflow("performance-optimization", llm).run(InputSpec.toJson(input()));

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        StepFailedException failure = (StepFailedException) result.failure().orElseThrow();
        assertThat(failure.getMessage()).contains("db-optimization");
        assertThat(failure.getCause()).isInstanceOf(OutputTruncatedException.class).hasMessageContaining("JSON answer was cut off");
        assertThat(llm.requestsForStep("db-optimization")).hasSize(1);
        assertThat(llm.requestsForStep("target-check")).isEmpty();
    }

    @Test
    void theFirstRound_hasNoEmptyPlanOrGapLines_andAbsentOptionalInputsLeaveNoLine() {
        Map<String, Object> in = input();
        in.remove("constraints");
        ScriptedLlmProvider llm = Fixtures.approving();
        Fixtures.workflow("performance-optimization", llm).run(InputSpec.toJson(in));

        String round1 = llm.requestsForStep("code-optimization").get(0).lastUserText();
        assertThat(round1).doesNotContain("plan so far", "Gaps after the last round", "Constraints:", "Stack:")
                .contains("Budget: not specified", "Optimise the code and design the caching, round 1");
    }

    @Test
    void theReport_saysTheGainsAreEstimates_toMeasureWithTheK6Scripts() {
        PredefinedWorkflow w = Fixtures.workflow("performance-optimization", Fixtures.approving());
        String md = w.reportMarkdown(w.run(InputSpec.toJson(input())), ReportContext.NONE);

        assertThat(md).contains("## Notes", "The gains are estimates; measure them with the k6 scripts before relying on them.");
    }
}
