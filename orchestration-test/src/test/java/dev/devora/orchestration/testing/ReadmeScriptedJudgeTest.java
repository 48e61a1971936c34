package dev.devora.orchestration.testing;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.gate.QualityGates;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's one-line {@code ScriptedLlmProvider} example scripts an LLM judge: taken as written (the agent name
 * and the replies), it must drive an {@code llmJudge} gate, failing once and passing after one revision.
 */
class ReadmeScriptedJudgeTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern EXAMPLE = Pattern.compile("whenAgent\\(\"([^\"]+)\"\\)\\.reply\\((.*?)\\)`");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void theReadmesScriptedJudgeExample_drivesAnLlmJudgeGate() throws IOException {
        String row = Files.readAllLines(README).stream().filter(l -> l.startsWith("| `ScriptedLlmProvider`"))
                .findFirst().orElseThrow();
        Matcher example = EXAMPLE.matcher(row);
        assertThat(example.find()).as("README's ScriptedLlmProvider row has a whenAgent(...).reply(...) example").isTrue();
        String agent = example.group(1);
        List<String> replies = new ArrayList<>();
        for (Matcher s = STRING.matcher(example.group(2)); s.find(); ) replies.add(s.group(1).replace("\\\"", "\""));
        assertThat(agent).as("an llmJudge gate's agent is '<gate name>-judge'").endsWith("-judge");

        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenAgent(agent).reply(replies.toArray(String[]::new))
                .whenAgent("writer").reply("draft 1", "draft 2")
                .build();
        LlmAgent writer = LlmAgent.builder("writer").role("writer").instructions("Write.").provider(llm).model("m/x").build();
        Workflow workflow = Workflow.builder("readme-judge")
                .step(Steps.loop("revise", Steps.agent("draft", writer).prompt("Write. {{gate.feedback}}"))
                        .until(QualityGates.llmJudge(agent.substring(0, agent.length() - "-judge".length()), llm,
                                "Is it complete?").build(), 80)
                        .maxIterations(3))
                .build();

        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            result = engine.run(workflow, Map.of());
        }

        assertThat(result.failure()).isEmpty();
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForAgent(agent)).hasSize(2);
        assertThat(result.text("revise")).isEqualTo("draft 2");
    }
}
