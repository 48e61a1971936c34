package dev.devora.orchestration.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.internal.JournalEvents;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.JournalJson;
import dev.devora.orchestration.temporal.internal.InterpreterWorkflow;
import dev.devora.orchestration.temporal.internal.RunRequest;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;

import java.util.ArrayList;
import java.util.List;
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
 * run.status();                          // RUNNING, WAITING (for a person, a remote agent), SUCCEEDED...
 * run.decide(requestId, Decision.approve());
 * run.events();                          // the journaled events so far, as WorkflowEngine.events gives them
 * String state = run.stateJson();        // waits for the end; the same stateJson() as the in-JVM engine's
 * runs.run(run.id()).cancel();         // a run found again by its id, from any process
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
        return start(workflow, input, RunOptions.NONE);
    }

    /**
     * Starts a run with limits, from a Java map; see {@link #start(Workflow, JsonNode, RunOptions)}.
     *
     * @param workflow the definition (registered with the workers under its id)
     * @param input    the input
     * @param options  the limits and the run id
     * @return the started run
     */
    public Run start(Workflow workflow, Map<String, ?> input, RunOptions options) {
        return start(workflow, (JsonNode) JSON.valueToTree(input), options);
    }

    /**
     * Starts a run.
     *
     * @param workflow the definition (registered with the workers under its id)
     * @param input    the input, a JSON object
     * @return the started run
     */
    public Run start(Workflow workflow, JsonNode input) {
        return start(workflow, input, RunOptions.NONE);
    }

    /**
     * Starts a run with limits, as {@code WorkflowEngine.run(workflow, input, options, listener)} does: its budgets
     * (tokens, USD) are checked in the workflow against what each model call's activity reports, its timeout is a
     * workflow timer, and its run id, when given, is the Temporal workflow id (a second start with the same id is
     * refused by Temporal while the first runs).
     *
     * <pre>{@code
     * runs.start(review, input, RunOptions.builder().maxCostUsd("0.50").runId("review-42").build());
     * }</pre>
     *
     * @param workflow the definition (registered with the workers under its id)
     * @param input    the input, a JSON object
     * @param options  the limits and the run id; {@code RunOptions.NONE} for none
     * @return the started run
     */
    public Run start(Workflow workflow, JsonNode input, RunOptions options) {
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(options, "options");
        String runId = options.runId() != null ? options.runId() : UUID.randomUUID().toString();
        InterpreterWorkflow stub = client.newWorkflowStub(InterpreterWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(runId).build());
        WorkflowClient.start(stub::run, new RunRequest(workflow.id(), input == null ? "{}" : input.toString(),
                dev.devora.orchestration.internal.DefinitionFingerprint.of(workflow), RunRequest.Limits.of(options)));
        return run(runId);
    }

    /**
     * Records a remote agent's report for its run: what the service's callback receiver calls with the body it was
     * posted (after checking the inter-agent token). A {@code task_completed} or {@code task_failed} answers the run's
     * wait for that task ({@code projectId} is the run, {@code taskId} the request); a {@code task_started} records
     * nothing. A report for a task the run does not wait for is ignored by the run.
     *
     * <pre>{@code
     * runs.report(JSON.readTree(exchange.getRequestBody()));
     * }</pre>
     *
     * @param report the report's body
     * @throws IllegalArgumentException naming what is missing or wrong in the report
     * @throws io.temporal.client.WorkflowNotFoundException when there is no such run
     */
    public void report(JsonNode report) {
        com.fasterxml.jackson.databind.node.ObjectNode answer =
                dev.devora.orchestration.remote.RemoteCallbacks.answerOf(report);
        if ("task_started".equals(answer.get("event").asText())) return;
        run(report.get("projectId").asText()).answer(answer.get("taskId").asText(), answer);
    }

    /**
     * The handle of a run started earlier (by this process or another one).
     *
     * @param runId the run id, which is its Temporal workflow id
     * @return its handle
     */
    public Run run(String runId) {
        Objects.requireNonNull(runId, "runId");
        return new Run(runId, client.newUntypedWorkflowStub(runId));
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

        /**
         * The run's {@code WorkflowResult.stateJson()}, once it has ended (waits for it): the same as the in-JVM
         * engine's, a cancelled run's included ({@code "status":"CANCELLED"}, with what it finished).
         *
         * @return the state
         * @throws io.temporal.client.WorkflowFailedException when the workflow itself failed (e.g. its definition is
         *                                                    not registered with the workers)
         */
        public String stateJson() {
            try {
                return stub.getResult(String.class);
            } catch (io.temporal.client.WorkflowFailedException e) {
                if (!(e.getCause() instanceof io.temporal.failure.CanceledFailure)) throw e;
                String state = stub.query("DevoraState", String.class); // Temporal keeps no result of a cancelled run
                if (state == null) throw e;
                return state;
            }
        }

        /** {@return the run's status now: RUNNING, WAITING, PAUSED, or its final status once it has ended} */
        public RunStatus status() {
            return RunStatus.valueOf(stub.query("DevoraStatus", String.class));
        }

        /** {@return the run's progress now, 0 to 100} */
        public int progress() {
            return stub.query("DevoraProgress", Integer.class);
        }

        /**
         * The requests the run waits for now.
         *
         * @return a JSON array of {@code {request_id, kind, step, request, since}}; empty when it waits for nothing
         */
        public JsonNode pending() {
            try {
                return JSON.readTree(stub.query("DevoraPending", String.class));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the run answered its pending requests with something not JSON", e);
            }
        }

        /**
         * A person's decision on a pending approval; the run goes on with it.
         *
         * @param requestId the request, from {@link #pending()}
         * @param decision  the decision
         */
        public void decide(String requestId, Decision decision) {
            answer(requestId, decision.toJson());
        }

        /**
         * Answers a pending request (a remote agent's report, or any request a custom agent awaits).
         *
         * @param requestId the request, from {@link #pending()}
         * @param answer    the answer
         */
        public void answer(String requestId, JsonNode answer) {
            stub.signal("DevoraAnswer", Objects.requireNonNull(requestId, "requestId"), answer.toString());
        }

        /**
         * Pauses the run, as {@code WorkflowRun.pause()} does in one JVM: no step starts until {@link #resume()}
         * (each parallel branch stops before its next step; the activities under way finish and are kept), answers
         * are taken but not acted on, {@link #status()} says {@code PAUSED}. A request's timeout that falls while
         * the run is paused is applied when it resumes. Pausing an ended run does nothing.
         */
        public void pause() {
            stub.signal("DevoraPause");
        }

        /** Resumes a paused run where it stopped; resuming a run that is not paused does nothing. */
        public void resume() {
            stub.signal("DevoraResume");
        }

        /**
         * Cancels the run (Temporal cancels its workflow): it ends {@code CANCELLED}, running or waiting, with what
         * it finished before; {@link #stateJson()} then says so. Cancelling an ended run does nothing.
         */
        public void cancel() {
            stub.cancel();
        }

        /**
         * The run's journal so far, read from its workflow (running or ended): every step, call, decision and wait.
         *
         * @param afterSeq only the entries after this sequence number (0 for all): poll with the last one seen
         * @return the entries, in order
         */
        public List<JournalEntry> journal(long afterSeq) {
            List<JournalEntry> entries = new ArrayList<>();
            try {
                for (JsonNode n : JSON.readTree(stub.query("DevoraJournal", String.class, afterSeq))) {
                    entries.add(JournalJson.fromJson((com.fasterxml.jackson.databind.node.ObjectNode) n));
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the run answered its journal with something not JSON", e);
            }
            return entries;
        }

        /**
         * The run's events so far, as the engine's listeners get them in one JVM (read back from its journal, as
         * {@code WorkflowEngine.events} does).
         *
         * @return the events, in order
         */
        public List<WorkflowEvent> events() {
            return JournalEvents.of(id, journal(0));
        }

        @Override
        public String toString() {
            return "TemporalRuns.Run[" + id + "]";
        }
    }
}
