package dev.devora.orchestration.examples.runner;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.llm.Usage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressDisplayTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ProgressDisplay plain = ProgressDisplay.plain(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    @Test
    void plainMode_printsOneLinePerStepGateAndRetry_withTheProgress_andNoEscapeCodes() {
        plain.onEvent(new WorkflowEvent.RunStarted("r", "demo", AT));
        plain.onEvent(new WorkflowEvent.StepStarted("r", "work", "parallel", AT));
        plain.onEvent(new WorkflowEvent.StepStarted("r", "work/draft", "agent", AT));
        plain.onEvent(new WorkflowEvent.StepStarted("r", "work/lint", "task", AT));
        plain.onEvent(new WorkflowEvent.LlmCallCompleted("r", "work/draft", "writer", "openai/gpt-5-mini",
                new Usage(1000, 200, 0, 0, new BigDecimal("0.0012")), Duration.ofMillis(800), "gen-1", AT));
        plain.onEvent(new WorkflowEvent.StepCompleted("r", "work/draft", "agent", Duration.ofMillis(800), AT));
        plain.onEvent(new WorkflowEvent.Progress("r", 40, AT));
        plain.onEvent(new WorkflowEvent.StepRetried("r", "work/lint", 2, Duration.ofSeconds(1),
                ProviderException.builder(ProviderErrorKind.RATE_LIMITED, "slow down").httpStatus(429).build(), AT));
        plain.onEvent(new WorkflowEvent.StepCompleted("r", "work/lint", "task", Duration.ofMillis(1500), AT));
        plain.onEvent(new WorkflowEvent.StepCompleted("r", "work", "parallel", Duration.ofMillis(1500), AT));
        plain.onEvent(new WorkflowEvent.Progress("r", 70, AT));
        plain.onEvent(new WorkflowEvent.GateEvaluated("r", "review", 1,
                GateVerdict.builder("qa", 55, 80).blocker("no tests").build(), AT));
        plain.onEvent(new WorkflowEvent.LoopIteration("r", "review", 2, AT));
        plain.onEvent(new WorkflowEvent.GateEvaluated("r", "review", 2, GateVerdict.builder("qa", 90, 80).build(), AT));
        plain.onEvent(new WorkflowEvent.RunCompleted("r", "demo", RunStatus.SUCCEEDED,
                new Usage(1000, 200, 0, 0, new BigDecimal("0.0012")), Duration.ofSeconds(3), AT));
        plain.finish();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(String.join("\n",
                "[  0%] start  work/draft",
                "[  0%] start  work/lint",
                "[  0%] done   work/draft  0.8 s",
                "[ 40%] retry  work/lint (attempt 2 in 1.0 s): rate limited (HTTP 429): slow down",
                "[ 40%] done   work/lint  1.5 s",
                "[ 70%] gate   review #1: 55/80 FAIL (1 blocker: no tests)",
                "[ 70%] loop   review round 2",
                "[ 70%] gate   review #2: 90/80 PASS",
                "[100%] run SUCCEEDED: 1 model calls, 1,200 tokens, $0.0012",
                ""));
    }

    @Test
    void plainMode_reportsFailures_andCallsWithoutACost() {
        plain.onEvent(new WorkflowEvent.StepStarted("r", "draft", "agent", AT));
        plain.onEvent(new WorkflowEvent.LlmCallCompleted("r", "draft", "writer", "some/model", Usage.of(10, 5),
                Duration.ofMillis(5), null, AT));
        plain.onEvent(new WorkflowEvent.StepFailed("r", "draft", "agent",
                ProviderException.builder(ProviderErrorKind.AUTHENTICATION, "No auth credentials found").httpStatus(401).build(), AT));
        plain.onEvent(new WorkflowEvent.RunCompleted("r", "demo", RunStatus.FAILED, Usage.of(10, 5), Duration.ofSeconds(1), AT));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(String.join("\n",
                "[  0%] start  draft",
                "[  0%] FAILED draft: authentication failed (HTTP 401): No auth credentials found",
                "[100%] run FAILED: 1 model calls, 15 tokens, $0.0000 (+1 calls without cost)",
                ""));
    }

    @Test
    void plainMode_printsToolCallsAndTheFilesTheyWrote() {
        plain.onEvent(new WorkflowEvent.StepStarted("r", "fix", "agent", AT));
        plain.onEvent(new WorkflowEvent.ToolCallStarted("r", "fix", "read_file", "c1", "0123456789ab", AT));
        plain.onEvent(new WorkflowEvent.ToolCallCompleted("r", "fix", "read_file", "c1", "0123456789ab",
                Duration.ofMillis(40), null, AT));
        plain.onEvent(new WorkflowEvent.ToolCallCompleted("r", "fix", "read_file", "c2", "ba9876543210",
                Duration.ofMillis(1), "'../x' is outside the workspace", AT));
        plain.onEvent(new WorkflowEvent.FileChanged("r", "fix", "apply_patch", "c3", "src/Cart.java", AT));
        plain.onEvent(new WorkflowEvent.RunCompleted("r", "demo", RunStatus.SUCCEEDED, Usage.ZERO, Duration.ofSeconds(1), AT));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(String.join("\n",
                "[  0%] start  fix",
                "[  0%] tool   fix: read_file  0.0 s",
                "[  0%] tool   fix: read_file  0.0 s  error: '../x' is outside the workspace",
                "[  0%] wrote  fix: src/Cart.java",
                "[100%] run SUCCEEDED: 0 model calls, 2 tool calls, 0 tokens, $0.0000",
                ""));
    }

    @Test
    void liveMode_redrawsAStatusLineInPlace_withPercentTokensCostAndRunningSteps() {
        ProgressDisplay live = ProgressDisplay.live(new PrintStream(bytes, true, StandardCharsets.UTF_8), 200);
        live.onEvent(new WorkflowEvent.Progress("r", 25, AT));
        live.onEvent(new WorkflowEvent.StepStarted("r", "work/draft", "agent", AT));
        live.onEvent(new WorkflowEvent.StepStarted("r", "work/critique", "agent", AT));
        live.onEvent(new WorkflowEvent.LlmCallCompleted("r", "work/draft", "writer", "m", new Usage(900, 100, 0, 0,
                new BigDecimal("0.0042")), Duration.ofMillis(5), null, AT));
        live.finish();

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("\r\033[2K 25% [#####---------------] ")
                .contains("1,000 tokens, $0.0042  running: draft, critique")
                .doesNotContain("start  work/draft")
                .endsWith("\r\033[2K");
    }
}
