package dev.devora.orchestration.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The one shared, immutable Jackson mapper and the lenient parsing of model replies. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /**
     * The deepest JSON reply of a model that is used (the parser alone accepts 1,000 levels): with the levels a run's
     * state puts around outputs, anything deeper could not be written back by {@code stateJson()}.
     */
    public static final int MAX_REPLY_DEPTH = 500;
    /**
     * The deepest JSON a leaf step (agent, task, router) may produce: as deep as a model's reply may be, so that the
     * steps around it (a parallel step nests its branches' outputs one level deeper, at most
     * {@code Workflow.MAX_DEPTH} times) stay within {@link #MAX_STORED_DEPTH}.
     */
    public static final int MAX_LEAF_OUTPUT_DEPTH = MAX_REPLY_DEPTH;
    /**
     * The deepest JSON the run's state holds as any step's output (parallel, sub-workflow…) or as its deliverables:
     * far enough below the JSON writer's limit of 1,000 for the levels {@code stateJson()} puts around them.
     */
    public static final int MAX_STORED_DEPTH = 900;

    private Json() {
    }

    /**
     * Parses a model's reply as JSON, tolerating what models add around it: surrounding whitespace, a Markdown
     * code fence, a sentence before the first brace. Throws {@link JsonProcessingException} with Jackson's
     * location when the JSON itself is invalid.
     */
    public static JsonNode parseReply(String reply) throws JsonProcessingException {
        String text = reply == null ? "" : reply.strip();
        if (text.startsWith("```")) {
            int firstNewline = text.indexOf('\n');
            int closingFence = text.lastIndexOf("```");
            if (firstNewline > 0 && closingFence > firstNewline) {
                text = text.substring(firstNewline + 1, closingFence).strip();
            }
        }
        if (!text.isEmpty() && text.charAt(0) != '{' && text.charAt(0) != '[') {
            int brace = text.indexOf('{');
            int end = text.lastIndexOf('}');
            if (brace >= 0 && end > brace) text = text.substring(brace, end + 1);
        }
        if (text.isEmpty()) {
            throw new JsonProcessingException("the reply is empty, expected a JSON object") { };
        }
        return MAPPER.readTree(text);
    }

    /**
     * Whether lists and objects nest more than {@code maxDepth} levels in {@code node} (itself included). Recurses at
     * most {@code maxDepth + 1} frames deep, however deep the tree, and allocates nothing but the containers'
     * iterators (it runs on every stored output).
     */
    public static boolean nestedDeeperThan(JsonNode node, int maxDepth) {
        return node != null && node.isContainerNode() && containerDeeperThan(node, 1, maxDepth);
    }

    private static boolean containerDeeperThan(JsonNode container, int depth, int maxDepth) {
        if (depth > maxDepth) return true;
        for (JsonNode child : container) {
            if (child.isContainerNode() && containerDeeperThan(child, depth + 1, maxDepth)) return true;
        }
        return false;
    }

    /** Compact JSON text of a tree. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON tree", e);
        }
    }

    /** Indented JSON text of a tree. */
    public static String writePretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON tree", e);
        }
    }

    /**
     * A copy with object keys sorted and numbers in one form (integers as integers, others as doubles), so that the
     * same value written another way (a cassette's request form read back from a file, a tool call's arguments asked
     * again with other spacing or key order) gives the same bytes. Recursive, as deep as the tree: a tree read by
     * the parser is bounded by its nesting limit.
     */
    public static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode sorted = NODES.objectNode();
            java.util.List<String> names = new java.util.ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) sorted.set(name, canonical(node.get(name)));
            return sorted;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode array = NODES.arrayNode();
            for (JsonNode child : node) array.add(canonical(child));
            return array;
        }
        if (node.isIntegralNumber()) return NODES.numberNode(node.bigIntegerValue());
        if (node.isNumber()) return NODES.numberNode(node.doubleValue());
        return node;
    }
}
