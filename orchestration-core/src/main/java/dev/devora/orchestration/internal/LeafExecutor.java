package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.agent.AgentCall;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.workflow.AgentStep;
import dev.devora.orchestration.workflow.StepOutput;
import dev.devora.orchestration.workflow.TaskStep;

import java.time.Duration;
import java.util.function.IntFunction;

/**
 * Runs the leaves of a workflow (agents and tasks) with step retries. The first attempt runs directly; only a
 * retriable failure computes a delay (exponential backoff with jitter drawn from {@link RunEffects#random}, or the
 * provider's {@code retryAfter}), journals the retry and sleeps through {@link RunEffects}, so the common path
 * allocates nothing for retries. A cancelled scope always wins over the failure it caused.
 */
final class LeafExecutor {
    private final RunExecution run;

    LeafExecutor(RunExecution run) {
        this.run = run;
    }

    StepOutput agent(AgentStep step, WorkflowIndex.StepInfo info, StepTag tag, Frame frame, double share) {
        String path = tag.path();
        String prompt = render(info.template(), frame, path);
        EngineCallContext ctx = new EngineCallContext(run, frame, tag, step.agent().name());
        AgentResult result = withRetries(tag, step.maxAttempts(), frame,
                attempt -> run.effects.runLeaf(path, () -> step.agent().run(new AgentCall(prompt, attempt, ctx))));
        if (result == null) {
            throw new StepFailedException(path, 1, new OrchestrationException("agent '" + step.agent().name()
                    + "' returned null"));
        }
        run.progress.advance(share);
        return new StepOutput(result.text(), result.json());
    }

    StepOutput task(TaskStep step, StepTag tag, Frame frame, double share) {
        FrameState context = new FrameState(frame, run.id, tag.path());
        Object value = withRetries(tag, step.maxAttempts(), frame, attempt -> run.effects.runTask(tag.path(),
                context::detached, () -> TaskState.run(step.id(), step.task(), context)));
        run.progress.advance(share);
        return toOutput(value);
    }

    static StepOutput toOutput(Object value) {
        if (value == null) return StepOutput.text("");
        if (value instanceof StepOutput o) return o;
        if (value instanceof String s) return StepOutput.text(s);
        if (value instanceof AgentResult r) return new StepOutput(r.text(), r.json());
        if (value instanceof JsonNode n) return n.isTextual() ? StepOutput.text(n.asText()) : StepOutput.json(n);
        return StepOutput.json(Json.MAPPER.valueToTree(value));
    }

    /** Renders a template in a frame; references without a value render as "" and are reported as warnings. */
    String render(Template template, Frame frame, String path) {
        return template.render(ref -> {
            String text = FrameState.render(frame, ref);
            if (text == null && ref.optional()) return "";
            if (text == null) {
                run.journal.warn(path, "{{" + ref.text() + "}} has no value (its step did not run or has no such "
                        + "field); rendered as empty", false);
                return "";
            }
            return text;
        });
    }

    <T> T withRetries(StepTag tag, int stepMaxAttempts, Frame frame, IntFunction<T> body) {
        String path = tag.path();
        RetryPolicy policy = run.config.retryPolicy();
        int maxAttempts = stepMaxAttempts > 0 ? stepMaxAttempts : policy.maxAttempts();
        RuntimeException failure;
        try {
            return body.apply(1);
        } catch (RuntimeException e) {
            failure = cancellationOr(e, frame);
        }
        if (!isRetriable(failure) || maxAttempts <= 1) throw failed(path, 1, failure);
        for (int attempt = 1; ; attempt++) {
            if (attempt >= maxAttempts) throw failed(path, attempt, failure);
            long delay = delayOf(failure, attempt, policy);
            if (delay < 0) throw failed(path, attempt, failure); // the server asks for a longer wait than allowed
            run.journal.retry(tag, attempt + 1, delay, failure);
            try {
                run.effects.sleep(Duration.ofMillis(delay));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                frame.scope.throwIfCancelled();
                throw failed(path, attempt, new dev.devora.orchestration.InterruptedCallException(
                        "interrupted while waiting to retry", e));
            }
            frame.scope.throwIfCancelled();
            try {
                return body.apply(attempt + 1);
            } catch (RuntimeException e) {
                failure = cancellationOr(e, frame);
                if (!isRetriable(failure)) throw failed(path, attempt + 1, failure);
            }
        }
    }

    private long delayOf(Throwable cause, int attempt, RetryPolicy policy) {
        if (cause instanceof ProviderException p && p.retryAfter().isPresent()) {
            Duration requested = p.retryAfter().get();
            if (requested.compareTo(policy.maxServerDelay()) > 0) return -1; // too long: fail now
            return requested.toMillis();
        }
        return backoff(policy, attempt, run.effects.random());
    }

    /**
     * The delay before retry {@code attempt + 1}: exponential from the policy's initial delay, capped at its maximum,
     * spread by its jitter (as resilience4j's exponential random backoff), the random draw {@code r} in [0, 1) coming
     * from the run's effects so that a durable engine's replay waits the same.
     */
    static long backoff(RetryPolicy policy, int attempt, double r) {
        double interval = Math.min(policy.initialDelay().toMillis() * Math.pow(policy.multiplier(), attempt - 1),
                policy.maxDelay().toMillis());
        double delta = policy.jitter() * interval;
        double min = interval - delta;
        double max = interval + delta;
        return (long) (min + r * (max - min + 1));
    }

    /** The scope's cancellation reason if it was cancelled (the failure is then a consequence), else the failure. */
    private static RuntimeException cancellationOr(RuntimeException e, Frame frame) {
        if (frame.scope.isCancelled()) throw frame.scope.reason();
        return e;
    }

    static boolean isRetriable(Throwable t) {
        return t instanceof OrchestrationException o && o.isRetriable();
    }

    private static RuntimeException failed(String path, int attempts, RuntimeException cause) {
        if (cause instanceof StepFailedException || cause instanceof dev.devora.orchestration.BudgetExceededException
                || cause instanceof dev.devora.orchestration.RunTimeoutException
                || cause instanceof dev.devora.orchestration.RunCancelledException
                || cause instanceof SiblingFailedException
                || cause instanceof dev.devora.orchestration.RunWaitingException) { // waiting is not failing
            return cause;
        }
        return new StepFailedException(path, attempts, cause);
    }
}
