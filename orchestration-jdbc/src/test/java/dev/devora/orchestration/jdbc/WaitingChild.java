package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.approval.Approvals;
import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.engine.PendingRequest;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The child process of {@link WaitingRunAcrossProcessesTest}: starts a run that waits for a person, or decides its
 * pending approval and lets it finish, journaled in a SQLite file; writes "status runId output" to a file and exits.
 *
 * <pre>{@code
 * java -cp … dev.devora.orchestration.jdbc.WaitingChild start|decide <sqlite file> <out file> [run id]
 * }</pre>
 */
public final class WaitingChild {
    private WaitingChild() {
    }

    static Workflow workflow() {
        return Workflow.builder("launch")
                .step(Steps.task("plan", "plans", ctx -> "plan for " + ProcessHandle.current().pid()))
                .step(Steps.agent("approve", Approvals.person("owner")).prompt("{{plan}}"))
                .step(Steps.task("go", "goes", ctx -> "going with " + ctx.text("approve")))
                .build();
    }

    /**
     * Starts or decides, writes the outcome and exits (0: done as asked; 1: it threw).
     *
     * @param args {@code start|decide}, the SQLite file, the out file, and for decide the run id
     */
    public static void main(String[] args) throws Exception {
        try (JdbcRunStore store = JdbcRunStore.sqlite(Path.of(args[1]));
             WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult r;
            if (args[0].equals("start")) {
                r = engine.run(workflow(), Map.of());
            } else {
                List<PendingRequest> pending = engine.pending(args[3]);
                r = engine.decide(workflow(), args[3], pending.get(0).requestId(), Decision.edit("edited in "
                        + ProcessHandle.current().pid()));
            }
            String output = r.outputs().containsKey("go") ? r.outputs().get("go").text() : "-";
            Files.writeString(Path.of(args[2]), r.status() + "\n" + r.runId() + "\n" + output, StandardCharsets.UTF_8);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
