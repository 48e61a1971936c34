package dev.devora.orchestration.workflow;

import java.util.List;

/**
 * A node of a workflow: a sealed hierarchy of immutable records that one engine interprets. Build them with
 * {@link Steps}; every record has {@code with…}-style methods returning a modified copy.
 *
 * <p>Every step has an id, unique within its workflow, made of letters, digits, {@code -} and {@code _}. Its
 * <em>path</em> joins the ids of the composite steps around it ({@code review/critique/security}); paths name
 * steps in events, logs, metrics and errors, ids name them in {@code {{references}}}. A step's output is stored
 * under its id: an agent's text or JSON; a sequence's last child's; a parallel step's JSON object of its branches
 * in declaration order; a loop's last iteration's; a conditional's chosen branch's.
 *
 * <pre>{@code
 * Step review = Steps.sequence("review",
 *         Steps.agent("draft", architect).prompt("Design {{input.feature}}"),
 *         Steps.parallel("critique",
 *                 Steps.agent("security", securityReviewer).prompt("Review {{draft}}"),
 *                 Steps.agent("cost", finOps).prompt("Review {{draft}}")));
 * }</pre>
 */
public sealed interface Step
        permits AgentStep, SequenceStep, ParallelStep, ConditionalStep, RouteStep, LoopStep, GateStep, TaskStep,
        SubWorkflowStep {

    /**
     * The step's id, unique within the workflow.
     *
     * @return the id
     */
    String id();

    /**
     * Directly nested steps in declaration order (empty for leaves).
     *
     * @return the children; empty for leaves
     */
    List<Step> children();

    /**
     * A short lower-case name of the step type: {@code agent}, {@code parallel}, {@code loop}…
     *
     * @return the kind
     */
    String kind();

    /**
     * Calls the visitor's method for this step's kind ({@code visitAgent} for an {@link AgentStep}…): the
     * exhaustive dispatch over step kinds, checked by the compiler.
     *
     * @param visitor the operation to apply
     * @param <R>     what the visitor returns
     * @return what the visitor's method returned
     */
    <R> R accept(StepVisitor<R> visitor);
}
