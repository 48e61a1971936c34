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

    /** Path of the failed step. */
    private final String stepPath;
    /** How many times the step was tried. */
    private final int attempts;

    /**
     * Creates the exception; its message names the step, the attempts and the cause's message.
     *
     * @param stepPath the path of the failed step, e.g. {@code review/critique/security}
     * @param attempts how many times the step was tried (1 when the failure was not retriable)
     * @param cause    the last attempt's failure; may be null
     */
    public StepFailedException(String stepPath, int attempts, Throwable cause) {
        super("Step '" + stepPath + "' failed after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ")
                + (cause == null ? "unknown cause" : messageOf(cause)), cause, false);
        this.stepPath = stepPath;
        this.attempts = attempts;
    }

    /**
     * Path of the failed step, e.g. {@code review/critique/security}.
     *
     * @return the step path
     */
    public String stepPath() {
        return stepPath;
    }

    /**
     * How many times the step was tried.
     *
     * @return the number of attempts, at least 1
     */
    public int attempts() {
        return attempts;
    }

    private static String messageOf(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
