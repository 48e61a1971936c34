package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.remote.RemoteAgent;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The child process of {@link RemoteAgentRestartTest}: starts a run whose step is a remote agent, journaled in a
 * SQLite file, writes "status runId" to a file once the run waits for the callback, and stays alive (like a server)
 * until it is killed.
 *
 * <pre>{@code
 * java -cp … dev.devora.orchestration.jdbc.RemoteChild <sqlite file> <agent endpoint> <callback url> <out file>
 * }</pre>
 */
public final class RemoteChild {
    static final String TOKEN = "restart-test-inter-agent-token";

    private RemoteChild() {
    }

    static Workflow workflow(URI endpoint, URI callbackUrl) {
        RemoteAgent design = RemoteAgent.builder("design-ia", endpoint).token(ApiKey.of(TOKEN))
                .callbackUrl(callbackUrl).build();
        return Workflow.builder("restaurant")
                .step(Steps.task("brief", "briefs", ctx -> "brief written by " + ProcessHandle.current().pid()))
                .step(Steps.agent("design", design).prompt("mockups for {{brief}}"))
                .step(Steps.task("deliver", "delivers", ctx -> "delivered by " + ProcessHandle.current().pid()
                        + ": " + ctx.text("design")))
                .build();
    }

    /**
     * Starts the run, writes its status and id, then waits to be killed (exit 1 if it threw).
     *
     * @param args the SQLite file, the agent's endpoint, the callback URL, the out file
     */
    public static void main(String[] args) throws Exception {
        try {
            JdbcRunStore store = JdbcRunStore.sqlite(Path.of(args[0]));
            WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build();
            WorkflowResult r = engine.run(workflow(URI.create(args[1]), URI.create(args[2])), Map.of());
            Files.writeString(Path.of(args[3]), r.status() + "\n" + r.runId() + "\n", StandardCharsets.UTF_8);
            Thread.sleep(Long.MAX_VALUE); // a server process, killed by the test
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
