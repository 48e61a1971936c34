package dev.devora.orchestration.testing;

import dev.devora.orchestration.workflow.AgentStep;
import dev.devora.orchestration.workflow.ConditionalStep;
import dev.devora.orchestration.workflow.GateStep;
import dev.devora.orchestration.workflow.LoopStep;
import dev.devora.orchestration.workflow.ParallelStep;
import dev.devora.orchestration.workflow.RouteStep;
import dev.devora.orchestration.workflow.SequenceStep;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.StepVisitor;
import dev.devora.orchestration.workflow.SubWorkflowStep;
import dev.devora.orchestration.workflow.TaskStep;
import dev.devora.orchestration.workflow.Workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where a workflow can revise work after a failed review: inside a loop of two or more iterations, or inside a
 * gate step that retries. The {@link SimulatedProvider} fails reviews once there, and only there, so that every
 * loop shows one revision and a review that cannot be revised does not end the run {@code PARTIAL}.
 *
 * <pre>{@code
 * SimulatedProvider.builder().revisable(RevisablePaths.of(workflow)).build();
 * }</pre>
 */
public final class RevisablePaths implements Predicate<String> {
    private final List<String> prefixes;

    private RevisablePaths(List<String> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    /**
     * The revisable paths of one workflow (sub-workflows included).
     *
     * @param workflow a built workflow
     * @return its loops of two or more iterations and its gates that retry
     */
    public static RevisablePaths of(Workflow workflow) {
        List<String> found = new ArrayList<>();
        collect(workflow.steps(), "", found);
        return new RevisablePaths(found);
    }

    /** {@return the paths of the loops and retrying gates, outermost first} */
    public List<String> prefixes() {
        return prefixes;
    }

    @Override
    public boolean test(String stepPath) {
        for (String p : prefixes) {
            if (stepPath.equals(p) || stepPath.startsWith(p + "/")) return true;
        }
        return false;
    }

    private static void collect(List<Step> steps, String parent, List<String> found) {
        for (Step s : steps) {
            String path = parent.isEmpty() ? s.id() : parent + "/" + s.id();
            s.accept(new OwnRevisions(path, found));
            collect(s.children(), path, found);
        }
    }

    /**
     * Adds a step's own path when the step itself can revise (a loop of two or more iterations, a gate that
     * retries) and collects a sub-workflow's steps, whose tree is not among the step's children.
     */
    private static final class OwnRevisions implements StepVisitor<Void> {
        private final String path;
        private final List<String> found;

        OwnRevisions(String path, List<String> found) {
            this.path = path;
            this.found = found;
        }

        @Override
        public Void visitLoop(LoopStep loop) {
            if (loop.maxIterations() >= 2) found.add(path);
            return null;
        }

        @Override
        public Void visitGate(GateStep gate) {
            if (gate.policy().maxRetries() >= 1) found.add(path);
            return null;
        }

        @Override
        public Void visitSubWorkflow(SubWorkflowStep sub) {
            collect(sub.workflow().steps(), path, found);
            return null;
        }

        @Override
        public Void visitAgent(AgentStep step) {
            return null;
        }

        @Override
        public Void visitTask(TaskStep step) {
            return null;
        }

        @Override
        public Void visitSequence(SequenceStep step) {
            return null;
        }

        @Override
        public Void visitParallel(ParallelStep step) {
            return null;
        }

        @Override
        public Void visitConditional(ConditionalStep step) {
            return null;
        }

        @Override
        public Void visitRoute(RouteStep step) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "RevisablePaths" + prefixes;
    }
}
