package dev.devora.orchestration.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.temporal.internal.InterpreterWorkflow;
import dev.devora.orchestration.temporal.internal.RunRequest;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Starts Devora runs on Temporal: each run is one execution of the interpreter workflow on a task queue whose
 * workers have the definition ({@link TemporalWorkers}); the run id is the Temporal workflow id.
 *
 * <pre>{@code
 * TemporalRuns runs = TemporalRuns.of(client, "devora");
 * TemporalRuns.Run run = runs.start(review, Map.of("topic", "caching"));
 * String state = run.stateJson();        // waits for the end; the same stateJson() as the in-JVM engine's
 * }</pre>
 */
public final class TemporalRuns {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WorkflowClient client;
    private final String taskQueue;

    private TemporalRuns(WorkflowClient client, String taskQueue) {
        this.client = Objects.requireNonNull(client, "client");
        this.taskQueue = Objects.requireNonNull(taskQueue, "taskQueue");
    }

    /**
     * Runs started through this client on this task queue.
     *
     * @param client    the Temporal client
     * @param taskQueue the task queue the workers poll
     * @return the runs
     */
    public static TemporalRuns of(WorkflowClient client, String taskQueue) {
        return new TemporalRuns(client, taskQueue);
    }

    /**
     * Starts a run.
     *
     * @param workflow the definition (registered with the workers under its id)
     * @param input    the input
     * @return the started run
     */
    public Run start(Workflow workflow, Map<String, ?> input) {
        return start(workflow, (JsonNode) JSON.valueToTree(input));
    }

    /**
     * Starts a run.
     *
     * @param workflow the definition (registered with the workers under its id)
     * @param input    the input, a JSON object
     * @return the started run
     */
    public Run start(Workflow workflow, JsonNode input) {
        Objects.requireNonNull(workflow, "workflow");
        String runId = UUID.randomUUID().toString();
        InterpreterWorkflow stub = client.newWorkflowStub(InterpreterWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(runId).build());
        WorkflowClient.start(stub::run, new RunRequest(workflow.id(), input == null ? "{}" : input.toString()));
        return new Run(runId, WorkflowStub.fromTyped(stub));
    }

    @Override
    public String toString() {
        return "TemporalRuns[" + taskQueue + "]";
    }

    /**
     * A run on Temporal.
     *
     * <pre>{@code
     * run.id();          // the Temporal workflow id
     * run.stateJson();   // waits for the end
     * }</pre>
     */
    public static final class Run {
        private final String id;
        private final WorkflowStub stub;

        private Run(String id, WorkflowStub stub) {
            this.id = id;
            this.stub = stub;
        }

        /** {@return the run id, which is the Temporal workflow id} */
        public String id() {
            return id;
        }

        /** {@return the run's {@code WorkflowResult.stateJson()}, once it has ended (waits for it)} */
        public String stateJson() {
            return stub.getResult(String.class);
        }

        @Override
        public String toString() {
            return "TemporalRuns.Run[" + id + "]";
        }
    }
}
