package dev.devora.orchestration.opentelemetry.internal;

import io.opentelemetry.api.common.AttributeKey;

import java.util.List;

/**
 * Every name this module emits, in one place: the OpenTelemetry GenAI semantic conventions' (still in development:
 * a rename upstream is one edit here) and Devora's own ({@code devora.*}) for what the conventions do not name.
 */
public final class GenAi {
    private GenAi() {
    }

    // operations (gen_ai.operation.name)
    public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    public static final String INVOKE_WORKFLOW = "invoke_workflow";
    public static final String INVOKE_AGENT = "invoke_agent";
    public static final String CHAT = "chat";
    public static final String EXECUTE_TOOL = "execute_tool";

    public static final AttributeKey<String> WORKFLOW_NAME = AttributeKey.stringKey("gen_ai.workflow.name");
    public static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
    public static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    public static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    public static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    public static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    public static final AttributeKey<List<String>> FINISH_REASONS =
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    public static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    public static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    public static final AttributeKey<Long> CACHE_READ_TOKENS = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
    public static final AttributeKey<Long> REASONING_TOKENS = AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens");
    public static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    public static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    public static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    public static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");

    // a gate's verdict: the evaluation event
    public static final String EVALUATION_EVENT = "gen_ai.evaluation.result";
    public static final AttributeKey<String> EVALUATION_NAME = AttributeKey.stringKey("gen_ai.evaluation.name");
    public static final AttributeKey<Double> EVALUATION_SCORE = AttributeKey.doubleKey("gen_ai.evaluation.score.value");
    public static final AttributeKey<String> EVALUATION_LABEL = AttributeKey.stringKey("gen_ai.evaluation.score.label");

    // Devora's own
    public static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("devora.run.id");
    public static final AttributeKey<String> RUN_STATUS = AttributeKey.stringKey("devora.run.status");
    public static final AttributeKey<String> WORKFLOW = AttributeKey.stringKey("devora.workflow");
    public static final AttributeKey<String> SQUAD = AttributeKey.stringKey("devora.squad");
    public static final AttributeKey<String> STEP_PATH = AttributeKey.stringKey("devora.step.path");
    public static final AttributeKey<String> STEP_KIND = AttributeKey.stringKey("devora.step.kind");
    public static final AttributeKey<Long> STEP_ATTEMPT = AttributeKey.longKey("devora.step.attempt");
    public static final AttributeKey<Double> COST_USD = AttributeKey.doubleKey("devora.cost.usd");
    public static final AttributeKey<Boolean> COST_ESTIMATED = AttributeKey.booleanKey("devora.cost.estimated");
    public static final AttributeKey<String> UPSTREAM_PROVIDER = AttributeKey.stringKey("devora.upstream_provider");
    public static final AttributeKey<Long> GATE_THRESHOLD = AttributeKey.longKey("devora.gate.threshold");
    public static final AttributeKey<Boolean> GATE_PASSED = AttributeKey.booleanKey("devora.gate.passed");
    public static final AttributeKey<Long> GATE_ATTEMPT = AttributeKey.longKey("devora.gate.attempt");
    public static final AttributeKey<Long> RETRY_ATTEMPT = AttributeKey.longKey("devora.retry.next_attempt");
    public static final AttributeKey<Long> RETRY_DELAY_MS = AttributeKey.longKey("devora.retry.delay_ms");
    public static final AttributeKey<String> FALLBACK_REQUESTED = AttributeKey.stringKey("devora.fallback.requested_model");
    public static final AttributeKey<String> FALLBACK_ANSWERED = AttributeKey.stringKey("devora.fallback.answered_model");
    public static final AttributeKey<Long> LOOP_ITERATION = AttributeKey.longKey("devora.loop.iteration");
    public static final AttributeKey<String> BRANCH = AttributeKey.stringKey("devora.branch");
    public static final AttributeKey<String> REASON = AttributeKey.stringKey("devora.reason");
    public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("devora.wait.request_id");
    public static final AttributeKey<String> WAIT_KIND = AttributeKey.stringKey("devora.wait.kind");
    public static final String RETRY_EVENT = "devora.step.retry";
    public static final String FALLBACK_EVENT = "devora.model.fallback";
    public static final String LOOP_EVENT = "devora.loop.iteration";
    public static final String BRANCH_EVENT = "devora.branch.chosen";
    public static final String SKIPPED_EVENT = "devora.step.skipped";
    public static final String WAIT_EVENT = "devora.wait.started";
    public static final String WAIT_TIMEOUT_EVENT = "devora.wait.timed_out";
    public static final String SLA_EVENT = "devora.sla.breached";
    public static final String REMOTE_DECISION_EVENT = "devora.remote_agent.decision";

    // metrics
    public static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    public static final String COST = "devora.cost";
    public static final String RUNS = "devora.runs";
    public static final String STEP_DURATION = "devora.step.duration";
    public static final String GATE_EVALUATIONS = "devora.gate.evaluations";
}
