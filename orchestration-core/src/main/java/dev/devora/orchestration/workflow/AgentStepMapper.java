package dev.devora.orchestration.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Rebuilds a step tree with each agent step replaced by what a function makes of it (for {@link Workflow#withAgentSteps}). */
final class AgentStepMapper implements StepVisitor<Step> {
    private final UnaryOperator<AgentStep> map;

    AgentStepMapper(UnaryOperator<AgentStep> map) {
        this.map = map;
    }

    List<Step> all(List<Step> steps) {
        List<Step> mapped = new ArrayList<>(steps.size());
        for (Step s : steps) mapped.add(s.accept(this));
        return mapped;
    }

    @Override
    public Step visitAgent(AgentStep step) {
        AgentStep mapped = map.apply(step);
        if (mapped == null || !mapped.id().equals(step.id())) {
            throw new IllegalArgumentException("withAgentSteps: the function must return an agent step with the same "
                    + "id, was " + mapped + " for '" + step.id() + "'");
        }
        return mapped;
    }

    @Override
    public Step visitSequence(SequenceStep step) {
        return new SequenceStep(step.id(), all(step.steps()));
    }

    @Override
    public Step visitParallel(ParallelStep step) {
        return new ParallelStep(step.id(), all(step.branches()), step.failureMode(), step.timeout());
    }

    @Override
    public Step visitConditional(ConditionalStep step) {
        List<ConditionalStep.Branch> branches = new ArrayList<>();
        for (ConditionalStep.Branch b : step.branches()) branches.add(new ConditionalStep.Branch(b.when(), b.step().accept(this)));
        return new ConditionalStep(step.id(), branches, step.otherwise() == null ? null : step.otherwise().accept(this));
    }

    @Override
    public Step visitRoute(RouteStep step) {
        List<RouteStep.Route> routes = new ArrayList<>();
        for (RouteStep.Route r : step.routes()) routes.add(new RouteStep.Route(r.name(), r.description(), r.step().accept(this)));
        return new RouteStep(step.id(), step.router(), step.prompt(), routes, step.defaultRoute());
    }

    @Override
    public Step visitLoop(LoopStep step) {
        return new LoopStep(step.id(), step.body().accept(this), step.until(), step.gate(), step.threshold(),
                step.maxIterations(), step.onExhausted());
    }

    @Override
    public Step visitGate(GateStep step) {
        return new GateStep(step.id(), step.subject().accept(this), step.gate(), step.threshold(), step.policy());
    }

    @Override
    public Step visitTask(TaskStep step) {
        return step;
    }

    @Override
    public Step visitSubWorkflow(SubWorkflowStep step) {
        return new SubWorkflowStep(step.id(), step.workflow().withAgentSteps(map), step.input());
    }
}
