package dev.devora.orchestration.event;

import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.llm.Usage;

import java.time.Duration;
import java.time.Instant;

/**
 * Everything a run reports, as sealed records. Every step start is matched by exactly one completion, failure or
 * skip; the run's events are framed by {@link RunStarted} (or, for a run resumed from its journal,
 * {@link RunResumed}) and {@link RunCompleted}:
 *
 * <pre>
 * RunStarted
 * ├── StepStarted(draft)
 * │   ├── LlmCallCompleted(draft)       (TokenStreamed… before it when the agent streams)
 * │   └── StepCompleted(draft)          (or StepRetried… then StepCompleted/StepFailed)
 * ├── Progress(12)
 * ├── StepStarted(revise)
 * │   ├── LoopIteration(revise, 1) … GateEvaluated(revise, 1)
 * │   └── StepCompleted(revise)
 * └── RunCompleted(SUCCEEDED | PARTIAL | FAILED | CANCELLED)
 * </pre>
 *
 * <p>Events of parallel branches interleave. Paths are step paths ({@code review/critique/security}).
 *
 * <pre>{@code
 * WorkflowListener listener = event -> {
 *     if (event instanceof WorkflowEvent.Progress p) System.out.printf("%d%%%n", p.percent());
 *     if (event instanceof WorkflowEvent.LlmCallCompleted c) System.out.println(c.model() + " " + c.usage());
 * };
 * }</pre>
 */
public sealed interface WorkflowEvent {

    /**
     * Id of the run that emitted the event.
     *
     * @return the run id, as in {@code WorkflowRun.runId()}
     */
    String runId();

    /**
     * The run began.
     *
     * @param runId the id of the run
     * @param workflowId the id of the workflow being run
     * @param at when the event happened
     */
    record RunStarted(String runId, String workflowId, Instant at) implements WorkflowEvent { }

    /**
     * A stored run goes on from its journal ({@code WorkflowEngine.resume}): the first event a resumed run's listener
     * gets. Steps the journal holds are replayed silently (no start or completion events for them); the events after
     * this one are those of the work still to do.
     *
     * @param runId           the id of the run
     * @param workflowId      the id of the workflow being run
     * @param journaledEntries how many entries the journal held when the run was resumed
     * @param at              when the event happened
     */
    record RunResumed(String runId, String workflowId, int journaledEntries, Instant at) implements WorkflowEvent { }

    /**
     * An agent's model asked for a tool and the agent started running it.
     *
     * @param runId           the id of the run
     * @param path            the step path of the agent
     * @param tool            the tool's name
     * @param callId          the model's id for the call
     * @param argumentsDigest a short digest of the arguments (SHA-256, 12 hex digits), not the arguments themselves
     * @param at              when the event happened
     */
    record ToolCallStarted(String runId, String path, String tool, String callId, String argumentsDigest, Instant at)
            implements WorkflowEvent { }

    /**
     * A tool call ended; its result went back to the model.
     *
     * @param runId           the id of the run
     * @param path            the step path of the agent
     * @param tool            the tool's name
     * @param callId          the model's id for the call
     * @param argumentsDigest a short digest of the arguments
     * @param duration        how long the tool ran
     * @param error           the error the model was told (the tool threw, the name or arguments were wrong); or null
     * @param at              when the event happened
     */
    record ToolCallCompleted(String runId, String path, String tool, String callId, String argumentsDigest,
                             Duration duration, String error, Instant at) implements WorkflowEvent { }

    /**
     * A tool call created or changed a file (e.g. a {@code write_file} or {@code apply_patch} of a writable
     * workspace); emitted before that call's {@link ToolCallCompleted}, one event per file.
     *
     * @param runId  the id of the run
     * @param path   the step path of the agent
     * @param tool   the tool's name
     * @param callId the model's id for the call
     * @param file   the file, as the tool named it (a workspace's tools: relative to its root)
     * @param at     when the event happened
     */
    record FileChanged(String runId, String path, String tool, String callId, String file, Instant at)
            implements WorkflowEvent { }

    /**
     * A step asked for an answer from outside and the run waits for it ({@code RunStatus.WAITING} once nothing else
     * runs); answering the request continues the run.
     *
     * @param runId     the id of the run
     * @param path      the asking step
     * @param requestId the request's id, which the answer names
     * @param kind      what is asked, e.g. {@code approval}
     * @param at        when the event happened
     */
    record WaitStarted(String runId, String path, String requestId, String kind, Instant at) implements WorkflowEvent { }

    /**
     * A pending request's timeout applied ({@code WaitTimeout}): with {@code FAIL} the asking step fails when the run
     * continues, with {@code ANSWER} it goes on with the default answer, with {@code ESCALATE} the run keeps waiting
     * and this event is the escalation (tell someone). Emitted to the engine's listeners (the run may be in no
     * thread when it happens) and in {@code engine.events(runId)}.
     *
     * @param runId     the id of the run
     * @param path      the asking step
     * @param requestId the request's id
     * @param action    what the timeout did
     * @param at        when the event happened
     */
    record WaitTimedOut(String runId, String path, String requestId,
                        dev.devora.orchestration.agent.WaitTimeout.Action action, Instant at) implements WorkflowEvent { }

    /**
     * A remote agent ({@code remote.RemoteAgent}) decided something about its task: {@code dispatched} (the remote
     * accepted it), {@code retried} (a dispatch attempt, or a new task after a {@code task_failed}), {@code completed},
     * {@code failed} (a task or its dispatch), {@code breaker-open} (the agent's circuit breaker refused the call) or
     * {@code fallback} (the fallback agent takes the task). Never holds the inter-agent token.
     *
     * @param runId    the id of the run
     * @param path     the step path of the agent
     * @param agentId  the remote agent's id
     * @param decision one of {@code dispatched}, {@code retried}, {@code completed}, {@code failed},
     *                 {@code breaker-open}, {@code fallback}
     * @param detail   a short explanation (the task id, an HTTP status, the remote's error)
     * @param at       when the event happened
     */
    record RemoteAgentDecision(String runId, String path, String agentId, String decision, String detail, Instant at)
            implements WorkflowEvent { }

    /**
     * The run ended; always the last event.
     *
     * @param runId the id of the run
     * @param workflowId the id of the workflow that ran
     * @param status the run's final status
     * @param usage the tokens (by kind) and cost of every model call of the run
     * @param wallTime how long the run took, from start to end
     * @param at when the event happened
     */
    record RunCompleted(String runId, String workflowId, RunStatus status, Usage usage, Duration wallTime,
                        Instant at) implements WorkflowEvent { }

    /**
     * A step began. {@code kind} is the step type ({@code agent}, {@code parallel}…); an agent step names its agent
     * and, when it has one, its squad.
     *
     * @param runId the id of the run
     * @param path the step path, e.g. {@code review/critique/security}
     * @param kind the step type ({@code agent}, {@code parallel}, {@code loop}…)
     * @param agent the agent of an agent step; or null
     * @param squad the squad of an agent step's agent; or null
     * @param at when the event happened
     */
    record StepStarted(String runId, String path, String kind, String agent, String squad, Instant at)
            implements WorkflowEvent {
        /**
         * A step began, without an agent or squad to name.
         *
         * @param runId the id of the run
         * @param path the step path
         * @param kind the step type
         * @param at when the event happened
         */
        public StepStarted(String runId, String path, String kind, Instant at) {
            this(runId, path, kind, null, null, at);
        }
    }

    /**
     * A step finished with an output.
     *
     * @param runId the id of the run
     * @param path the step path, e.g. {@code review/critique/security}
     * @param kind the step type ({@code agent}, {@code parallel}, {@code loop}…)
     * @param duration how long the step took, retries included
     * @param at when the event happened
     */
    record StepCompleted(String runId, String path, String kind, Duration duration, Instant at)
            implements WorkflowEvent { }

    /**
     * A step failed for good.
     *
     * @param runId the id of the run
     * @param path the step path, e.g. {@code review/critique/security}
     * @param kind the step type ({@code agent}, {@code parallel}, {@code loop}…)
     * @param error why it failed (for a leaf usually a {@code StepFailedException} naming the attempts)
     * @param at when the event happened
     */
    record StepFailed(String runId, String path, String kind, OrchestrationException error, Instant at)
            implements WorkflowEvent { }

    /**
     * A step failed with a retriable error and will be tried again after {@code delay}.
     *
     * @param runId the id of the run
     * @param path the step path, e.g. {@code review/critique/security}
     * @param nextAttempt the number of the attempt about to run (2 for the first retry)
     * @param delay how long the engine waits before that attempt
     * @param cause the retriable failure of the previous attempt
     * @param at when the event happened
     */
    record StepRetried(String runId, String path, int nextAttempt, Duration delay, Throwable cause, Instant at)
            implements WorkflowEvent { }

    /**
     * A step did not run (a conditional with no matching branch).
     *
     * @param runId the id of the run
     * @param path the step path, e.g. {@code review/critique/security}
     * @param reason why it was skipped
     * @param at when the event happened
     */
    record StepSkipped(String runId, String path, String reason, Instant at) implements WorkflowEvent { }

    /**
     * A conditional or router chose a branch; {@code reason} is the condition's description or the router's answer.
     *
     * @param runId the id of the run
     * @param path the step path, e.g. {@code review/critique/security}
     * @param branch the id of the chosen branch or option
     * @param reason the condition's description or the router's answer
     * @param at when the event happened
     */
    record BranchChosen(String runId, String path, String branch, String reason, Instant at)
            implements WorkflowEvent { }

    /**
     * A loop began an iteration (1-based).
     *
     * @param runId the id of the run
     * @param path the loop step's path
     * @param iteration the iteration that began, from 1
     * @param at when the event happened
     */
    record LoopIteration(String runId, String path, int iteration, Instant at) implements WorkflowEvent { }

    /**
     * A gate scored an attempt.
     *
     * @param runId the id of the run
     * @param path the gate step's path
     * @param attempt the attempt scored, from 1
     * @param verdict the gate's score, pass/fail and feedback
     * @param at when the event happened
     */
    record GateEvaluated(String runId, String path, int attempt, GateVerdict verdict, Instant at)
            implements WorkflowEvent { }

    /**
     * A model call finished; {@code model} is the model that actually answered.
     *
     * @param runId the id of the run
     * @param path the path of the step that made the call
     * @param agent the name of the agent (or gate) that made the call
     * @param model the model that answered (may be a fallback of the one requested)
     * @param usage the call's tokens by kind and cost
     * @param latency how long the call took
     * @param requestId the provider's id of the request; may be null
     * @param at when the event happened
     */
    record LlmCallCompleted(String runId, String path, String agent, String model, Usage usage, Duration latency,
                            String requestId, Instant at) implements WorkflowEvent { }

    /**
     * A streamed piece of text.
     *
     * @param runId the id of the run
     * @param path the path of the streaming step
     * @param token the next piece of text, as the provider sent it
     */
    record TokenStreamed(String runId, String path, String token) implements WorkflowEvent { }

    /**
     * Overall progress, 0..100, never decreasing.
     *
     * @param runId the id of the run
     * @param percent the progress, 0 to 100
     * @param at when the event happened
     */
    record Progress(String runId, int percent, Instant at) implements WorkflowEvent { }

    /**
     * A step execution has run longer than its SLA ({@code Workflow.Builder.sla}); emitted once per execution, while
     * the step still runs (or, for a step that waited across a resume, when it ends). The step and the run go on.
     *
     * @param runId   the id of the run
     * @param path    the step path, e.g. {@code delivery/design}
     * @param sla     the step's SLA
     * @param elapsed how long the execution had taken (from its first start) when the breach was noticed
     * @param at      when the event happened
     */
    record SlaBreached(String runId, String path, Duration sla, Duration elapsed, Instant at)
            implements WorkflowEvent { }
}
