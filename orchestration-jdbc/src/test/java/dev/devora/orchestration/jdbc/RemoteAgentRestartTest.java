package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.remote.RemoteCallbackServer;
import dev.devora.orchestration.remote.RemoteCallbacks;
import dev.devora.orchestration.testing.StubRemoteAgentServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart of our process between a remote agent's dispatch and its callback: a child JVM starts the run and is
 * killed hard once the task is dispatched and the wait journaled; the stub's callback then reaches a receiver of a
 * new engine on the same SQLite file, and the run finishes there with the remote's data, the task dispatched once.
 */
class RemoteAgentRestartTest {
    @TempDir
    Path dir;

    @Test
    void aRunKilledAfterDispatch_isFinishedByTheCallbackInANewEngine_withTheTaskDispatchedOnce() throws Exception {
        Path db = dir.resolve("runs.db");
        Path out = dir.resolve("child.txt");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        URI callbackUrl = URI.create("http://127.0.0.1:" + port + "/callbacks");
        try (StubRemoteAgentServer design = StubRemoteAgentServer.builder("design-ia", RemoteChild.TOKEN)
                .output(task -> com.fasterxml.jackson.databind.node.TextNode.valueOf("mockups of " + task.path("task").asText()))
                .holdCallbacks().start()) {
            Process child = child(db, design.uri(), callbackUrl, out);
            String runId;
            try {
                runId = awaitWaiting(child, out);
                try (JdbcRunStore reader = JdbcRunStore.sqlite(db)) {
                    assertThat(reader.entries(runId)).as("the wait is journaled")
                            .anyMatch(e -> e instanceof JournalEntry.WaitRequested);
                }
                assertThat(design.tasks()).hasSize(1);
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            long childPid = child.pid();

            try (JdbcRunStore store = JdbcRunStore.sqlite(db);
                 WorkflowEngine engine = WorkflowEngine.builder().runStore(store)
                         .workflows(RemoteChild.workflow(design.uri(), callbackUrl)).build();
                 RemoteCallbacks callbacks = RemoteCallbacks.of(engine, ApiKey.of(RemoteChild.TOKEN));
                 RemoteCallbackServer receiver = RemoteCallbackServer.start(callbacks,
                         new InetSocketAddress("127.0.0.1", port))) {
                assertThat(receiver.uri()).isEqualTo(callbackUrl);
                assertThat(store.run(runId).map(RunSummary::status)).contains(RunStatus.WAITING);
                design.releaseCallbacks();

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (store.run(runId).map(RunSummary::status).orElseThrow() != RunStatus.SUCCEEDED) {
                    assertThat(System.nanoTime()).as("the run finishes in the new engine").isLessThan(deadline);
                    Thread.sleep(20);
                }
                String delivered = engine.resume(runId).outputs().get("deliver").text();
                long here = ProcessHandle.current().pid();
                assertThat(delivered).isEqualTo("delivered by " + here + ": mockups of mockups for brief written by "
                        + childPid);
                List<JournalEntry> entries = store.entries(runId);
                assertThat(entries.stream().filter(e -> e instanceof JournalEntry.StepCompleted s
                        && s.step().path().equals("brief")).count()).as("the brief was written once, by the child")
                        .isEqualTo(1);
                long recorded = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (design.callbacks().size() < 2 && System.nanoTime() < recorded) {
                    Thread.sleep(10); // the stub records a callback once its reply is back, after the run may end
                }
            }
            assertThat(design.tasks()).as("the task was dispatched once").hasSize(1);
            assertThat(design.callbacks()).extracting(StubRemoteAgentServer.Callback::status).containsExactly(202, 200);
        }
    }

    private static String awaitWaiting(Process child, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(out) || Files.readAllLines(out).size() < 2) {
            assertThat(child.isAlive()).as("the child runs").isTrue();
            assertThat(System.nanoTime()).as("the child's run waits within 120 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("WAITING");
        return lines.get(1);
    }

    private static Process child(Path db, URI endpoint, URI callbackUrl, Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                RemoteChild.class.getName(), db.toString(), endpoint.toString(), callbackUrl.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
