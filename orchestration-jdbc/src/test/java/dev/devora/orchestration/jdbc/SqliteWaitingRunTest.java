package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.approval.Approvals;
import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.engine.PendingRequest;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A run waiting for a person in a SQLite file, decided by another engine on another store of the same file. */
class SqliteWaitingRunTest {
    @TempDir
    Path dir;

    @Test
    void aWaitingRun_isDecidedThroughAnotherStoreOnTheSameFile_andFinishesThere() {
        AtomicInteger plans = new AtomicInteger();
        Workflow wf = Workflow.builder("launch")
                .step(Steps.task("plan", "plans", ctx -> "plan #" + plans.incrementAndGet()))
                .step(Steps.agent("approve", Approvals.person("owner")).prompt("{{plan}}"))
                .step(Steps.task("go", "goes", ctx -> "going with " + ctx.text("approve")))
                .build();
        Path file = dir.resolve("runs.db");
        String runId;
        try (JdbcRunStore store = JdbcRunStore.sqlite(file);
             WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult r = engine.run(wf, Map.of());
            assertThat(r.status()).isEqualTo(RunStatus.WAITING);
            runId = r.runId();
        }
        try (JdbcRunStore store = JdbcRunStore.sqlite(file);
             WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            assertThat(store.run(runId).map(RunSummary::status)).contains(RunStatus.WAITING);
            List<PendingRequest> pending = engine.pending(runId);
            assertThat(pending).singleElement().satisfies(p -> assertThat(p.request().path("show").asText())
                    .isEqualTo("plan #1"));
            WorkflowResult done = engine.decide(wf, runId, pending.get(0).requestId(), Decision.edit("plan #1, cheaper"));
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.outputs().get("go").text()).isEqualTo("going with plan #1, cheaper");
            assertThat(plans).as("planned once over both stores").hasValue(1);
            assertThat(store.run(runId).map(RunSummary::status)).contains(RunStatus.SUCCEEDED);
        }
    }
}
