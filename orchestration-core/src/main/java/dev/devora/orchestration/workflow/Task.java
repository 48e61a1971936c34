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
    Object run(TaskContext context) throws Exception;
}
