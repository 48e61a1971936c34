package dev.devora.orchestration.workflow;

/**
 * One operation over the step kinds, with one method per kind: {@link Step#accept} calls the method for the
 * step's own kind. It exists so that adding a step kind is a compile error in every visitor until it handles the
 * kind (Java 17 has no exhaustive pattern-matching switch), instead of an {@code instanceof} chain that falls
 * through at run time. There are no default methods, on purpose.
 *
 * <pre>{@code
 * // counts the agent steps of a tree
 * final class AgentCounter implements StepVisitor<Integer> {
 *     public Integer visitAgent(AgentStep step) { return 1; }
 *     public Integer visitTask(TaskStep step) { return 0; }
 *     public Integer visitSubWorkflow(SubWorkflowStep step) { return 0; }
 *     public Integer visitSequence(SequenceStep step) { return children(step); }
 *     public Integer visitParallel(ParallelStep step) { return children(step); }
 *     public Integer visitConditional(ConditionalStep step) { return children(step); }
 *     public Integer visitRoute(RouteStep step) { return children(step); }
 *     public Integer visitLoop(LoopStep step) { return children(step); }
 *     public Integer visitGate(GateStep step) { return children(step); }
 *
 *     private int children(Step step) {
 *         return step.children().stream().mapToInt(c -> c.accept(this)).sum();
 *     }
 * }
 * int agents = workflowStep.accept(new AgentCounter());
 * }</pre>
 *
 * @param <R> what each visit returns ({@link Void} and {@code null} for none)
 */
public interface StepVisitor<R> {

    /**
     * Visits an agent step.
     *
     * @param step the step
     * @return the visitor's result
     */
    R visitAgent(AgentStep step);

    /**
     * Visits a sequence.
     *
     * @param step the step
     * @return the visitor's result
     */
    R visitSequence(SequenceStep step);

    /**
     * Visits a parallel step.
     *
     * @param step the step
     * @return the visitor's result
     */
    R visitParallel(ParallelStep step);

    /**
     * Visits a conditional step (described predicates).
     *
     * @param step the step
     * @return the visitor's result
     */
    R visitConditional(ConditionalStep step);

    /**
     * Visits a route step (an agent chooses the option).
     *
     * @param step the step
     * @return the visitor's result
     */
    R visitRoute(RouteStep step);

    /**
     * Visits a loop.
     *
     * @param step the step
     * @return the visitor's result
     */
    R visitLoop(LoopStep step);

    /**
     * Visits a gate step.
     *
     * @param step the step
     * @return the visitor's result
     */
    R visitGate(GateStep step);

    /**
     * Visits a task step (plain Java code).
     *
     * @param step the step
     * @return the visitor's result
     */
    R visitTask(TaskStep step);

    /**
     * Visits a sub-workflow step.
     *
     * @param step the step
     * @return the visitor's result
     */
    R visitSubWorkflow(SubWorkflowStep step);
}
