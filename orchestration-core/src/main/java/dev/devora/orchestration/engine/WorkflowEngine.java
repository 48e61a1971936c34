package dev.devora.orchestration.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.internal.DefaultExecutors;
import dev.devora.orchestration.internal.EngineConfig;
import dev.devora.orchestration.internal.EngineLifecycle;
import dev.devora.orchestration.internal.JavaInput;
import dev.devora.orchestration.internal.Planner;
import dev.devora.orchestration.internal.RunExecution;
import dev.devora.orchestration.workflow.InputLimits;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs workflows. One engine is thread-safe and serves any number of concurrent runs of any workflows.
 *
 * <p>A run's input is validated against the workflow's {@link InputSpec} first: an invalid input throws
 * {@link InputValidationException} listing every problem, and no model is called. After that, failures do not
 * throw: they end the run with status {@code FAILED} (or {@code CANCELLED}) and the result keeps every output
 * finished so far; call {@link WorkflowResult#throwIfFailed()} to turn them into exceptions.
 *
 * <p>{@link #close()} refuses new runs ({@code run} and {@code start} then throw {@link IllegalStateException}), lets
 * the runs in flight finish normally (close does not cancel them: cancel their {@link WorkflowRun} handles for
 * that), and releases every thread the engine created once the last of them has ended.
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
    private final EngineLifecycle lifecycle;
    private final long defaultContextTokens;

    private WorkflowEngine(Builder b) {
        this.defaultContextTokens = b.defaultContextTokens;
        ExecutorService ownedExecutor = b.executor == null ? DefaultExecutors.branchExecutor(b.maxPlatformThreads) : null;
        DefaultExecutors.LazyTimer timer = new DefaultExecutors.LazyTimer();
        this.lifecycle = new EngineLifecycle(ownedExecutor, timer);
        Supplier<ScheduledExecutorService> timerSupplier = timer;
        this.config = new EngineConfig(b.executor != null ? b.executor : ownedExecutor, timerSupplier, b.retryPolicy,
                b.clock, List.copyOf(b.listeners), b.inputLimits);
    }

    /**
     * An engine with every default.
     *
     * @return a new engine; close it when done
     */
    public static WorkflowEngine create() {
        return builder().build();
    }

    /**
     * A builder with every default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs on the calling thread and returns when the run ends.
     *
     * @param workflow the workflow
     * @param input    the input, as Java maps, lists and values (converted to JSON)
     * @return the result, whatever the run's status
     * @throws InputValidationException when the input does not match the workflow's input spec
     * @throws IllegalStateException    when the engine is closed
     */
    public WorkflowResult run(Workflow workflow, Map<String, ?> input) {
        return run(workflow, toJson(workflow, input), RunOptions.NONE, WorkflowListener.NONE);
    }

    /**
     * Runs on the calling thread with limits and returns when the run ends.
     *
     * @param workflow the workflow
     * @param input    the input, as Java maps, lists and values (converted to JSON)
     * @param options  timeout, budgets and run id
     * @return the result, whatever the run's status
     * @throws InputValidationException when the input does not match the workflow's input spec, or a USD budget
     *     cannot be enforced
     * @throws IllegalStateException    when the engine is closed
     */
    public WorkflowResult run(Workflow workflow, Map<String, ?> input, RunOptions options) {
        return run(workflow, toJson(workflow, input), options, WorkflowListener.NONE);
    }

    /**
     * Runs on the calling thread with limits and a listener.
     *
     * @throws InputValidationException when the input does not match the workflow's input spec, or a USD budget
     *                                  cannot be enforced (a model without a known price, no per-call estimate)
     * @throws IllegalStateException    when the engine is closed
     * @param workflow the workflow
     * @param input    the input as a JSON object
     * @param options  timeout, budgets and run id
     * @param listener receives the run's events
     * @return the result, whatever the run's status (failures are in {@link WorkflowResult#failure()})
     */
    public WorkflowResult run(Workflow workflow, JsonNode input, RunOptions options, WorkflowListener listener) {
        Objects.requireNonNull(workflow, "workflow");
        lifecycle.admit(workflow.id());
        try {
            return prepare(workflow, input, options, listener).execute();
        } finally {
            lifecycle.ended();
        }
    }

    /**
     * Starts a run on the engine's executor and returns its handle at once.
     *
     * @param workflow the workflow
     * @param input    the input, as Java maps, lists and values (converted to JSON)
     * @param listener receives the run's events
     * @return the handle of the running run
     * @throws InputValidationException when the input does not match the workflow's input spec
     * @throws IllegalStateException    when the engine is closed
     */
    public WorkflowRun start(Workflow workflow, Map<String, ?> input, WorkflowListener listener) {
        return start(workflow, toJson(workflow, input), RunOptions.NONE, listener);
    }

    /**
     * Starts a run on the engine's executor.
     *
     * @throws InputValidationException when the input does not match the workflow's input spec, or a USD budget
     *                                  cannot be enforced (a model without a known price, no per-call estimate)
     * @throws IllegalStateException    when the engine is closed
     * @param workflow the workflow
     * @param input    the input as a JSON object
     * @param options  timeout, budgets and run id
     * @param listener receives the run's events
     * @return the handle of the running run
     */
    public WorkflowRun start(Workflow workflow, JsonNode input, RunOptions options, WorkflowListener listener) {
        Objects.requireNonNull(workflow, "workflow");
        lifecycle.admit(workflow.id());
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable ended = () -> {
            if (counted.compareAndSet(true, false)) lifecycle.ended(); // once, even if the executor ran it here
        };
        RunExecution execution;
        try {
            execution = prepare(workflow, input, options, listener);
            config.executor().execute(() -> {
                try {
                    execution.execute();
                } finally {
                    ended.run();
                }
            });
        } catch (RejectedExecutionException e) {
            ended.run();
            throw new OrchestrationException("the engine's executor rejected a run of workflow '" + workflow.id()
                    + "' (was an injected executor shut down?)", e, false);
        } catch (RuntimeException | Error e) {
            ended.run();
            throw e;
        }
        return execution;
    }

    /**
     * What a run would do, without calling any model: planned calls with rendered prompts, parallel groups, and
     * token estimates (referenced outputs assumed to be 500 tokens each). Works on a closed engine too (it runs
     * nothing).
     *
     * @throws InputValidationException when the input does not match the workflow's input spec
     * @param workflow the workflow
     * @param input    the input, as Java maps, lists and values (converted to JSON)
     * @return the plan
     */
    public ExecutionPlan plan(Workflow workflow, Map<String, ?> input) {
        return Planner.plan(workflow, validate(workflow, toJson(workflow, input)), 500, defaultContextTokens);
    }

    private RunExecution prepare(Workflow workflow, JsonNode input, RunOptions options, WorkflowListener listener) {
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

    private ObjectNode validate(Workflow workflow, JsonNode input) {
        List<ValidationProblem> problems = new ArrayList<>();
        ObjectNode normalised = workflow.input().normalise(input, config.inputLimits(), problems);
        if (!problems.isEmpty()) throw new InputValidationException(workflow.id(), problems);
        return normalised;
    }

    /** A Java-map input as JSON, bounded by the engine's input depth limit. */
    private JsonNode toJson(Workflow workflow, Map<String, ?> input) {
        Objects.requireNonNull(workflow, "workflow");
        List<ValidationProblem> problems = new ArrayList<>();
        ObjectNode json = JavaInput.toJson(input, config.inputLimits().maxDepth(), problems);
        if (!problems.isEmpty()) throw new InputValidationException(workflow.id(), problems);
        return json;
    }

    /**
     * Closes the engine: from now on {@code run} and {@code start} throw {@link IllegalStateException}. Runs already
     * started are not cancelled and finish normally (timeouts, parallel branches and all); the threads the engine
     * created (its default executor and its timer, not an injected executor) are shut down at once if no run is in
     * flight, else as soon as the last one ends. Does not wait; calling it again does nothing.
     */
    @Override
    public void close() {
        lifecycle.close();
    }

    /**
     * The limits of run inputs this engine checks (see {@link Builder#inputLimits}), e.g. for code that validates an
     * input before handing it to {@link #run}: {@code spec.normalise(input, engine.inputLimits(), problems)}.
     *
     * @return the engine's input limits ({@link InputLimits#DEFAULT} unless the builder set others)
     */
    public InputLimits inputLimits() {
        return config.inputLimits();
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
        private InputLimits inputLimits = InputLimits.DEFAULT;
        private long defaultContextTokens = DEFAULT_CONTEXT_TOKENS;

        private Builder() {
        }

        /**
         * How large a run's input may be (default {@link InputLimits#DEFAULT}: 64 levels, strings of up to
         * 1,000,000 characters, 4,000,000 in all); checked at {@code run}, {@code start} and {@code plan}, before any
         * model call, and for each sub-workflow's input.
         *
         * @param limits the limits; not null
         * @return this builder
         */
        public Builder inputLimits(InputLimits limits) {
            this.inputLimits = Objects.requireNonNull(limits, "inputLimits");
            return this;
        }

        /**
         * The context window assumed for models whose provider does not know theirs
         * ({@code LlmProvider.contextLength}); a step whose prompt exceeds its model's window is an input error at
         * {@code run}/{@code start}/{@code plan} (default {@value WorkflowEngine#DEFAULT_CONTEXT_TOKENS} tokens).
         *
         * @param tokens the window in tokens, at least 1
         * @return this builder
         */
        public Builder defaultContextTokens(long tokens) {
            if (tokens < 1) throw new IllegalArgumentException("defaultContextTokens must be ≥ 1, was " + tokens);
            this.defaultContextTokens = tokens;
            return this;
        }

        /**
         * Runs branches and async runs on this executor (it is not shut down by {@link #close()}).
         *
         * @param executor the executor; default a virtual-thread executor on Java 21+, a daemon pool on 17
         * @return this builder
         */
        public Builder executor(java.util.concurrent.Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Size of the default pool on Java 17 (default 64); ignored with virtual threads or an injected executor.
         *
         * @param threads the pool size, at least 1
         * @return this builder
         */
        public Builder maxPlatformThreads(int threads) {
            if (threads < 1) throw new IllegalArgumentException("maxPlatformThreads must be ≥ 1, was " + threads);
            this.maxPlatformThreads = threads;
            return this;
        }

        /**
         * How steps are retried on retriable failures; default {@link RetryPolicy#DEFAULT}.
         *
         * @param policy the policy; a step's {@code maxAttempts} overrides its attempts
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /**
         * The clock of event timestamps (default UTC system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * A listener attached to every run of this engine, before the run's own listener.
         *
         * @param listener the listener; not null
         * @return this builder
         */
        public Builder listener(WorkflowListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the engine.
         *
         * @return the engine; close it when done to stop the threads it created
         */
        public WorkflowEngine build() {
            return new WorkflowEngine(this);
        }
    }
}
