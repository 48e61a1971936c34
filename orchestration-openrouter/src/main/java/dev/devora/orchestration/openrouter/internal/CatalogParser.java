package dev.devora.orchestration.openrouter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.openrouter.GenerationInfo;
import dev.devora.orchestration.openrouter.KeyInfo;
import dev.devora.orchestration.openrouter.ModelInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code GET /models}, {@code GET /key} and {@code GET /generation} documents. Prices are decimal strings in USD per token and become
 * exact {@link java.math.BigDecimal}s; entries without an id are skipped.
 *
 * <pre>{@code
 * List<ModelInfo> models = CatalogParser.models(chat.get("/models", timeout));
 * }</pre>
 */
public final class CatalogParser {
    private CatalogParser() {
    }

    public static List<ModelInfo> models(JsonNode root) {
        List<ModelInfo> out = new ArrayList<>();
        JsonNode data = Json.array(root, "data");
        if (data == null) return out;
        for (JsonNode m : data) {
            String id = Json.text(m, "id");
            if (id == null) continue;
            JsonNode pricing = Json.object(m, "pricing");
            JsonNode top = Json.object(m, "top_provider");
            List<String> params = new ArrayList<>();
            JsonNode sp = Json.array(m, "supported_parameters");
            if (sp != null) sp.forEach(p -> { if (p.isTextual()) params.add(p.asText()); });
            out.add(new ModelInfo(id, Json.text(m, "name"), integer(m, "context_length"),
                    integer(top, "max_completion_tokens"),
                    Json.decimal(pricing, "prompt"), Json.decimal(pricing, "completion"),
                    Json.decimal(pricing, "request"), Json.decimal(pricing, "image"),
                    Json.decimal(pricing, "input_cache_read"), params));
        }
        return out;
    }

    public static KeyInfo key(JsonNode root) {
        JsonNode data = Json.object(root, "data");
        if (data == null) data = root;
        return new KeyInfo(Json.text(data, "label"), Json.decimal(data, "limit"), Json.decimal(data, "limit_remaining"),
                Json.decimal(data, "usage"), data.path("is_free_tier").asBoolean(false));
    }

    public static GenerationInfo generation(JsonNode root) {
        JsonNode d = Json.object(root, "data");
        if (d == null) d = root;
        return new GenerationInfo(Json.text(d, "id"), Json.text(d, "model"), Json.text(d, "provider_name"),
                Json.decimal(d, "total_cost"), Json.longValue(d, "native_tokens_prompt"),
                Json.longValue(d, "native_tokens_completion"), Json.longValue(d, "native_tokens_reasoning"),
                Json.longValue(d, "native_tokens_cached"), Json.text(d, "finish_reason"),
                Json.text(d, "native_finish_reason"), longOrNull(d, "latency"), longOrNull(d, "generation_time"),
                d.path("streamed").asBoolean(false), d.path("cancelled").asBoolean(false));
    }

    private static Long longOrNull(JsonNode node, String field) {
        if (node == null || !node.hasNonNull(field) || !node.get(field).isNumber()) return null;
        return node.get(field).asLong();
    }

    private static Integer integer(JsonNode node, String field) {
        if (node == null || !node.hasNonNull(field) || !node.get(field).canConvertToInt()) return null;
        return node.get(field).asInt();
    }
}
