package dev.devora.orchestration;

/**
 * A step failed for good: its failure was not retriable, or every attempt failed. Names the step path, the
 * number of attempts and the cause.
 *
 * <pre>{@code
 * // "Step 'draft' failed after 3 attempts: rate limited by openai/gpt-5-mini (retry after 20 s)"
 * if (result.failure().orElse(null) instanceof StepFailedException f) {
 *     System.err.println(f.stepPath() + " after " + f.attempts() + " attempts: " + f.getCause().getMessage());
 * }
 * }</pre>
 */
public class StepFailedException extends OrchestrationException {
    private static final long serialVersionUID = 1L;

    private final String stepPath;
    private final int attempts;

    public StepFailedException(String stepPath, int attempts, Throwable cause) {
        super("Step '" + stepPath + "' failed after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ")
                + (cause == null ? "unknown cause" : messageOf(cause)), cause, false);
        this.stepPath = stepPath;
        this.attempts = attempts;
    }

    /** Path of the failed step, e.g. {@code review/critique/security}. */
    public String stepPath() {
        return stepPath;
    }

    /** How many times the step was tried. */
    public int attempts() {
        return attempts;
    }

    private static String messageOf(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
