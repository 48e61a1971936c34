package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.workflow.StepOutput;
import dev.devora.orchestration.workflow.Task;
import dev.devora.orchestration.workflow.TaskContext;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a task step sees of its run, detached from the run: the input, the outputs so far, the loop iteration and
 * the gate's last verdict. An adapter that runs tasks outside the interpreter (a Temporal activity on any worker)
 * sends this and runs the task on it; {@link #run} and {@link #output} do what the engine does around a task, so
 * the step's output is the same wherever it ran.
 *
 * <pre>{@code
 * TaskState state = new TaskState(runId, "report", input, Map.of("draft", StepOutput.text("…")), 0, null);
 * StepOutput out = TaskState.output(TaskState.run("report", step.task(), state));
 * }</pre>
 *
 * @param runId         the run
 * @param stepPath      the task step's path
 * @param input         the run's (or sub-workflow's) input
 * @param outputs       step id (or nested key) → output, in declaration order
 * @param loopIteration the enclosing loop's iteration, 0 outside loops
 * @param verdict       the enclosing gate's last verdict; null when there is none
 */
public record TaskState(String runId, String stepPath, JsonNode input, Map<String, StepOutput> outputs,
                        int loopIteration, GateVerdict verdict) implements TaskContext {
    /** Copies the outputs, keeping their order. */
    public TaskState {
        Objects.requireNonNull(input, "input");
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    }

    @Override
    public String inputText(String field) {
        return FrameState.inputText(input, field);
    }

    @Override
    public boolean inputPresent(String field) {
        return FrameState.inputPresent(input, field);
    }

    @Override
    public Optional<StepOutput> output(String stepId) {
        return Optional.ofNullable(outputs.get(stepId));
    }

    @Override
    public JsonNode json(String reference) {
        String[] parts = reference.split("\\.");
        return FrameState.resolve(input, verdict, loopIteration, outputs::get, parts[0],
                List.of(parts).subList(1, parts.length));
    }

    @Override
    public Optional<GateVerdict> lastVerdict() {
        return Optional.ofNullable(verdict);
    }

    /**
     * Runs a task as the engine does: what it throws unchecked goes through; an interruption becomes an
     * {@code InterruptedCallException}; any other checked exception a non-retriable {@link OrchestrationException}.
     *
     * @param stepId  the step's id, for the message
     * @param task    the task
     * @param context what it sees
     * @return its value
     */
    public static Object run(String stepId, Task task, TaskContext context) {
        try {
            return task.run(context);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.devora.orchestration.InterruptedCallException("task interrupted", e);
        } catch (Exception e) {
            throw new OrchestrationException("task '" + stepId + "' threw " + e, e, false);
        }
    }

    /**
     * A task's value as the step's output: a {@code String} as text, a {@code JsonNode}, a {@link StepOutput} as
     * is, anything else as Jackson writes it; null as empty text.
     *
     * @param value what the task returned
     * @return the output
     */
    public static StepOutput output(Object value) {
        return LeafExecutor.toOutput(value);
    }
}
