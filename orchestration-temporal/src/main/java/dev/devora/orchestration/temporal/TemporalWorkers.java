package dev.devora.orchestration.temporal;

import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.temporal.internal.ActivitySettings;
import dev.devora.orchestration.temporal.internal.DefinitionMap;
import dev.devora.orchestration.temporal.internal.InterpreterWorkflow;
import dev.devora.orchestration.temporal.internal.InterpreterWorkflowImpl;
import dev.devora.orchestration.temporal.internal.ModelCallsActivity;
import dev.devora.orchestration.temporal.internal.ModelInfoActivity;
import dev.devora.orchestration.temporal.internal.RemoteDispatchesActivity;
import dev.devora.orchestration.temporal.internal.TaskRunsActivity;
import dev.devora.orchestration.temporal.internal.ToolCallsActivity;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.activity.ActivityOptions;
import io.temporal.worker.Worker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a Temporal worker needs to run Devora workflows: the definitions it may run (by id and fingerprint: a run
 * names its definition, code is never sent; their agents' tools and their tasks run on the worker) and the model
 * providers their agents use (by {@code name()}: each model call is an activity that this worker's provider
 * answers). {@link #registerOn} registers the one interpreter workflow type and its activities (model calls, tool
 * calls, tasks) on a worker of the user's {@code WorkerFactory}.
 *
 * <pre>{@code
 * WorkerFactory factory = WorkerFactory.newInstance(client);
 * Worker worker = factory.newWorker("devora");
 * TemporalWorkers.builder().workflow(review).provider(llm).build().registerOn(worker);
 * factory.start();
 * }</pre>
 */
public final class TemporalWorkers {
    private final Map<String, DefinitionMap> definitions;
    private final Map<String, LlmProvider> providers;
    private final ActivitySettings activities;
    private final int continueAsNewAfter;

    private TemporalWorkers(Builder b) {
        Map<String, DefinitionMap> maps = new LinkedHashMap<>();
        b.definitions.forEach((id, w) -> maps.put(id, DefinitionMap.of(w)));
        this.definitions = Map.copyOf(maps);
        Map<String, LlmProvider> once = new LinkedHashMap<>(); // Temporal owns the retries of a model call
        b.providers.forEach((name, provider) -> once.put(name, provider.withoutRetries()));
        this.providers = Map.copyOf(once);
        this.activities = new ActivitySettings(ActivitySettings.withHeartbeat(b.modelCalls, b.heartbeatTimeout),
                ActivitySettings.withHeartbeat(b.toolCalls, b.heartbeatTimeout),
                ActivitySettings.withHeartbeat(b.tasks, b.heartbeatTimeout));
        this.continueAsNewAfter = b.continueAsNewAfter;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers the interpreter workflow and its activities (model calls, tool calls, tasks, remote agents' tasks).
     *
     * @param worker a worker of the task queue the runs are started on
     */
    public void registerOn(Worker worker) {
        Objects.requireNonNull(worker, "worker");
        worker.registerWorkflowImplementationFactory(InterpreterWorkflow.class,
                () -> new InterpreterWorkflowImpl(definitions, activities, continueAsNewAfter));
        worker.registerActivitiesImplementations(new ModelCallsActivity(providers), new ModelInfoActivity(providers),
                new ToolCallsActivity(definitions),
                new TaskRunsActivity(definitions), new RemoteDispatchesActivity(definitions));
    }

    @Override
    public String toString() {
        return "TemporalWorkers" + new java.util.TreeSet<>(definitions.keySet()) + " providers "
                + new java.util.TreeSet<>(providers.keySet());
    }

    /**
     * Builds {@link TemporalWorkers}.
     *
     * <pre>{@code
     * TemporalWorkers.builder().workflow(a).workflow(b).provider(openRouter).build();
     * }</pre>
     */
    public static final class Builder {
        private final Map<String, Workflow> definitions = new LinkedHashMap<>();
        private final Map<String, LlmProvider> providers = new LinkedHashMap<>();
        private ActivityOptions modelCalls = ActivitySettings.options(Duration.ofMinutes(10), 3);
        private ActivityOptions toolCalls = ActivitySettings.options(Duration.ofMinutes(10), 3);
        private ActivityOptions tasks = ActivitySettings.options(Duration.ofMinutes(10), 3);
        private int continueAsNewAfter = InterpreterWorkflowImpl.DEFAULT_CONTINUE_AS_NEW_AFTER;
        private Duration heartbeatTimeout = ActivitySettings.HEARTBEAT_TIMEOUT;

        private Builder() {
        }

        /**
         * How long an attempt of a model call, tool call or task may go without a heartbeat. The worker heartbeats
         * while the work runs (a third of this apart, at most every 10 s): a worker that died is found out after
         * this time, not at the end of the attempt's timeout, and a cancelled call (its run cancelled, a sibling
         * branch failing fast, its step's timeout) is interrupted on the worker at the next heartbeat, which
         * Temporal's client sends at most every 0.8 × this. Default 10 s; at most an attempt's own timeout.
         *
         * @param timeout the time without a heartbeat, positive
         * @return this builder
         * @throws IllegalArgumentException when the timeout is not positive
         */
        public Builder heartbeatTimeout(Duration timeout) {
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("heartbeatTimeout: the timeout must be positive, was " + timeout);
            }
            this.heartbeatTimeout = timeout;
            return this;
        }

        /**
         * How long one attempt of a model call may take before Temporal tries it again (on any worker: one that
         * went away mid-call is noticed then), and how often a call is tried: a retriable provider error (rate
         * limit, timeout, 5xx, an open circuit breaker) is tried again after the server's {@code Retry-After} or
         * 1 s, 2 s, 4 s…; once the attempts are spent the step fails, and the engine does not retry it again.
         * The worker calls each provider {@code withoutRetries()}: Temporal owns the retries here. Default 10
         * minutes, 3 attempts; an agent step's own timeout bounds one attempt of its calls instead.
         *
         * @param timeout  the time of one attempt, positive
         * @param attempts the attempts, at least 1
         * @return this builder
         * @throws IllegalArgumentException when the timeout is not positive or the attempts below 1
         */
        public Builder modelCalls(Duration timeout, int attempts) {
            this.modelCalls = checked("modelCalls", timeout, attempts);
            return this;
        }

        /**
         * How long one attempt of a tool call (or of a remote agent's task dispatch) may take, and how often it is
         * tried when an attempt times out (a worker that went away). What a tool throws is never tried again by
         * Temporal: the model gets it as an error result, or a fatal tool failure fails the step. Default 10
         * minutes, 3 attempts; the agent step's own timeout bounds one attempt instead.
         *
         * @param timeout  the time of one attempt, positive
         * @param attempts the attempts, at least 1
         * @return this builder
         * @throws IllegalArgumentException when the timeout is not positive or the attempts below 1
         */
        public Builder toolCalls(Duration timeout, int attempts) {
            this.toolCalls = checked("toolCalls", timeout, attempts);
            return this;
        }

        /**
         * How long one attempt of a task step may take, and how often it is tried when an attempt times out (a
         * worker that went away). What a task throws is never tried again by Temporal: the engine retries the step
         * when the failure is retriable, by the step's policy. Default 10 minutes, 3 attempts; the task step's own
         * timeout bounds one attempt instead.
         *
         * @param timeout  the time of one attempt, positive
         * @param attempts the attempts, at least 1
         * @return this builder
         * @throws IllegalArgumentException when the timeout is not positive or the attempts below 1
         */
        public Builder tasks(Duration timeout, int attempts) {
            this.tasks = checked("tasks", timeout, attempts);
            return this;
        }

        /**
         * When a run continues as new: once its history has this many events, or Temporal suggests it, the
         * workflow starts over with a fresh history that carries the run's journal, and the run goes on as if it
         * never stopped (a loop of reviews can go on for months, a loop of model calls for thousands of rounds). A
         * run that waits (for a person, a remote agent) does it while it waits; one that does not stops before its
         * next step, each parallel branch at its own, once the activities under way have ended. Default 10,000
         * events (Temporal's limit is 51,200).
         *
         * @param events the history length, at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder continueAsNewAfter(int events) {
            if (events < 1) throw new IllegalArgumentException("continueAsNewAfter: events must be at least 1, was " + events);
            this.continueAsNewAfter = events;
            return this;
        }

        private static ActivityOptions checked(String what, Duration timeout, int attempts) {
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException(what + ": the timeout must be positive, was " + timeout);
            }
            if (attempts < 1) throw new IllegalArgumentException(what + ": attempts must be at least 1, was " + attempts);
            return ActivitySettings.options(timeout, attempts);
        }

        /**
         * A definition the worker may run.
         *
         * @param workflow the definition; its id names it in the runs
         * @return this builder
         * @throws IllegalArgumentException when another definition has the same id
         */
        public Builder workflow(Workflow workflow) {
            Objects.requireNonNull(workflow, "workflow");
            Workflow before = definitions.putIfAbsent(workflow.id(), workflow);
            if (before != null && before != workflow) {
                throw new IllegalArgumentException("workflow: two definitions have the id '" + workflow.id() + "'");
            }
            return this;
        }

        /**
         * A provider the definitions' agents use; the worker answers their model calls with it, without its own
         * retries ({@code LlmProvider.withoutRetries()}: Temporal retries each call, see {@link #modelCalls}).
         *
         * @param provider the provider; its {@code name()} identifies it in the calls
         * @return this builder
         * @throws IllegalArgumentException when another provider has the same name
         */
        public Builder provider(LlmProvider provider) {
            Objects.requireNonNull(provider, "provider");
            LlmProvider before = providers.putIfAbsent(provider.name(), provider);
            if (before != null && before != provider) {
                throw new IllegalArgumentException("provider: two providers are named '" + provider.name()
                        + "'; the worker finds a call's provider by its name");
            }
            return this;
        }

        /**
         * The registrations.
         *
         * @return them
         * @throws IllegalArgumentException when a definition has a synchronous remote agent (Temporal could not
         *                                  replay its answer: let it report to a callback)
         */
        public TemporalWorkers build() {
            return new TemporalWorkers(this);
        }
    }
}
