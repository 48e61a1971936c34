package dev.devora.orchestration.event;

import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.llm.Usage;

import java.time.Duration;
import java.time.Instant;

/**
 * Everything a run reports, as sealed records. Every step start is matched by exactly one completion, failure or
 * skip; the run's events are framed by {@link RunStarted} and {@link RunCompleted}:
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

    /** Id of the run that emitted the event. */
    String runId();

    /** The run began. */
    record RunStarted(String runId, String workflowId, Instant at) implements WorkflowEvent { }

    /** The run ended; always the last event. */
    record RunCompleted(String runId, String workflowId, RunStatus status, Usage usage, Duration wallTime,
                        Instant at) implements WorkflowEvent { }

    /** A step began. {@code kind} is the step type ({@code agent}, {@code parallel}…). */
    record StepStarted(String runId, String path, String kind, Instant at) implements WorkflowEvent { }

    /** A step finished with an output. */
    record StepCompleted(String runId, String path, String kind, Duration duration, Instant at)
            implements WorkflowEvent { }

    /** A step failed for good. */
    record StepFailed(String runId, String path, String kind, OrchestrationException error, Instant at)
            implements WorkflowEvent { }

    /** A step failed with a retriable error and will be tried again after {@code delay}. */
    record StepRetried(String runId, String path, int nextAttempt, Duration delay, Throwable cause, Instant at)
            implements WorkflowEvent { }

    /** A step did not run (a conditional with no matching branch). */
    record StepSkipped(String runId, String path, String reason, Instant at) implements WorkflowEvent { }

    /** A conditional or router chose a branch; {@code reason} is the condition's description or the router's answer. */
    record BranchChosen(String runId, String path, String branch, String reason, Instant at)
            implements WorkflowEvent { }

    /** A loop began an iteration (1-based). */
    record LoopIteration(String runId, String path, int iteration, Instant at) implements WorkflowEvent { }

    /** A gate scored an attempt. */
    record GateEvaluated(String runId, String path, int attempt, GateVerdict verdict, Instant at)
            implements WorkflowEvent { }

    /** A model call finished; {@code model} is the model that actually answered. */
    record LlmCallCompleted(String runId, String path, String agent, String model, Usage usage, Duration latency,
                            String requestId, Instant at) implements WorkflowEvent { }

    /** A streamed piece of text. */
    record TokenStreamed(String runId, String path, String token) implements WorkflowEvent { }

    /** Overall progress, 0..100, never decreasing. */
    record Progress(String runId, int percent, Instant at) implements WorkflowEvent { }
}
