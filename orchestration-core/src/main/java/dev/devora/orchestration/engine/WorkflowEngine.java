package dev.devora.orchestration.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.internal.DefaultExecutors;
import dev.devora.orchestration.internal.EngineConfig;
import dev.devora.orchestration.internal.Planner;
import dev.devora.orchestration.internal.RunExecution;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Workflow;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Runs workflows. One engine is thread-safe and serves any number of concurrent runs of any workflows.
 *
 * <p>A run's input is validated against the workflow's {@link InputSpec} first: an invalid input throws
 * {@link InputValidationException} listing every problem, and no model is called. After that, failures do not
 * throw: they end the run with status {@code FAILED} (or {@code CANCELLED}) and the result keeps every output
 * finished so far; call {@link WorkflowResult#throwIfFailed()} to turn them into exceptions.
 *
 * <p>Defaults: parallel branches run on virtual threads when the runtime is Java 21 or later, on a bounded pool
 * of daemon threads (64) on Java 17; step retries follow {@link RetryPolicy#DEFAULT} (3 attempts, retriable
 * failures only).
 *
 * <pre>{@code
 * try (WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.DEFAULT).build()) {
 *     WorkflowResult result = engine.run(review, Map.of("feature", "rate limiter"));        // blocking
 *     WorkflowRun run = engine.start(review, Map.of("feature", "cache"), listener);           // async handle
 *     ExecutionPlan plan = engine.plan(review, Map.of("feature", "search"));                  // no model called
 * }
 * }</pre>
 */
public final class WorkflowEngine implements AutoCloseable {
    /** The context window assumed for a model whose provider does not know it, unless configured. */
    public static final long DEFAULT_CONTEXT_TOKENS = 1_000_000;

    private final EngineConfig config;
    private final ExecutorService ownedExecutor;
    private final DefaultExecutors.LazyTimer timer;
    private final long defaultContextTokens;

    private WorkflowEngine(Builder b) {
        this.defaultContextTokens = b.defaultContextTokens;
        this.ownedExecutor = b.executor == null ? DefaultExecutors.branchExecutor(b.maxPlatformThreads) : null;
        this.timer = new DefaultExecutors.LazyTimer();
        Supplier<ScheduledExecutorService> timerSupplier = timer;
        this.config = new EngineConfig(b.executor != null ? b.executor : ownedExecutor, timerSupplier, b.retryPolicy,
                b.clock, List.copyOf(b.listeners));
    }

    /** An engine with every default. */
    public static WorkflowEngine create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs on the calling thread and returns when the run ends. */
    public WorkflowResult run(Workflow workflow, Map<String, ?> input) {
        return run(workflow, InputSpec.toJson(input), RunOptions.NONE, WorkflowListener.NONE);
    }

    public WorkflowResult run(Workflow workflow, Map<String, ?> input, RunOptions options) {
        return run(workflow, InputSpec.toJson(input), options, WorkflowListener.NONE);
    }

    /**
     * Runs on the calling thread with limits and a listener.
     *
     * @throws InputValidationException when the input does not match the workflow's input spec, or a USD budget
     *                                  cannot be enforced (a model without a known price, no per-call estimate)
     */
    public WorkflowResult run(Workflow workflow, JsonNode input, RunOptions options, WorkflowListener listener) {
        return prepare(workflow, input, options, listener).execute();
    }

    /** Starts a run on the engine's executor and returns its handle at once. */
    public WorkflowRun start(Workflow workflow, Map<String, ?> input, WorkflowListener listener) {
        return start(workflow, InputSpec.toJson(input), RunOptions.NONE, listener);
    }

    /**
     * Starts a run on the engine's executor.
     *
     * @throws InputValidationException when the input does not match the workflow's input spec, or a USD budget
     *                                  cannot be enforced (a model without a known price, no per-call estimate)
     */
    public WorkflowRun start(Workflow workflow, JsonNode input, RunOptions options, WorkflowListener listener) {
        RunExecution execution = prepare(workflow, input, options, listener);
        try {
            config.executor().execute(execution::execute);
        } catch (RejectedExecutionException e) {
            throw new OrchestrationException("the engine's executor rejected run " + execution.id()
                    + " (is the engine closed?)", e, false);
        }
        return execution;
    }

    /**
     * What a run would do, without calling any model: planned calls with rendered prompts, parallel groups, and
     * token estimates (referenced outputs assumed to be 500 tokens each).
     *
     * @throws InputValidationException when the input does not match the workflow's input spec
     */
    public ExecutionPlan plan(Workflow workflow, Map<String, ?> input) {
        return Planner.plan(workflow, validate(workflow, InputSpec.toJson(input)), 500, defaultContextTokens);
    }

    private RunExecution prepare(Workflow workflow, JsonNode input, RunOptions options, WorkflowListener listener) {
        Objects.requireNonNull(workflow, "workflow");
        ObjectNode validated = validate(workflow, input);
        RunOptions opts = options == null ? RunOptions.NONE : options;
        Planner.checkBeforeRun(workflow, validated, defaultContextTokens,
                opts.maxCostUsd() != null && opts.estimatedCallCostUsd() == null);
        String id = opts.runId() != null ? opts.runId() : randomRunId();
        return new RunExecution(config, workflow, validated, opts, listener == null ? WorkflowListener.NONE : listener, id);
    }

    /** A random version-4 UUID from a thread-local generator: run ids need uniqueness, not secrecy. */
    private static String randomRunId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    private static ObjectNode validate(Workflow workflow, JsonNode input) {
        List<ValidationProblem> problems = new ArrayList<>();
        ObjectNode normalised = workflow.input().normalise(input, problems);
        if (!problems.isEmpty()) throw new InputValidationException(workflow.id(), problems);
        return normalised;
    }

    /** Shuts down the threads the engine created (not an injected executor). Running runs are not cancelled. */
    @Override
    public void close() {
        if (ownedExecutor != null) ownedExecutor.shutdown();
        timer.shutdown();
    }

    @Override
    public String toString() {
        return "WorkflowEngine[executor=" + config.executor().getClass().getSimpleName() + ", retry="
                + config.retryPolicy().maxAttempts() + " attempts]";
    }

    /** Builder for {@link WorkflowEngine}. */
    public static final class Builder {
        private java.util.concurrent.Executor executor;
        private int maxPlatformThreads = 64;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private final List<WorkflowListener> listeners = new ArrayList<>();
        private long defaultContextTokens = DEFAULT_CONTEXT_TOKENS;

        private Builder() {
        }

        /**
         * The context window assumed for models whose provider does not know theirs
         * ({@code LlmProvider.contextLength}); a step whose prompt exceeds its model's window is an input error at
         * {@code run}/{@code start}/{@code plan} (default {@value WorkflowEngine#DEFAULT_CONTEXT_TOKENS} tokens).
         */
        public Builder defaultContextTokens(long tokens) {
            if (tokens < 1) throw new IllegalArgumentException("defaultContextTokens must be ≥ 1, was " + tokens);
            this.defaultContextTokens = tokens;
            return this;
        }

        /** Runs branches and async runs on this executor (it is not shut down by {@link #close()}). */
        public Builder executor(java.util.concurrent.Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Size of the default pool on Java 17 (default 64); ignored with virtual threads or an injected executor. */
        public Builder maxPlatformThreads(int threads) {
            if (threads < 1) throw new IllegalArgumentException("maxPlatformThreads must be ≥ 1, was " + threads);
            this.maxPlatformThreads = threads;
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /** The clock of event timestamps (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A listener attached to every run of this engine, before the run's own listener. */
        public Builder listener(WorkflowListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public WorkflowEngine build() {
            return new WorkflowEngine(this);
        }
    }
}
