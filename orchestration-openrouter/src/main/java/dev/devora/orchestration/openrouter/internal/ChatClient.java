package dev.devora.orchestration.openrouter.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.llm.ResponseFormat;
import dev.devora.orchestration.llm.TokenListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * One attempt of one call: builds the HTTP request (auth and attribution headers), sends it, and maps the
 * answer, for a complete answer, a stream, or a catalogue GET. No retries here; see {@link ResilientCaller}.
 * Logs at debug level the method, path, model and outcome, never headers or bodies. In case a server echoes request
 * headers, every body read in one piece (answers, error bodies, catalogue documents) has the key redacted before it
 * is parsed or cut, a stream has it redacted as it is read and its text again as decoded (before its tokens reach
 * the listener), and every answer, document and failure is redacted over all the strings it keeps, as decoded,
 * before it leaves ({@link KeyRedactor}).
 *
 * <pre>{@code
 * LlmResponse r = chat.complete(body, "openai/gpt-4o", format, Duration.ofMinutes(2));
 * }</pre>
 */
public final class ChatClient {
    private static final Logger log = LoggerFactory.getLogger(ChatClient.class);

    private final HttpTransport transport;
    private final URI baseUrl;
    private final URI chatUri;
    private final ApiKey apiKey;
    private final KeyRedactor redactor;
    private final Map<String, String> headers;
    private final java.util.function.Supplier<Map<String, String>> perRequest;
    private final Clock clock;

    /**
     * @param baseUrl the API root without a trailing slash, e.g. {@code https://openrouter.ai/api/v1}
     * @param headers extra headers (attribution), sent on every request
     */
    public ChatClient(HttpTransport transport, URI baseUrl, ApiKey apiKey, Map<String, String> headers, Clock clock) {
        this(transport, baseUrl, apiKey, headers, null, clock);
    }

    /**
     * A client that also adds the headers {@code perRequest} gives as each request is built (the request's own
     * headers, {@code Authorization}, {@code Content-Type} and {@code Accept}, are left out of them).
     *
     * @param perRequest gives extra headers for one request; or null
     */
    public ChatClient(HttpTransport transport, URI baseUrl, ApiKey apiKey, Map<String, String> headers,
                      java.util.function.Supplier<Map<String, String>> perRequest, Clock clock) {
        this.perRequest = perRequest;
        this.transport = transport;
        this.baseUrl = baseUrl;
        this.chatUri = URI.create(baseUrl + "/chat/completions");
        this.apiKey = apiKey;
        this.redactor = new KeyRedactor(apiKey);
        this.headers = new LinkedHashMap<>(headers);
        this.clock = clock;
    }

    /** Sends a non-streaming request and maps its answer. */
    public LlmResponse complete(ObjectNode body, String model, ResponseFormat format, Duration timeout) {
        try {
            return redactor.redact(doComplete(body, model, format, timeout));
        } catch (ProviderException e) {
            throw redactor.redact(e);
        }
    }

    private LlmResponse doComplete(ObjectNode body, String model, ResponseFormat format, Duration timeout) {
        HttpRequest request = post(body, timeout, "application/json");
        log.debug("POST {}/chat/completions model={} stream=false", baseUrl.getPath(), model);
        HttpTransport.Answer answer = transport.sendForBytes(request, timeout, model);
        log.debug("HTTP {} for model={} after {} ms", answer.status(), model, answer.elapsed().toMillis());
        byte[] bytes = redactor.redact(answer.body());
        if (answer.status() / 100 != 2) {
            throw ErrorMapper.fromHttp(answer.status(), answer.headers(), bytes, model, clock);
        }
        return ResponseMapper.map(bytes, answer.headers(), model, format, answer.elapsed(), clock);
    }

    /**
     * Sends a streaming request, hands text to {@code tokens} as it arrives and returns the assembled answer.
     * {@code onFirstToken} is run just before the first token is delivered. A listener that throws
     * {@link CancellationException} cancels the stream: the connection is closed and the exception propagates;
     * any other listener exception is logged and ignored.
     */
    public LlmResponse stream(ObjectNode body, String model, ResponseFormat format, Duration timeout,
                              TokenListener tokens, Runnable onFirstToken) {
        try {
            return redactor.redact(doStream(body, model, format, timeout, tokens, onFirstToken));
        } catch (ProviderException e) {
            throw redactor.redact(e);
        }
    }

    private LlmResponse doStream(ObjectNode body, String model, ResponseFormat format, Duration timeout,
                                TokenListener tokens, Runnable onFirstToken) {
        HttpRequest request = post(body, timeout, "text/event-stream");
        log.debug("POST {}/chat/completions model={} stream=true", baseUrl.getPath(), model);
        try (Exchange ex = transport.send(request, timeout, model)) {
            if (ex.status() / 100 != 2) {
                byte[] bytes;
                try {
                    bytes = ex.readAll();
                } catch (IOException e) {
                    bytes = new byte[0];
                }
                HttpTransport.checkInterrupted(model);
                throw ErrorMapper.fromHttp(ex.status(), ex.headers(), redactor.redact(bytes), model, clock);
            }
            String contentType = ex.headers().firstValue("content-type").orElse("");
            if (contentType.startsWith("application/json")) {
                // the server answered in one piece (it ignored "stream", or sent an error inside a 200)
                byte[] bytes;
                try {
                    bytes = redactor.redact(ex.readAll());
                } catch (IOException e) {
                    throw HttpTransport.readFailure(ex, e, model, null);
                }
                HttpTransport.checkInterrupted(model);
                LlmResponse r = redactor.redact(ResponseMapper.map(bytes, ex.headers(), model, format, ex.elapsed(),
                        clock));
                if (!r.text().isEmpty()) {
                    onFirstToken.run();
                    deliver(tokens, r.text(), ex);
                }
                return r;
            }
            return readStream(ex, model, format, tokens, onFirstToken);
        }
    }

    private LlmResponse readStream(Exchange ex, String model, ResponseFormat format, TokenListener tokens,
                                   Runnable onFirstToken) {
        StreamAccumulator acc = new StreamAccumulator(model);
        String headerId = ex.headers().firstValue("x-generation-id").orElse(null);
        SecretReplacer decoded = redactor.replacerOfPieces(); // the key as decoded: escaped, or cut across deltas
        Consumer<String> delivery = new Consumer<>() {
            private boolean first = true;

            @Override
            public void accept(String token) {
                if (token.isEmpty()) return;
                if (first) {
                    first = false;
                    onFirstToken.run();
                }
                deliver(tokens, token, ex);
            }
        };
        Consumer<String> redacted = piece -> delivery.accept(decoded.push(piece));
        boolean done;
        try {
            done = StreamAssembly.read(new SseReader(redactor.redact(ex.body())), acc, redacted, ex.headers(), headerId,
                    clock);
        } catch (IOException e) {
            throw HttpTransport.readFailure(ex, e, acc.model(), acc.text());
        }
        HttpTransport.checkInterrupted(model);
        if (ex.expired()) throw ErrorMapper.timeout(ex.timeout(), acc.model(), acc.text(), null);
        redacted.accept(acc.flush());
        delivery.accept(decoded.flush());
        if (!done && !acc.finished()) {
            throw ErrorMapper.network(new IOException(acc.chunks() == 0 ? "stream ended before any data"
                    : "stream ended without [DONE] or a finish reason"), acc.model(), acc.text());
        }
        String answered = redactor.redact(acc.model());
        if (!done) log.debug("stream for model={} ended without [DONE] after its finish reason", answered);
        log.debug("stream for model={} complete after {} ms, {} chunks", answered, ex.elapsed().toMillis(), acc.chunks());
        return acc.toResponse(format, ex.elapsed(), headerId);
    }

    private static void deliver(TokenListener tokens, String token, Exchange ex) {
        try {
            tokens.onToken(token);
        } catch (CancellationException c) {
            ex.close();
            throw c;
        } catch (RuntimeException e) {
            log.warn("token listener threw {}; ignoring it (listeners must not throw)", e.getClass().getName());
        }
    }

    /** GETs a JSON document such as {@code /models} or {@code /key}. */
    public JsonNode get(String path, Duration timeout) {
        try {
            return redactor.redact(doGet(path, timeout));
        } catch (ProviderException e) {
            throw redactor.redact(e);
        }
    }

    private JsonNode doGet(String path, Duration timeout) {
        HttpRequest request = builder(URI.create(baseUrl + path), timeout, "application/json").GET().build();
        log.debug("GET {}{}", baseUrl.getPath(), path);
        HttpTransport.Answer answer = transport.sendForBytes(request, timeout, null);
        byte[] bytes = redactor.redact(answer.body());
        if (answer.status() / 100 != 2) throw ErrorMapper.fromHttp(answer.status(), answer.headers(), bytes, null, clock);
        try {
            JsonNode root = Json.parse(bytes);
            if (root == null || !root.isObject()) throw ErrorMapper.malformed("GET " + path + ": not a JSON object", null, null, null, null);
            return root;
        } catch (IOException e) {
            throw ErrorMapper.malformed("GET " + path + ": body is not valid JSON", null, null, null, e);
        }
    }

    private HttpRequest post(ObjectNode body, Duration timeout, String accept) {
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw ProviderException.builder(dev.devora.orchestration.llm.ProviderErrorKind.INVALID_REQUEST,
                    "request cannot be serialised: " + e.getOriginalMessage()).build();
        }
        return builder(chatUri, timeout, accept)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
    }

    /** The request's own headers, which per-request headers cannot add to. */
    private static final java.util.Set<String> OWN_HEADERS = java.util.Set.of("authorization", "content-type", "accept");

    private HttpRequest.Builder builder(URI uri, Duration timeout, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + apiKey.reveal())
                .header("Accept", accept);
        headers.forEach(b::header);
        Map<String, String> extra = perRequest == null ? null : perRequest.get();
        if (extra != null) {
            extra.forEach((name, value) -> {
                if (name == null || value == null || OWN_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) return;
                try {
                    b.header(name, value);
                } catch (IllegalArgumentException e) { // a header the JDK sets itself (Host…), or not a legal one
                    log.debug("header {} left out of the request: {}", name, e.getMessage());
                }
            });
        }
        return b;
    }
}
