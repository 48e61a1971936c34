package dev.devora.orchestration.workflows.internal;

import dev.devora.orchestration.workflows.WorkspaceCommand;
import dev.devora.orchestration.workflows.WorkspaceCommandException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Quality Gate's command runner on real processes ({@code sh}, POSIX). */
class CommandRunnerTest {
    @TempDir
    Path dir;

    static Map<String, String> parentWithSecrets() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("OPENROUTER_API_KEY", "sk-or-v1-THE-SECRET");
        env.put("GITHUB_TOKEN", "ghp_THE-TOKEN");
        env.put("DB_PASSWORD", "THE-PASSWORD");
        env.put("CI", "true");
        return env;
    }

    @Test
    void theChildEnvironment_holdsNoSecret_butKeepsTheRest() {
        CommandRunner runner = new CommandRunner(CommandRunnerTest::parentWithSecrets);
        CommandRunner.Outcome o = runner.run(WorkspaceCommand.of("env", "sh", "-c", "env"), dir);

        assertThat(o.passed()).isTrue();
        assertThat(o.output()).contains("PATH=", "CI=true")
                .doesNotContain("OPENROUTER_API_KEY", "THE-SECRET", "GITHUB_TOKEN", "THE-TOKEN", "THE-PASSWORD");
        assertThat(CommandRunner.SYSTEM.environment()).doesNotContainKey("OPENROUTER_API_KEY");
    }

    @Test
    void runsInTheDirectory_withStdinClosed_andStderrMerged() throws IOException {
        Files.writeString(dir.resolve("here.txt"), "x");
        CommandRunner.Outcome o = CommandRunner.SYSTEM.run(WorkspaceCommand.of("t", "sh", "-c",
                "ls; echo to-stderr >&2; if read line; then echo GOT-INPUT; else echo NO-INPUT; fi; exit 7"), dir);

        assertThat(o.exitCode()).isEqualTo(7);
        assertThat(o.passed()).isFalse();
        assertThat(o.output()).contains("here.txt", "to-stderr", "NO-INPUT").doesNotContain("GOT-INPUT");
        assertThat(o.toJson().path("exit_code").asInt()).isEqualTo(7);
    }

    @Test
    void atTheTimeout_theProcessAndItsChildrenAreKilled() throws Exception {
        CommandRunner.Outcome o = CommandRunner.SYSTEM.run(WorkspaceCommand.of("slow", "sh", "-c",
                "sleep 60 & echo $! > child.pid; echo started; wait").withTimeout(Duration.ofMillis(500)), dir);

        assertThat(o.timedOut()).isTrue();
        assertThat(o.exitCode()).isNull();
        assertThat(o.passed()).isFalse();
        assertThat(o.durationMs()).isLessThan(10_000);
        assertThat(o.output()).contains("started", "killed after its timeout of 500 ms");
        long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).strip());
        for (int i = 0; i < 50 && ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false); i++) Thread.sleep(100);
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("the child sleep").isFalse();
    }

    @Test
    void aLongOutput_keepsItsTail_andSaysHowMuchWasCut() {
        CommandRunner.Outcome o = CommandRunner.SYSTEM.run(WorkspaceCommand.of("loud", "sh", "-c",
                "i=0; while [ $i -lt 5000 ]; do echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxx; i=$((i+1)); done; echo THE-END"), dir);

        assertThat(o.passed()).isTrue();
        assertThat(o.cutBytes()).isPositive();
        assertThat(o.output().length()).isLessThanOrEqualTo(WorkspaceCommand.MAX_OUTPUT_BYTES);
        assertThat(o.output()).endsWith("THE-END\n").doesNotContain("line-0-");
        assertThat(o.outputTail()).startsWith("[… " + o.cutBytes() + " earlier bytes cut");
    }

    @Test
    void aProgramThatIsNotFound_isATypedErrorNamingTheCommandAndArgv0() {
        assertThatThrownBy(() -> CommandRunner.SYSTEM.run(WorkspaceCommand.of("lint", "no-such-linter-xyz", "--fix"), dir))
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

    @Test
    void secretLookingNames_areRecognised() {
        assertThat(List.of("OPENROUTER_API_KEY", "OPENAI_ORG", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "PGPASSWORD", "NPM_AUTH"))
                .allMatch(CommandRunner::looksSecret);
        assertThat(List.of("PATH", "HOME", "JAVA_HOME", "CI", "LANG")).noneMatch(CommandRunner::looksSecret);
    }
}
