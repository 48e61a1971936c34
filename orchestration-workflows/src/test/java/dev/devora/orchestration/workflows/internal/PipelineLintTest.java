package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.gate.CheckResult;
import dev.devora.orchestration.gate.GateInput;
import dev.devora.orchestration.gate.GateVerdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineLintTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static GateVerdict lint(String answer) throws Exception {
        JsonNode json = JSON.readTree(answer);
        return PipelineLint.gate().evaluate(new GateInput("pipeline", answer, json, 80, 1, null, null));
    }

    @Test
    void everyCheckTheGateRuns_isStatedInThePrompt_withItsBlockerMark() throws Exception {
        GateVerdict verdict = lint("{\"pipeline\": \"jobs:\\n  test:\\n    run: pytest\"}");
        String prompt = PipelineLint.appendTo("Design the pipeline.\n\n");

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.checks()).hasSize(3);
        for (CheckResult c : verdict.checks()) assertThat(prompt).contains("\n- " + c.name());
        assertThat(prompt).startsWith("Design the pipeline.\n\nChecked before the pipeline is accepted (gate pipeline-lint;")
                .contains("- no plain-text secret (blocker): ");
    }

    @Test
    void aPipelineWithoutTests_failsItsCheck_andALiteralSecret_isABlocker_whileVariablesPass() throws Exception {
        assertThat(lint("{\"pipeline\": \"jobs:\\n  build:\\n    run: make\"}").checks())
                .filteredOn(c -> !c.passed()).extracting(CheckResult::name).containsExactly("pipeline runs tests");
        GateVerdict leaky = lint("{\"pipeline\": \"jobs:\\n  test:\\n    env:\\n      API_KEY: abcdef1234567890abcd\"}");
        assertThat(leaky.passed()).isFalse();
        assertThat(leaky.blockers()).anySatisfy(b -> assertThat(b).contains("no plain-text secret"));
        assertThat(lint("{\"pipeline\": \"jobs:\\n  test:\\n    env:\\n      API_KEY: $API_KEY_FROM_STORE\"}").passed()).isTrue();
    }
}
