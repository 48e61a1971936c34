package dev.devora.orchestration.tool.workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.tool.Tool;
import dev.devora.orchestration.tool.ToolInvocation;
import dev.devora.orchestration.tool.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** run_command with real processes ({@code sh} scripts): what runs, where, for how long, and what comes back. */
class WorkspaceCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ToolResult call(WorkspaceCommands commands, String argsJson) throws Exception {
        Tool t = commands.toolbox().find(WorkspaceCommands.TOOL_NAME).orElseThrow();
        return t.call(new ToolInvocation("c1", WorkspaceCommands.TOOL_NAME, JSON.readTree(argsJson), "run", "step"));
    }

    private static List<String> sh(String script) {
        return List.of("sh", "-c", script);
    }

    /** Waits (generously) until the process of that pid is gone; true if it went. */
    static boolean goneWithin(long pid, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) return true;
            Thread.sleep(50);
        }
        return false;
    }

    static long readPid(Path file, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(file)) {
                String text = Files.readString(file).trim();
                if (!text.isEmpty()) return Long.parseLong(text);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no pid in " + file + " after " + limit);
    }

    @Test
    void anAllowedCommand_runsInTheWorkspaceRoot_andItsExitCodeAndOutputComeBack(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("marker.txt"), "here");
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("show", sh("pwd; cat marker.txt; echo; echo to-stderr >&2"))
                .allow("fail", sh("echo broken; exit 3"))
                .build();

        ToolResult ok = call(commands, "{\"command\":\"show\"}");
        assertThat(ok.error()).as(ok.content()).isFalse();
        assertThat(ok.content()).contains("command 'show'", "exited with code 0")
                .contains(root.toRealPath() + "\nhere\nto-stderr\n");

        ToolResult failed = call(commands, "{\"command\":\"fail\"}");
        assertThat(failed.error()).isTrue();
        assertThat(failed.content()).contains("command 'fail'", "exited with code 3", "broken");
    }

    @Test
    void theSchemaOffersOnlyTheAllowedNames_andAnythingElseIsRefused_listingThem(@TempDir Path root) throws Exception {
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("test", sh("echo tested > ran.txt")).allow("lint", sh("echo linted > ran.txt")).build();
        Tool tool = commands.toolbox().find("run_command").orElseThrow();
        assertThat(commands.toolbox().tools()).hasSize(1);
        assertThat(tool.definition().parametersSchema().at("/properties/command/enum").toString())
                .isEqualTo("[\"test\",\"lint\"]");
        assertThat(tool.definition().parametersSchema().get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(tool.definition().description()).contains("test = 'sh -c echo tested > ran.txt'");

        for (String args : new String[]{"{\"command\":\"rm\"}", "{\"command\":\"sh -c 'echo x > ran.txt'\"}",
                "{\"command\":7}", "{}"}) {
            ToolResult r = call(commands, args);
            assertThat(r.error()).as(args).isTrue();
            assertThat(r.content()).as(args).contains("the allowed commands are [test, lint]");
        }
        ToolResult extra = call(commands, "{\"command\":\"test\",\"args\":[\"-x\"]}");
        assertThat(extra.error()).isTrue();
        assertThat(extra.content()).contains("argument 'args' is not accepted");
        assertThat(root.resolve("ran.txt")).doesNotExist();
    }

    @Test
    void nothingRunsUnlessNamed_andBadOptionsAreRefusedNamingTheValue(@TempDir Path root) {
        assertThatThrownBy(() -> WorkspaceCommands.builder(root).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no default command");
        WorkspaceCommands.Builder b = WorkspaceCommands.builder(root);
        assertThatThrownBy(() -> b.allow("run tests", List.of("mvn"))).hasMessageContaining("'run tests'");
        assertThatThrownBy(() -> b.allow("empty", List.of())).hasMessageContaining("'empty'");
        assertThatThrownBy(() -> b.allow("blank", List.of(" "))).hasMessageContaining("'blank'");
        b.allow("test", List.of("mvn", "test"));
        assertThatThrownBy(() -> b.allow("test", List.of("gradle", "test"))).hasMessageContaining("'test' is allowed already");
        assertThatThrownBy(() -> b.timeout(Duration.ZERO)).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> b.maxOutputBytes(10)).hasMessageContaining("was 10");
        assertThatThrownBy(() -> WorkspaceCommands.builder(root.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    }

    @Test
    void aProgramThatCannotStart_isAnErrorResultNamingTheCommand(@TempDir Path root) throws Exception {
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("ghost", List.of("no-such-program-4711", "--version")).build();
        ToolResult r = call(commands, "{\"command\":\"ghost\"}");
        assertThat(r.error()).isTrue();
        assertThat(r.content()).contains("command 'ghost'", "no-such-program-4711", "cannot be started");
    }

    @Test
    void stdinIsEmpty_soACommandReadingItEndsAtOnce(@TempDir Path root) throws Exception {
        WorkspaceCommands commands = WorkspaceCommands.builder(root).allow("cat", List.of("cat"))
                .timeout(Duration.ofSeconds(30)).build();
        long t0 = System.nanoTime();
        ToolResult r = call(commands, "{\"command\":\"cat\"}");
        assertThat(r.error()).as(r.content()).isFalse();
        assertThat(r.content()).contains("exited with code 0").endsWith("output: none");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void theTimeout_killsTheProcessAndTheChildItStarted_andKeepsTheOutputSoFar(@TempDir Path root) throws Exception {
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("hang", sh("sleep 600 & echo $! > child.pid; echo started; wait"))
                .timeout(Duration.ofSeconds(2)).build();
        long t0 = System.nanoTime();
        ToolResult r = call(commands, "{\"command\":\"hang\"}");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(r.error()).isTrue();
        assertThat(r.content()).contains("command 'hang'", "timed out after 2 s", "killed", "started")
                .doesNotContain("not complete");
        assertThat(took).as("killed at the timeout, not at the child's end").isLessThan(Duration.ofSeconds(30));
        long child = readPid(root.resolve("child.pid"), Duration.ofSeconds(5));
        assertThat(goneWithin(child, Duration.ofSeconds(10))).as("the child sleep (pid " + child + ") is killed").isTrue();
    }

    @Test
    void interruptingTheCallingThread_killsTheProcessTree_andThrowsInterruptedCallException(@TempDir Path root)
            throws Exception {
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("hang", sh("sleep 600 & echo $! > child.pid; wait")).timeout(Duration.ofMinutes(5)).build();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                call(commands, "{\"command\":\"hang\"}");
            } catch (Throwable t) {
                thrown.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        long child = readPid(root.resolve("child.pid"), Duration.ofSeconds(20));
        long interruptedAt = System.nanoTime();
        caller.interrupt();
        caller.join(Duration.ofSeconds(20).toMillis());
        assertThat(caller.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - interruptedAt)).isLessThan(Duration.ofSeconds(20));
        assertThat(thrown.get()).isInstanceOf(InterruptedCallException.class)
                .hasMessageContaining("command 'hang'").hasMessageContaining("killed");
        assertThat(stillInterrupted).as("the interrupt status is kept").isTrue();
        assertThat(goneWithin(child, Duration.ofSeconds(10))).as("the child sleep (pid " + child + ") is killed").isTrue();
    }

    @Test
    void aCommandPrinting10MB_comesBackBounded_headAndTail_cutOnCharacterBoundaries(@TempDir Path root)
            throws Exception {
        int bound = 4100; // head 2050 and tail 2050 bytes: both fall in the middle of a two-byte 'é'
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("flood", sh("yes 'aé' | head -c 10000000")).maxOutputBytes(bound).build();
        ToolResult r = call(commands, "{\"command\":\"flood\"}");
        assertThat(r.error()).as(r.content().substring(0, 200)).isFalse();
        String content = r.content();
        assertThat(content.getBytes(StandardCharsets.UTF_8).length).isLessThan(bound + 400);
        assertThat(content).contains("(10000000 bytes, the middle cut):\naé\naé\n")
                .contains(" bytes of output cut here; 10000000 bytes in all) …\n")
                .endsWith("aé\naé\n")
                .doesNotContain("\uFFFD");
        String output = content.substring(content.indexOf(":\n") + 2);
        String head = output.substring(0, output.indexOf("\n… ("));
        String tail = output.substring(output.indexOf(") …\n") + 4);
        long cut = Long.parseLong(output.replaceAll("(?s).*\n… \\((\\d+) bytes of output cut here.*", "$1"));
        assertThat(head.getBytes(StandardCharsets.UTF_8).length + cut + tail.getBytes(StandardCharsets.UTF_8).length)
                .as("what is kept and what is cut add up").isEqualTo(10_000_000L);
        assertThat(head).startsWith("aé\n").endsWith("a");
        assertThat(tail).startsWith("\naé\n");
    }

    @Test
    void twoCallsAtOnce_runOneAfterTheOther(@TempDir Path root) throws Exception {
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("exclusive", sh("if [ -e busy ]; then echo OVERLAP; fi; touch busy; sleep 1; rm busy; echo alone"))
                .build();
        AtomicReference<ToolResult> other = new AtomicReference<>();
        Thread second = new Thread(() -> {
            try {
                other.set(call(commands, "{\"command\":\"exclusive\"}"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        second.start();
        ToolResult first = call(commands, "{\"command\":\"exclusive\"}");
        second.join(Duration.ofSeconds(30).toMillis());
        assertThat(List.of(first, other.get())).allSatisfy(r -> assertThat(r.content()).endsWith(":\nalone\n"));
    }

    @Test
    void aBackgroundProcessTheCommandLeaves_isNotWaitedFor(@TempDir Path root) throws Exception {
        // it holds the output pipe open, but the JDK drains and closes the pipe when the command's process exits
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("detach", sh("sleep 60 & echo $! > child.pid; echo main done")).build();
        long t0 = System.nanoTime();
        ToolResult r = call(commands, "{\"command\":\"detach\"}");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        long child = readPid(root.resolve("child.pid"), Duration.ofSeconds(5));
        try {
            assertThat(r.error()).as(r.content()).isFalse();
            assertThat(r.content()).contains("exited with code 0").endsWith(":\nmain done\n");
            assertThat(took).as("not the child's 60 s").isLessThan(Duration.ofSeconds(30));
        } finally {
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aFolderArgument_mustBeAFolderInsideTheRoot(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("module/src"));
        Files.writeString(root.resolve("file.txt"), "x");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(root.resolve("out-link"), outside);
        WorkspaceCommands commands = WorkspaceCommands.builder(root).allow("where", List.of("pwd")).build();

        ToolResult inside = call(commands, "{\"command\":\"where\",\"folder\":\"module/src\"}");
        assertThat(inside.error()).as(inside.content()).isFalse();
        assertThat(inside.content()).contains("in module/src").contains(root.toRealPath().resolve("module/src") + "\n");

        for (String folder : new String[]{"..", "module/../..", outside.toString(), "out-link"}) {
            ToolResult r = call(commands, "{\"command\":\"where\",\"folder\":" + JSON.writeValueAsString(folder) + "}");
            assertThat(r.error()).as(folder).isTrue();
            assertThat(r.content()).as(folder).contains("'" + folder + "'").doesNotContain("exited");
        }
        ToolResult file = call(commands, "{\"command\":\"where\",\"folder\":\"file.txt\"}");
        assertThat(file.error()).isTrue();
        assertThat(file.content()).contains("'file.txt' is not a folder");
    }
}
