package dev.devora.orchestration.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.tool.ToolFatalException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;

import java.time.Duration;

/**
 * How a failure crosses an activity, with one retry owner per layer. On the worker ({@link #toFailure}) a retriable
 * provider error is a retryable failure, so Temporal tries the model call again within the activity's bounded
 * attempts (after the server's {@code Retry-After} when it gave one; an open circuit breaker is one of these); every
 * other failure is non-retryable, since a task's or a tool's failure is the interpreter's to retry by the step's
 * policy. In the workflow ({@link #toException}) the failure becomes the exception the interpreter would have seen
 * in one JVM, same kind and same message, but a provider error is no longer retriable: its attempts are spent.
 *
 * <pre>{@code
 * try { return provider.complete(request); } catch (RuntimeException e) { throw ActivityFailures.toFailure(e); }
 * }</pre>
 */
public final class ActivityFailures {
    static final String PROVIDER = "ProviderException";
    static final String TOOL_FATAL = "ToolFatalException";
    static final String ORCHESTRATION = "OrchestrationException";

    private ActivityFailures() {
    }

    /**
     * The failure an activity throws for what its work threw.
     *
     * @param e what the provider, tool or task threw
     * @return the failure to throw from the activity
     */
    public static ApplicationFailure toFailure(RuntimeException e) {
        if (e instanceof ApplicationFailure a) return a;
        if (e instanceof ProviderException p) {
            ObjectNode d = providerDetails(p);
            ApplicationFailure.Builder f = ApplicationFailure.newBuilder().setType(PROVIDER).setMessage(p.getMessage())
                    .setDetails(d.toString()).setNonRetryable(!p.isRetriable());
            p.retryAfter().ifPresent(f::setNextRetryDelay);
            return f.build();
        }
        if (e instanceof ToolFatalException) {
            return ApplicationFailure.newBuilder().setType(TOOL_FATAL).setMessage(e.getMessage()).setNonRetryable(true)
                    .build();
        }
        boolean retriable = e instanceof OrchestrationException o && o.isRetriable();
        // the message a step's failure shows for its cause in one JVM (StepFailedException): the class only if blank
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getMessage();
        return ApplicationFailure.newBuilder().setType(ORCHESTRATION).setMessage(message)
                .setDetails(LlmJson.MAPPER.createObjectNode().put("retriable", retriable)
                        .put("class", e.getClass().getName()).toString())
                .setNonRetryable(true).build();
    }

    /**
     * The exception the interpreter gets for a failed activity: the provider error, fatal tool failure or task
     * failure the worker reported, or for a timeout (every attempt took too long) {@code timedOut}'s.
     *
     * @param f        the activity's failure
     * @param timedOut the exception for a timeout, given what timed out
     * @return the exception to throw in the workflow
     * @throws CanceledFailure when the activity was cancelled with the workflow: that goes through the interpreter
     */
    public static RuntimeException toException(ActivityFailure f,
                                               java.util.function.Function<String, RuntimeException> timedOut) {
        Throwable cause = f.getCause();
        if (cause instanceof CanceledFailure c) throw c;
        if (cause instanceof TimeoutFailure t) {
            return timedOut.apply(t.getTimeoutType().name().toLowerCase(java.util.Locale.ROOT).replace("timeout_type_", "")
                    .replace('_', '-') + " timeout of activity " + f.getActivityType());
        }
        if (!(cause instanceof ApplicationFailure a)) {
            return new OrchestrationException("activity " + f.getActivityType() + " failed: "
                    + (cause == null ? f.getOriginalMessage() : cause.getMessage()), f, false);
        }
        String message = a.getOriginalMessage();
        JsonNode d = details(a);
        switch (String.valueOf(a.getType())) {
            case PROVIDER:
                return provider(d, message);
            case TOOL_FATAL:
                return new ToolFatalException(message);
            case ORCHESTRATION:
                return new OrchestrationException(message, null, d.path("retriable").asBoolean(false));
            default:
                return new OrchestrationException(message, null, false);
        }
    }

    /** {@return a provider error's fields as JSON, all but its attempts: what {@link #provider} rebuilds it from} */
    static ObjectNode providerDetails(ProviderException p) {
        ObjectNode d = LlmJson.MAPPER.createObjectNode().put("kind", p.kind().name())
                .put("message", p.providerMessage()).put("retriable", p.isRetriable());
        p.httpStatus().ifPresent(s -> d.put("http_status", s));
        p.model().ifPresent(m -> d.put("model", m));
        p.upstreamProvider().ifPresent(u -> d.put("upstream_provider", u));
        p.requestId().ifPresent(r -> d.put("request_id", r));
        p.partialText().ifPresent(t -> d.put("partial_text", t));
        p.rawDetail().ifPresent(r -> d.put("raw_detail", r));
        p.retryAfter().ifPresent(r -> d.put("retry_after_ms", r.toMillis()));
        return d;
    }

    /** {@return the provider error of these fields, no longer retriable (its attempts are spent)} */
    static ProviderException provider(JsonNode d, String message) {
        ProviderException.Builder b = ProviderException.builder(kind(d.path("kind").asText()),
                d.path("message").isMissingNode() ? message : d.path("message").asText(null)).retriable(false);
        if (d.has("http_status")) b.httpStatus(d.get("http_status").asInt());
        if (d.has("model")) b.model(d.get("model").asText());
        if (d.has("upstream_provider")) b.upstreamProvider(d.get("upstream_provider").asText());
        if (d.has("request_id")) b.requestId(d.get("request_id").asText());
        if (d.has("partial_text")) b.partialText(d.get("partial_text").asText());
        if (d.has("raw_detail")) b.rawDetail(d.get("raw_detail").asText());
        if (d.has("retry_after_ms")) b.retryAfter(Duration.ofMillis(d.get("retry_after_ms").asLong()));
        return b.build();
    }

    private static JsonNode details(ApplicationFailure a) {
        try {
            if (a.getDetails() == null || a.getDetails().getSize() == 0) return LlmJson.MAPPER.createObjectNode();
            return LlmJson.MAPPER.readTree(a.getDetails().get(String.class));
        } catch (RuntimeException | java.io.IOException e) {
            return LlmJson.MAPPER.createObjectNode();
        }
    }

    private static ProviderErrorKind kind(String name) {
        try {
            return ProviderErrorKind.valueOf(name);
        } catch (IllegalArgumentException e) {
            return ProviderErrorKind.UNKNOWN;
        }
    }
}
