package dev.devora.orchestration.temporal;

import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.temporal.internal.InterpreterWorkflow;
import dev.devora.orchestration.temporal.internal.InterpreterWorkflowImpl;
import dev.devora.orchestration.temporal.internal.ModelCallsActivity;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.worker.Worker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a Temporal worker needs to run Devora workflows: the definitions it may run (by id: a run names its
 * definition, code is never sent) and the model providers their agents use (by {@code name()}: each model call is
 * an activity that this worker's provider answers). {@link #registerOn} registers the one interpreter workflow type
 * and the model-call activity on a worker of the user's {@code WorkerFactory}.
 *
 * <pre>{@code
 * WorkerFactory factory = WorkerFactory.newInstance(client);
 * Worker worker = factory.newWorker("devora");
 * TemporalWorkers.builder().workflow(review).provider(llm).build().registerOn(worker);
 * factory.start();
 * }</pre>
 */
public final class TemporalWorkers {
    private final Map<String, Workflow> definitions;
    private final Map<String, LlmProvider> providers;
    private final java.time.Duration modelCallTimeout;
    private final int modelCallAttempts;

    private TemporalWorkers(Builder b) {
        this.definitions = Map.copyOf(b.definitions);
        this.providers = Map.copyOf(b.providers);
        this.modelCallTimeout = b.modelCallTimeout;
        this.modelCallAttempts = b.modelCallAttempts;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers the interpreter workflow and the model-call activity.
     *
     * @param worker a worker of the task queue the runs are started on
     */
    public void registerOn(Worker worker) {
        Objects.requireNonNull(worker, "worker");
        io.temporal.activity.ActivityOptions calls = InterpreterWorkflowImpl.modelCalls(modelCallTimeout, modelCallAttempts);
        worker.registerWorkflowImplementationFactory(InterpreterWorkflow.class, () -> new InterpreterWorkflowImpl(definitions, calls));
        worker.registerActivitiesImplementations(new ModelCallsActivity(providers));
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
        private java.time.Duration modelCallTimeout = java.time.Duration.ofMinutes(10);
        private int modelCallAttempts = 3;

        private Builder() {
        }

        /**
         * How long one attempt of a model call may take before Temporal tries it again (on any worker: one that
         * went away mid-call is noticed then), and how often a call is tried. Default 10 minutes, 3 attempts.
         *
         * @param timeout  the time of one attempt, positive
         * @param attempts the attempts, at least 1
         * @return this builder
         * @throws IllegalArgumentException when the timeout is not positive or the attempts below 1
         */
        public Builder modelCalls(java.time.Duration timeout, int attempts) {
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("modelCalls: the timeout must be positive, was " + timeout);
            }
            if (attempts < 1) throw new IllegalArgumentException("modelCalls: attempts must be at least 1, was " + attempts);
            this.modelCallTimeout = timeout;
            this.modelCallAttempts = attempts;
            return this;
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
         * A provider the definitions' agents use; the worker answers their model calls with it.
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

        /** {@return the registrations} */
        public TemporalWorkers build() {
            return new TemporalWorkers(this);
        }
    }
}
