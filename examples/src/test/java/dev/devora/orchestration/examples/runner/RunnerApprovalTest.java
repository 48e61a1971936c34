package dev.devora.orchestration.examples.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's review in the runner (issue 11): {@code --approve STEP} makes the run wait after that step's work;
 * without a terminal it says how to {@code --decide}, which continues the stored run in another process; at a
 * terminal it asks at once.
 */
class RunnerApprovalTest {
    private static final String WORKFLOW = "data-pipeline-setup";
    private static final Pattern DECIDE = Pattern.compile("decide with: --decide (\\S+) (\\S+) approve\\|reject\\|edit");

    @TempDir
    Path dir;

    @Test
    void aReviewedStep_leavesTheRunWaiting_andDecideWithAnEdit_finishesItWithThePersonsText() throws IOException {
        Console first = new Console().run(WORKFLOW, "--approve", "pipeline-design", "--out", dir.toString(), "--offline");
        assertThat(first.status).as(first.err()).isEqualTo(3);
        Matcher m = DECIDE.matcher(first.out());
        assertThat(m.find()).as(first.out()).isTrue();
        String runId = m.group(1);
        String requestId = m.group(2);
        assertThat(requestId).isEqualTo("architecture/pipeline-design/approval-1");
        assertThat(first.out()).contains("run " + runId + " waits for a decision");

        Path edit = Files.writeString(dir.resolve("design.md"), "Our design: Kafka into Postgres, nightly dbt.");
        Console decided = new Console().run("--decide", runId, requestId, "edit", "--edit-file", edit.toString(),
                "--out", dir.toString(), "--offline", "--approve", "pipeline-design");
        assertThat(decided.status).as(decided.err()).isZero();
        assertThat(decided.out()).contains("decision on " + requestId + " of run " + runId + ": edit recorded")
                .contains("run " + runId + " ended SUCCEEDED");
        assertThat(Files.readString(Console.runFolder(dir).resolve("report.json")))
                .contains("Our design: Kafka into Postgres, nightly dbt.");

        Console again = new Console().run("--decide", runId, requestId, "approve", "--out", dir.toString(), "--offline",
                "--approve", "pipeline-design");
        assertThat(again.status).isEqualTo(2);
        assertThat(again.err()).contains("was answered already, otherwise").contains("(the run waits for nothing)");
    }

    @Test
    void atATerminal_theRunnerAsks_andARejectionFailsTheRunWithTheFeedback() {
        Console c = new Console().answering("maybe", "r", "too many moving parts")
                .run(WORKFLOW, "--approve", "pipeline-design", "--out", dir.toString(), "--offline");
        assertThat(c.out()).contains("waits for your decision on architecture/pipeline-design")
                .contains("answer a (approve), r (reject) or e (edit), was 'maybe'");
        assertThat(c.status).isEqualTo(1);
        assertThat(c.err()).contains("rejected by you: too many moving parts");

        Console approved = new Console().answering("a").run(WORKFLOW, "--approve", "pipeline-design", "--out",
                dir.toString(), "--offline");
        assertThat(approved.status).as(approved.err()).isZero();
        assertThat(approved.out()).contains("ended SUCCEEDED");
    }

    @Test
    void badDecisions_areUsageErrors_thatNameWhatIsWrong() {
        Console unknownStep = new Console().run(WORKFLOW, "--approve", "nope", "--out", dir.toString(), "--offline");
        assertThat(unknownStep.status).isEqualTo(2);
        assertThat(unknownStep.err()).contains("has no agent step 'nope'; its agent steps are pipeline-design, warehouse");

        Console waiting = new Console().run(WORKFLOW, "--approve", "warehouse", "--out", dir.toString(), "--offline");
        Matcher m = DECIDE.matcher(waiting.out());
        assertThat(m.find()).isTrue();
        Console wrongRequest = new Console().run("--decide", m.group(1), "warehouse/approval-9", "approve", "--out",
                dir.toString(), "--offline", "--approve", "warehouse");
        assertThat(wrongRequest.status).isEqualTo(2);
        assertThat(wrongRequest.err()).contains("made no request 'warehouse/approval-9'")
                .contains("(the run waits for " + m.group(2) + ")");
        assertThat(new Console().run("--decide", m.group(1), m.group(2), "edit", "--out", dir.toString()).err())
                .contains("edit needs --edit-file FILE");
        assertThat(new Console().run(WORKFLOW, "--feedback", "x").err()).contains("--feedback goes with --decide");
    }

    @Test
    void decideWithoutTheRunsApproveSet_isAUsageError_andRecordsNothing() {
        Console waiting = new Console().run(WORKFLOW, "--approve", "pipeline-design", "--out", dir.toString(), "--offline");
        Matcher m = DECIDE.matcher(waiting.out());
        assertThat(m.find()).as(waiting.out()).isTrue();
        for (String[] approve : new String[][] {{}, {"--approve", "warehouse"}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--decide", m.group(1), m.group(2),
                    "reject", "--feedback", "no", "--out", dir.toString(), "--offline"));
            args.addAll(java.util.List.of(approve));
            Console wrong = new Console().run(args.toArray(String[]::new));
            assertThat(wrong.status).as("a rejection is not ignored: " + wrong.out() + wrong.err()).isEqualTo(2);
            assertThat(wrong.err()).contains("--approve ").contains("pipeline-design").contains(m.group(2))
                    .contains("nothing was recorded");
        }
        Console right = new Console().run("--decide", m.group(1), m.group(2), "reject", "--feedback", "no", "--out",
                dir.toString(), "--offline", "--approve", "pipeline-design");
        assertThat(right.status).as("nothing was recorded before: " + right.err()).isEqualTo(1);
        assertThat(right.err()).contains("rejected by you: no");
    }
}
