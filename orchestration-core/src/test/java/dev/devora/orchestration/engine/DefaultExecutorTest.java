package dev.devora.orchestration.engine;

import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.agent.Squad;
import dev.devora.orchestration.internal.DefaultExecutors;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.Map;

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
        Agent where = Agent.of("where", call -> AgentResult.text(String.valueOf(isVirtual(Thread.currentThread()))));
        Workflow wf = Workflow.builder("threads").step(Steps.parallel("p",
                Steps.agent("first", where).prompt("x"), Steps.agent("second", where).prompt("x"))).build();
        boolean expected = Runtime.version().feature() >= 21;

        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            result = engine.run(wf, Map.of());
        }

        assertThat(DefaultExecutors.virtualThreadsAvailable()).isEqualTo(expected);
        assertThat(result.text("second")).isEqualTo(String.valueOf(expected)); // branch 2 goes to the executor
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
