package dev.devora.orchestration.server.internal;

import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A long-lived service keeps the passes that run and the last ended ones, not every run it ever started. */
class StartedRunsTest {
    @Test
    void onlyTheLastEndedPassesAreKept_andARunningOneIsNeverForgotten() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        Workflow quick = Workflow.builder("quick").step(Steps.agent("a", Agent.of("a", c -> new AgentResult("ok", null, null))).prompt("go"))
                .build();
        Workflow held = Workflow.builder("held").step(Steps.agent("h", Agent.of("h", c -> {
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new AgentResult("ok", null, null);
        })).prompt("go")).build();
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            StartedRuns started = new StartedRuns(engine.runStore());
            WorkflowRun running = engine.start(held, Map.of(), null);
            started.put(new StartedRuns.Started(running, new RunEvents(), null));
            List<WorkflowRun> ended = new ArrayList<>();
            for (int i = 0; i < StartedRuns.KEEP_ENDED + 40; i++) {
                WorkflowRun r = engine.start(quick, Map.of(), null);
                started.put(new StartedRuns.Started(r, new RunEvents(), null));
                r.result().get(30, TimeUnit.SECONDS);
                ended.add(r);
            }
            Thread.sleep(100); // the result's completion handlers have run
            assertThat(started.size()).isEqualTo(StartedRuns.KEEP_ENDED + 1);
            assertThat(started.get(running.id())).as("still running: kept").isPresent();
            assertThat(started.get(ended.get(0).id())).as("ended first: forgotten").isEmpty();
            assertThat(started.get(ended.get(39).id())).isEmpty();
            assertThat(started.get(ended.get(40).id())).isPresent();
            assertThat(started.get(ended.get(ended.size() - 1).id())).isPresent();
            hold.countDown();
        }
    }
}
