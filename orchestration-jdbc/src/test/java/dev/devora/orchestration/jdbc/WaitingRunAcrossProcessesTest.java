package dev.devora.orchestration.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run that waits for a person holds no process: the first JVM starts it and exits while it waits; a second JVM on
 * the same SQLite file decides and the run finishes there, without re-running the step before the wait.
 */
class WaitingRunAcrossProcessesTest {
    @TempDir
    Path dir;

    @Test
    void aRunWaitsInOneJvmThatExits_andIsDecidedAndFinishedInAnother() throws Exception {
        Path db = dir.resolve("runs.db");
        Path first = dir.resolve("first.txt");
        Path second = dir.resolve("second.txt");
        assertThat(child("start", db, first).waitFor(120, TimeUnit.SECONDS)).isTrue();
        List<String> started = Files.readAllLines(first);
        assertThat(started.get(0)).isEqualTo("WAITING");
        String runId = started.get(1);

        Process decide = child("decide", db, second, runId);
        assertThat(decide.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(decide.exitValue()).isZero();
        List<String> done = Files.readAllLines(second);
        assertThat(done.get(0)).isEqualTo("SUCCEEDED");
        assertThat(done.get(1)).isEqualTo(runId);
        assertThat(done.get(2)).as("the edit of the second JVM").isEqualTo("going with edited in " + decide.pid());
        try (JdbcRunStore store = JdbcRunStore.sqlite(db)) {
            assertThat(store.entries(runId).stream().filter(e -> e instanceof
                    dev.devora.orchestration.journal.JournalEntry.StepCompleted s && s.step().path().equals("plan"))
                    .count()).as("the plan was made once, by the first JVM").isEqualTo(1);
        }
    }

    private static Process child(String mode, Path db, Path out, String... runId) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                WaitingChild.class.getName(), mode, db.toString(), out.toString()));
        command.addAll(List.of(runId));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
