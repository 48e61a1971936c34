package dev.devora.orchestration.openrouter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.llm.Usage;

import java.math.BigDecimal;

/**
 * Maps OpenRouter's {@code usage} object: prompt and completion tokens, {@code prompt_tokens_details.cached_tokens},
 * {@code completion_tokens_details.reasoning_tokens} and {@code cost} in USD (exact). Tolerates any missing part.
 *
 * <pre>{@code
 * Usage u = UsageMapper.map(root.get("usage")); // null when there is no usage object
 * }</pre>
 */
public final class UsageMapper {
    private UsageMapper() {
    }

    /** The usage, or null when {@code usage} is missing or not an object. */
    public static Usage map(JsonNode usage) {
        if (usage == null || !usage.isObject()) return null;
        long prompt = Json.longValue(usage, "prompt_tokens");
        long completion = Json.longValue(usage, "completion_tokens");
        long cached = Json.longValue(Json.object(usage, "prompt_tokens_details"), "cached_tokens");
        long reasoning = Json.longValue(Json.object(usage, "completion_tokens_details"), "reasoning_tokens");
        BigDecimal cost = Json.decimal(usage, "cost");
        if (cost != null && cost.signum() < 0) cost = null; // a negative cost is no cost: it would refund a budget
        return new Usage(prompt, completion, reasoning, cached, cost);
    }
}
