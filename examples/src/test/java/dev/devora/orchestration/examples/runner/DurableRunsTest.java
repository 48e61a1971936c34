package dev.devora.orchestration.examples.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.jdbc.JdbcRunStore;
import dev.devora.orchestration.journal.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner's stored runs (issue 9): every run is journaled in {@code <out>/runs.db} (a real SQLite file), its id
 * printed at start and end; {@code --runs} lists them; {@code --resume} goes on with a raised budget, or after a
 * changed definition only with {@code --rerun-changed}; an unknown id is a usage error.
 */
class DurableRunsTest {
    /** data-pipeline-setup makes 7 model calls, none in a loop: an uninterrupted run journals exactly 7. */
    static final String WORKFLOW = "data-pipeline-setup";
    static final int CALLS = 7;
    private static final Pattern STARTED = Pattern.compile("run (\\S+) started; resume with --resume \\1 --out ");

    @TempDir
    Path dir;

    @Test
    void aRun_journalsItselfInRunsDb_andPrintsItsIdAtStartAndEnd() {
        Console c = new Console().run(WORKFLOW, "--out", dir.toString());

        assertThat(c.status).as(c.err()).isZero();
        String id = runId(c.out());
        assertThat(c.out()).contains("run " + id + " ended SUCCEEDED; stored in " + dir.resolve("runs.db").toAbsolutePath());
        assertThat(Console.runFolder(dir).getFileName().toString()).isEqualTo(id);
        List<JournalEntry> journal = journal(dir, id);
        assertThat(journal.get(0)).isInstanceOfSatisfying(JournalEntry.RunStarted.class,
                s -> assertThat(s.workflowId()).isEqualTo(WORKFLOW));
        assertThat(journal.get(journal.size() - 1)).isInstanceOfSatisfying(JournalEntry.RunEnded.class,
                e -> assertThat(e.status()).isEqualTo(RunStatus.SUCCEEDED));
        assertThat(answeredCalls(journal)).isEqualTo(CALLS);
    }

    @Test
    void runs_listsEveryStoredRun_newestFirst_withStatusAndCost_andFilters() throws IOException {
        String succeeded = runId(new Console().run(WORKFLOW, "--out", dir.toString()).out());
        String failed = runId(new Console().run(WORKFLOW, "--out", dir.toString(), "--max-cost", "0.002").out());

        Console all = new Console().run("--runs", "--out", dir.toString());

        assertThat(all.status).isZero();
        List<String> lines = all.out().lines().toList();
        assertThat(lines.get(0)).startsWith("run id").contains("workflow", "status", "cost USD", "calls", "started (UTC)", "duration");
        assertThat(lines.get(2)).startsWith(failed).contains(WORKFLOW, "FAILED");
        assertThat(lines.get(3)).startsWith(succeeded).contains(WORKFLOW, "SUCCEEDED", " 7 ")
                .containsPattern(" 0\\.000[1-9][0-9]{2} "); // the simulated cost, six decimals; its value follows the prompts' length
        assertThat(all.out()).contains("2 runs in " + dir.resolve("runs.db").toAbsolutePath());

        Console onlyFailed = new Console().run("--runs", "--status", "failed", "--out", dir.toString());
        assertThat(onlyFailed.out()).contains(failed).doesNotContain(succeeded);
        Console otherWorkflow = new Console().run("--runs", "api-development", "--out", dir.toString());
        assertThat(otherWorkflow.out()).contains("No stored runs in ");
        Console nowhere = new Console().run("--runs", "--out", dir.resolve("empty").toString());
        assertThat(nowhere.status).isZero();
        assertThat(nowhere.out()).contains("No stored runs: ").contains("does not exist yet");
        assertThat(dir.resolve("empty")).doesNotExist();
    }

    @Test
    void aBudgetStop_resumedWithAHigherMaxCost_finishes_andPaysForNoFinishedCallAgain() throws IOException {
        Console first = new Console().run(WORKFLOW, "--out", dir.toString(), "--max-cost", "0.002");
        String id = runId(first.out());
        assertThat(first.status).isEqualTo(1);
        assertThat(first.out()).contains("run " + id + " ended FAILED; finished steps are stored: resume with --resume "
                + id + " --out " + dir + " --max-cost <a higher amount>");
        int paidBefore = answeredCalls(journal(dir, id));
        assertThat(paidBefore).as("the budget let some calls through").isBetween(1, CALLS - 1);

        Console resumed = new Console().run("--resume", id, "--out", dir.toString(), "--max-cost", "0.01");

        assertThat(resumed.status).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("run " + id + " resumed: it started ", " is FAILED in ",
                " spent in " + paidBefore + " model calls so far").contains("run " + id + " ended SUCCEEDED");
        List<JournalEntry> journal = journal(dir, id);
        assertNoFinishedStepCalledAgain(journal);
        assertThat(answeredCalls(journal)).as("no call paid twice").isEqualTo(CALLS);
        Path folder = dir.resolve(id);
        assertThat(new ObjectMapper().readTree(folder.resolve("report.json").toFile()).path("status").asText()).isEqualTo("success");
        assertThat(folder.resolve("docs/PIPELINE.md")).exists();
        assertThat(Console.runFolder(dir)).isEqualTo(folder);
        assertThat(new Console().run("--runs", "--out", dir.toString()).out()).contains(id).contains("SUCCEEDED");
    }

    @Test
    void aTimeoutStop_keepsItsTimeoutOnResume_untilTimeoutRaisesIt() {
        Console first = new Console().withLatency().run(WORKFLOW, "--out", dir.toString(), "--timeout", "50ms");
        String id = runId(first.out());
        assertThat(first.status).isEqualTo(1);
        assertThat(first.out()).contains("run " + id + " ended FAILED; finished steps are stored: resume with --resume " + id
                + " --out " + dir + " --timeout <a longer one>");

        Console sameTimeout = new Console().withLatency().run("--resume", id, "--out", dir.toString());
        Console raised = new Console().withLatency().run("--resume", id, "--out", dir.toString(), "--timeout", "10m");

        assertThat(sameTimeout.status).as("the run's own 50 ms again").isEqualTo(1);
        assertThat(sameTimeout.out()).contains("Limits: timeout 0.05s").contains("run " + id + " ended FAILED");
        assertThat(raised.status).as(raised.err()).isZero();
        assertThat(raised.out()).contains("timeout 10m (--timeout)").contains("run " + id + " ended SUCCEEDED");
        List<JournalEntry> journal = journal(dir, id);
        assertThat(answeredCalls(journal) - answersLostWithTheirProcess(journal)).as("each step paid once:\n%s", describe(journal))
                .isEqualTo(CALLS);
    }

    @Test
    void resume_ofAnUnknownId_isAUsageError_namingTheStore() {
        new Console().run(WORKFLOW, "--out", dir.toString());

        Console c = new Console().run("--resume", "20260101-000000-abcdef", "--out", dir.toString());

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).contains("error: no stored run '20260101-000000-abcdef' in " + dir.resolve("runs.db").toAbsolutePath(),
                "--runs lists the stored runs");
    }

    @Test
    void resume_refusesAnotherInput_andAnotherWorkflow() {
        String id = runId(new Console().run(WORKFLOW, "--out", dir.toString(), "--max-cost", "0.002").out());

        Console withInput = new Console().run("--resume", id, "--input", "x.json", "--out", dir.toString());
        Console otherWorkflow = new Console().run("api-development", "--resume", id, "--out", dir.toString());

        assertThat(withInput.status).isEqualTo(2);
        assertThat(withInput.err()).contains("--resume continues run " + id + " on the input it started with: leave out --input");
        assertThat(otherWorkflow.status).isEqualTo(2);
        assertThat(otherWorkflow.err()).contains("run " + id + " is a run of " + WORKFLOW + ", not of api-development");
    }

    @Test
    void resume_withOtherModels_namesTheChangedSteps_andRerunChangedRunsThemAgain() {
        String id = runId(new Console().run(WORKFLOW, "--out", dir.toString(), "--max-cost", "0.002").out());
        int before = journal(dir, id).size();

        Console refused = new Console().run("--resume", id, "--out", dir.toString(), "--max-cost", "0.01",
                "--smart-model", "openai/gpt-5");

        assertThat(refused.status).isEqualTo(2);
        assertThat(refused.err()).contains("run " + id + " cannot be resumed: steps it finished are defined differently now: ",
                "architecture/pipeline-design", "--rerun-changed");
        assertThat(journal(dir, id)).as("nothing journaled").hasSize(before);

        Console rerun = new Console().run("--resume", id, "--out", dir.toString(), "--max-cost", "0.01",
                "--smart-model", "openai/gpt-5", "--rerun-changed");

        assertThat(rerun.status).as(rerun.err()).isZero();
        assertThat(rerun.out()).contains("openai/gpt-5 ").contains("run " + id + " ended SUCCEEDED");
    }

    @Test
    void noStore_keepsTheRunInMemory_andWritesNoDatabase() {
        Console c = new Console().run(WORKFLOW, "--out", dir.toString(), "--no-store");

        assertThat(c.status).isZero();
        assertThat(c.out()).contains("not stored (--no-store): it cannot be resumed").contains("(not stored: --no-store)");
        assertThat(dir.resolve("runs.db")).doesNotExist();
    }

    @Test
    void store_putsTheDatabaseElsewhere_andResumeFindsTheRunThere() {
        Path db = dir.resolve("elsewhere/my-runs.db");
        Console first = new Console().run(WORKFLOW, "--out", dir.resolve("out").toString(), "--store", db.toString(),
                "--max-cost", "0.002");
        String id = runId(first.out());
        assertThat(first.out()).contains("--resume " + id + " --out " + dir.resolve("out") + " --store " + db);
        assertThat(db).exists();
        assertThat(dir.resolve("out/runs.db")).doesNotExist();

        Console resumed = new Console().run("--resume", id, "--out", dir.resolve("out").toString(), "--store", db.toString(),
                "--max-cost", "0.01");

        assertThat(resumed.status).as(resumed.err()).isZero();
    }

    @Test
    void aStoreThatIsNotADatabase_isAUsageError_beforeAnyCall() throws IOException {
        Path notADb = Files.writeString(dir.resolve("runs.db"), "not a database");

        Console c = new Console().run(WORKFLOW, "--out", dir.toString());

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).contains("error: the run store " + notADb.toAbsolutePath() + " cannot be used: ");
        try (var left = Files.list(dir)) {
            assertThat(left.toList()).as("no run folder is left behind").containsExactly(notADb);
        }
    }

    @Test
    void theReadme_showsHowToResumeAfterCtrlC_andTheOptions() throws IOException {
        assertThat(Files.readString(Path.of("..", "README.md"))).contains("### Resume, list, record and replay runs",
                "#   run 20261202-001933-2ffb4e started; resume with --resume 20261202-001933-2ffb4e",
                "#   ... Ctrl-C (exit 130)", "java -jar examples/target/devora-run.jar --resume 20261202-001933-2ffb4e --max-cost 1.00",
                "`--runs`", "`INTERRUPTED`", "`--record FILE`", "`--replay FILE`", "`--rerun-changed`", "`--no-store`", "`--store FILE`");
    }

    static String runId(String out) {
        Matcher m = STARTED.matcher(out);
        assertThat(m.find()).as("the run id is printed at start:\n%s", out).isTrue();
        return m.group(1);
    }

    static List<JournalEntry> journal(Path out, String runId) {
        try (JdbcRunStore store = JdbcRunStore.sqlite(out.resolve("runs.db"))) {
            return store.entries(runId);
        }
    }

    /** Model calls that were answered (an aborted one, cut off by a cancellation, was not paid in full). */
    static int answeredCalls(List<JournalEntry> journal) {
        int n = 0;
        for (JournalEntry e : journal) if (e instanceof JournalEntry.CallRecorded c && !c.call().aborted()) n++;
        return n;
    }

    /**
     * Answered calls whose step did not finish in the same process: the process stopped between the answer and the
     * step's end (the journal keeps a call's usage, not its answer), so a resumed run pays for that step again.
     */
    static int answersLostWithTheirProcess(List<JournalEntry> journal) {
        int lost = 0;
        List<String> answered = new java.util.ArrayList<>();
        Set<String> finished = new HashSet<>();
        for (JournalEntry e : journal) {
            if (e instanceof JournalEntry.RunResumed || e instanceof JournalEntry.RunEnded) {
                for (String key : answered) if (!finished.contains(key)) lost++;
                answered.clear();
                finished.clear();
            }
            if (e instanceof JournalEntry.CallRecorded c && !c.call().aborted()) answered.add(c.key());
            if (e instanceof JournalEntry.StepCompleted done) finished.add(done.key());
        }
        for (String key : answered) if (!finished.contains(key)) lost++;
        return lost;
    }

    /** The journal, one line per entry: seq, type, key, and for calls whether they were aborted. */
    static String describe(List<JournalEntry> journal) {
        StringBuilder sb = new StringBuilder();
        for (JournalEntry e : journal) {
            sb.append(e.seq()).append(' ').append(e.type()).append(e.key() == null ? "" : " " + e.key())
                    .append(e instanceof JournalEntry.CallRecorded c && c.call().aborted() ? " (aborted)" : "").append('\n');
        }
        return sb.toString();
    }

    /** After each resumption, no model call is made for a step execution that had finished before it. */
    static void assertNoFinishedStepCalledAgain(List<JournalEntry> journal) {
        Set<String> finished = new HashSet<>();
        Set<String> finishedAtResume = Set.of();
        int resumptions = 0;
        for (JournalEntry e : journal) {
            if (e instanceof JournalEntry.StepCompleted done) finished.add(done.key());
            if (e instanceof JournalEntry.RunResumed) {
                finishedAtResume = Set.copyOf(finished);
                resumptions++;
            }
            if (e instanceof JournalEntry.CallRecorded call) {
                assertThat(finishedAtResume).as("call at seq %d", call.seq()).doesNotContain(call.key());
            }
        }
        assertThat(resumptions).as("the journal holds a resumption").isPositive();
        assertThat(finishedAtResume).as("steps had finished before the resumption").isNotEmpty();
    }
}
