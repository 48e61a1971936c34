package dev.devora.orchestration.workflow;

import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.Squad;
import dev.devora.orchestration.gate.QualityGate;

import java.util.ArrayList;
import java.util.List;

/**
 * Entry point to build steps. Each method returns an immutable record; chain its methods to refine it.
 *
 * <table>
 *   <caption>Steps and their defaults</caption>
 *   <tr><th>method</th><th>defaults</th></tr>
 *   <tr><td>{@link #agent}</td><td>engine's retry policy; no timeout</td></tr>
 *   <tr><td>{@link #sequence}</td><td>output = last step's</td></tr>
 *   <tr><td>{@link #parallel}</td><td>fail fast; output = JSON object of branches in declaration order</td></tr>
 *   <tr><td>{@link #when}</td><td>skipped when no condition holds and no {@code otherwise}</td></tr>
 *   <tr><td>{@link #route}</td><td>fails when the router names no option and no default is set</td></tr>
 *   <tr><td>{@link #loop}</td><td>{@code maxIterations} required; on exhaustion: PARTIAL</td></tr>
 *   <tr><td>{@link #gate}</td><td>threshold 70; policy retry(1).thenPartial()</td></tr>
 *   <tr><td>{@link #task}</td><td>engine's retry policy; no timeout</td></tr>
 *   <tr><td>{@link #workflow}</td><td>output = nested deliverables</td></tr>
 *   <tr><td>{@link #squad}</td><td>members in parallel, then the lead integrates</td></tr>
 * </table>
 *
 * <pre>{@code
 * Step s = Steps.sequence("api",
 *         Steps.agent("requirements", analyst).prompt("List the requirements of {{input.description}}"),
 *         Steps.when("design", Condition.inputEquals("api_type", "REST"),
 *                         Steps.agent("openapi", architect).prompt("Write OpenAPI 3.1 for {{requirements}}"))
 *              .otherwise(Steps.agent("sdl", architect).prompt("Write a GraphQL SDL for {{requirements}}")),
 *         Steps.parallel("finish",
 *                 Steps.agent("docs", writer).prompt("Document {{design}}"),
 *                 Steps.agent("tests", tester).prompt("Write tests for {{design}}")));
 * }</pre>
 */
public final class Steps {
    private Steps() {
    }

    /**
     * A step that runs an agent; set its prompt with {@code prompt(...)}.
     *
     * @param id    the step id, unique within the workflow
     * @param agent the agent
     * @return the step
     */
    public static AgentStep agent(String id, Agent agent) {
        return new AgentStep(id, agent, null, null, 0, null);
    }

    /**
     * A decision by a person: the step shows {@code show} (a template over earlier outputs, rendered like a prompt)
     * to the approver, and the run waits, holding no thread, until {@code engine.decide(runId, requestId, decision)}
     * answers (in this process or another one on the same run store). Approved, the step's output is what was shown;
     * edited, the person's text; rejected, the step fails (not retried). Tried once.
     *
     * <pre>{@code
     * Steps.approval("sign-off", Approvals.person("tech-lead").timeout(WaitTimeout.escalate(Duration.ofHours(4))),
     *         "Ship this release?\n{{release-notes}}")
     * }</pre>
     *
     * @param id       the step id
     * @param approver who decides, what they may answer and the timeout policy
     * @param show     the template of what is shown
     * @return the step
     */
    public static AgentStep approval(String id, dev.devora.orchestration.approval.Approver approver, String show) {
        return agent(id, approver).prompt(show).maxAttempts(1);
    }

    /**
     * Steps run one after the other; each may read the outputs of those before it.
     *
     * @param id    the step id
     * @param steps the steps, at least one
     * @return the step
     */
    public static SequenceStep sequence(String id, Step... steps) {
        return new SequenceStep(id, List.of(steps));
    }

    /**
     * Steps run one after the other; each may read the outputs of those before it.
     *
     * @param id    the step id
     * @param steps the steps, at least one
     * @return the step
     */
    public static SequenceStep sequence(String id, List<? extends Step> steps) {
        return new SequenceStep(id, new ArrayList<>(steps));
    }

    /**
     * Branches run concurrently; their outputs merge in declaration order.
     *
     * @param id       the step id
     * @param branches the branches, at least one; siblings cannot read each other's output
     * @return the step; it fails fast unless {@code collectFailures()} is set
     */
    public static ParallelStep parallel(String id, Step... branches) {
        return new ParallelStep(id, List.of(branches), ParallelStep.FailureMode.FAIL_FAST, null);
    }

    /**
     * Branches run concurrently; their outputs merge in declaration order.
     *
     * @param id       the step id
     * @param branches the branches, at least one; siblings cannot read each other's output
     * @return the step; it fails fast unless {@code collectFailures()} is set
     */
    public static ParallelStep parallel(String id, List<? extends Step> branches) {
        return new ParallelStep(id, new ArrayList<>(branches), ParallelStep.FailureMode.FAIL_FAST, null);
    }

    /**
     * A conditional with one branch; add more with {@code orWhen} and a fallback with {@code otherwise}.
     *
     * @param id        the step id
     * @param condition the first branch's condition
     * @param step      the step run when it holds
     * @return the step
     */
    public static ConditionalStep when(String id, Condition condition, Step step) {
        return new ConditionalStep(id, List.of(new ConditionalStep.Branch(condition, step)), null);
    }

    /**
     * An LLM router; add options with {@code option(name, description, step)}. The options can read the router's
     * answer as {@code {{id}}}; after the step, {@code {{id}}} is the chosen option's output.
     *
     * @param id     the step id
     * @param router the agent that chooses an option
     * @return the step
     */
    public static RouteStep route(String id, Agent router) {
        return new RouteStep(id, router, null, List.of(), null);
    }

    /**
     * A loop; set its exit with {@code until(...)} and its bound with {@code maxIterations(n)} (required).
     *
     * @param id   the step id
     * @param body the step run on each iteration
     * @return the step
     */
    public static LoopStep loop(String id, Step body) {
        return new LoopStep(id, body, null, null, 0, 0, null);
    }

    /**
     * Runs {@code subject}, then scores its output with {@code gate}.
     *
     * @param id      the step id
     * @param subject the gated step
     * @param gate    the gate
     * @return the step, with threshold {@value GateStep#DEFAULT_THRESHOLD} and policy {@code retry(1).thenPartial()}
     */
    public static GateStep gate(String id, Step subject, QualityGate gate) {
        return new GateStep(id, subject, gate, GateStep.DEFAULT_THRESHOLD, null);
    }

    /**
     * A step that runs Java code.
     *
     * @param id          the step id
     * @param description what the task does, for plans and diagrams
     * @param task        the code
     * @return the step
     */
    public static TaskStep task(String id, String description, Task task) {
        return new TaskStep(id, description, task, null, 0);
    }

    /**
     * A step that runs another workflow; map its input fields with {@code input(field, template)}.
     *
     * @param id       the step id; the nested steps' paths are {@code id/child}
     * @param workflow the nested workflow
     * @return the step
     */
    public static SubWorkflowStep workflow(String id, Workflow workflow) {
        return new SubWorkflowStep(id, workflow, null);
    }

    /**
     * The squad's members work on the prompt in parallel, then the lead integrates their work (the step's output).
     * Member steps are {@code {id}-{member}}, the lead's {@code {id}-lead}. Without a lead the output is the
     * members' JSON object.
     *
     * @param id     the step id
     * @param squad  the squad
     * @param prompt the prompt template each member gets
     * @return the step
     */
    public static Step squad(String id, Squad squad, String prompt) {
        return squad.parallelStep(id, prompt);
    }

    /**
     * The squad's members work one after the other, each building on the previous one's output.
     *
     * @param id     the step id
     * @param squad  the squad
     * @param prompt the prompt template of the first member
     * @return the step
     */
    public static Step squadInSequence(String id, Squad squad, String prompt) {
        return squad.sequentialStep(id, prompt);
    }
}
