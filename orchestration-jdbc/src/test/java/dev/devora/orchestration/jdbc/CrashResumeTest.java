package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 9's main proof: a process running a workflow (an agent step, four parallel branches, a judged loop) against
 * an OpenRouter-shaped stub is killed ({@code destroyForcibly()}, SIGKILL) while three branches are in flight; a
 * second process resumes the run from the same SQLite file. The stub's request log shows that no call whose step
 * was journaled as finished was made again, that the calls in flight were made again, and the resumed state is
 * byte for byte that of a run that was never interrupted.
 */
class CrashResumeTest {
    private static final String RUN_ID = "crash-run-1";
    private static final Set<String> HELD = Set.of("Section 1 of", "Section 2 of", "Section 4 of");
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void killedWhileBranchesAreInFlight_resumedInAnotherProcess_paysNoFinishedCallTwice_andEndsInTheSameState()
            throws Exception {
        try (OpenRouterStub stub = new OpenRouterStub((client, prompt) -> client.equals("crashing")
                && HELD.stream().anyMatch(prompt::startsWith))) {
            WorkflowResult reference = CrashChild.run(false, dir.resolve("reference.db"), stub.baseUrl("reference"),
                    "reference-run");
            assertThat(reference.status()).as("the uninterrupted run: %s", reference.failure()).isEqualTo(RunStatus.SUCCEEDED);
            List<String> referencePrompts = stub.prompts("reference");
            assertThat(referencePrompts).as("outline, 4 sections, 2 drafts, 2 verdicts").hasSize(9).doesNotHaveDuplicates();

            Path db = dir.resolve("runs.db");
            Set<String> finishedBeforeKill = crashWhileBranchesAreInFlight(stub, db);
            List<OpenRouterStub.Request> inFlight = stub.held();
            stub.abandonHeld();

            Path state = dir.resolve("resumed-state.json");
            Path log = dir.resolve("child-2.log");
            Process resumer = child("resume", db, stub.baseUrl("resuming"), state, log);
            if (!resumer.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                resumer.destroyForcibly();
                fail("the resuming process did not end within %s; its output:%n%s", PATIENCE, read(log));
            }
            assertThat(resumer.exitValue()).as("exit status of the resuming process; its output:%n%s", read(log)).isZero();

            // What the killed process had been answered, by journaled step: none of those prompts is asked again.
            List<JournalEntry> journal;
            RunSummary summary;
            try (JdbcRunStore store = JdbcRunStore.sqlite(db)) {
                journal = store.entries(RUN_ID);
                summary = store.run(RUN_ID).orElseThrow(() -> new AssertionError("no summary of " + RUN_ID));
            }
            List<String> resumedPrompts = stub.prompts("resuming");
            List<OpenRouterStub.Answer> answeredToKilled = stub.answers("crashing");
            Map<String, String> stepOfAnswer = callKeysByRequestId(journal);
            assertThat(answeredToKilled).as("answered to the killed process: the outline and section 3").hasSize(2);
            for (OpenRouterStub.Answer a : answeredToKilled) {
                String key = stepOfAnswer.get(a.id());
                assertThat(key).as("the journal's record of call %s", a.id()).isNotNull();
                assertThat(finishedBeforeKill).as("steps journaled as finished before the kill").contains(key);
                assertThat(resumedPrompts).as("a finished call (step %s) asked again", key).doesNotContain(a.prompt());
            }
            for (OpenRouterStub.Request r : inFlight) {
                assertThat(resumedPrompts).as("the call in flight at the kill is asked again, once")
                        .containsOnlyOnce(r.prompt());
            }
            List<String> bothProcesses = new ArrayList<>(answeredToKilled.stream().map(OpenRouterStub.Answer::prompt).toList());
            bothProcesses.addAll(resumedPrompts);
            assertThat(bothProcesses).as("every call of the uninterrupted run answered once across both processes")
                    .containsExactlyInAnyOrderElementsOf(referencePrompts);
            assertThat(stub.prompts("crashing").size() + resumedPrompts.size())
                    .as("requests of both processes: the uninterrupted run's plus the %d in flight", inFlight.size())
                    .isEqualTo(referencePrompts.size() + inFlight.size());
            assertThat(resumedPrompts.stream().filter(p -> p.startsWith("Draft (round 2)")).toList())
                    .as("iteration 2 of the loop gets iteration 1's feedback").singleElement()
                    .satisfies(p -> assertThat(p).endsWith(OpenRouterStub.FEEDBACK));

            assertThat(read(state)).as("the resumed state against the uninterrupted one").isEqualTo(reference.stateJson());
            assertThat(summary.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(journal.stream().map(JournalEntry::seq).toList()).as("seq of the journal").doesNotHaveDuplicates();
            List<String> completedKeys = journal.stream().filter(e -> e instanceof JournalEntry.StepCompleted)
                    .map(JournalEntry::key).toList();
            assertThat(completedKeys).as("step_completed keys").doesNotHaveDuplicates()
                    .contains("refine/draft#1", "refine/draft#2");
            assertThat(journal).as("the journal shows the resumption")
                    .anyMatch(e -> e instanceof JournalEntry.RunResumed);
            assertThat(stub.unexpected()).as("requests the stub does not serve").isEmpty();
        }
    }

    /**
     * Starts the first process, waits until the outline and section 3 are journaled as finished and the other
     * three sections are held at the stub, then kills it.
     *
     * @return the keys of the steps journaled as finished at the kill
     */
    private Set<String> crashWhileBranchesAreInFlight(OpenRouterStub stub, Path db) throws Exception {
        Path state = dir.resolve("killed-state.json");
        Path log = dir.resolve("child-1.log");
        Process child = child("start", db, stub.baseUrl("crashing"), state, log);
        Set<String> finished;
        try {
            if (!stub.awaitHeld(HELD.size(), PATIENCE) || !child.isAlive()) {
                fail("the first process did not get %d branches in flight (held: %s, alive: %s); its output:%n%s",
                        HELD.size(), stub.held(), child.isAlive(), read(log));
            }
            finished = awaitFinished(db, child, log, Set.of("outline", "sections/s3"));
            child.destroyForcibly(); // SIGKILL while s1, s2 and s4 wait for their answers
            assertThat(child.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the killed process ended").isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(state).as("the killed process never finished").doesNotExist();
        assertThat(finished).as("no held branch was journaled as finished")
                .doesNotContain("sections/s1", "sections/s2", "sections/s4", "sections");
        return finished;
    }

    /** Polls the journal (a second store on the same file) until it holds step_completed for every key wanted. */
    private static Set<String> awaitFinished(Path db, Process child, Path log, Set<String> wanted) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try (JdbcRunStore reader = JdbcRunStore.sqlite(db)) {
            while (true) {
                Set<String> finished = reader.entries(RUN_ID).stream().filter(e -> e instanceof JournalEntry.StepCompleted)
                        .map(JournalEntry::key).collect(Collectors.toCollection(HashSet::new));
                if (finished.containsAll(wanted)) return finished;
                if (!child.isAlive() || System.nanoTime() > deadline) {
                    fail("the journal never held %s (it holds %s; alive: %s); the child's output:%n%s", wanted, finished,
                            child.isAlive(), read(log));
                }
                Thread.sleep(20);
            }
        }
    }

    /** The key of the step each journaled model call was made by, by the call's generation id. */
    private static Map<String, String> callKeysByRequestId(List<JournalEntry> journal) {
        return journal.stream().filter(e -> e instanceof JournalEntry.CallRecorded c && c.call().requestId() != null)
                .map(e -> (JournalEntry.CallRecorded) e)
                .collect(Collectors.toMap(c -> c.call().requestId(), JournalEntry::key, (a, b) -> {
                    throw new AssertionError("one generation id recorded twice: " + a + ", " + b);
                }));
    }

    private Process child(String mode, Path db, String baseUrl, Path state, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                mode, db.toString(), baseUrl, RUN_ID, state.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no " + file.getFileName() + ")";
        } catch (IOException e) {
            return "(unreadable " + file + ": " + e + ")";
        }
    }
}
