package dev.devora.orchestration.wait;

import dev.devora.orchestration.approval.Approvals;
import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.engine.ResumeOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once the result future of a pass that ended waiting has completed, the engine is done with that pass: whether the
 * run goes on at once (an answer came while the pass was live) was decided, and the next pass registered, before
 * the future completed. An answer recorded after that is the caller's to continue, as the runner's terminal loop
 * does (join, ask, {@code recordDecision}, {@code startResume}); the ended pass does not take it.
 */
class WaitingResultSettledTest {
    private static final Workflow APPROVE = Workflow.builder("settled")
            .step(Steps.task("plan", "plans", ctx -> "plan"))
            .step(Steps.approval("approve", Approvals.person("owner"), "Ship {{plan}}?"))
            .build();

    /**
     * A store whose reads, on the thread of the run's first pass once that pass's result has completed, wait until
     * the test lets them go on (or, if so made, until an answer is appended): the widest window a slow store (a
     * file) opens between a waiting result and the pass's last bookkeeping.
     */
    private static final class HeldAfterTheResult implements RunStore {
        final InMemoryRunStore delegate = new InMemoryRunStore();
        final CountDownLatch goOn = new CountDownLatch(1);
        final boolean untilAnAnswer;
        volatile WorkflowRun watched;
        volatile Thread pass;

        HeldAfterTheResult(boolean untilAnAnswer) {
            this.untilAnAnswer = untilAnAnswer;
        }

        @Override
        public List<JournalEntry> entries(String runId) {
            WorkflowRun w = watched;
            if (w != null && Thread.currentThread() == pass && w.result().isDone()) {
                try {
                    goOn.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return delegate.entries(runId);
        }

        @Override
        public void append(String runId, JournalEntry entry, RunSummary summary) {
            delegate.append(runId, entry, summary);
            if (untilAnAnswer && entry instanceof JournalEntry.WaitAnswered) goOn.countDown();
        }

        @Override
        public Optional<RunSummary> run(String runId) {
            return delegate.run(runId);
        }

        @Override
        public List<RunSummary> runs(RunQuery query) {
            return delegate.runs(query);
        }

        @Override
        public int purge(Instant endedBefore) {
            return delegate.purge(endedBefore);
        }

        /** Starts the run's first pass on a thread of its own, known to the store, once the handle is watched. */
        WorkflowRun startWatched(WorkflowEngine engine, CompletableFuture<Runnable> firstLaunch, Workflow wf,
                                 WorkflowListener listener) throws Exception {
            WorkflowRun run = engine.start(wf, Map.of(), listener);
            watched = run;
            pass = new Thread(firstLaunch.get(10, TimeUnit.SECONDS), "first-pass");
            pass.start();
            return run;
        }
    }

    /** The first command it is given is held for the test to run; the others run on threads of their own. */
    private static Executor holdingTheFirst(CompletableFuture<Runnable> first) {
        return command -> {
            if (!first.complete(command)) new Thread(command).start();
        };
    }

    @Test
    void aDecisionRecordedRightAfterAWaitingResult_isLeftToTheCaller_whoseResumeContinuesTheRun() throws Exception {
        HeldAfterTheResult store = new HeldAfterTheResult(true);
        CompletableFuture<Runnable> firstLaunch = new CompletableFuture<>();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).executor(holdingTheFirst(firstLaunch))
                .build()) {
            WorkflowRun run = store.startWatched(engine, firstLaunch, APPROVE, WorkflowListener.NONE);
            assertThat(run.result().get(10, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.WAITING);
            assertThat(engine.isRunning(run.id())).as("live after its result completed").isFalse();

            engine.recordDecision(run.id(), "approve/approval-1", Decision.approve());
            store.pass.join(10_000);
            assertThat(store.pass.isAlive()).isFalse();
            assertThat(engine.isRunning(run.id())).isFalse();
            assertThat(store.run(run.id()).orElseThrow().status())
                    .as("the ended pass took the caller's decision and continued the run: " + store.entries(run.id()))
                    .isEqualTo(RunStatus.WAITING);

            WorkflowRun resumed = engine.startResume(APPROVE, run.id(), ResumeOptions.DEFAULT, WorkflowListener.NONE);
            assertThat(resumed.result().get(10, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
        } finally {
            store.goOn.countDown();
        }
    }

    @Test
    void anAnswerGivenWhileThePassWasLive_isContinuedByANextPass_registeredBeforeTheWaitingResultCompletes()
            throws Exception {
        HeldAfterTheResult store = new HeldAfterTheResult(false); // the next pass stays live until let go on
        CompletableFuture<Runnable> firstLaunch = new CompletableFuture<>();
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch finishSlow = new CountDownLatch(1);
        CountDownLatch finishAfter = new CountDownLatch(1);
        Workflow wf = Workflow.builder("live-answer").step(Steps.parallel("both",
                        Steps.approval("a", Approvals.person("owner"), "A?"),
                        Steps.task("slow", "slow", ctx -> {
                            finishSlow.await(10, TimeUnit.SECONDS);
                            return "slow";
                        })))
                .step(Steps.task("after", "runs in the next pass", ctx -> {
                    finishAfter.await(10, TimeUnit.SECONDS);
                    return "after";
                }))
                .build();
        WorkflowListener onAsked = e -> {
            if (e instanceof WorkflowEvent.WaitStarted) asked.countDown();
        };
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).executor(holdingTheFirst(firstLaunch))
                .build()) {
            WorkflowRun run = store.startWatched(engine, firstLaunch, wf, onAsked);
            assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(engine.recordDecision(run.id(), "both/a/approval-1", Decision.approve())).isTrue(); // through the live pass
            finishSlow.countDown();

            assertThat(run.result().get(10, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.WAITING);
            assertThat(engine.isRunning(run.id())).as("the pass that goes on with the answer is registered already")
                    .isTrue();
            finishAfter.countDown();
            store.goOn.countDown();
            store.pass.join(10_000);
            assertThat(store.run(run.id()).orElseThrow().status()).as(store.entries(run.id()).toString())
                    .isEqualTo(RunStatus.SUCCEEDED);
            assertThat(engine.isRunning(run.id())).isFalse();
        } finally {
            store.goOn.countDown();
            finishSlow.countDown();
            finishAfter.countDown();
        }
    }
}
