package dev.devora.orchestration.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.tool.Tool;
import dev.devora.orchestration.tool.ToolFatalException;
import dev.devora.orchestration.tool.Tools;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Task;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tool calls and tasks run as activities on a worker: once per execution, with the same results as in one JVM, and
 * a replay of the history on a fresh worker runs none of them again. Failures keep one retry owner per layer.
 */
class ActivitiesTest {
    static final String QUEUE = "devora-activities";
    static final ObjectMapper JSON = new ObjectMapper();

    record Target(String env) {
    }

    TestWorkflowEnvironment env;

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    /** Asks for one deploy call when its request offers tools and has no tool result yet. */
    static ScriptedLlmProvider deployingModel() {
        return ScriptedLlmProvider.builder().name("scripted")
                .toolCalls(r -> !r.tools().isEmpty() && ScriptedLlmProvider.toolResults(r).isEmpty()
                        ? List.of(new ToolCall("c1", "deploy", "{\"env\": \"staging\"}")) : List.of())
                .build();
    }

    static Workflow deploying(LlmProvider p, Tool deploy) {
        LlmAgent deployer = LlmAgent.builder("deployer").role("a release engineer").instructions("Deploy.").provider(p)
                .tool(deploy).build();
        LlmAgent writer = LlmAgent.builder("writer").role("a writer").instructions("Be brief.").provider(p).build();
        return Workflow.builder("deploy-and-tell")
                .step(Steps.agent("deploy", deployer).prompt("Deploy {{input.topic}}."))
                .step(Steps.agent("tell", writer).prompt("Announce: {{deploy}}"))
                .build();
    }

    static Tool deployTool(AtomicInteger calls) {
        return Tools.of("deploy", "Deploys to an environment", Target.class, t -> {
            calls.incrementAndGet();
            return "deployed to " + t.env() + " (call " + calls.get() + ")";
        });
    }

    static Workflow counting(LlmProvider p, Task count) {
        LlmAgent writer = LlmAgent.builder("writer").role("a writer").instructions("Be brief.").provider(p).build();
        return Workflow.builder("draft-count-report")
                .step(Steps.loop("rounds", Steps.sequence("round",
                                Steps.agent("draft", writer).prompt("Round {{loop.iteration}} on {{input.topic}}"),
                                Steps.task("count", "counts the draft's words", count)))
                        .until(Condition.of("two rounds", s -> s.loopIteration() >= 2)).maxIterations(3))
                .step(Steps.agent("report", writer).prompt("{{count.words}} words about {{count.topic}}"))
                .build();
    }

    static Task countTask(AtomicInteger runs) {
        return ctx -> {
            runs.incrementAndGet();
            return Map.of("words", ctx.text("draft").split("\\s+").length, "topic", ctx.inputText("topic"),
                    "round", ctx.loopIteration(), "path", ctx.stepPath());
        };
    }

    static final Map<String, Object> INPUT = Map.of("topic", "the billing service");

    WorkflowResult inJvm(Workflow workflow) {
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            return engine.run(workflow, INPUT);
        }
    }

    TemporalRuns.Run onTemporal(Workflow definition, LlmProvider provider,
                                Function<TemporalWorkers.Builder, TemporalWorkers.Builder> options) {
        Worker worker = env.newWorker(QUEUE);
        options.apply(TemporalWorkers.builder().workflow(definition).provider(provider)).build().registerOn(worker);
        env.start();
        return TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(definition, INPUT);
    }

    WorkflowExecutionHistory history(TemporalRuns.Run run) {
        return env.getWorkflowClient().fetchHistory(run.id());
    }

    static void replay(WorkflowExecutionHistory history, Workflow definition, LlmProvider provider) throws Exception {
        try (TestWorkflowEnvironment fresh = TestWorkflowEnvironment.newInstance()) {
            Worker worker = fresh.newWorker(QUEUE);
            TemporalWorkers.builder().workflow(definition).provider(provider).build().registerOn(worker);
            WorkflowReplayer.replayWorkflowExecution(history, worker);
        }
    }

    @Test
    void aToolCall_runsOnceOnAWorker_sameStateAsInOneJvm_andAReplayDoesNotRunItAgain() throws Exception {
        AtomicInteger local = new AtomicInteger();
        WorkflowResult expected = inJvm(deploying(deployingModel(), deployTool(local)));
        assertThat(local).hasValue(1);

        AtomicInteger remote = new AtomicInteger();
        ScriptedLlmProvider model = deployingModel();
        Workflow definition = deploying(model, deployTool(remote));
        TemporalRuns.Run run = onTemporal(definition, model, b -> b);
        assertThat(run.stateJson()).isEqualTo(expected.stateJson());
        assertThat(remote).as("the tool ran once, on the worker").hasValue(1);
        assertThat(ScriptedLlmProvider.toolResults(model.requestsForAgent("deployer").get(1)))
                .singleElement().satisfies(m -> assertThat(m.content()).isEqualTo("deployed to staging (call 1)"));

        Tool never = Tools.of("deploy", "Deploys to an environment", Target.class, t -> {
            throw new AssertionError("a replay ran the tool again");
        });
        replay(history(run), deploying(deployingModel(), never), deployingModel());
    }

    @Test
    void aFatalToolFailure_failsTheStep_asInOneJvm() {
        Function<AtomicInteger, Tool> fatal = calls -> Tools.of("deploy", "Deploys", Target.class, t -> {
            calls.incrementAndGet();
            throw new ToolFatalException("the cluster refused the deploy");
        });
        WorkflowResult expected = inJvm(deploying(deployingModel(), fatal.apply(new AtomicInteger())));
        assertThat(expected.status().name()).isEqualTo("FAILED");

        AtomicInteger calls = new AtomicInteger();
        Workflow definition = deploying(deployingModel(), fatal.apply(calls));
        TemporalRuns.Run run = onTemporal(definition, deployingModel(), b -> b);
        assertThat(run.stateJson()).isEqualTo(expected.stateJson()).contains("the cluster refused the deploy");
        assertThat(calls).as("not tried again by Temporal").hasValue(1);
    }

    @Test
    void aTask_runsOnAWorkerOnTheStateItReads_sameStateAsInOneJvm_andAReplayDoesNotRunItAgain() throws Exception {
        AtomicInteger local = new AtomicInteger();
        WorkflowResult expected = inJvm(counting(ScriptedLlmProvider.answeringDefaults(), countTask(local)));
        assertThat(local).as("one run per loop round").hasValue(2);

        AtomicInteger remote = new AtomicInteger();
        LlmProvider p = ScriptedLlmProvider.answeringDefaults();
        Workflow definition = counting(p, countTask(remote));
        TemporalRuns.Run run = onTemporal(definition, p, b -> b);
        String state = run.stateJson();
        assertThat(state).isEqualTo(expected.stateJson());
        JsonNode count = JSON.readTree(state).at("/outputs/count");
        assertThat(count.path("topic").asText()).isEqualTo("the billing service");
        assertThat(count.path("round").asInt()).isEqualTo(2);
        assertThat(remote).as("each round's task ran once, on the worker").hasValue(2);

        Task never = ctx -> {
            throw new AssertionError("a replay ran the task again");
        };
        replay(history(run), counting(ScriptedLlmProvider.answeringDefaults(), never), ScriptedLlmProvider.answeringDefaults());
    }

    @Test
    void aRetriableTaskFailure_isRetriedByTheEngine_notByTemporal() {
        Function<AtomicInteger, Task> flaky = runs -> ctx -> {
            if (runs.incrementAndGet() == 1) throw new OrchestrationException("the index was busy", null, true);
            return "indexed";
        };
        WorkflowResult expected = inJvm(Workflow.builder("index").step(Steps.task("index", "indexes",
                flaky.apply(new AtomicInteger()))).build());
        AtomicInteger runs = new AtomicInteger();
        LlmProvider p = ScriptedLlmProvider.answeringDefaults();
        Workflow definition = Workflow.builder("index").step(Steps.task("index", "indexes", flaky.apply(runs))).build();
        TemporalRuns.Run run = onTemporal(definition, p, b -> b);
        assertThat(run.stateJson()).isEqualTo(expected.stateJson()).contains("\"status\":\"SUCCEEDED\"")
                .contains("indexed").contains("\"retries\":1");
        assertThat(runs).as("one failed attempt, one retry of the step").hasValue(2);
    }

    @Test
    void aFailingTask_failsTheStep_withTheTasksMessage_andIsNotTriedAgain() throws Exception {
        Function<AtomicInteger, Task> broken = runs -> ctx -> {
            runs.incrementAndGet();
            throw new IllegalStateException("no such index");
        };
        WorkflowResult expected = inJvm(Workflow.builder("index").step(Steps.task("index", "indexes",
                broken.apply(new AtomicInteger()))).build());
        AtomicInteger runs = new AtomicInteger();
        Workflow definition = Workflow.builder("index").step(Steps.task("index", "indexes", broken.apply(runs))).build();
        TemporalRuns.Run run = onTemporal(definition, ScriptedLlmProvider.answeringDefaults(), b -> b);
        String state = run.stateJson();
        assertThat(state).contains("\"status\":\"FAILED\"").contains("no such index");
        assertThat(runs).hasValue(1);
        assertThat(JSON.readTree(state).path("status").asText()).isEqualTo(expected.status().name());
    }

    @Test
    void aRateLimitedModelCall_isRetriedByTemporal_withinItsAttempts_andTheEngineDoesNotRetryTheStepAgain() {
        ScriptedLlmProvider limited = ScriptedLlmProvider.builder().name("scripted")
                .whenAgent("writer").failAlways(dev.devora.orchestration.llm.ProviderErrorKind.RATE_LIMITED)
                .build();
        LlmAgent writer = LlmAgent.builder("writer").role("a writer").instructions("Be brief.").provider(limited).build();
        Workflow definition = Workflow.builder("write").step(Steps.agent("write", writer).prompt("Write.")).build();
        TemporalRuns.Run run = onTemporal(definition, limited, b -> b.modelCalls(java.time.Duration.ofMinutes(1), 2));
        String state = run.stateJson();
        assertThat(state).contains("\"status\":\"FAILED\"").contains("rate limited");
        assertThat(limited.callCount()).as("2 activity attempts, no step retry on top").isEqualTo(2);
    }

    @Test
    void aRateLimitedModelCall_thatRecovers_succeedsOnTheSameStep() {
        ScriptedLlmProvider flaky = ScriptedLlmProvider.builder().name("scripted")
                .whenAgent("writer").failTimes(2, dev.devora.orchestration.llm.ProviderErrorKind.RATE_LIMITED)
                .reply("written").build();
        LlmAgent writer = LlmAgent.builder("writer").role("a writer").instructions("Be brief.").provider(flaky).build();
        Workflow definition = Workflow.builder("write").step(Steps.agent("write", writer).prompt("Write.")).build();
        TemporalRuns.Run run = onTemporal(definition, flaky, b -> b);
        assertThat(run.stateJson()).contains("\"status\":\"SUCCEEDED\"").contains("written");
        assertThat(flaky.callCount()).isEqualTo(3);
    }

    @Test
    void aNonRetriableProviderError_failsAtOnce_withTheMessageOfOneJvm() throws Exception {
        Function<ScriptedLlmProvider, Workflow> shape = p -> Workflow.builder("write").step(Steps.agent("write",
                LlmAgent.builder("writer").role("a writer").instructions("Be brief.").provider(p).build())
                .prompt("Write.")).build();
        Function<Void, ScriptedLlmProvider> refusing = v -> ScriptedLlmProvider.builder().name("scripted")
                .whenAgent("writer").failTimes(3, dev.devora.orchestration.llm.ProviderErrorKind.AUTHENTICATION)
                .reply("never").build();
        WorkflowResult expected = inJvm(shape.apply(refusing.apply(null)));
        ScriptedLlmProvider remote = refusing.apply(null);
        TemporalRuns.Run run = onTemporal(shape.apply(remote), remote, b -> b);
        String state = run.stateJson();
        assertThat(remote.callCount()).as("a bad key is not tried again").isEqualTo(1);
        assertThat(JSON.readTree(state).path("failure")).isEqualTo(JSON.readTree(expected.stateJson()).path("failure"));
        assertThat(state).contains("authentication failed");
    }

    @Test
    void aWorkerWithAnotherVersionOfTheDefinition_failsTheRunAsItStarts_namingBothFingerprints() {
        LlmProvider p = ScriptedLlmProvider.answeringDefaults();
        LlmAgent writer = LlmAgent.builder("writer").role("a writer").instructions("Be brief.").provider(p).build();
        Workflow started = Workflow.builder("write").step(Steps.agent("write", writer).prompt("Write.")).build();
        Workflow deployed = Workflow.builder("write").step(Steps.agent("write", writer).prompt("Write more.")).build();
        Worker worker = env.newWorker(QUEUE);
        TemporalWorkers.builder().workflow(deployed).provider(p).build().registerOn(worker);
        env.start();
        TemporalRuns.Run run = TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(started, INPUT);
        assertThatThrownBy(run::stateJson).rootCause()
                .hasMessageContaining("the definition 'write' on this worker is not the one the run was started with")
                .hasMessageContaining(dev.devora.orchestration.internal.DefinitionFingerprint.of(started))
                .hasMessageContaining(dev.devora.orchestration.internal.DefinitionFingerprint.of(deployed));
    }

    @Test
    void anOpenCircuit_isRetriedByTemporal_andTheWorkerUsesTheProviderWithoutItsOwnRetries() {
        ScriptedLlmProvider once = ScriptedLlmProvider.builder().name("scripted")
                .whenAgent("writer").failTimes(2, dev.devora.orchestration.llm.ProviderErrorKind.CIRCUIT_OPEN)
                .reply("written once the circuit closed").build();
        LlmProvider retrying = new LlmProvider() { // a provider that would retry on its own
            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public dev.devora.orchestration.llm.LlmResponse complete(dev.devora.orchestration.llm.LlmRequest request) {
                throw new AssertionError("the worker must call the provider without its own retries");
            }

            @Override
            public LlmProvider withoutRetries() {
                return once;
            }
        };
        LlmAgent writer = LlmAgent.builder("writer").role("a writer").instructions("Be brief.").provider(retrying).build();
        Workflow definition = Workflow.builder("write").step(Steps.agent("write", writer).prompt("Write.")).build();
        TemporalRuns.Run run = onTemporal(definition, retrying, b -> b);
        assertThat(run.stateJson()).contains("\"status\":\"SUCCEEDED\"").contains("written once the circuit closed");
        assertThat(once.callCount()).as("two open circuits, then the answer").isEqualTo(3);
    }
}
