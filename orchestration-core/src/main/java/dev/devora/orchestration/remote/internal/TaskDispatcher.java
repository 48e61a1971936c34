package dev.devora.orchestration.remote.internal;

import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.llm.ApiKey;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Posts a task to a remote agent's endpoint with its bearer token, each request bounded by a timeout, retried by a
 * resilience4j {@link Retry} on connection errors, timeouts and 5xx answers (never on 4xx), waiting
 * {@code retryDelay} then twice as long before each new attempt. Every text it gives back (failure messages, the
 * answer's body) has the token replaced by {@code ***}. Internal: not part of the API.
 */
public final class TaskDispatcher {
    private final String agentId;
    private final URI endpoint;
    private final ApiKey token;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration retryDelay;
    private final HttpClient client;
    private final Retry retry;

    /** What the endpoint answered (2xx), its body with the token redacted. */
    public record Accepted(int status, String body) { }

    /** The task was not accepted: the retries are spent, or the endpoint refused it (4xx); the message is safe. */
    public static final class DispatchFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DispatchFailedException(String message) {
            super(message, null, false, false);
        }
    }

    /** One attempt that failed in a way that may pass on the next (connection, timeout, 5xx). */
    private static final class RetriableFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RetriableFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** Told before each new attempt. */
    public interface RetryListener {
        /**
         * An attempt failed and another is about to be made.
         *
         * @param nextAttempt the attempt about to be made (2 for the first retry)
         * @param why         why the previous one failed (safe text)
         */
        void retrying(int nextAttempt, String why);
    }

    public TaskDispatcher(String agentId, URI endpoint, ApiKey token, Duration requestTimeout, int maxAttempts,
                          Duration retryDelay, HttpClient client) {
        this.agentId = agentId;
        this.endpoint = endpoint;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.maxAttempts = maxAttempts;
        this.retryDelay = retryDelay;
        this.client = client;
        this.retry = Retry.of("remote-agent-" + agentId, RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalBiFunction((attempt, result) -> 0L) // waited below, interruptibly
                .retryOnException(e -> e instanceof RetriableFailure)
                .failAfterMaxAttempts(false)
                .build());
    }

    /**
     * Posts the JSON body until an attempt is accepted (2xx) or the attempts are spent.
     *
     * @param json     the task
     * @param listener told before each retry
     * @return the accepting answer
     * @throws DispatchFailedException  when no attempt was accepted
     * @throws InterruptedCallException when the thread was interrupted (the step's timeout, a cancellation)
     */
    public Accepted post(String json, RetryListener listener) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token.reveal())
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        Retry.Context<Accepted> context = retry.context();
        for (int n = 1; ; n++) {
            try {
                Accepted accepted = attempt(request);
                context.onComplete();
                return accepted;
            } catch (RetriableFailure e) {
                try {
                    context.onRuntimeError(e);
                } catch (RetriableFailure spent) {
                    throw new DispatchFailedException(spent.getMessage() + (n > 1 ? " (gave up after " + n
                            + " attempts)" : ""));
                }
                listener.retrying(n + 1, e.getMessage());
                sleep(retryDelay.multipliedBy(1L << Math.min(n - 1, 16)));
            }
        }
    }

    private Accepted attempt(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new RetriableFailure("no answer from " + where() + " within " + human(requestTimeout));
        } catch (IOException e) {
            throw new RetriableFailure("cannot reach " + where() + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedCallException("interrupted while dispatching a task to remote agent '" + agentId
                    + "'", e);
        }
        int status = response.statusCode();
        String body = redact(response.body());
        if (status >= 200 && status < 300) return new Accepted(status, body);
        String why = "HTTP " + status + " from " + where() + (body.isBlank() ? "" : ": " + bounded(body));
        if (status >= 500) throw new RetriableFailure(why);
        throw new DispatchFailedException(why + " (not retried)");
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedCallException("interrupted while waiting to dispatch a task to remote agent '"
                    + agentId + "' again", e);
        }
    }

    /** The endpoint without its query and user info, which could carry credentials. */
    private String where() {
        return endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort())
                + (endpoint.getRawPath() == null ? "" : endpoint.getRawPath());
    }

    /**
     * The text with every occurrence of the token replaced by {@code ***}.
     *
     * @param text any text from the remote; may be null
     * @return the redacted text ("" for null)
     */
    public String redact(String text) {
        return text == null ? "" : text.replace(token.reveal(), "***");
    }

    /** At most 300 characters of a remote's text, redacted. */
    public String bounded(String text) {
        String t = redact(text).strip();
        return t.length() <= 300 ? t : t.substring(0, 300) + "…";
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** @return how many attempts a dispatch makes at most */
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public String toString() {
        return "TaskDispatcher[" + agentId + " -> " + where() + ", token ***]";
    }
}
