package dev.devora.orchestration.wait;

import dev.devora.orchestration.approval.Approvals;
import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting runs under hostile use (issue 11, adversarial check): each test failed before its fix. */
class WaitAdversarialTest {
    @Test
    void withAgentSteps_keepsTheSlasOfTheSteps() {
        Workflow wf = Workflow.builder("slas")
                .step(Steps.task("plan", "plans", ctx -> "plan"))
                .step(Steps.approval("approve", Approvals.person("owner"), "Ship {{plan}}?"))
                .sla("plan", Duration.ofMinutes(5)).sla("approve", Duration.ofMinutes(8))
                .build();
        Workflow mapped = wf.withAgentSteps(s -> s);
        assertThat(mapped.slas()).isEqualTo(Map.of("plan", Duration.ofMinutes(5), "approve", Duration.ofMinutes(8)));
    }
}
