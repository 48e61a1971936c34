package dev.devora.orchestration.opentelemetry;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.agent.ModelOptions;
import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run of a workflow with a parallel step, a gated loop that fails once, a retried call and a fallback model, as
 * the in-memory exporter sees it: the span tree, its names, attributes and events, and the metrics.
 */
class SpanTreeTest {
    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");

    /** Answers the primary writer's calls with the backup model, as a provider's fallback would. */
    static LlmProvider fallingBack(ScriptedLlmProvider scripted) {
        return new LlmProvider() {
            @Override
            public String name() {
                return scripted.name();
            }

            @Override
            public LlmResponse complete(LlmRequest request) {
                LlmResponse r = scripted.complete(request);
                return "primary/model".equals(request.model()) ? r.toBuilder().model("backup/model").build() : r;
            }

            @Override
            public Optional<dev.devora.orchestration.llm.ModelPrice> price(String model) {
                return scripted.price(model);
            }

            @Override
            public OptionalInt contextLength(String model) {
                return scripted.contextLength(model);
            }
        };
    }

    static Workflow reviewedAndPolished(LlmProvider p) {
        LlmAgent writer = LlmAgent.builder("writer").role("a writer").provider(p)
                .model(ModelOptions.builder().model("primary/model").build()).build();
        QualityGate secondTime = QualityGate.of("second-time", in -> in.attempt() >= 2
                ? GateVerdict.pass("second-time", 90, in.threshold())
                : GateVerdict.fail("second-time", 40, in.threshold(), "say more"));
        return Workflow.builder("otel-demo")
                .step(Steps.parallel("reviews",
                        Steps.agent("r1", LlmAgent.builder("reviewer").role("a reviewer").provider(p).build())
                                .prompt("Review {{input.topic}}").squad("quality"),
                        Steps.agent("r2", LlmAgent.builder("flaky").role("a reviewer").provider(p).build())
                                .prompt("Review again {{input.topic}}")))
                .step(Steps.loop("polish", Steps.agent("draft", writer).prompt("Draft from {{r1}} and {{r2}}"))
                        .until(secondTime, 80).maxIterations(3))
                .build();
    }

    static WorkflowEngine engine(DevoraTelemetry telemetry) {
        return WorkflowEngine.builder().listener(telemetry.listener())
                .retryPolicy(RetryPolicy.builder().maxAttempts(3).initialDelay(Duration.ofMillis(1)).build()).build();
    }

    static SpanData one(List<SpanData> spans, String name) {
        List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(named).as(name).hasSize(1);
        return named.get(0);
    }

    static List<SpanData> childrenOf(List<SpanData> spans, SpanData parent) {
        return spans.stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId())).toList();
    }

    @Test
    void aRun_isASpanTree_ofItsStepsAndCalls_withTheConventionsAttributes() {
        DevoraTelemetry telemetry = DevoraTelemetry.create(otel.getOpenTelemetry());
        ScriptedLlmProvider scripted = ScriptedLlmProvider.builder().name("scripted")
                .whenAgent("flaky").failTimes(1, ProviderErrorKind.RATE_LIMITED).reply("a second review").build();
        LlmProvider traced = telemetry.provider(fallingBack(scripted));
        Span request = otel.getOpenTelemetry().getTracer("test").spanBuilder("POST /runs").startSpan();
        WorkflowResult result;
        try (WorkflowEngine engine = engine(telemetry); Scope ignored = request.makeCurrent()) {
            result = engine.run(reviewedAndPolished(traced), Map.of("topic", "caching"));
        } finally {
            request.end();
        }
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        List<SpanData> spans = otel.getSpans();

        SpanData run = one(spans, "invoke_workflow otel-demo");
        assertThat(run.getParentSpanId()).as("a child of the span current where it started")
                .isEqualTo(request.getSpanContext().getSpanId());
        assertThat(run.getAttributes().get(OPERATION)).isEqualTo("invoke_workflow");
        assertThat(run.getAttributes().get(AttributeKey.stringKey("gen_ai.workflow.name"))).isEqualTo("otel-demo");
        assertThat(run.getAttributes().get(AttributeKey.stringKey("devora.run.id"))).isEqualTo(result.runId());
        assertThat(run.getAttributes().get(AttributeKey.stringKey("devora.run.status"))).isEqualTo("SUCCEEDED");
        assertThat(run.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
                .isEqualTo(result.metrics().usage().promptTokens());

        SpanData reviews = one(spans, "step reviews");
        assertThat(reviews.getParentSpanId()).isEqualTo(run.getSpanId());
        SpanData r1 = one(spans, "invoke_agent reviews/r1");
        SpanData r2 = one(spans, "invoke_agent reviews/r2");
        assertThat(childrenOf(spans, reviews)).as("the branches are siblings under their parallel step")
                .containsExactlyInAnyOrder(r1, r2);
        assertThat(r1.getAttributes().get(AttributeKey.stringKey("gen_ai.agent.name"))).isEqualTo("reviewer");
        assertThat(r1.getAttributes().get(AttributeKey.stringKey("devora.squad"))).isEqualTo("quality");
        assertThat(r2.getAttributes().get(AttributeKey.stringKey("devora.squad"))).as("no squad").isNull();
        assertThat(r1.getAttributes().get(OPERATION)).isEqualTo("invoke_agent");

        // the retried call: a failed chat span, a retry event on the step, attempt 2
        List<SpanData> r2Calls = childrenOf(spans, r2);
        assertThat(r2Calls).hasSize(2).allSatisfy(c -> {
            assertThat(c.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(c.getAttributes().get(OPERATION)).isEqualTo("chat");
        });
        assertThat(r2Calls).filteredOn(c -> c.getStatus().getStatusCode() == StatusCode.ERROR).singleElement()
                .satisfies(c -> assertThat(c.getAttributes().get(AttributeKey.stringKey("error.type")))
                        .isEqualTo("rate_limited"));
        assertThat(r2.getEvents()).extracting(EventData::getName).contains("devora.step.retry");
        assertThat(r2.getAttributes().get(AttributeKey.longKey("devora.step.attempt"))).isEqualTo(2L);

        SpanData r1Call = childrenOf(spans, r1).get(0);
        assertThat(r1Call.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("scripted");
        assertThat(r1Call.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isPositive();
        assertThat(r1Call.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isPositive();
        assertThat(r1Call.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
                .containsExactly("stop");
        assertThat(r1Call.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages")))
                .as("no prompt unless asked").isNull();
        assertThat(r1Call.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages"))).isNull();

        // the gated loop: two iterations under the loop's span, a failed then a passed verdict on it
        SpanData polish = one(spans, "step polish");
        List<SpanData> drafts = spans.stream().filter(s -> s.getName().equals("invoke_agent polish/draft")).toList();
        assertThat(drafts).hasSize(2).allSatisfy(d -> assertThat(d.getParentSpanId()).isEqualTo(polish.getSpanId()));
        List<EventData> verdicts = polish.getEvents().stream()
                .filter(e -> e.getName().equals("gen_ai.evaluation.result")).toList();
        assertThat(verdicts).extracting(e -> e.getAttributes().get(AttributeKey.stringKey("gen_ai.evaluation.score.label")))
                .containsExactly("fail", "pass");
        assertThat(verdicts.get(0).getAttributes().get(AttributeKey.doubleKey("gen_ai.evaluation.score.value")))
                .isEqualTo(40.0);
        assertThat(verdicts.get(0).getAttributes().get(AttributeKey.stringKey("gen_ai.evaluation.name")))
                .isEqualTo("second-time");

        // the fallback model: requested, answered, and an event on the call
        SpanData draftCall = childrenOf(spans, drafts.get(0)).get(0);
        assertThat(draftCall.getName()).isEqualTo("chat primary/model");
        assertThat(draftCall.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("primary/model");
        assertThat(draftCall.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("backup/model");
        assertThat(draftCall.getEvents()).extracting(EventData::getName).containsExactly("devora.model.fallback");

        // metrics
        List<MetricData> metrics = otel.getMetrics();
        assertThat(metrics).extracting(MetricData::getName).contains("gen_ai.client.token.usage",
                "gen_ai.client.operation.duration", "devora.runs", "devora.step.duration", "devora.gate.evaluations");
        MetricData runs = metrics.stream().filter(m -> m.getName().equals("devora.runs")).findFirst().orElseThrow();
        assertThat(runs.getLongSumData().getPoints()).singleElement().satisfies(p -> {
            assertThat(p.getValue()).isEqualTo(1);
            assertThat(p.getAttributes().get(AttributeKey.stringKey("devora.run.status"))).isEqualTo("SUCCEEDED");
        });
        MetricData gates = metrics.stream().filter(m -> m.getName().equals("devora.gate.evaluations")).findFirst()
                .orElseThrow();
        assertThat(gates.getLongSumData().getPoints()).hasSize(2).allSatisfy(p -> assertThat(p.getValue()).isEqualTo(1));
        MetricData tokens = metrics.stream().filter(m -> m.getName().equals("gen_ai.client.token.usage")).findFirst()
                .orElseThrow();
        long inputTokens = tokens.getHistogramData().getPoints().stream()
                .filter(p -> "input".equals(p.getAttributes().get(AttributeKey.stringKey("gen_ai.token.type"))))
                .mapToLong(p -> (long) p.getSum()).sum();
        assertThat(inputTokens).as("every answered call's input tokens").isEqualTo(result.metrics().usage().promptTokens());
        assertThat(tokens.getHistogramData().getPoints()).as("the squad's calls, by squad")
                .anySatisfy(p -> assertThat(p.getAttributes().get(AttributeKey.stringKey("devora.squad")))
                        .isEqualTo("quality"));
        MetricData steps = metrics.stream().filter(m -> m.getName().equals("devora.step.duration")).findFirst()
                .orElseThrow();
        assertThat(steps.getHistogramData().getPoints()).anySatisfy(p -> {
            assertThat(p.getAttributes().get(AttributeKey.stringKey("devora.squad"))).isEqualTo("quality");
            assertThat(p.getCount()).isEqualTo(1);
        });
    }
}
