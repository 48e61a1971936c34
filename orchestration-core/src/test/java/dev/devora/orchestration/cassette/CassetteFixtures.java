package dev.devora.orchestration.cassette;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.agent.OutputSpec;
import dev.devora.orchestration.internal.Json;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Random;

/**
 * A workflow with an agent step, a parallel step (nested), a JSON-output agent and a loop whose body asks the same
 * thing every round, and scripted answers for it.
 */
final class CassetteFixtures {
    static final String SECTION_TWO = "Section 2 of {{outline}}";

    private CassetteFixtures() {
    }

    static Workflow workflow(LlmProvider llm, String sectionTwoPrompt) {
        JsonNode schema;
        try {
            schema = Json.MAPPER.readTree("{\"type\":\"object\",\"properties\":{\"count\":{\"type\":\"integer\"},"
                    + "\"ratio\":{\"type\":\"number\"},\"items\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
                    + "\"required\":[\"count\",\"items\"]}");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        LlmAgent writer = LlmAgent.builder("writer").role("writer").instructions("Write plainly.\nNo lists.")
                .provider(llm).build();
        return Workflow.builder("cassette")
                .input(InputSpec.builder().required("topic", "what to write about").build())
                .step(Steps.agent("outline", writer).prompt("Outline {{input.topic}}"))
                .step(Steps.parallel("sections",
                        Steps.agent("s1", LlmAgent.builder("w1").provider(llm).build()).prompt("Section 1 of {{outline}}"),
                        Steps.agent("s2", LlmAgent.builder("w2").provider(llm).build()).prompt(sectionTwoPrompt),
                        Steps.agent("s3", LlmAgent.builder("w3").provider(llm).build()).prompt("Section 3 of {{outline}}"),
                        Steps.parallel("extras",
                                Steps.agent("e1", LlmAgent.builder("w4").provider(llm).build()).prompt("Extra {{outline}}"),
                                Steps.agent("e2", LlmAgent.builder("w5").provider(llm).build()).prompt("Extra 2 {{outline}}"))))
                .step(Steps.agent("facts", LlmAgent.builder("analyst").provider(llm)
                        .output(OutputSpec.json("facts", schema)).build()).prompt("Facts of {{sections}}"))
                .step(Steps.loop("polish", Steps.agent("draft", writer).prompt("Polish {{outline}}"))
                        .until(Condition.outputContains("draft", "final")).maxIterations(4))
                .build();
    }

    /** Answers with random latencies up to {@code maxLatencyMs}: parallel branches finish in a random order. */
    static ScriptedLlmProvider provider(Random random, int maxLatencyMs) {
        return ScriptedLlmProvider.builder()
                .whenAgent("analyst").reply("{\"count\": 2, \"ratio\": 0.25, \"items\": [\"a\", \"b\"]}")
                .whenStep("draft").reply("draft one", "draft two\nsecond line", "final draft")
                .otherwise(r -> "answer of " + r.attribute("agent") + " to " + r.lastUserText().length() + " chars")
                .latency(r -> Duration.ofMillis(random.nextInt(maxLatencyMs + 1)))
                .costPerToken(new BigDecimal("0.0000025"))
                .build();
    }
}
