package dev.devora.orchestration.workflows;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflows.roles.SquadId;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SquadsTest {
    @Test
    void everySquad_becomesACoreSquad_withItsRoles_andALead() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        for (SquadId id : SquadId.values()) {
            var squad = Squads.squad(id, llm, WorkflowConfig.defaults());
            assertThat(squad.members()).as(id.id()).isNotEmpty();
            assertThat(squad.lead().name()).isEqualTo(Squads.lead(id).id());
        }
    }

    @Test
    void aSuggestedSquad_runsTheTask_membersInParallel_thenTheLeadIntegrates() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        Suggestion s = Workflows.catalog().suggest("Write Terraform and Kubernetes manifests");
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult r = Fixtures.ENGINE.run(Squads.taskWorkflow(SquadId.fromId(s.id()), llm, WorkflowConfig.defaults()),
                dev.devora.orchestration.workflow.InputSpec.toJson(Map.of("task", "Write Terraform and Kubernetes manifests")),
                dev.devora.orchestration.engine.RunOptions.NONE, events);

        assertThat(s.id()).isEqualTo("devops");
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Fixtures.startedPaths(events, "agent")).containsExactlyInAnyOrder(
                "squad-task/squad-task-members/squad-task-infrastructure-engineer",
                "squad-task/squad-task-members/squad-task-cicd-specialist",
                "squad-task/squad-task-members/squad-task-container-orchestrator",
                "squad-task/squad-task-members/squad-task-monitoring-specialist",
                "squad-task/squad-task-members/squad-task-incident-commander",
                "squad-task/squad-task-members/squad-task-release-manager",
                "squad-task/squad-task-lead");
        assertThat(r.deliverables().path("result").asText()).startsWith("[infrastructure-engineer]");
    }
}
