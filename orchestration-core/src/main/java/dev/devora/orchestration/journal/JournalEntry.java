package dev.devora.orchestration.journal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.engine.LlmCallRecord;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.workflow.StepOutput;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One append-only record of a run's journal. A run <em>is</em> its journal: the engine writes an entry for every
 * fact a resumed run needs (the start, each finished step with its output, each decision that is not an output,
 * each model call, each retry and warning, suspension, resumption and the end) before it emits the matching event,
 * and a resumed run replays them instead of calling a model or re-running a task again.
 *
 * <p>Entries about a step execution carry a {@link #key()}: the step path, followed for each enclosing loop or gate
 * by {@code #} and its iteration or attempt ({@code refine/draft#2} is iteration 2 of loop {@code refine}), so
 * iteration 2 never overwrites iteration 1. {@link #seq()} numbers a run's entries in the order they were written,
 * from 1; it is unique within a run. A decision that has not been made yet (a later issue's approvals) is simply an
 * entry that is not there.
 *
 * <pre>{@code
 * for (JournalEntry e : store.entries(runId)) {
 *     if (e instanceof JournalEntry.StepCompleted done) System.out.println(done.key() + " " + done.output());
 * }
 * }</pre>
 */
public sealed interface JournalEntry {

    /**
     * The entry's position in its run's journal, from 1, unique within the run.
     *
     * @return the sequence number
     */
    long seq();

    /**
     * When the entry was written (the engine's clock).
     *
     * @return the time
     */
    Instant at();

    /**
     * The step execution the entry is about, as {@code path#iteration…}; or null for run-level entries.
     *
     * @return the key, or null
     */
    String key();

    /**
     * A step execution's key: its path followed by the iterations and attempts of the loops and gates around it.
     *
     * @param path     the step path
     * @param instance {@code #n} per enclosing loop iteration or gate attempt, outermost first; "" for none
     * @return {@code path + instance}
     */
    static String key(String path, String instance) {
        return instance.isEmpty() ? path : path + instance;
    }

    /**
     * The entry's type as stored: {@code run_started}, {@code step_completed}…
     *
     * @return the type name
     */
    String type();

    /**
     * The run started.
     *
     * @param seq                 position in the journal (1)
     * @param at                  when
     * @param workflowId          the workflow's id
     * @param workflowFingerprint a digest of the whole definition
     * @param input               the validated input
     * @param options             the run's limits (timeout, budgets, run id)
     * @param stepFingerprints    each step path's digest (kind, prompt, agent, model options…), to detect a changed
     *                            definition on resume
     */
    record RunStarted(long seq, Instant at, String workflowId, String workflowFingerprint, ObjectNode input,
                      RunOptions options, Map<String, String> stepFingerprints) implements JournalEntry {
        @Override
        public String key() {
            return null;
        }

        @Override
        public String type() {
            return "run_started";
        }
    }

    /**
     * A step finished; it counts as done once this entry is stored.
     *
     * @param seq     position in the journal
     * @param at      when
     * @param step     the step
     * @param instance {@code #n} per enclosing loop iteration or gate attempt ("" for none): with the path, the key
     * @param output  what it stored under its id; or null when it stored nothing (a composite around a skipped
     *                step, an empty sequence)
     * @param skipped whether nothing ran in it (a conditional none of whose conditions held, or a step around one)
     * @param nanos   how long it took, in nanoseconds
     */
    record StepCompleted(long seq, Instant at, StepRef step, String instance, StepOutput output, boolean skipped,
                         long nanos) implements JournalEntry {
        @Override
        public String key() {
            return JournalEntry.key(step.path(), instance);
        }

        @Override
        public String type() {
            return "step_completed";
        }
    }

    /**
     * A conditional step chose a branch (or none).
     *
     * @param seq    position in the journal
     * @param at     when
     * @param step   the conditional step
     * @param instance the enclosing iterations and attempts ("" for none)
     * @param branch the id of the chosen branch's step; or null when no condition held and there is no otherwise
     * @param reason the condition that held, {@code otherwise}, or why none did
     */
    record BranchChosen(long seq, Instant at, StepRef step, String instance, String branch, String reason)
            implements JournalEntry {
        @Override
        public String key() {
            return JournalEntry.key(step.path(), instance);
        }

        @Override
        public String type() {
            return "branch_chosen";
        }
    }

    /**
     * A route step's router answered and an option was chosen.
     *
     * @param seq    position in the journal
     * @param at     when
     * @param step   the route step
     * @param instance the enclosing iterations and attempts ("" for none)
     * @param answer the router's answer (stored under the route's id while the option runs)
     * @param route  the chosen option's name
     * @param reason how the answer was read
     */
    record RouteChosen(long seq, Instant at, StepRef step, String instance, StepOutput answer, String route,
                       String reason) implements JournalEntry {
        @Override
        public String key() {
            return JournalEntry.key(step.path(), instance);
        }

        @Override
        public String type() {
            return "route_chosen";
        }
    }

    /**
     * A loop without a gate tested its {@code until} condition after an iteration.
     *
     * @param seq       position in the journal
     * @param at        when
     * @param step      the loop step
     * @param instance  the iterations and attempts around the loop ("" for none); the key adds {@code #iteration}
     * @param iteration the iteration just run, from 1
     * @param exit      whether the condition held (the loop ends)
     */
    record LoopDecided(long seq, Instant at, StepRef step, String instance, int iteration, boolean exit)
            implements JournalEntry {
        @Override
        public String key() {
            return JournalEntry.key(step.path(), instance) + "#" + iteration;
        }

        @Override
        public String type() {
            return "loop_decided";
        }
    }

    /**
     * A quality gate (of a gate step or a gated loop) gave its verdict.
     *
     * @param seq     position in the journal
     * @param at      when
     * @param step    the gate or loop step
     * @param instance the iterations and attempts around the step ("" for none); the key adds {@code #attempt}
     * @param attempt the attempt or iteration judged, from 1
     * @param verdict the verdict
     */
    record GateEvaluated(long seq, Instant at, StepRef step, String instance, int attempt, GateVerdict verdict)
            implements JournalEntry {
        @Override
        public String key() {
            return JournalEntry.key(step.path(), instance) + "#" + attempt;
        }

        @Override
        public String type() {
            return "gate_evaluated";
        }
    }

    /**
     * A model call ended (answered, or aborted after it was sent): what it used and cost.
     *
     * @param seq  position in the journal
     * @param at   when
     * @param step the step that made it
     * @param instance the enclosing iterations and attempts of that step ("" for none)
     * @param call the call's record
     * @param answer what the model answered, kept when it asked for tools (the step goes on after it, so a step
     *               continued after a crash or a wait replays it instead of asking, and paying, again); or null
     */
    record CallRecorded(long seq, Instant at, StepRef step, String instance, LlmCallRecord call, Answer answer)
            implements JournalEntry {
        /**
         * A call without a kept answer.
         *
         * @param seq      position in the journal
         * @param at       when
         * @param step     the step that made it
         * @param instance the enclosing iterations and attempts
         * @param call     the call's record
         */
        public CallRecorded(long seq, Instant at, StepRef step, String instance, LlmCallRecord call) {
            this(seq, at, step, instance, call, null);
        }

        @Override
        public String key() {
            return JournalEntry.key(step.path(), instance);
        }

        @Override
        public String type() {
            return "call_recorded";
        }
    }

    /**
     * A model's answer kept in the journal, to be given again to the same call of the same step execution.
     *
     * @param ordinal     which call of its agent in the step execution it answered (from 0)
     * @param promptChars the size of the prompt it answered (a different prompt is not given this answer)
     * @param text        the answer's text
     * @param toolCalls   the tools it asked for
     * @param reasoningDetails the provider's reasoning blocks to pass back; or null
     */
    record Answer(int ordinal, long promptChars, String text, List<dev.devora.orchestration.llm.ToolCall> toolCalls,
                  com.fasterxml.jackson.databind.JsonNode reasoningDetails) {
        /**
         * Copies the calls.
         *
         * @param ordinal          the call's ordinal
         * @param promptChars      the prompt's size
         * @param text             the text
         * @param toolCalls        the tools asked for
         * @param reasoningDetails reasoning blocks; or null
         */
        public Answer {
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }
    }

    /**
     * An agent ran a tool its model asked for; a resumed run that asks the same tool with the same arguments at the
     * same step again gets this result back instead of running the tool twice.
     *
     * @param seq             position in the journal
     * @param at              when
     * @param step            the agent's step
     * @param instance        the iterations and attempts around it ("" for none)
     * @param tool            the tool's name
     * @param callId          the model's id for the call; or null
     * @param argumentsDigest a digest of the arguments as the model gave them
     * @param occurrence      how many calls of this tool with these arguments the step made before this one (from 0)
     * @param result          what the model was given
     * @param error           whether it was an error
     * @param changedFiles    the files the call created or changed, as the tool named them (empty for none)
     * @param nanos           how long the tool ran
     */
    record ToolCalled(long seq, Instant at, StepRef step, String instance, String tool, String callId,
                      String argumentsDigest, int occurrence, String result, boolean error, List<String> changedFiles,
                      long nanos) implements JournalEntry {
        /**
         * Copies the files.
         *
         * @param seq             position in the journal
         * @param at              when
         * @param step            the agent's step
         * @param instance        the iterations and attempts around it
         * @param tool            the tool's name
         * @param callId          the model's id for the call; or null
         * @param argumentsDigest a digest of the arguments
         * @param occurrence      earlier calls of this tool with these arguments at the step
         * @param result          what the model was given
         * @param error           whether it was an error
         * @param changedFiles    the files the call created or changed; null for none
         * @param nanos           how long the tool ran
         */
        public ToolCalled {
            changedFiles = changedFiles == null ? List.of() : List.copyOf(changedFiles);
        }

        @Override
        public String key() {
            return JournalEntry.key(step.path(), instance);
        }

        @Override
        public String type() {
            return "tool_called";
        }
    }

    /**
     * A step asked for an answer from outside (a person's decision, a remote agent's callback) and the run waits for
     * it; the request's id is what an answer names.
     *
     * @param seq       position in the journal
     * @param at        when
     * @param step      the asking step
     * @param instance  the iterations and attempts around it ("" for none)
     * @param requestId the request's id, unique in the run
     * @param kind      what is asked, e.g. {@code approval}
     * @param request   what the answerer is shown (JSON)
     * @param timeout   what happens when no answer comes in time; or null to wait for as long as it takes
     */
    record WaitRequested(long seq, Instant at, StepRef step, String instance, String requestId, String kind,
                         com.fasterxml.jackson.databind.JsonNode request,
                         dev.devora.orchestration.agent.WaitTimeout timeout) implements JournalEntry {
        /**
         * When the request's timeout applies.
         *
         * @return {@code at + timeout.after}; or null without a timeout
         */
        public Instant deadline() {
            return timeout == null ? null : at.plus(timeout.after());
        }

        @Override
        public String key() {
            return JournalEntry.key(step.path(), instance);
        }

        @Override
        public String type() {
            return "wait_requested";
        }
    }

    /**
     * A pending request was answered; the run continues from it.
     *
     * @param seq       position in the journal
     * @param at        when
     * @param requestId the answered request
     * @param answer    the answer (JSON)
     */
    record WaitAnswered(long seq, Instant at, String requestId, com.fasterxml.jackson.databind.JsonNode answer)
            implements JournalEntry {
        @Override
        public String key() {
            return null;
        }

        @Override
        public String type() {
            return "wait_answered";
        }
    }

    /**
     * A pending request's timeout applied: {@code FAIL} and {@code ANSWER} end the wait (the asking step fails, or
     * goes on with the request's default answer) and refuse later answers; {@code ESCALATE} leaves it pending.
     *
     * @param seq       position in the journal
     * @param at        when
     * @param requestId the request
     * @param action    what the timeout did
     */
    record WaitTimedOut(long seq, Instant at, String requestId, dev.devora.orchestration.agent.WaitTimeout.Action action)
            implements JournalEntry {
        @Override
        public String key() {
            return null;
        }

        @Override
        public String type() {
            return "wait_timed_out";
        }
    }

    /**
     * A step failed with a retriable error and will be tried again.
     *
     * @param seq         position in the journal
     * @param at          when
     * @param step        the step
     * @param instance    the enclosing iterations and attempts ("" for none)
     * @param nextAttempt the attempt about to start, from 2
     * @param delayMillis the wait before it
     * @param cause       what failed, as text
     */
    record RetryScheduled(long seq, Instant at, StepRef step, String instance, int nextAttempt, long delayMillis,
                          String cause) implements JournalEntry {
        @Override
        public String key() {
            return JournalEntry.key(step.path(), instance);
        }

        @Override
        public String type() {
            return "retry_scheduled";
        }
    }

    /**
     * A warning of the run (a reference without a value, a loop that hit its bound…).
     *
     * @param seq     position in the journal
     * @param at      when
     * @param path    the step path it is about ({@code deliverables} for the deliverables)
     * @param message the warning
     * @param partial whether it makes the run {@code PARTIAL}
     */
    record WarningRecorded(long seq, Instant at, String path, String message, boolean partial)
            implements JournalEntry {
        @Override
        public String key() {
            return null;
        }

        @Override
        public String type() {
            return "warning_recorded";
        }
    }

    /**
     * The run was paused: no new step starts until it is resumed.
     *
     * @param seq    position in the journal
     * @param at     when
     * @param reason why ({@code paused})
     */
    record RunSuspended(long seq, Instant at, String reason) implements JournalEntry {
        @Override
        public String key() {
            return null;
        }

        @Override
        public String type() {
            return "run_suspended";
        }
    }

    /**
     * The run goes on: after a pause, or resumed from its journal (in this or another process).
     *
     * @param seq     position in the journal
     * @param at      when
     * @param reason  {@code unpaused} or {@code resumed}
     * @param options the limits it goes on with (a resumed run's may differ from the start's, e.g. a raised budget)
     * @param stepFingerprints each step path's digest in the definition it goes on with (steps finished from now on
     *                         are checked against these); empty after a pause
     */
    record RunResumed(long seq, Instant at, String reason, RunOptions options, Map<String, String> stepFingerprints)
            implements JournalEntry {
        @Override
        public String key() {
            return null;
        }

        @Override
        public String type() {
            return "run_resumed";
        }
    }

    /**
     * The run ended (this time: a failed, cancelled or interrupted run can be resumed).
     *
     * @param seq            position in the journal
     * @param at             when
     * @param status         the final status
     * @param failureType    the failure's simple class name; or null
     * @param failureMessage the failure's message; or null
     */
    record RunEnded(long seq, Instant at, RunStatus status, String failureType, String failureMessage)
            implements JournalEntry {
        @Override
        public String key() {
            return null;
        }

        @Override
        public String type() {
            return "run_ended";
        }
    }
    /**
     * A step with an SLA started an execution: its SLA is counted from {@link #at()}, also after the run waited and
     * was resumed (the step then runs again under the same key, and its SLA still counts from here). Written once
     * per execution, only for steps that have an SLA.
     *
     * @param seq      position in the journal
     * @param at       when the execution first started
     * @param step     the step
     * @param instance the iterations and attempts around it ("" for none)
     */
    record SlaStarted(long seq, Instant at, StepRef step, String instance) implements JournalEntry {
        @Override
        public String key() {
            return JournalEntry.key(step.path(), instance);
        }

        @Override
        public String type() {
            return "sla_started";
        }
    }

    /**
     * A step execution took longer than its SLA (once per execution); the step went on.
     *
     * @param seq      position in the journal
     * @param at       when the breach was noticed
     * @param step     the step
     * @param instance the iterations and attempts around it ("" for none)
     * @param sla      the step's SLA
     * @param elapsed  how long the execution had taken when the breach was noticed (at least {@code sla})
     */
    record SlaBreached(long seq, Instant at, StepRef step, String instance, java.time.Duration sla,
                       java.time.Duration elapsed) implements JournalEntry {
        @Override
        public String key() {
            return JournalEntry.key(step.path(), instance);
        }

        @Override
        public String type() {
            return "sla_breached";
        }
    }
}
