package dev.devora.orchestration.openrouter;

import dev.devora.orchestration.llm.ApiKey;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The validated, immutable configuration of an {@link OpenRouterProvider}, built by {@link OpenRouterProvider#builder()}.
 * Its {@code toString()} shows {@code ApiKey[redacted]}, never the key.
 *
 * <pre>{@code
 * OpenRouterConfig config = provider.config();
 * OpenRouterProvider patient = config.toBuilder().requestTimeout(Duration.ofMinutes(20)).build();
 * }</pre>
 *
 * @param apiKey          the API key (redacted in {@code toString()})
 * @param baseUrl         the API root without a trailing slash; default {@code https://openrouter.ai/api/v1}
 * @param defaultModel    the model used when a request names none; or null to let the server choose
 * @param appUrl          sent as {@code HTTP-Referer} for app attribution; or null
 * @param appTitle        sent as {@code X-OpenRouter-Title} and legacy {@code X-Title}; or null
 * @param connectTimeout  TCP/TLS connect timeout (used when the provider builds its own HTTP client)
 * @param requestTimeout  the longest one attempt may take, headers and whole body (or stream) included
 * @param retry           retry policy
 * @param circuitBreaker  per-model circuit breaker policy
 * @param routing         provider routing preferences sent with every request
 * @param sessionPerRun   whether each call is sent with the engine's run id as OpenRouter's {@code session_id}, which
 *                        groups a workflow run's calls in OpenRouter's activity and routes them stickily to the same
 *                        provider (for prompt-cache hits)
 * @param catalogTtl      how long the model catalogue is cached
 * @param httpClient      the HTTP client to use; or null to build one
 * @param executor        the executor for a client the provider builds; or null for the JDK default
 * @param sleeper         waits between retries
 * @param clock           time source for retry dates, catalogue TTL
 * @param requestHeaders  headers added to each request, asked as it is built on the calling thread (a trace
 *                        context); or null for none
 */
public record OpenRouterConfig(ApiKey apiKey, URI baseUrl, String defaultModel, String appUrl, String appTitle,
                               Duration connectTimeout, Duration requestTimeout, RetrySettings retry,
                               CircuitBreakerSettings circuitBreaker, ProviderRouting routing, boolean sessionPerRun,
                               Duration catalogTtl,
                               HttpClient httpClient, Executor executor, Sleeper sleeper, Clock clock,
                               java.util.function.Supplier<java.util.Map<String, String>> requestHeaders) {

    /** OpenRouter's API root. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://openrouter.ai/api/v1");

    /** {@return a builder holding this configuration, to make a variant} */
    public OpenRouterProvider.Builder toBuilder() {
        return OpenRouterProvider.builder().apiKey(apiKey).baseUrl(baseUrl).defaultModel(defaultModel)
                .appUrl(appUrl).appTitle(appTitle).connectTimeout(connectTimeout).requestTimeout(requestTimeout)
                .retry(retry).circuitBreaker(circuitBreaker).routing(routing).sessionPerRun(sessionPerRun)
                .catalogTtl(catalogTtl)
                .httpClient(httpClient).executor(executor).sleeper(sleeper).clock(clock).requestHeaders(requestHeaders);
    }
}
