package dev.devora.orchestration.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.internal.EngineConfig;
import dev.devora.orchestration.internal.RunExecution;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.workflow.InputLimits;
import dev.devora.orchestration.ValidationProblem;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The interpreter workflow: builds the run the in-JVM engine would (the same interpreter, input normalisation and
 * run id: the Temporal workflow id) on {@link TemporalEffects} and an in-memory journal (Temporal's history is the
 * durable record: on a replay the journal is rebuilt by running the same code on the same history), and returns
 * its {@code stateJson()}. Model calls are activities with bounded retries.
 *
 * <pre>{@code
 * worker.registerWorkflowImplementationFactory(InterpreterWorkflow.class, () -> new InterpreterWorkflowImpl(definitions));
 * }</pre>
 */
public final class InterpreterWorkflowImpl implements InterpreterWorkflow {
    /** How long one model call may take, and how often it is tried. */
    static final ActivityOptions MODEL_CALLS = ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(10))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).setInitialInterval(Duration.ofSeconds(1))
                    .build()).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, dev.devora.orchestration.workflow.Workflow> definitions;

    /**
     * The workflow over these definitions.
     *
     * @param definitions definition id → definition
     */
    public InterpreterWorkflowImpl(Map<String, dev.devora.orchestration.workflow.Workflow> definitions) {
        this.definitions = definitions;
    }

    @Override
    public String run(RunRequest request) {
        dev.devora.orchestration.workflow.Workflow workflow = definitions.get(request.workflowId());
        if (workflow == null) {
            throw ApplicationFailure.newNonRetryableFailure("no workflow definition '" + request.workflowId()
                    + "' is registered with this worker (registered: " + String.join(", ", new java.util.TreeSet<>(definitions.keySet()))
                    + ")", "UnknownWorkflow");
        }
        JsonNode input;
        try {
            input = JSON.readTree(request.inputJson() == null ? "{}" : request.inputJson());
        } catch (java.io.IOException e) {
            throw ApplicationFailure.newNonRetryableFailure("the input is not JSON: " + e.getMessage(), "InvalidInput");
        }
        List<ValidationProblem> problems = new ArrayList<>();
        ObjectNode validated = workflow.input().normalise(input, InputLimits.DEFAULT, problems);
        if (!problems.isEmpty()) {
            InputValidationException e = new InputValidationException(workflow.id(), problems);
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidInput");
        }
        TemporalEffects effects = new TemporalEffects(Workflow.newActivityStub(ModelCalls.class, MODEL_CALLS));
        EngineConfig config = new EngineConfig(Runnable::run, () -> {
            throw new IllegalStateException("no timer thread inside a Temporal workflow");
        }, RetryPolicy.DEFAULT, new WorkflowClock(), List.of(), InputLimits.DEFAULT, new InMemoryRunStore(), effects);
        String runId = Workflow.getInfo().getWorkflowId();
        WorkflowResult result = new RunExecution(config, workflow, validated, RunOptions.NONE, WorkflowListener.NONE, runId,
                null).execute();
        return result.stateJson();
    }

    /** The workflow's deterministic time as a {@link Clock}. */
    private static final class WorkflowClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(Workflow.currentTimeMillis());
        }
    }
}
