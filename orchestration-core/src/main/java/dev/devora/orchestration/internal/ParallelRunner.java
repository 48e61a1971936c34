package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.workflow.ParallelStep;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.StepOutput;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a parallel step's branches concurrently. Branches 2..n are submitted to the executor; the calling thread
 * runs branch 1 and then any branch no pool thread has claimed yet (so a saturated or single-thread pool still
 * makes progress and nesting cannot deadlock). Each branch has its own scope: on the first failure in fail-fast
 * mode the siblings' scopes are cancelled, interrupting their threads and in-flight calls. The step returns only
 * when every branch has ended. Outputs merge in declaration order.
 */
final class ParallelRunner {
    private final RunExecution run;
    private final StepInterpreter interpreter;

    ParallelRunner(RunExecution run, StepInterpreter interpreter) {
        this.run = run;
        this.interpreter = interpreter;
    }

    private final class Branch implements Runnable {
        final WorkflowIndex.StepInfo info;
        final Step step;
        final Frame frame;
        final double share;
        final AtomicBoolean claimed = new AtomicBoolean();
        final CountDownLatch done;
        final Fanout fanout;
        StepOutput output;
        OrchestrationException failure;

        Branch(WorkflowIndex.StepInfo info, Frame frame, double share, CountDownLatch done, Fanout fanout) {
            this.info = info;
            this.step = info.step();
            this.frame = frame;
            this.share = share;
            this.done = done;
            this.fanout = fanout;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) return;
            LogContext.Restore mdc = LogContext.run(run.id);
            frame.scope.enter();
            try {
                output = interpreter.execute(info, frame, share);
            } catch (OrchestrationException e) {
                failure = e;
                fanout.failed(this, e);
            } catch (Throwable e) { // an undeclared checked exception included
                run.effects.rethrowIfFatal(e);
                failure = new OrchestrationException("branch '" + step.id() + "' crashed: " + e, e, false);
                fanout.failed(this, failure);
            } finally {
                frame.scope.exit();
                frame.scope.close();
                mdc.restore();
                done.countDown();
            }
        }
    }

    /** Shared fail-fast state of one parallel execution. */
    private static final class Fanout {
        final boolean failFast;
        final String path;
        Branch[] branches;
        volatile OrchestrationException first;

        Fanout(boolean failFast, String path) {
            this.failFast = failFast;
            this.path = path;
        }

        void failed(Branch who, OrchestrationException e) {
            if (e instanceof SiblingFailedException) return;
            if (e instanceof dev.devora.orchestration.RunWaitingException) return; // the others go on: not a failure
            synchronized (this) {
                if (first != null) return;
                first = e;
            }
            if (failFast) {
                SiblingFailedException why = new SiblingFailedException(path);
                for (Branch b : branches) if (b != who) b.frame.scope.cancel(why);
            }
        }
    }

    StepOutput run(ParallelStep step, String path, Frame frame, double share) {
        List<Step> steps = step.branches();
        int n = steps.size();
        CountDownLatch done = new CountDownLatch(n);
        Fanout fanout = new Fanout(step.failureMode() == ParallelStep.FailureMode.FAIL_FAST, path);
        Branch[] branches = new Branch[n];
        WorkflowIndex.Children children = frame.index.children(step.id(), steps);
        int totalWeight = Math.max(1, children.totalWeight());
        for (int i = 0; i < n; i++) {
            WorkflowIndex.StepInfo info = children.infos()[i];
            branches[i] = new Branch(info, frame.withScope(frame.scope.child()), share * info.weight() / totalWeight,
                    done, fanout);
        }
        fanout.branches = branches;
        for (int i = 1; i < n; i++) {
            try {
                run.effects.fork(branches[i]);
            } catch (RejectedExecutionException rejected) {
                // run it on this thread below
            }
        }
        for (Branch b : branches) b.run(); // runs only the branches nobody has claimed
        awaitAll(done);
        if (frame.scope.isCancelled()) throw frame.scope.reason();
        if (fanout.first != null) {
            for (Branch b : branches) {
                if (b.failure != null && b.failure != fanout.first && !(b.failure instanceof SiblingFailedException)) {
                    fanout.first.addSuppressed(b.failure);
                }
            }
            throw fanout.first;
        }
        List<String> pending = null; // empty when every waiting branch stopped before a step (RunEffects.stopBeforeStep)
        for (Branch b : branches) {
            if (b.failure instanceof dev.devora.orchestration.RunWaitingException w) {
                if (pending == null) pending = new java.util.ArrayList<>();
                pending.addAll(w.requestIds());
            }
        }
        if (pending != null) throw new dev.devora.orchestration.RunWaitingException(pending); // every branch settled
        ObjectNode merged = Json.NODES.objectNode();
        for (Branch b : branches) {
            if (b.output != null && b.output != StepInterpreter.SKIPPED) merged.set(b.step.id(), b.output.toJson());
        }
        return StepOutput.json(merged);
    }

    /** Waits for every branch; if this thread is interrupted (its scope cancelled) the branches are cancelled too. */
    private void awaitAll(CountDownLatch done) {
        boolean interrupted = false;
        while (true) {
            try {
                run.effects.awaitAll(done);
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the scope cancellation cascades to the branch scopes; keep waiting for them
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
