package dev.devora.orchestration.cassette;

import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ModelPrice;
import dev.devora.orchestration.llm.TokenListener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wraps a real provider and records every answered call into a {@link Cassette}: each call goes through to the
 * provider unchanged ({@code stream} passes the tokens on as they arrive), and its request and answer are kept,
 * with the step path and agent the engine tagged it with. {@link #name()}, {@link #price} and
 * {@link #contextLength} delegate; the prices and context windows they return are kept too, so that a replay
 * budgets and plans as the recorded run did. Thread-safe: parallel branches may call it at once.
 *
 * <p>A call that fails is passed on and not recorded (a replay cannot serve failures); a step that succeeded after
 * a retry is recorded with its successful call only. Record one run per recorder: the calls of several runs at one
 * step path would be served in turn. Calls made at the same step path at the same time (an agent of your own that
 * calls a model from several threads) are kept in the order they finished, which may differ from run to run.
 *
 * <pre>{@code
 * RecordingProvider recorder = new RecordingProvider(OpenRouterProvider.builder().apiKey(key).build());
 * LlmAgent writer = LlmAgent.builder("writer").provider(recorder).build();
 * WorkflowResult result = engine.run(workflowWith(writer), input);
 * recorder.save(Path.of("src/test/resources/cassettes/write.json"));
 * }</pre>
 */
public final class RecordingProvider implements LlmProvider {
    /** The key under which the provider's default model (a null model id) is kept. */
    static final String DEFAULT_MODEL = "";

    private final LlmProvider delegate;
    private final List<Interaction> interactions = new ArrayList<>();
    private final Map<String, ModelPrice> prices = new ConcurrentHashMap<>();
    private final Map<String, Integer> contextLengths = new ConcurrentHashMap<>();

    /**
     * Records the calls answered by {@code delegate}.
     *
     * @param delegate the provider that answers, e.g. an {@code OpenRouterProvider}; not null
     */
    public RecordingProvider(LlmProvider delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public String name() {
        return delegate.name();
    }

    /** Sends the call to the provider and records its answer; a failure is passed on and not recorded. */
    @Override
    public LlmResponse complete(LlmRequest request) {
        return record(request, delegate.complete(request));
    }

    /** Streams the call through the provider (tokens reach {@code tokens} as they arrive) and records its answer. */
    @Override
    public LlmResponse stream(LlmRequest request, TokenListener tokens) {
        return record(request, delegate.stream(request, tokens));
    }

    /** The provider's price, kept for the replay. */
    @Override
    public Optional<ModelPrice> price(String model) {
        Optional<ModelPrice> price = delegate.price(model);
        price.ifPresent(p -> prices.put(model == null ? DEFAULT_MODEL : model, p));
        return price;
    }

    /** The provider's context window, kept for the replay. */
    @Override
    public OptionalInt contextLength(String model) {
        OptionalInt tokens = delegate.contextLength(model);
        if (tokens.isPresent()) contextLengths.put(model == null ? DEFAULT_MODEL : model, tokens.getAsInt());
        return tokens;
    }

    private LlmResponse record(LlmRequest request, LlmResponse response) {
        if (response != null) { // a null is the provider's contract breach, for the engine to report
            Interaction interaction = Interaction.of(request, response);
            synchronized (interactions) {
                interactions.add(interaction);
            }
        }
        return response;
    }

    /**
     * What was recorded so far: the answered calls ordered by step path (and, within one path, as recorded), the
     * prices and context windows the provider gave.
     *
     * @return a snapshot; later calls do not change it
     */
    public Cassette cassette() {
        List<Interaction> copy;
        synchronized (interactions) {
            copy = List.copyOf(interactions);
        }
        return Cassette.of(copy, Map.copyOf(prices), Map.copyOf(contextLengths));
    }

    /**
     * Writes what was recorded so far to a file, as {@link Cassette#save} does.
     *
     * @param file the cassette file to write
     * @return the cassette written
     * @throws CassetteFileException if the file cannot be written
     */
    public Cassette save(Path file) {
        Cassette cassette = cassette();
        cassette.save(file);
        return cassette;
    }

    @Override
    public String toString() {
        int n;
        synchronized (interactions) {
            n = interactions.size();
        }
        return "RecordingProvider[" + delegate.name() + ", " + n + " calls recorded]";
    }
}
