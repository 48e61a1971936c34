package dev.devora.orchestration.openrouter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.llm.ToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds {@link ToolCall}s from whole calls (non-streaming) or from streamed fragments. Fragments are grouped by
 * {@code index}; when a fragment has no index it is matched by {@code id}, else appended to the last call; a new
 * id arriving at an index already held by another id starts a new call (providers with unreliable indexes).
 * {@code arguments} fragments are concatenated; missing arguments become {@code "{}"}; a missing or blank id is
 * replaced by {@code call_<n>} so the tool reply can still refer to it; calls without a name are dropped.
 *
 * <pre>{@code
 * ToolCallAssembler calls = new ToolCallAssembler();
 * for (JsonNode delta : deltas) calls.addFragments(delta.get("tool_calls"));
 * List<ToolCall> done = calls.build();
 * }</pre>
 */
public final class ToolCallAssembler {
    private final TreeMap<Integer, Partial> calls = new TreeMap<>();
    private int lastIndex = -1;

    private static final class Partial {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    /** Adds a {@code tool_calls} array of whole calls or fragments; ignores anything that is not an array. */
    public void addFragments(JsonNode toolCalls) {
        if (toolCalls == null || !toolCalls.isArray()) return;
        int position = 0;
        for (JsonNode call : toolCalls) {
            if (call == null || !call.isObject()) continue;
            String id = Json.text(call, "id");
            Integer index = call.has("index") && call.get("index").canConvertToInt() ? call.get("index").asInt() : null;
            if (index == null && id != null) index = indexOfId(id);
            if (index == null) index = calls.isEmpty() ? position : (id != null ? nextIndex() : lastIndex);
            Partial existing = calls.get(index);
            if (existing != null && id != null && !id.isBlank() && existing.id != null && !existing.id.equals(id)) {
                // an unreliable index: a new id at an index already taken starts a new call
                Integer known = indexOfId(id);
                index = known != null ? known : nextIndex();
            }
            position++;
            Partial p = calls.computeIfAbsent(index, i -> new Partial());
            lastIndex = index;
            if (id != null && !id.isBlank() && p.id == null) p.id = id;
            JsonNode function = Json.object(call, "function");
            String name = Json.text(function, "name");
            if (name != null && !name.isEmpty()) {
                if (p.name == null) p.name = name;
                else if (!p.name.equals(name)) p.name = p.name + name; // some servers stream the name in pieces
            }
            JsonNode args = function == null ? null : function.get("arguments");
            if (args != null && !args.isNull()) p.arguments.append(args.isTextual() ? args.asText() : args.toString());
        }
    }

    private int nextIndex() {
        return calls.isEmpty() ? 0 : calls.lastKey() + 1;
    }

    private Integer indexOfId(String id) {
        for (Map.Entry<Integer, Partial> e : calls.entrySet()) {
            if (id.equals(e.getValue().id)) return e.getKey();
        }
        return null;
    }

    /**
     * Whole calls of a non-streaming message, taken in array order: their {@code index}, when present, is not
     * trusted, so two calls that both say {@code "index":0} stay two calls.
     */
    public static List<ToolCall> whole(JsonNode toolCalls) {
        ToolCallAssembler a = new ToolCallAssembler();
        if (toolCalls == null || !toolCalls.isArray()) return List.of();
        int i = 0;
        for (JsonNode call : toolCalls) {
            if (call == null || !call.isObject()) continue;
            com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) call).deepCopy();
            copy.put("index", i++);
            a.addFragments(Json.MAPPER.createArrayNode().add(copy));
        }
        return a.build();
    }

    /** Whether any call has been seen. */
    public boolean isEmpty() {
        return calls.isEmpty();
    }

    /** The calls in index order. */
    public List<ToolCall> build() {
        List<ToolCall> out = new ArrayList<>();
        int n = 0;
        for (Partial p : calls.values()) {
            n++;
            if (p.name == null) continue;
            String id = p.id == null || p.id.isBlank() ? "call_" + n : p.id;
            out.add(new ToolCall(id, p.name, p.arguments.toString()));
        }
        return out;
    }
}
