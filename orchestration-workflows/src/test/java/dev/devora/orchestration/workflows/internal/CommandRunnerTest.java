package dev.devora.orchestration.workflows.internal;

import dev.devora.orchestration.tool.workspace.CommandResult;
import dev.devora.orchestration.workflows.WorkspaceCommand;
import dev.devora.orchestration.workflows.WorkspaceCommandException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Quality Gate's command runner, an adapter over the core's {@code WorkspaceCommands}, on real processes
 * ({@code sh}, POSIX).
 */
class CommandRunnerTest {
    @TempDir
    Path dir;

    /**
     * Run in a child JVM whose environment holds secrets: runs {@code env} through the runner, passing
     * {@code DEVORA_PASSED}, and prints the command's output.
     */
    public static final class RunEnvInChild {
        public static void main(String[] args) {
            CommandResult r = CommandRunner.run(WorkspaceCommand.of("env", "env").withEnvironment("DEVORA_PASSED"),
                    Path.of(args[0]));
            System.out.print(r.passed() ? r.output() : "FAILED " + r.exitCode() + "\n" + r.output());
        }
    }

    @Test
    void theChildEnvironment_isMinimal_holdsNoSecret_butThePassedVariable() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RunEnvInChild.class.getName(), dir.toString()).redirectErrorStream(true);
        pb.environment().put("OPENROUTER_API_KEY", "sk-or-v1-THE-SECRET");
        pb.environment().put("GITHUB_TOKEN", "ghp_THE-TOKEN");
        pb.environment().put("DB_PASSWORD", "THE-PASSWORD");
        pb.environment().put("DEVORA_PASSED", "passed-value");
        pb.environment().put("DEVORA_NOT_PASSED", "not-passed-value");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        assertThat(out).as("the command's environment").contains("PATH=", "DEVORA_PASSED=passed-value")
                .doesNotContain("OPENROUTER_API_KEY", "THE-SECRET", "GITHUB_TOKEN", "THE-TOKEN", "THE-PASSWORD",
                        "DEVORA_NOT_PASSED");
    }

    @Test
    void aSecretLookingVariable_cannotBePassed_withTheCoresMessage() {
        assertThatThrownBy(() -> WorkspaceCommand.of("test", "mvn", "test").withEnvironment("OPENROUTER_API_KEY"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("command 'test'")
                .hasMessageContaining("environment variable 'OPENROUTER_API_KEY' is refused: its name looks like a secret");
        assertThatThrownBy(() -> WorkspaceCommand.of("test", "mvn", "test").withEnvironment("JAVA_HOME", "NPM_TOKEN"))
                .hasMessageContaining("'NPM_TOKEN'");
        assertThat(WorkspaceCommand.of("test", "mvn", "test").withEnvironment("JAVA_HOME").withEnvironment("MAVEN_OPTS", "JAVA_HOME")
                .environment()).containsExactly("JAVA_HOME", "MAVEN_OPTS");
    }

    @Test
    void runsInTheDirectory_withStdinClosed_andStderrMerged() throws IOException {
        Files.writeString(dir.resolve("here.txt"), "x");
        CommandResult r = CommandRunner.run(WorkspaceCommand.of("t", "sh", "-c",
                "ls; echo to-stderr >&2; if read line; then echo GOT-INPUT; else echo NO-INPUT; fi; exit 7"), dir);

        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.passed()).isFalse();
        assertThat(r.output()).contains("here.txt", "to-stderr", "NO-INPUT").doesNotContain("GOT-INPUT");
        assertThat(CommandRunner.toJson(r).path("exit_code").asInt()).isEqualTo(7);
        assertThat(CommandRunner.toJson(r).path("output").asText()).contains("here.txt");
        assertThat(CommandRunner.toJson(r).has("output_tail")).isFalse();
    }

    @Test
    void atTheTimeout_theProcessAndItsChildrenAreKilled() throws Exception {
        CommandResult r = CommandRunner.run(WorkspaceCommand.of("slow", "sh", "-c",
                "sleep 60 & echo $! > child.pid; echo started; wait").withTimeout(Duration.ofMillis(500)), dir);

        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isNull();
        assertThat(r.passed()).isFalse();
        assertThat(r.duration()).isLessThan(Duration.ofSeconds(10));
        assertThat(CommandRunner.toJson(r).path("output").asText()).contains("started", "killed after its timeout of 500 ms");
        assertThat(CommandRunner.toJson(r).path("exit_code").isNull()).isTrue();
        long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).strip());
        for (int i = 0; i < 50 && ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false); i++) Thread.sleep(100);
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("the child sleep").isFalse();
    }

    @Test
    void aLongOutput_keepsItsHeadAndTail_andSaysTheMiddleWasCut() {
        CommandResult r = CommandRunner.run(WorkspaceCommand.of("loud", "sh", "-c",
                "i=0; while [ $i -lt 5000 ]; do echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxx; i=$((i+1)); done; echo THE-END"), dir);

        assertThat(r.passed()).isTrue();
        assertThat(r.cut()).isTrue();
        assertThat(r.output().length()).isLessThanOrEqualTo(WorkspaceCommand.MAX_OUTPUT_BYTES + 200);
        assertThat(r.output()).startsWith("line-0-").endsWith("THE-END\n").contains("bytes of output cut here")
                .doesNotContain("line-2500-");
        assertThat(CommandRunner.toJson(r).path("output_cut_bytes").asLong()).isEqualTo(r.cutBytes()).isPositive();
    }

    @Test
    void aProgramThatIsNotFound_isATypedErrorNamingTheCommandAndArgv0() {
        assertThatThrownBy(() -> CommandRunner.run(WorkspaceCommand.of("lint", "no-such-linter-xyz", "--fix"), dir))
                .isInstanceOf(WorkspaceCommandException.class)
                .hasMessageContaining("command 'lint'").hasMessageContaining("'no-such-linter-xyz'")
                .hasMessageContaining("argv[0]");
    }

    @Test
    void invalidCommands_areRefusedNamingTheValue() {
        assertThatThrownBy(() -> WorkspaceCommand.of("bad name", "x")).hasMessageContaining("'bad name'");
        assertThatThrownBy(() -> new WorkspaceCommand("lint", List.of(), Duration.ofSeconds(1))).hasMessageContaining("'lint'");
        assertThatThrownBy(() -> WorkspaceCommand.of("lint", "x").withTimeout(Duration.ZERO)).hasMessageContaining("PT0S");
    }
}
