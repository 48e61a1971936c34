package dev.devora.orchestration.engine;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.agent.OutputSpec;
import dev.devora.orchestration.gate.QualityGates;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DeterminismTest {

    @Test
    void fiftyRunsWithRandomLatencies_produceByteIdenticalStateJson() {
        Random random = new Random(42);
        Set<String> distinct = new HashSet<>();
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            for (int run = 0; run < 50; run++) {
                // a fresh provider per run, so scripted reply sequences start over; latencies stay random
                distinct.add(engine.run(workflow(provider(random)), Map.of("topic", "caching")).stateJson());
            }
        }
        assertThat(distinct).hasSize(1);
        assertThat(distinct.iterator().next()).contains("\"status\":\"SUCCEEDED\"").contains("cost_usd");
    }

    private static ScriptedLlmProvider provider(Random random) {
        return ScriptedLlmProvider.builder()
                .whenAgent("qa-judge").reply("{\"score\": 60, \"feedback\": \"more detail\"}",
                        "{\"score\": 85, \"feedback\": \"good\"}")
                .otherwise(r -> "answer of " + r.attribute("agent") + " to " + r.lastUserText().length() + " chars")
                .latency(r -> Duration.ofMillis(random.nextInt(15)))
                .costPerToken(new BigDecimal("0.0000025"))
                .build();
    }

    private static Workflow workflow(ScriptedLlmProvider llm) {
        LlmAgent writer = LlmAgent.builder("writer").provider(llm).build();
        return Workflow.builder("deterministic")
                .input(InputSpec.builder().required("topic", "what to write about").build())
                .step(Steps.agent("outline", writer).prompt("Outline {{input.topic}}"))
                .step(Steps.parallel("sections",
                        Steps.agent("s1", LlmAgent.builder("w1").provider(llm).build()).prompt("Section 1 of {{outline}}"),
                        Steps.agent("s2", LlmAgent.builder("w2").provider(llm).build()).prompt("Section 2 of {{outline}}"),
                        Steps.agent("s3", LlmAgent.builder("w3").provider(llm).build()).prompt("Section 3 of {{outline}}"),
                        Steps.parallel("extras",
                                Steps.agent("e1", LlmAgent.builder("w4").provider(llm).build()).prompt("Extra {{outline}}"),
                                Steps.agent("e2", LlmAgent.builder("w5").provider(llm).build()).prompt("Extra 2 {{outline}}"))))
                .step(Steps.loop("polish", Steps.agent("draft", writer)
                                .prompt("Merge {{sections}} (round {{loop.iteration}}) {{gate.feedback}}"))
                        .until(QualityGates.llmJudge("qa", llm, "Is it complete?").build(), 80)
                        .maxIterations(3))
                .deliverable("doc", "draft")
                .deliverable("parts.first", "s1")
                .build();
    }

    @Test
    void jsonOutputs_areKeptAsTrees_inTheState() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenAgent("api").reply("{\"endpoints\": [\"/a\", \"/b\"]}").build();
        LlmAgent api = LlmAgent.builder("api").provider(llm).output(OutputSpec.json()).build();
        Workflow wf = Workflow.builder("json").step(Steps.agent("design", api).prompt("Design"))
                .deliverable("api.endpoints", "design.endpoints").build();
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            WorkflowResult r = engine.run(wf, Map.of());
            assertThat(r.deliverables().toString()).isEqualTo("{\"api\":{\"endpoints\":[\"/a\",\"/b\"]}}");
            assertThat(r.stateJson()).contains("\"design\":{\"endpoints\":[\"/a\",\"/b\"]}");
        }
    }
}
