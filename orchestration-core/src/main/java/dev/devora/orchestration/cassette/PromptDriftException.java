package dev.devora.orchestration.cassette;

import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;

/**
 * A replayed workflow made a model call that its cassette does not hold: the prompt (or another field that changes
 * the answer) drifted from the recorded one, the step makes more calls than were recorded, or nothing was recorded
 * at the step. Its message names the step path and shows a line diff of the nearest recorded request at that step
 * against the actual one. It is a non-retriable {@link ProviderException} of kind
 * {@link ProviderErrorKind#INVALID_REQUEST}, so the engine fails the step at once (no retry) and the run's
 * {@code result.failure()} carries it as the cause of a {@code StepFailedException}; the engine's log line names it
 * by kind only, the diff (which quotes prompts) stays in the failure.
 *
 * <pre>{@code
 * WorkflowResult result = engine.run(workflow, input);
 * if (result.failure().map(Throwable::getCause).orElse(null) instanceof PromptDriftException drift) {
 *     System.err.println(drift.stepPath() + " drifted:\n" + drift.diff());
 *     // --- recorded
 *     // +++ actual
 *     //   [user]
 *     // - Summarise the report.
 *     // + Summarise the report in French.
 * }
 * }</pre>
 */
public final class PromptDriftException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /** The path of the step whose call was not recorded. */
    private final String stepPath;
    /** The line diff, or the explanation when there is nothing to compare with. */
    private final String diff;

    /**
     * Creates the exception.
     *
     * @param stepPath    the path of the step making the call ("" outside any step)
     * @param explanation what was found at that step, e.g. {@code "no call was recorded at step 'draft'"}
     * @param diff        the line diff of the nearest recorded request against the actual one; or "" when none
     */
    PromptDriftException(String stepPath, String explanation, String diff) {
        super(ProviderException.builder(ProviderErrorKind.INVALID_REQUEST,
                "prompt drift: " + explanation + (diff.isEmpty() ? "" : "\n" + diff)).retriable(false));
        this.stepPath = stepPath;
        this.diff = diff;
    }

    /**
     * The path of the step whose call is not in the cassette.
     *
     * @return the step path, e.g. {@code review/critique/security}; "" for a call made outside any step
     */
    public String stepPath() {
        return stepPath;
    }

    /**
     * The line diff of the nearest recorded request at the step ({@code -} lines) against the actual one
     * ({@code +} lines), with two lines of context, long lines and long diffs abbreviated.
     *
     * @return the diff; "" when nothing was recorded at the step
     */
    public String diff() {
        return diff;
    }
}
