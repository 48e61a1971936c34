package dev.devora.orchestration.cassette.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.cassette.Cassette;
import dev.devora.orchestration.cassette.CassetteFileException;
import dev.devora.orchestration.cassette.Interaction;
import dev.devora.orchestration.llm.FinishReason;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ModelPrice;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.Usage;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cassette file format, version {@link Cassette#FORMAT}: writes a cassette as pretty-printed JSON and reads it
 * back, reporting the first wrong field with the file, its JSON path and its value. Numbers are read exactly
 * (costs keep every digit; a JSON answer keeps the number nodes the provider gave); fields this version does not
 * know are ignored.
 */
public final class CassetteCodec {
    /** Reads decimals exactly and keeps their trailing zeros, so a value read back writes the same text. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Two-space indents and {@code \n} line ends on every platform, {@code "key": value}. */
    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter(
                    Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private CassetteCodec() {
    }

    /** The file's text: pretty-printed JSON and a final newline. */
    public static String write(Cassette cassette) {
        ObjectNode root = NODES.objectNode().put("format", Cassette.FORMAT);
        if (!cassette.prices().isEmpty() || !cassette.contextLengths().isEmpty()) {
            ObjectNode models = root.putObject("models");
            TreeMap<String, ObjectNode> byModel = new TreeMap<>();
            cassette.prices().forEach((model, price) -> byModel.computeIfAbsent(model, m -> NODES.objectNode())
                    .set("price", NODES.objectNode().put("model", price.model())
                            .put("promptPerToken", price.promptPerToken())
                            .put("completionPerToken", price.completionPerToken())));
            cassette.contextLengths().forEach((model, tokens) -> byModel.computeIfAbsent(model,
                    m -> NODES.objectNode()).put("contextLength", tokens));
            byModel.forEach(models::set);
        }
        ArrayNode interactions = root.putArray("interactions");
        for (Interaction i : cassette.interactions()) {
            ObjectNode node = interactions.addObject().put("stepPath", i.stepPath());
            if (i.agent() != null) node.put("agent", i.agent());
            node.put("fingerprint", i.fingerprint());
            node.set("request", i.request());
            node.set("response", response(i.response()));
        }
        try {
            return PRETTY.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a cassette", e);
        }
    }

    /** Compact JSON text of a node, for messages and diffs. */
    static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static ObjectNode response(LlmResponse r) {
        ObjectNode node = NODES.objectNode();
        node.set("text", RequestForm.textLines(r.text()));
        if (r.json() != null) node.set("json", r.json());
        if (!r.toolCalls().isEmpty()) node.set("toolCalls", RequestForm.toolCalls(r.toolCalls()));
        node.put("finishReason", r.finishReason().name());
        if (r.nativeFinishReason() != null) node.put("nativeFinishReason", r.nativeFinishReason());
        if (r.reasoning() != null) node.set("reasoning", RequestForm.textLines(r.reasoning()));
        if (r.reasoningDetails() != null) node.set("reasoningDetails", r.reasoningDetails());
        if (r.model() != null) node.put("model", r.model());
        if (r.upstreamProvider() != null) node.put("upstreamProvider", r.upstreamProvider());
        Usage u = r.usage();
        ObjectNode usage = node.putObject("usage").put("promptTokens", u.promptTokens())
                .put("completionTokens", u.completionTokens()).put("reasoningTokens", u.reasoningTokens())
                .put("cachedTokens", u.cachedTokens());
        if (u.costUsd() != null) usage.put("costUsd", u.costUsd());
        if (u.estimatedCostUsd() != null) usage.put("estimatedCostUsd", u.estimatedCostUsd());
        return node;
    }

    /**
     * Reads a cassette from a file's bytes.
     *
     * @throws CassetteFileException naming {@code file}, the JSON path and the value of the first problem
     */
    public static Cassette read(Path file, byte[] bytes) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            String where = e instanceof JsonProcessingException p && p.getLocation() != null
                    ? " at line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr() : "";
            String why = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.toString();
            throw new CassetteFileException(file, null, "is not JSON" + where + ": " + why, null, e);
        }
        if (root == null || root.isMissingNode()) {
            throw new CassetteFileException(file, null, "is empty, expected a cassette (a JSON object)", null, null);
        }
        Fields in = new Fields(file);
        Fields.At top = Fields.At.root(root);
        in.object(top);
        Fields.At format = top.field("format");
        if (!format.present() || !format.node().isIntegralNumber() || format.node().asLong() != Cassette.FORMAT) {
            throw in.problem(format, "must be " + Cassette.FORMAT + " (the cassette format this library reads)");
        }
        Map<String, ModelPrice> prices = new TreeMap<>();
        Map<String, Integer> contextLengths = new TreeMap<>();
        Fields.At models = top.field("models");
        if (models.present()) {
            in.object(models);
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) models.node()::fields) {
                Fields.At model = models.field(e.getKey());
                in.object(model);
                Fields.At price = model.field("price");
                if (price.present()) {
                    in.object(price);
                    prices.put(e.getKey(), new ModelPrice(in.text(price.field("model"), true),
                            in.amount(price.field("promptPerToken"), true),
                            in.amount(price.field("completionPerToken"), true)));
                }
                Fields.At context = model.field("contextLength");
                if (context.present()) contextLengths.put(e.getKey(), (int) in.count(context, 1, Integer.MAX_VALUE));
            }
        }
        Fields.At list = top.field("interactions");
        in.array(list);
        List<Interaction> interactions = new ArrayList<>();
        for (int i = 0; i < list.node().size(); i++) interactions.add(interaction(in, list.index(i)));
        return Cassette.of(interactions, prices, contextLengths);
    }

    private static Interaction interaction(Fields in, Fields.At at) {
        in.object(at);
        String stepPath = in.text(at.field("stepPath"), true);
        String agent = in.text(at.field("agent"), false);
        Fields.At fingerprintAt = at.field("fingerprint");
        String fingerprint = in.text(fingerprintAt, true);
        Fields.At request = at.field("request");
        in.object(request);
        Fields.At messages = request.field("messages");
        in.array(messages);
        if (messages.node().isEmpty()) throw in.problem(messages, "must hold at least one message");
        for (int m = 0; m < messages.node().size(); m++) {
            Fields.At message = messages.index(m);
            in.object(message);
            in.text(message.field("role"), true);
            in.lines(message.field("content"), true);
        }
        String computed = RequestForm.fingerprint(request.node());
        if (!computed.equals(fingerprint)) {
            throw in.problem(fingerprintAt, "does not match the recorded request, whose fingerprint is " + computed
                    + " (a request edited by hand needs this fingerprint; or record the workflow again)");
        }
        return new Interaction(stepPath, agent, fingerprint, request.node(), response(in, at.field("response")));
    }

    private static LlmResponse response(Fields in, Fields.At at) {
        in.object(at);
        LlmResponse.Builder r = LlmResponse.builder().text(in.lines(at.field("text"), true));
        Fields.At json = at.field("json");
        if (json.present() && !json.node().isNull()) r.json(json.node());
        Fields.At calls = at.field("toolCalls");
        if (calls.present()) {
            in.array(calls);
            List<ToolCall> toolCalls = new ArrayList<>();
            for (int c = 0; c < calls.node().size(); c++) {
                Fields.At call = calls.index(c);
                in.object(call);
                toolCalls.add(new ToolCall(in.text(call.field("id"), false), in.text(call.field("name"), true),
                        in.text(call.field("arguments"), false)));
            }
            r.toolCalls(toolCalls);
        }
        r.finishReason(in.enumValue(at.field("finishReason"), FinishReason.class));
        r.nativeFinishReason(in.text(at.field("nativeFinishReason"), false));
        r.reasoning(in.lines(at.field("reasoning"), false));
        Fields.At details = at.field("reasoningDetails");
        if (details.present() && !details.node().isNull()) r.reasoningDetails(details.node());
        r.model(in.text(at.field("model"), false));
        r.upstreamProvider(in.text(at.field("upstreamProvider"), false));
        Fields.At usage = at.field("usage");
        in.object(usage);
        r.usage(new Usage(in.count(usage.field("promptTokens"), 0, Long.MAX_VALUE),
                in.count(usage.field("completionTokens"), 0, Long.MAX_VALUE),
                in.count(usage.field("reasoningTokens"), 0, Long.MAX_VALUE),
                in.count(usage.field("cachedTokens"), 0, Long.MAX_VALUE),
                in.amount(usage.field("costUsd"), false), in.amount(usage.field("estimatedCostUsd"), false)));
        return r.build();
    }
}
