package dev.devora.orchestration.workflow;

/**
 * The code of a {@link TaskStep}. Return a {@code String} (text output), a Jackson {@code JsonNode}, a
 * {@link StepOutput}, or any object Jackson can serialise (a record, a map…), which becomes JSON output. Throw an
 * {@link dev.devora.orchestration.OrchestrationException} marked retriable to have the step retried.
 *
 * <pre>{@code
 * Task countWords = ctx -> Map.of("words", ctx.text("draft").split("\\s+").length);
 * }</pre>
 */
@FunctionalInterface
public interface Task {
    /**
     * Runs the task.
     *
     * @param context the run state, the run id and the step path
     * @return the output: a {@code String}, a {@code JsonNode}, a {@link StepOutput} or an object Jackson can serialise
     * @throws Exception any failure; the step fails, and is retried only for a retriable {@code OrchestrationException}
     */
    Object run(TaskContext context) throws Exception;
}
