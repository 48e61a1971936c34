package dev.devora.orchestration;

/**
 * The run store has no run with this id (never started there, or purged).
 *
 * <pre>{@code
 * try {
 *     engine.resume(workflow, "3f2a…");
 * } catch (RunNotFoundException e) {
 *     System.err.println(e.getMessage()); // no stored run '3f2a…' in InMemoryRunStore[…]
 * }
 * }</pre>
 */
public class RunNotFoundException extends OrchestrationException {
    private static final long serialVersionUID = 1L;
    /** The id asked for. */
    private final String runId;

    /**
     * A missing run.
     *
     * @param runId the id asked for
     * @param store the store asked, as text
     */
    public RunNotFoundException(String runId, String store) {
        super("no stored run '" + runId + "' in " + store);
        this.runId = runId;
    }

    /**
     * The id asked for.
     *
     * @return the run id
     */
    public String runId() {
        return runId;
    }
}
