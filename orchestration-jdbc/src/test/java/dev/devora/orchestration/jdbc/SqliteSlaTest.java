package dev.devora.orchestration.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.approval.Approvals;
import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.engine.PendingRequest;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SLA breaches are journaled like every other fact: one crossed while a step ran, and one crossed while the run
 * waited for a person and recorded when the step completed in another engine, are both in {@code engine.events}
 * read back from the SQLite file by a third engine, after the others closed.
 */
class SqliteSlaTest {
    @TempDir
    Path dir;

    @Test
    void breaches_areReadBackFromTheFile_afterARestart() {
        Workflow wf = Workflow.builder("launch")
                .step(Steps.task("design", "designs slowly", ctx -> {
                    try {
                        Thread.sleep(800); // SLA 100 ms: generous on busy cores
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "mockups";
                }))
                .step(Steps.agent("approve", Approvals.person("owner")).prompt("{{design}}"))
                .sla("design", Duration.ofMillis(100))
                .sla("approve", Duration.ofMinutes(30))
                .build();
        Path file = dir.resolve("runs.db");
        String runId;
        try (JdbcRunStore store = JdbcRunStore.sqlite(file);
             WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult r = engine.run(wf, Map.of());
            assertThat(r.status()).isEqualTo(RunStatus.WAITING);
            runId = r.runId();
        }
        Clock twoHoursLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
        try (JdbcRunStore store = JdbcRunStore.sqlite(file);
             WorkflowEngine engine = WorkflowEngine.builder().runStore(store).clock(twoHoursLater).build()) {
            PendingRequest pending = engine.pending(runId).get(0);
            WorkflowResult done = engine.decide(wf, runId, pending.requestId(), Decision.approve());
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
        }
        try (JdbcRunStore store = JdbcRunStore.sqlite(file);
             WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            List<WorkflowEvent.SlaBreached> breaches = engine.events(runId).stream()
                    .filter(e -> e instanceof WorkflowEvent.SlaBreached).map(e -> (WorkflowEvent.SlaBreached) e)
                    .toList();
            assertThat(breaches).extracting(WorkflowEvent.SlaBreached::path).containsExactly("design", "approve");
            assertThat(breaches.get(0).sla()).isEqualTo(Duration.ofMillis(100));
            assertThat(breaches.get(0).elapsed()).isBetween(Duration.ofMillis(100), Duration.ofMinutes(1));
            assertThat(breaches.get(1).sla()).isEqualTo(Duration.ofMinutes(30));
            assertThat(breaches.get(1).elapsed()).isGreaterThan(Duration.ofMinutes(119));
            assertThat(breaches).allSatisfy(b -> assertThat(b.runId()).isEqualTo(runId));
        }
    }
}
