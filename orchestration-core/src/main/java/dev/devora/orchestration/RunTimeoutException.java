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

    private final String scope;
    private final Duration timeout;

    /** @param scope {@code "run"} or the path of the step whose timeout fired */
    public RunTimeoutException(String scope, Duration timeout) {
        super(("run".equals(scope) ? "Run" : "Step '" + scope + "'") + " timed out after " + format(timeout), null, false);
        this.scope = scope;
        this.timeout = timeout;
    }

    /** {@code "run"} or the path of the step whose timeout fired. */
    public String scope() {
        return scope;
    }

    public Duration timeout() {
        return timeout;
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
