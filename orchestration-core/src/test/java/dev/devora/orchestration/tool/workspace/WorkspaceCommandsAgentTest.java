package dev.devora.orchestration.tool.workspace;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.Role;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.devora.orchestration.tool.workspace.WorkspaceCommandsTest.goneWithin;
import static dev.devora.orchestration.tool.workspace.WorkspaceCommandsTest.readPid;
import static org.assertj.core.api.Assertions.assertThat;

/** run_command given to an agent: the model asks for it by name, and the next request carries the output. */
class WorkspaceCommandsAgentTest {

    /** Asks for {@code run_command} with these arguments first, then answers with the text of the tool result. */
    private static final class AsksToRun implements LlmProvider {
        final List<LlmRequest> requests = new CopyOnWriteArrayList<>();
        final String arguments;

        AsksToRun(String arguments) {
            this.arguments = arguments;
        }

        @Override
        public String name() {
            return "asks-to-run";
        }

        @Override
        public LlmResponse complete(LlmRequest request) {
            requests.add(request);
            List<LlmMessage> results = toolResults(request);
            if (results.isEmpty()) {
                return LlmResponse.builder().text("").usage(Usage.of(10, 5))
                        .toolCalls(List.of(new ToolCall("r1", WorkspaceCommands.TOOL_NAME, arguments))).build();
            }
            return LlmResponse.builder().text("seen: " + results.get(0).content()).usage(Usage.of(10, 5)).build();
        }
    }

    private static List<LlmMessage> toolResults(LlmRequest r) {
        return r.messages().stream().filter(m -> m.role() == Role.TOOL).toList();
    }

    private static Workflow workflow(LlmProvider llm, WorkspaceCommands commands) {
        return Workflow.builder("check").step(Steps.agent("verify", LlmAgent.builder("verifier").provider(llm)
                .tools(commands.toolbox()).build()).prompt("run the tests")).build();
    }

    @Test
    void theModelAsksForAnAllowedCommand_andTheNextRequestsToolMessageHoldsItsOutput(@TempDir Path root) {
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("test", List.of("sh", "-c", "echo '3 tests, 1 failure: ShopTest.total'; exit 1")).build();
        AsksToRun llm = new AsksToRun("{\"command\":\"test\"}");
        WorkflowResult r;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            r = engine.run(workflow(llm, commands), Map.of());
        }
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requests.get(0).tools()).extracting(t -> t.name()).containsExactly("run_command");
        List<LlmMessage> results = toolResults(llm.requests.get(1));
        assertThat(results).singleElement().satisfies(m -> {
            assertThat(m.toolCallId()).isEqualTo("r1");
            assertThat(m.content()).startsWith("ERROR: command 'test'").contains("exited with code 1")
                    .contains("3 tests, 1 failure: ShopTest.total");
        });
        assertThat(r.outputs().get("verify").text()).contains("ShopTest.total");
    }

    @Test
    void aCommandTheModelMayNotRun_isReportedToTheModel_byTheSchema(@TempDir Path root) {
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("test", List.of("sh", "-c", "touch ran.txt")).build();
        AsksToRun llm = new AsksToRun("{\"command\":\"deploy\"}");
        WorkflowResult r;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            r = engine.run(workflow(llm, commands), Map.of());
        }
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(toolResults(llm.requests.get(1))).singleElement()
                .satisfies(m -> assertThat(m.content()).contains("must be one of [\"test\"]", "\"deploy\""));
        assertThat(root.resolve("ran.txt")).doesNotExist();
    }

    @Test
    void cancellingTheRun_killsTheRunningCommandAndItsChild(@TempDir Path root) throws Exception {
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("test", List.of("sh", "-c", "sleep 600 & echo $! > child.pid; wait")).build();
        AsksToRun llm = new AsksToRun("{\"command\":\"test\"}");
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            WorkflowRun run = engine.start(workflow(llm, commands), null, RunOptions.NONE, new RecordingWorkflowListener());
            long child = readPid(root.resolve("child.pid"), Duration.ofSeconds(20));
            long t0 = System.nanoTime();
            run.cancel();
            WorkflowResult r = run.result().get(20, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
            assertThat(goneWithin(child, Duration.ofSeconds(10))).as("the child sleep (pid " + child + ")").isTrue();
        }
    }
}
