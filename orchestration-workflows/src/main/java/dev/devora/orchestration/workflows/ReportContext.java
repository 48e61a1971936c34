package dev.devora.orchestration.workflows;

import java.time.Instant;

/**
 * What a run's report needs beyond its {@code WorkflowResult}: when the run started and finished (the result
 * keeps only its duration), and whether the provider was a simulation, so that the report says its costs are fake.
 *
 * <pre>{@code
 * Instant started = Instant.now();
 * WorkflowResult result = api.run(input);
 * JsonNode report = api.report(result, new ReportContext(started, Instant.now(), false));
 * }</pre>
 *
 * @param startedAt  when the run started; or null when not known (reported as null)
 * @param finishedAt when it finished; or null when not known
 * @param simulated  whether no real model was called (the report's {@code costs} is then {@code simulated})
 */
public record ReportContext(Instant startedAt, Instant finishedAt, boolean simulated) {
    /** No timestamps, real provider. */
    public static final ReportContext NONE = new ReportContext(null, null, false);

    /**
     * Checks that the run did not finish before it started.
     *
     * @param startedAt  when the run started; or null
     * @param finishedAt when it finished; or null
     * @param simulated  whether no real model was called
     */
    public ReportContext {
        if (startedAt != null && finishedAt != null && finishedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("finishedAt must not be before startedAt, were " + finishedAt + " and " + startedAt);
        }
    }
}
