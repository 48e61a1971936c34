package dev.devora.orchestration.engine;

import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.agent.Squad;
import dev.devora.orchestration.internal.DefaultExecutors;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultExecutorTest {

    private static boolean isVirtual(Thread t) {
        try {
            return (boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (ReflectiveOperationException e) {
            return false; // Java 17: no virtual threads
        }
    }

    @Test
    void parallelBranches_runOnVirtualThreads_exactlyWhenTheRuntimeHasThem() {
        // Both branches wait for each other, so they must run at the same time on two threads: whichever one the
        // calling thread does not take is necessarily run by the engine's default executor.
        CountDownLatch bothStarted = new CountDownLatch(2);
        Agent where = Agent.of("where", call -> {
            bothStarted.countDown();
            try {
                if (!bothStarted.await(10, TimeUnit.SECONDS)) {
                    return AgentResult.text("branches did not run concurrently");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return AgentResult.text("interrupted");
            }
            return AgentResult.text(String.valueOf(isVirtual(Thread.currentThread())));
        });
        Workflow wf = Workflow.builder("threads").step(Steps.parallel("p",
                Steps.agent("first", where).prompt("x"), Steps.agent("second", where).prompt("x"))).build();
        boolean expected = Runtime.version().feature() >= 21;

        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            result = engine.run(wf, Map.of());
        }

        assertThat(DefaultExecutors.virtualThreadsAvailable()).isEqualTo(expected);
        List<String> branchThreads = List.of(result.text("first"), result.text("second"));
        assertThat(branchThreads).allMatch(t -> t.equals("true") || t.equals("false"));
        if (expected) {
            assertThat(branchThreads).contains("true"); // the executor's branch ran on a virtual thread
        } else {
            assertThat(branchThreads).containsOnly("false");
        }
    }

    @Test
    void squadInSequence_givesEachMemberThePreviousMembersWork() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        Squad docs = Squad.builder("documentation")
                .member(dev.devora.orchestration.agent.LlmAgent.builder("writer").provider(llm).build())
                .member(dev.devora.orchestration.agent.LlmAgent.builder("editor").provider(llm).build())
                .build();
        Workflow wf = Workflow.builder("docs").step(Steps.squadInSequence("readme", docs, "Write the README")).build();

        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            result = engine.run(wf, Map.of());
        }

        assertThat(llm.requestsForAgent("editor").get(0).lastUserText())
                .isEqualTo("Write the README\n\nBuild on the work of writer:\n[writer] Write the README");
        assertThat(result.text("readme")).isEqualTo(result.text("readme-editor"));
        assertThat(result.metrics().squads().get("documentation").agentsExecuted()).isEqualTo(2);
    }
}
