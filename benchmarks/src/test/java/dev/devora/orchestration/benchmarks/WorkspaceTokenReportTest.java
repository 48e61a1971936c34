package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.engine.LlmCallRecord;
import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The token report's two ways on a small tree: the summary in one call, the workspace in list, search, read, answer. */
class WorkspaceTokenReportTest {
    @Test
    void theWorkspaceWay_listsSearchesReadsAndAnswers_whileTheSummaryWayAnswersAtOnce(@TempDir Path repo) throws Exception {
        Path pkg = Files.createDirectories(repo.resolve("src/dev/app"));
        StringBuilder body = new StringBuilder("package dev.app;\n\n");
        for (int i = 0; i < 200; i++) body.append("// line ").append(i).append('\n');
        body.append("public final class WorkflowEngine {\n    ApiKey key; // ProcessBuilder toRealPath\n}\n");
        Files.writeString(pkg.resolve("WorkflowEngine.java"), body);
        Files.writeString(repo.resolve("README.md"), "# App\n");

        try (WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build()) {
            for (String workflow : List.of("documentation-generation", "security-audit")) {
                String reader = workflow.startsWith("doc") ? "analysis" : "code-findings";
                ReadingModel summaryModel = new ReadingModel(WorkspaceTokenReport.READINGS, WorkspaceTokenReport::answer);
                WorkflowResult summary = WorkspaceTokenReport.measure(engine, summaryModel, workflow, repo, false);
                ReadingModel toolModel = new ReadingModel(WorkspaceTokenReport.READINGS, WorkspaceTokenReport::answer);
                WorkflowResult tools = WorkspaceTokenReport.measure(engine, toolModel, workflow, repo, true);

                assertThat(callsOf(summary, reader)).as(workflow + " summary").hasSize(1);
                List<LlmCallRecord> rounds = callsOf(tools, reader);
                assertThat(rounds).as(workflow + ": list, search, read, answer").hasSize(4);
                long searched = rounds.get(2).usage().promptTokens() - rounds.get(1).usage().promptTokens();
                long read = rounds.get(3).usage().promptTokens() - rounds.get(2).usage().promptTokens();
                assertThat(searched).as("search hits came back").isPositive();
                assertThat(read).as("the read lines came back: a dozen lines of ~10 characters and more").isGreaterThan(30);
                assertThat(toolModel.uncountedChars()).as("tool definitions were sent").isGreaterThan(1_000);
                assertThat(summaryModel.uncountedChars()).isZero();
            }
        }
    }

    private static List<LlmCallRecord> callsOf(WorkflowResult r, String step) {
        return r.metrics().calls().stream().filter(c -> c.path().endsWith(step)).toList();
    }
}
