package dev.devora.orchestration.tool.workspace;

import dev.devora.orchestration.tool.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.tool.workspace.WorkspaceCommandsTest.call;
import static dev.devora.orchestration.tool.workspace.WorkspaceCommandsTest.goneWithin;
import static dev.devora.orchestration.tool.workspace.WorkspaceCommandsTest.readPid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link WorkspaceCommands#run(String)}: the direct call, its structured {@link CommandResult}, real processes. */
class WorkspaceCommandsRunTest {

    private static List<String> sh(String script) {
        return List.of("sh", "-c", script);
    }

    @Test
    void run_givesTheExitCodeAndOutput_inTheRoot_andRendersTheToolsText(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("marker.txt"), "here");
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("fail", sh("ls; echo to-stderr >&2; exit 3"))
                .allow("ok", sh("printf ok"))
                .build();

        CommandResult r = commands.run("fail");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.passed()).isFalse();
        assertThat(r.started()).isTrue();
        assertThat(r.timedOut()).isFalse();
        assertThat(r.folder()).isEqualTo(".");
        assertThat(r.commandLine()).isEqualTo(sh("ls; echo to-stderr >&2; exit 3"));
        assertThat(r.output()).contains("marker.txt", "to-stderr");
        assertThat(r.outputBytes()).isEqualTo(r.output().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(r.cut()).isFalse();
        assertThat(r.outputComplete()).isTrue();

        CommandResult ok = commands.run("ok");
        assertThat(ok.passed()).isTrue();
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.output()).isEqualTo("ok");

        // the rendering is the tool's: same text but the duration, same error flag
        ToolResult viaTool = call(commands, "{\"command\":\"fail\"}");
        ToolResult rendered = r.toToolResult();
        assertThat(rendered.error()).isEqualTo(viaTool.error()).isTrue();
        assertThat(rendered.content().replaceAll("after \\d+(\\.\\d)? m?s", "after T"))
                .isEqualTo(viaTool.content().replaceAll("after \\d+(\\.\\d)? m?s", "after T"))
                .startsWith("command 'fail' (sh -c ls; echo to-stderr >&2; exit 3) in . exited with code 3 after T; output (");
    }

    @Test
    void run_atTheTimeout_killsTheTree_andSaysTimedOutWithNoExitCode(@TempDir Path root) throws Exception {
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("slow", sh("sleep 60 & echo $! > child.pid; echo started; wait"))
                .timeout(Duration.ofMillis(500))
                .build();

        CommandResult r = commands.run("slow");
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isNull();
        assertThat(r.passed()).isFalse();
        assertThat(r.output()).contains("started");
        assertThat(r.duration()).isLessThan(Duration.ofSeconds(10));
        assertThat(r.toToolResult().content()).contains("timed out after 500 ms and was killed");
        long child = readPid(root.resolve("child.pid"), Duration.ofSeconds(5));
        assertThat(goneWithin(child, Duration.ofSeconds(10))).as("the child sleep is killed").isTrue();
    }

    @Test
    void run_ofAProgramNotFound_isAResultWithTheStartFailure_notAnException(@TempDir Path root) {
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("lint", List.of("no-such-linter-xyz", "--fix")).build();

        CommandResult r = commands.run("lint");
        assertThat(r.started()).isFalse();
        assertThat(r.startFailure()).contains("no-such-linter-xyz");
        assertThat(r.exitCode()).isNull();
        assertThat(r.passed()).isFalse();
        assertThat(r.toToolResult().error()).isTrue();
        assertThat(r.toToolResult().content()).startsWith("command 'lint' (no-such-linter-xyz --fix) in . cannot be started: ");
    }

    @Test
    void run_ofANameNotAllowed_isRefusedNamingItAndTheAllowedNames(@TempDir Path root) {
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("lint", sh("true")).allow("test", sh("true")).build();

        assertThatThrownBy(() -> commands.run("deploy")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'deploy'").hasMessageContaining("[lint, test]");
        assertThatThrownBy(() -> commands.run(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[lint, test]");
    }

    @Test
    void run_givesTheMinimalEnvironment_plusThePassedNames_neverTheSecrets(@TempDir Path root) throws Exception {
        Map<String, String> parent = new HashMap<>();
        parent.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        parent.put("DEVORA_PASSED", "passed-value");
        parent.put("DEVORA_OTHER", "must-not-reach");
        parent.put("OPENROUTER_API_KEY", "sk-or-v1-THE-SECRET");
        parent.put("GITHUB_TOKEN", "ghp_THE-TOKEN");
        WorkspaceCommands.Builder b = WorkspaceCommands.builder(root).allow("env", List.of("env"))
                .passEnvironment("DEVORA_PASSED");
        b.parentEnvironment = () -> parent;

        CommandResult r = b.build().run("env");
        assertThat(r.passed()).as(r.output()).isTrue();
        assertThat(r.output()).contains("PATH=", "DEVORA_PASSED=passed-value")
                .doesNotContain("DEVORA_OTHER", "must-not-reach", "OPENROUTER_API_KEY", "THE-SECRET", "GITHUB_TOKEN");
        assertThatThrownBy(() -> WorkspaceCommands.checkEnvironmentName("GITHUB_TOKEN"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'GITHUB_TOKEN'")
                .hasMessageContaining("looks like a secret");
        WorkspaceCommands.checkEnvironmentName("JAVA_HOME");
    }

    @Test
    void run_ofALongOutput_keepsHeadAndTail_andSaysTheMiddleWasCut(@TempDir Path root) {
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("loud", sh("i=0; while [ $i -lt 5000 ]; do echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxx; i=$((i+1)); done; echo THE-END"))
                .maxOutputBytes(4096)
                .build();

        CommandResult r = commands.run("loud");
        assertThat(r.passed()).isTrue();
        assertThat(r.cut()).isTrue();
        assertThat(r.outputBytes()).isGreaterThan(100_000);
        assertThat(r.output()).startsWith("line-0-").endsWith("THE-END\n").contains("bytes of output cut here")
                .doesNotContain("line-2500-");
    }

    @Test
    void run_interrupted_killsTheTree_andThrowsInterruptedCallException(@TempDir Path root) throws Exception {
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("hang", sh("sleep 600 & echo $! > child.pid; wait")).build();
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                commands.run("hang");
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        long child = readPid(root.resolve("child.pid"), Duration.ofSeconds(20));
        caller.interrupt();
        caller.join(Duration.ofSeconds(20).toMillis());
        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(dev.devora.orchestration.InterruptedCallException.class)
                .hasMessageContaining("command 'hang'").hasMessageContaining("killed");
        assertThat(goneWithin(child, Duration.ofSeconds(10))).as("the child sleep is killed").isTrue();
    }
}
