package dev.devora.orchestration.temporal.internal;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The one Temporal workflow type: it runs any registered {@code Workflow} definition with the core's interpreter,
 * waits (holding no worker thread) while the run waits for an answer, and is queryable while it runs.
 *
 * <pre>{@code
 * InterpreterWorkflow stub = client.newWorkflowStub(InterpreterWorkflow.class, options);
 * String stateJson = stub.run(new RunRequest("review", "{}", DefinitionFingerprint.of(review)));
 * }</pre>
 */
@WorkflowInterface
public interface InterpreterWorkflow {
    /**
     * Runs the definition to its end, through every wait.
     *
     * @param request the definition's id and the input
     * @return the run's {@code WorkflowResult.stateJson()}
     */
    @WorkflowMethod(name = "DevoraWorkflow")
    String run(RunRequest request);

    /**
     * Answers a request the run waits for: a person's decision ({@code Decision.toJson()}) or a remote agent's
     * report. An answer to no pending request is ignored (logged).
     *
     * @param requestId  the request
     * @param answerJson the answer, JSON text
     */
    @SignalMethod(name = "DevoraAnswer")
    void answer(String requestId, String answerJson);

    /**
     * Pauses the run: no step starts until {@link #resume()} (the activities under way finish, their results kept),
     * answers are taken but not acted on; the status is {@code PAUSED}. Pausing an ended run does nothing.
     */
    @SignalMethod(name = "DevoraPause")
    void pause();

    /** Resumes a paused run where it stopped; resuming a run that is not paused does nothing. */
    @SignalMethod(name = "DevoraResume")
    void resume();

    /**
     * A sub-workflow step's child workflow, cancelled (a failing sibling, the run's cancellation), sends what it did
     * before it ends: Temporal keeps no result of a cancelled workflow, and the run accounts an aborted call as in
     * one JVM.
     *
     * @param childId     the child workflow's id
     * @param outcomeJson what it returns when not cancelled
     */
    @SignalMethod(name = "DevoraChildEnded")
    void childEnded(String childId, String outcomeJson);

    /** {@return the run's status: RUNNING, WAITING, PAUSED or, once ended, its final status} */
    @QueryMethod(name = "DevoraStatus")
    String status();

    /** {@return the run's progress, 0 to 100} */
    @QueryMethod(name = "DevoraProgress")
    int progress();

    /** {@return the requests the run waits for, as a JSON array of {request_id, kind, step, request, since}} */
    @QueryMethod(name = "DevoraPending")
    String pending();

    /**
     * The run's {@code WorkflowResult.stateJson()} once it has ended; what a cancelled run's client reads, since
     * Temporal reports a cancelled workflow without its result.
     *
     * @return the state, or null while the run has not ended
     */
    @QueryMethod(name = "DevoraState")
    String state();

    /**
     * The run's journal so far, from which its events and accounting are read ({@code JournalEvents}).
     *
     * @param afterSeq only the entries after this sequence number (0 for all)
     * @return a JSON array of entries as {@code JournalJson.toJson} writes them
     */
    @QueryMethod(name = "DevoraJournal")
    String journal(long afterSeq);
}
