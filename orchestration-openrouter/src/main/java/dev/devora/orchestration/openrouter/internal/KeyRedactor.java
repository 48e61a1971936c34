package dev.devora.orchestration.openrouter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.llm.ToolCall;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Replaces every occurrence of the API key with {@value #MARK} in what a server sent back, for a server or proxy
 * that echoes the {@code Authorization} header. Bodies are redacted whole, before they are parsed or cut to a
 * length (a cut could otherwise keep part of the key), and streams as they are read. The bytes do not show a key
 * that a JSON body writes with escapes (a slash as {@code \/}, any character as a six-character unicode escape),
 * that arrives in a response header, or that a stream cuts across two deltas, so what is kept is redacted again as decoded: failures over every string they keep,
 * whatever its length (message, raw detail, partial text, upstream provider, request id, model, the moderation
 * reasons and flagged input, and the messages of their causes), answers over every string they keep, documents
 * over every string and field name, and streamed text as it is handed to the listener.
 *
 * <pre>{@code
 * KeyRedactor redactor = new KeyRedactor(apiKey);
 * byte[] body = redactor.redact(answer.body());   // before ErrorMapper or ResponseMapper see it
 * SseReader sse = new SseReader(redactor.redact(exchange.body()));
 * return redactor.redact(ResponseMapper.map(body, …)); // the decoded strings
 * throw redactor.redact(providerException);       // before it leaves the client
 * }</pre>
 */
public final class KeyRedactor {
    /** What replaces the key. */
    public static final String MARK = "[redacted]";

    private final String key;
    private final String keyLatin1;

    /** A redactor of this key. */
    public KeyRedactor(ApiKey key) {
        this.key = Objects.requireNonNull(key, "key").reveal();
        this.keyLatin1 = new String(this.key.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The text with the key replaced; null stays null. */
    public String redact(String text) {
        return text == null || !text.contains(key) ? text : text.replace(key, MARK);
    }

    /** The bytes with every UTF-8 occurrence of the key replaced; the same array when there is none. */
    public byte[] redact(byte[] body) {
        if (body == null) return null;
        // ISO-8859-1 maps each byte to one char, so this finds the key's UTF-8 bytes with the JDK's fast indexOf
        String bytes = new String(body, StandardCharsets.ISO_8859_1);
        if (bytes.indexOf(keyLatin1) < 0) return body;
        return bytes.replace(keyLatin1, MARK).getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A replacer for text that arrives in pieces (the decoded tokens of a stream): a key cut across two pieces, or
     * written with JSON escapes, is found in the text once decoded, where the bytes do not show it.
     */
    SecretReplacer replacerOfPieces() {
        return new SecretReplacer(key, MARK);
    }

    /**
     * The tree with the key replaced in every string value and field name, at any depth, as decoded (so whatever
     * JSON escapes a server used); the same tree when none holds it, else a copy.
     */
    public JsonNode redact(JsonNode node) {
        return node == null || !holdsKey(node) ? node : redacted(node);
    }

    private boolean holdsKey(JsonNode node) {
        if (node.isTextual()) return node.textValue().contains(key);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            if (names.next().contains(key)) return true;
        }
        for (JsonNode child : node) { // the values of an object, the items of an array
            if (holdsKey(child)) return true;
        }
        return false;
    }

    private JsonNode redacted(JsonNode node) {
        if (node.isTextual()) return TextNode.valueOf(redact(node.textValue()));
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(field -> copy.set(redact(field.getKey()), redacted(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(item -> copy.add(redacted(item)));
            return copy;
        }
        return node;
    }

    /**
     * The answer with the key replaced in every string it keeps, as decoded: text, parsed JSON, reasoning and its
     * details, tool calls, model, upstream provider, request id (which may come from a response header) and native
     * finish reason; the same answer when none holds it.
     */
    public LlmResponse redact(LlmResponse r) {
        if (r == null || !leaks(r)) return r;
        return r.toBuilder()
                .text(redact(r.text()))
                .json(redact(r.json()))
                .nativeFinishReason(redact(r.nativeFinishReason()))
                .toolCalls(r.toolCalls().stream()
                        .map(c -> new ToolCall(redact(c.id()), redact(c.name()), redact(c.argumentsJson()))).toList())
                .reasoning(redact(r.reasoning()))
                .reasoningDetails(redact(r.reasoningDetails()))
                .model(redact(r.model()))
                .upstreamProvider(redact(r.upstreamProvider()))
                .requestId(redact(r.requestId()))
                .build();
    }

    private boolean leaks(LlmResponse r) {
        Stream<String> kept = Stream.of(r.text(), r.nativeFinishReason(), r.reasoning(), r.model(),
                r.upstreamProvider(), r.requestId());
        Stream<String> calls = r.toolCalls().stream().flatMap(c -> Stream.of(c.id(), c.name(), c.argumentsJson()));
        return Stream.concat(kept, calls).anyMatch(s -> s != null && s.contains(key))
                || r.json() != null && holdsKey(r.json())
                || r.reasoningDetails() != null && holdsKey(r.reasoningDetails());
    }

    /**
     * A view of a streamed body with the key's UTF-8 bytes replaced as they are read, however the reads cut them;
     * nothing is delayed beyond the end of a line (the key holds no line break).
     */
    public InputStream redact(InputStream body) {
        return new RedactingInputStream(body, keyLatin1.getBytes(StandardCharsets.ISO_8859_1),
                MARK.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * The exception itself when none of its strings holds the key; otherwise a copy ({@link ProviderExceptionCopy},
     * which goes over every string the exception keeps) with the key replaced in every one of them, keeping its
     * type, kind, retriability, status, retry delay and stack trace. A cause whose message holds the key is replaced
     * by an {@link IOException} naming only the cause's type.
     */
    public ProviderException redact(ProviderException e) {
        boolean causeLeaks = causeLeaks(e.getCause());
        boolean[] replaced = {causeLeaks};
        ProviderException copy = ProviderExceptionCopy.copy(e, text -> {
            String redacted = redact(text);
            if (redacted != text) replaced[0] = true; // redact(String) returns the same string when it has no key
            return redacted;
        }, e.isRetriable(), causeLeaks ? new IOException(e.getCause().getClass().getName()) : e.getCause(), null);
        return replaced[0] ? copy : e;
    }

    private boolean causeLeaks(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(key)) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    @Override
    public String toString() {
        return "KeyRedactor[" + MARK + "]";
    }
}
