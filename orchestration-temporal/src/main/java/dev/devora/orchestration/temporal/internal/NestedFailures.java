package dev.devora.orchestration.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.BudgetExceededException;
import dev.devora.orchestration.GateFailedException;
import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.OutputFormatException;
import dev.devora.orchestration.OutputTruncatedException;
import dev.devora.orchestration.RunCancelledException;
import dev.devora.orchestration.RunTimeoutException;
import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.WaitTimeoutException;
import dev.devora.orchestration.llm.ProviderException;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * How the failure of a sub-workflow run in a child workflow crosses to its run's workflow: written as JSON
 * ({@link #write}), read back as the exception of the same class and message ({@link #read}), so the run's
 * {@code stateJson()} names the failure as it would in one JVM. The engine's failures are rebuilt from their fields
 * (a step's failure with its cause, a budget, a gate, a timeout, a cancellation, an output error, a provider error);
 * any other is an {@code OrchestrationException} with its message.
 *
 * <pre>{@code
 * OrchestrationException same = NestedFailures.read(NestedFailures.write(failure));
 * }</pre>
 */
final class NestedFailures {
    private NestedFailures() {
    }

    /** {@return the failure as JSON; null for none} */
    static ObjectNode write(Throwable failure) {
        if (failure == null) return null;
        ObjectNode n = LlmJson.MAPPER.createObjectNode().put("type", failure.getClass().getSimpleName())
                .put("message", failure.getMessage())
                .put("retriable", failure instanceof OrchestrationException o && o.isRetriable());
        if (failure instanceof StepFailedException s) {
            n.put("path", s.stepPath()).put("attempts", s.attempts());
        } else if (failure instanceof BudgetExceededException b) {
            n.put("limit", b.limit().name()).put("maximum", b.maximum().toPlainString())
                    .put("spent", b.spent().toPlainString());
            b.nextCall().ifPresent(c -> n.put("next_call", c.toPlainString()));
            b.step().ifPresent(s -> n.put("step", s));
        } else if (failure instanceof GateFailedException g) {
            n.put("score", g.score()).put("threshold", g.threshold());
        } else if (failure instanceof RunTimeoutException t) {
            n.put("scope", t.scope()).put("timeout", t.timeout().toString());
        } else if (failure instanceof WaitTimeoutException w) {
            n.put("request_id", w.requestId()).put("after", w.after() == null ? null : w.after().toString());
        } else if (failure instanceof OutputFormatException f) {
            n.put("last_reply", f.lastReply());
        } else if (failure instanceof OutputTruncatedException t) {
            n.put("agent", t.agent()).put("model", t.model()).put("partial_text", t.partialText());
            if (t.maxTokens() != null) n.put("max_tokens", t.maxTokens());
        } else if (failure instanceof ProviderException p) {
            n.set("provider", ActivityFailures.providerDetails(p));
        }
        if (failure.getCause() != null && failure.getCause() != failure) n.set("cause", write(failure.getCause()));
        return n;
    }

    /** {@return the failure written as {@code n}; null for none} */
    static OrchestrationException read(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        String message = n.path("message").asText(null);
        OrchestrationException cause = read(n.get("cause"));
        switch (n.path("type").asText()) {
            case "StepFailedException": {
                StepFailedException s = new StepFailedException(n.path("path").asText(), n.path("attempts").asInt(1),
                        cause);
                if (s.getMessage().equals(message) || message == null) return s;
                String prefix = new StepFailedException(n.path("path").asText(), n.path("attempts").asInt(1),
                        new OrchestrationException("")).getMessage(); // the cause's message ends it
                String ofCause = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
                return new StepFailedException(n.path("path").asText(), n.path("attempts").asInt(1),
                        new OrchestrationException(ofCause, null, cause != null && cause.isRetriable()));
            }
            case "BudgetExceededException":
                return new BudgetExceededException(BudgetExceededException.Limit.valueOf(n.path("limit").asText()),
                        new BigDecimal(n.path("maximum").asText()), new BigDecimal(n.path("spent").asText()),
                        n.hasNonNull("next_call") ? new BigDecimal(n.get("next_call").asText()) : null,
                        n.path("step").asText(null));
            case "GateFailedException":
                return new GateFailedException(message, n.path("score").asInt(), n.path("threshold").asInt());
            case "RunTimeoutException":
                return new RunTimeoutException(n.path("scope").asText(), Duration.parse(n.path("timeout").asText()));
            case "WaitTimeoutException":
                return new WaitTimeoutException(n.path("request_id").asText(),
                        n.hasNonNull("after") ? Duration.parse(n.get("after").asText()) : null);
            case "RunCancelledException":
                return new RunCancelledException(message);
            case "OutputFormatException":
                return new OutputFormatException(message, n.path("last_reply").asText(null));
            case "OutputTruncatedException":
                return new OutputTruncatedException(message, n.path("agent").asText(null), n.path("model").asText(null),
                        n.hasNonNull("max_tokens") ? n.get("max_tokens").asInt() : null,
                        n.path("partial_text").asText(null));
            case "InterruptedCallException":
                return new InterruptedCallException(message, cause);
            case "ProviderException":
                if (n.has("provider")) return ActivityFailures.provider(n.get("provider"), message);
                return new OrchestrationException(message, cause, n.path("retriable").asBoolean());
            default:
                return new OrchestrationException(message, cause, n.path("retriable").asBoolean());
        }
    }
}
