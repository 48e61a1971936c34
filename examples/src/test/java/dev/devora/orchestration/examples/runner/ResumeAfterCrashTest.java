package dev.devora.orchestration.examples.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.devora.orchestration.examples.runner.DurableRunsTest.CALLS;
import static dev.devora.orchestration.examples.runner.DurableRunsTest.WORKFLOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real runner processes on one SQLite file: the first, frozen by SIGSTOP, lists as RUNNING and cannot be resumed; killed
 * ({@code kill -9}) after a step finished, its run lists as INTERRUPTED; a second process resumes it and is stopped by Ctrl-C (exit 130, unless
 * the build runs with SIGINT ignored); a third resumes it again to the end. No step that finished is paid again.
 */
class ResumeAfterCrashTest {
    @TempDir
    Path dir;

    @Test
    void aKilledRun_isResumedByAnotherProcess_whichCtrlCStops_andAThirdFinishes() throws Exception {
        Child first = Child.start(dir, WORKFLOW, "--out", dir.toString(), "--plain");
        first.awaitLine("%] done");
        // frozen (SIGSTOP) where it is: alive, holding its lock, its run RUNNING in the store
        assertThat(new ProcessBuilder("kill", "-STOP", String.valueOf(first.process.pid())).start().waitFor()).isZero();
        String id = DurableRunsTest.runId(first.out());
        Console whileRunning = new Console().run("--runs", "--out", dir.toString());
        Console resumedTooEarly = new Console().run("--resume", id, "--out", dir.toString());
        first.process.destroyForcibly();
        assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.out()).doesNotContain("ended");
        assertThat(whileRunning.out()).containsPattern(id + " .* RUNNING .* not ended").doesNotContain("INTERRUPTED");
        assertThat(resumedTooEarly.status).as("a running run is not resumed beside its process").isEqualTo(2);
        assertThat(resumedTooEarly.err()).contains("run " + id + " is running in another process");

        Console listed = new Console().run("--runs", "--out", dir.toString());
        assertThat(listed.out()).containsPattern(id + " .* INTERRUPTED .* not ended");
        int paidByFirst = DurableRunsTest.answeredCalls(DurableRunsTest.journal(dir, id));
        assertThat(paidByFirst).isBetween(1, CALLS - 1);

        Child second = Child.start(dir, "--resume", id, "--out", dir.toString(), "--plain");
        second.awaitLine("%] done");
        boolean ignored = CtrlCTest.sigintIgnored(second.process.pid());
        assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(second.process.pid())).start().waitFor()).isZero();
        assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).as("second out:\n%s", second.out()).isTrue();
        second.drain();
        assertThat(second.out()).contains("run " + id + " resumed: it started ", "and is INTERRUPTED (RUNNING when its process ended)");
        if (ignored) {
            // a build without job control hands SIGINT as ignored: the resumed run goes on to its end
            assertThat(second.process.exitValue()).as(second.out()).isZero();
        } else {
            assertThat(second.process.exitValue()).as("second out:\n%s\nerr:\n%s", second.out(), second.err()).isEqualTo(130);
            assertThat(second.out()).contains("run " + id + " resumed: it started ")
                    .contains("run " + id + " ended CANCELLED; finished steps are stored: resume with --resume " + id);

            Child third = Child.start(dir, "--resume", id, "--out", dir.toString(), "--plain");
            assertThat(third.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            third.drain();
            assertThat(third.process.exitValue()).as("third out:\n%s\nerr:\n%s", third.out(), third.err()).isZero();
            assertThat(third.out()).contains("and is CANCELLED in ").contains("run " + id + " ended SUCCEEDED");
        }

        var journal = DurableRunsTest.journal(dir, id);
        DurableRunsTest.assertNoFinishedStepCalledAgain(journal);
        // a step whose answer came but which had not finished when its process stopped runs again (the journal keeps
        // the call's usage, not its answer); a finished one never does (checked above)
        int lost = DurableRunsTest.answersLostWithTheirProcess(journal);
        assertThat(DurableRunsTest.answeredCalls(journal) - lost).as("every other call answered once:\n%s",
                DurableRunsTest.describe(journal)).isEqualTo(CALLS);
        assertThat(new ObjectMapper().readTree(dir.resolve(id).resolve("report.json").toFile()).path("status").asText())
                .isEqualTo("success");
    }

    /** A runner in a child JVM (the simulated provider with its 100–300 ms per call), its output read line by line. */
    private static final class Child {
        final Process process;
        private final BufferedReader lines;
        private final List<String> seen = new ArrayList<>();
        private final CompletableFuture<String> err;

        private Child(Process process) {
            this.process = process;
            this.lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.err = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return e.toString();
                }
            });
        }

        static Child start(Path dir, String... args) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    DevoraRun.class.getName()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            pb.environment().remove("OPENROUTER_API_KEY");
            pb.environment().put("CI", "true");
            Process p = pb.start();
            p.getOutputStream().close();
            return new Child(p);
        }

        void awaitLine(String fragment) throws IOException {
            for (String line; (line = lines.readLine()) != null; ) {
                seen.add(line);
                if (line.contains(fragment)) return;
            }
            throw new AssertionError("the runner ended before printing '" + fragment + "':\n" + out() + "\nerr:\n" + err());
        }

        void drain() throws IOException {
            for (String line; (line = lines.readLine()) != null; ) seen.add(line);
        }

        String out() {
            if (!process.isAlive()) {
                try {
                    drain();
                } catch (IOException ignored) {
                    // the stream is closed: what was read is kept
                }
            }
            return String.join("\n", seen);
        }

        String err() {
            try {
                return err.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                return e.toString();
            }
        }
    }
}
