package dev.devora.orchestration;

import java.time.Duration;

/**
 * A run, or one step of it, ran longer than its timeout. Running branches are interrupted (in-flight HTTP calls
 * aborted) and every output finished so far stays in the result.
 *
 * <pre>{@code
 * engine.run(workflow, input, RunOptions.builder().timeout(Duration.ofMinutes(5)).build());
 * Steps.agent("draft", architect).prompt("...").timeout(Duration.ofSeconds(90));
 * }</pre>
 */
public class RunTimeoutException extends OrchestrationException {
    private static final long serialVersionUID = 1L;

    /** {@code "run"} or the path of the step whose timeout fired. */
    private final String scope;
    /** The timeout that fired. */
    private final Duration timeout;

    /**
     * Creates the exception; its message names the scope and the timeout.
     *
     * @param scope   {@code "run"} or the path of the step whose timeout fired
     * @param timeout the timeout that fired
     */
    public RunTimeoutException(String scope, Duration timeout) {
        super(("run".equals(scope) ? "Run" : "Step '" + scope + "'") + " timed out after " + format(timeout), null, false);
        this.scope = scope;
        this.timeout = timeout;
    }

    /**
     * Which timeout fired.
     *
     * @return {@code "run"} or the path of the step whose timeout fired
     */
    public String scope() {
        return scope;
    }

    /**
     * The timeout that fired.
     *
     * @return the run's or the step's configured timeout
     */
    public Duration timeout() {
        return timeout;
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
