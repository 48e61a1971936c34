package dev.devora.orchestration.examples.business;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.remote.RemoteCallbackServer;
import dev.devora.orchestration.remote.RemoteCallbacks;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflows.PredefinedWorkflow;
import dev.devora.orchestration.workflows.WorkflowConfig;
import dev.devora.orchestration.workflows.Workflows;
import dev.devora.orchestration.workflows.business.AgentEndpoints;
import dev.devora.orchestration.workflows.business.BusinessTemplate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 004's templates against its four agents as local stub services (issue 11): each phase is sent to its agent,
 * the run waits (no thread) for the reports, which continue it; a slow agent breaches its phase's SLA.
 */
class BusinessTemplatesRemoteTest {
    private static final String TOKEN = "stub-token-5e1f";

    static Map<String, Object> order(String secteur) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("secteur", secteur);
        m.put("budget", 399);
        m.put("priorite", "haute");
        m.put("metadonnees", Map.of("nom", "Chez Marcel"));
        return m;
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static WorkflowResult awaitEnd(WorkflowEngine engine, InMemoryRunStore store, PredefinedWorkflow w,
                                           String runId) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!store.run(runId).orElseThrow().status().isFinal()) {
            if (System.nanoTime() > until) throw new AssertionError("run " + runId + " did not end: " + store.run(runId));
            Thread.sleep(20);
        }
        return engine.resume(w.definition(), runId);
    }

    @ParameterizedTest
    @EnumSource(BusinessTemplate.class)
    void eachPhaseGoesToItsRemoteAgent_theReportsFinishTheRun_andASlowAgentBreachesItsPhasesSla(BusinessTemplate t)
            throws Exception {
        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        InMemoryRunStore store = new InMemoryRunStore();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        int port = freePort();
        try (StubAgents stubs = StubAgents.start(TOKEN, Duration.ofMillis(700), List.of(0, 0, 0, 0));
             WorkflowEngine engine = WorkflowEngine.builder().runStore(store).listener(events).build();
             RemoteCallbacks callbacks = RemoteCallbacks.of(engine, ApiKey.of(TOKEN));
             RemoteCallbackServer receiver = RemoteCallbackServer.start(callbacks,
                     new InetSocketAddress("127.0.0.1", port))) {
            Map<String, String> env = new HashMap<>(stubs.environment());
            env.put(AgentEndpoints.TOKEN_VARIABLE, TOKEN);
            env.put(AgentEndpoints.WEBHOOK_VARIABLE, receiver.uri().toString());
            PredefinedWorkflow template = Workflows.byId(t.id(), llm, WorkflowConfig.defaults(),
                    AgentEndpoints.fromEnvironment(env));
            // the seed's SLAs are minutes: the design phase's is made shorter than the stub's 700 ms
            PredefinedWorkflow tight = template.withDefinition(template.definition().toBuilder()
                    .sla("design", Duration.ofMillis(200)).build()).withEngine(engine);

            WorkflowResult waiting = tight.run(order(t.secteur().id()));
            assertThat(waiting.status()).isEqualTo(RunStatus.WAITING);
            WorkflowResult done = awaitEnd(engine, store, tight, waiting.runId());

            assertThat(done.status()).as(String.valueOf(done.failure())).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(llm.callCount()).as("every phase was done remotely").isZero();
            for (String role : StubAgents.ROLES) {
                assertThat(stubs.stub(role).tasks()).as(role).singleElement()
                        .satisfies(task -> assertThat(task.path("projectId").asText()).isEqualTo(waiting.runId()));
            }
            for (dev.devora.orchestration.workflows.business.BusinessPhase p : t.phases()) {
                assertThat(done.deliverables().path(p.deliverable()).isMissingNode()).as(p.deliverable()).isFalse();
            }
            assertThat(events.ofType(WorkflowEvent.SlaBreached.class)).extracting(WorkflowEvent.SlaBreached::path)
                    .as("only the tightened phase").containsExactly("design");
            assertThat(events.events().toString()).doesNotContain(TOKEN);
        }
    }
}
