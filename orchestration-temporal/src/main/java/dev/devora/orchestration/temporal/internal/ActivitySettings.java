package dev.devora.orchestration.temporal.internal;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;

import java.time.Duration;

/**
 * The options of the interpreter's three activities: model calls, tool calls and tasks. Each bounds one attempt and
 * the attempts, and how long an attempt may go without a heartbeat ({@link Heartbeats}); a step's own timeout, when it has one, bounds one attempt of the activities it runs instead.
 *
 * <pre>{@code
 * ActivitySettings s = new ActivitySettings(ActivitySettings.options(Duration.ofMinutes(10), 3),
 *         ActivitySettings.options(Duration.ofMinutes(5), 3), ActivitySettings.options(Duration.ofMinutes(30), 3));
 * }</pre>
 *
 * @param modelCalls the model-call activity's options
 * @param toolCalls  the tool-call activity's options
 * @param tasks      the task activity's options
 */
public record ActivitySettings(ActivityOptions modelCalls, ActivityOptions toolCalls, ActivityOptions tasks) {
    /**
     * Options for a timeout of one attempt and a number of attempts, retried after 1 s, then 2 s, 4 s… (at most
     * a minute apart).
     *
     * @param timeout  how long one attempt may take (Temporal tries again, on any worker, after that)
     * @param attempts how often the activity is tried, at least 1
     * @return the options
     */
    public static ActivityOptions options(Duration timeout, int attempts) {
        return ActivityOptions.newBuilder().setStartToCloseTimeout(timeout)
                .setHeartbeatTimeout(shorter(HEARTBEAT_TIMEOUT, timeout))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(attempts)
                        .setInitialInterval(Duration.ofSeconds(1)).setMaximumInterval(Duration.ofMinutes(1)).build())
                .build();
    }

    /**
     * Options with a step's own timeout for one attempt.
     *
     * @param base        the activity's options
     * @param stepTimeout the step's timeout, or null to keep {@code base}'s
     * @return the options
     */
    static ActivityOptions bounded(ActivityOptions base, Duration stepTimeout) {
        if (stepTimeout == null) return base;
        ActivityOptions.Builder b = ActivityOptions.newBuilder(base).setStartToCloseTimeout(stepTimeout);
        if (base.getHeartbeatTimeout() != null) b.setHeartbeatTimeout(shorter(base.getHeartbeatTimeout(), stepTimeout));
        return b.build();
    }

    /**
     * Options with another heartbeat timeout (at most the attempt's timeout).
     *
     * @param base    the activity's options
     * @param timeout how long an attempt may go without a heartbeat
     * @return the options
     */
    public static ActivityOptions withHeartbeat(ActivityOptions base, Duration timeout) {
        return ActivityOptions.newBuilder(base).setHeartbeatTimeout(shorter(timeout, base.getStartToCloseTimeout()))
                .build();
    }

    /** How long an attempt may go without a heartbeat by default (a dead worker is found out after it). */
    public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

    private static Duration shorter(Duration a, Duration b) {
        return b != null && b.compareTo(a) < 0 ? b : a;
    }
}
