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
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 9's main proof: a process running a workflow (an agent step, four parallel branches, a loop graded by an
 * LLM judge) through {@code OpenRouterProvider} against an OpenRouter-shaped stub is killed
 * ({@code destroyForcibly()}, SIGKILL) while calls are in flight; a second process resumes the run from the same
 * SQLite file. The stub's request log shows that no call whose step the journal holds as finished was made again,
 * that the calls in flight were made again once, and the resumed state is byte for byte that of a run that was
 * never interrupted.
 */
class CrashResumeTest {
    private static final String RUN_ID = "crash-run-1";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    /**
     * Where the first process is killed: the prompts the stub holds (the calls in flight at the kill), the journal
     * keys that must be finished first, and those that must not be.
     */
    private record KillPoint(Predicate<String> held, int heldCount, Set<String> finishedFirst, Set<String> unfinished) {
    }

    @Test
    void killedWhileThreeParallelBranchesAreInFlight_resumedInAnotherProcess_paysNoFinishedCallTwice() throws Exception {
        Set<String> held = Set.of("Section 1 of", "Section 2 of", "Section 4 of");
        crashAndResume(new KillPoint(p -> held.stream().anyMatch(p::startsWith), 3, Set.of("outline", "sections/s3"),
                Set.of("sections/s1", "sections/s2", "sections/s4", "sections")));
    }

    @Test
    void killedWhileTheLoopsSecondDraftIsInFlight_resumedInAnotherProcess_getsTheJournaledFeedback() throws Exception {
        crashAndResume(new KillPoint(p -> p.startsWith("Draft (round 2)"), 1, Set.of("refine/draft#1", "refine#1"),
                Set.of("refine/draft#2", "refine#2", "refine")));
    }

    private void crashAndResume(KillPoint kill) throws Exception {
        try (OpenRouterStub stub = new OpenRouterStub((client, prompt) -> client.equals("crashing")
                && kill.held().test(prompt))) {
            WorkflowResult reference = CrashChild.run(false, dir.resolve("reference.db"), stub.baseUrl("reference"),
                    "reference-run");
            assertThat(reference.status()).as("the uninterrupted run: %s", reference.failure()).isEqualTo(RunStatus.SUCCEEDED);
            List<String> referencePrompts = stub.prompts("reference");
            assertThat(referencePrompts).as("outline, 4 sections, 2 drafts, 2 verdicts").hasSize(9).doesNotHaveDuplicates();

            Path db = dir.resolve("runs.db");
            List<JournalEntry> atKill = crash(stub, db, kill);
            List<OpenRouterStub.Request> inFlight = stub.held();
            stub.abandonHeld();

            Path state = dir.resolve("resumed-state.json");
            Path log = dir.resolve("resuming.log");
            Process resumer = child("resume", db, stub.baseUrl("resuming"), state, log);
            if (!resumer.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                resumer.destroyForcibly();
                fail("the resuming process did not end within %s; its output:%n%s", PATIENCE, read(log));
            }
            assertThat(resumer.exitValue()).as("exit status of the resuming process; its output:%n%s", read(log)).isZero();
            assertThat(read(log)).as("what the resuming process printed (a warning, a stack trace)").isEmpty();

            List<String> resumedPrompts = stub.prompts("resuming");
            List<OpenRouterStub.Answer> answeredToKilled = stub.answers("crashing");
            assertThat(answeredToKilled).as("calls answered to the killed process").isNotEmpty();
            for (OpenRouterStub.Answer a : answeredToKilled) {
                JournalEntry.CallRecorded call = recordedCall(atKill, a.id());
                assertThat(finishes(atKill, call)).as("an answered call (%s) whose step the journal does not hold as "
                        + "finished at the kill: the process was killed too early", call.key()).isTrue();
                assertThat(resumedPrompts).as("a finished call (%s) asked again", call.key()).doesNotContain(a.prompt());
            }
            assertThat(inFlight).hasSize(kill.heldCount());
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
            assertResumedJournal(db);
            assertThat(stub.unexpected()).as("requests the stub does not serve").isEmpty();
        }
    }

    /**
     * Starts the first process, waits until the journal holds {@code kill.finishedFirst()} and the stub holds the
     * calls in flight, then kills it.
     *
     * @return the journal as it was at the kill
     */
    private List<JournalEntry> crash(OpenRouterStub stub, Path db, KillPoint kill) throws Exception {
        Path state = dir.resolve("killed-state.json");
        Path log = dir.resolve("killed.log");
        Process child = child("start", db, stub.baseUrl("crashing"), state, log);
        try {
            if (!stub.awaitHeld(kill.heldCount(), PATIENCE) || !child.isAlive()) {
                fail("the first process did not get %d calls in flight (held: %s, alive: %s); its output:%n%s",
                        kill.heldCount(), stub.held(), child.isAlive(), read(log));
            }
            awaitFinished(db, child, log, kill.finishedFirst());
            child.destroyForcibly(); // SIGKILL while the held calls wait for their answers
            assertThat(child.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the killed process ended").isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(state).as("the killed process never finished").doesNotExist();
        assertThat(read(log)).as("what the killed process printed before the kill").isEmpty();
        List<JournalEntry> journal;
        try (JdbcRunStore store = JdbcRunStore.sqlite(db)) {
            journal = store.entries(RUN_ID);
        }
        assertThat(keys(journal)).as("what was in flight is not journaled as finished").doesNotContainAnyElementsOf(kill.unfinished());
        return journal;
    }

    /** Polls the journal (a second store on the same file) until it holds a finished entry for every key wanted. */
    private static void awaitFinished(Path db, Process child, Path log, Set<String> wanted) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try (JdbcRunStore reader = JdbcRunStore.sqlite(db)) {
            while (true) {
                Set<String> finished = keys(reader.entries(RUN_ID));
                if (finished.containsAll(wanted)) return;
                if (!child.isAlive() || System.nanoTime() > deadline) {
                    fail("the journal never held %s (it holds %s; alive: %s); the child's output:%n%s", wanted, finished,
                            child.isAlive(), read(log));
                }
                Thread.sleep(20);
            }
        }
    }

    /** The keys of the finished steps and gate evaluations. */
    private static Set<String> keys(List<JournalEntry> journal) {
        return journal.stream().filter(e -> e instanceof JournalEntry.StepCompleted || e instanceof JournalEntry.GateEvaluated)
                .map(JournalEntry::key).collect(Collectors.toSet());
    }

    private static JournalEntry.CallRecorded recordedCall(List<JournalEntry> journal, String requestId) {
        List<JournalEntry.CallRecorded> calls = journal.stream()
                .filter(e -> e instanceof JournalEntry.CallRecorded c && requestId.equals(c.call().requestId()))
                .map(e -> (JournalEntry.CallRecorded) e).toList();
        assertThat(calls).as("the journal's records of the answered call %s", requestId).hasSize(1);
        return calls.get(0);
    }

    /** Whether a later entry finishes what the call was made for: its step, or the gate evaluation it was for. */
    private static boolean finishes(List<JournalEntry> journal, JournalEntry.CallRecorded call) {
        return journal.stream().filter(e -> e.seq() > call.seq()).anyMatch(e ->
                e instanceof JournalEntry.StepCompleted s && s.key().equals(call.key())
                        || e instanceof JournalEntry.GateEvaluated g && g.key().equals(call.key())); // judge: loop#n
    }

    /** The resumed run's journal: succeeded, one entry per seq, every step and verdict of the loop under its own key. */
    private static void assertResumedJournal(Path db) {
        try (JdbcRunStore store = JdbcRunStore.sqlite(db)) {
            RunSummary summary = store.run(RUN_ID).orElseThrow(() -> new AssertionError("no summary of " + RUN_ID));
            assertThat(summary.status()).isEqualTo(RunStatus.SUCCEEDED);
            List<JournalEntry> journal = store.entries(RUN_ID);
            assertThat(journal.stream().map(JournalEntry::seq).toList()).as("seq of the journal").doesNotHaveDuplicates();
            assertThat(journal.stream().filter(e -> e instanceof JournalEntry.StepCompleted).map(JournalEntry::key).toList())
                    .as("step_completed keys").doesNotHaveDuplicates().contains("refine/draft#1", "refine/draft#2");
            assertThat(journal.stream().filter(e -> e instanceof JournalEntry.GateEvaluated).map(JournalEntry::key).toList())
                    .as("gate_evaluated keys").containsExactly("refine#1", "refine#2");
            assertThat(journal).as("the journal shows the resumption").anyMatch(e -> e instanceof JournalEntry.RunResumed);
        }
    }

    private Process child(String mode, Path db, String baseUrl, Path state, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xmx256m", "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
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
