package dev.devora.orchestration.workflow;

import java.time.Duration;
import java.util.List;

/**
 * Runs plain Java: read files, call an API, compute a metric. The task sees the run state and returns the
 * step's output.
 *
 * <pre>{@code
 * Steps.task("tree", "summarise the source directory", ctx -> summarise(Path.of(ctx.inputText("source_code_path"))))
 *      .timeout(Duration.ofSeconds(10));
 * }</pre>
 *
 * @param id          step id
 * @param description what the task does, for plans and diagrams
 * @param task        the code
 * @param timeout     limit for the step; or null
 * @param maxAttempts attempts on retriable failures; 0 means the engine's default
 */
public record TaskStep(String id, String description, Task task, Duration timeout, int maxAttempts) implements Step {

    /**
     * This step with a time limit covering all its attempts.
     *
     * @param limit a positive duration, or null for none
     * @return a new step
     */
    public TaskStep timeout(Duration limit) {
        return new TaskStep(id, description, task, limit, maxAttempts);
    }

    /**
     * This step with its own number of attempts on retriable failures.
     *
     * @param attempts attempts in all, the first included; 0 for the engine's retry policy
     * @return a new step
     */
    public TaskStep maxAttempts(int attempts) {
        return new TaskStep(id, description, task, timeout, attempts);
    }

    @Override
    public List<Step> children() {
        return List.of();
    }

    @Override
    public String kind() {
        return "task";
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.visitTask(this);
    }
}
