package dev.devora.orchestration.workflows.internal;

import dev.devora.orchestration.AnswerRefusedException;
import dev.devora.orchestration.BudgetExceededException;
import dev.devora.orchestration.GateFailedException;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.OutputFormatException;
import dev.devora.orchestration.RunCancelledException;
import dev.devora.orchestration.RunTimeoutException;
import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.ProviderException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The errors of a run, one entry per failure: the run's own error first (with the step path when a step failed),
 * then every other step that failed beside it (parallel siblings, recorded as suppressed failures). Each entry
 * names the step (or null for the run), a kind ({@code rate_limited}, {@code budget_exceeded}, {@code gate_failed},
 * …), the exception type of the underlying cause and its message.
 *
 * <pre>{@code
 * for (RunErrors.Entry e : RunErrors.of(result)) {
 *     System.out.println(e.path() + " " + e.kind() + ": " + e.message());
 * }
 * }</pre>
 */
public final class RunErrors {
    private RunErrors() {
    }

    /**
     * One failure.
     *
     * @param path    the failed step's path; or null when the failure is the run's own (budget, timeout, …)
     * @param kind    what kind of failure, lower case with underscores
     * @param type    the simple class name of the underlying cause
     * @param message what went wrong
     */
    public record Entry(String path, String kind, String type, String message) {
    }

    /**
     * The errors of {@code result}; empty when it did not fail.
     *
     * @param result a finished run
     * @return the entries, the run's own error first
     */
    public static List<Entry> of(WorkflowResult result) {
        List<Entry> entries = new ArrayList<>();
        OrchestrationException failure = result.failure().orElse(null);
        if (failure == null) return entries;
        entries.add(entry(failure));
        for (Throwable other : failure.getSuppressed()) {
            if (other instanceof StepFailedException) entries.add(entry(other));
        }
        return entries;
    }

    private static Entry entry(Throwable failure) {
        String path = failure instanceof StepFailedException s ? s.stepPath() : null;
        Throwable cause = failure instanceof StepFailedException && failure.getCause() != null ? failure.getCause() : failure;
        return new Entry(path, kind(failure), cause.getClass().getSimpleName(), message(failure));
    }

    /** The most telling kind in the cause chain: a provider's error kind, else the library failure met first. */
    static String kind(Throwable failure) {
        String found = null;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ProviderException p) return p.kind().name().toLowerCase(Locale.ROOT);
            if (found == null) found = kindOf(t);
        }
        return found == null ? "step_failed" : found;
    }

    private static String kindOf(Throwable t) {
        if (t instanceof BudgetExceededException) return "budget_exceeded";
        if (t instanceof RunTimeoutException) return "timeout";
        if (t instanceof RunCancelledException) return "cancelled";
        if (t instanceof GateFailedException) return "gate_failed";
        if (t instanceof OutputFormatException) return "output_format";
        if (t instanceof AnswerRefusedException) return "answer_refused";
        if (t instanceof StepFailedException) return null; // look further down the chain
        return "error";
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
