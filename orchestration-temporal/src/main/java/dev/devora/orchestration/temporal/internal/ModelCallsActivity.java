package dev.devora.orchestration.temporal.internal;

import dev.devora.orchestration.llm.LlmProvider;

import java.util.Map;
import java.util.Objects;

/**
 * The worker's model-call activity: looks the provider up by name among those registered with the worker and sends
 * the request, heartbeating meanwhile ({@link Heartbeats}: a cancelled call is interrupted on the worker). An unknown
 * provider fails the call for good (no retry can fix a worker's configuration); a provider
 * error fails this attempt, retryable by Temporal when the error is retriable ({@link ActivityFailures}).
 *
 * <pre>{@code
 * worker.registerActivitiesImplementations(new ModelCallsActivity(Map.of(llm.name(), llm)));
 * }</pre>
 */
public final class ModelCallsActivity implements ModelCalls {
    private final Map<String, LlmProvider> providers;

    /**
     * The activity over these providers.
     *
     * @param providers provider name → provider
     */
    public ModelCallsActivity(Map<String, LlmProvider> providers) {
        this.providers = Map.copyOf(Objects.requireNonNull(providers, "providers"));
    }

    @Override
    public String complete(ModelCall call) {
        LlmProvider provider = Registered.provider(providers, call.provider());
        return Heartbeats.whileRunning(() -> {
            try {
                return LlmJson.write(provider.complete(LlmJson.request(call.request())));
            } catch (RuntimeException e) { // a retriable provider error is retried by Temporal, within bounded attempts
                throw ActivityFailures.toFailure(e);
            }
        });
    }
}
