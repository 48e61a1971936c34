package dev.devora.orchestration.cassette;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.cassette.internal.LineDiff;
import dev.devora.orchestration.cassette.internal.RequestForm;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ModelPrice;
import dev.devora.orchestration.llm.TokenListener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Serves the answers of a {@link Cassette}, strictly and offline: no network, no provider behind it. A request is
 * matched by its step path ({@link LlmRequest#STEP_PATH}) and its fingerprint (every field that changes the answer,
 * see {@link Interaction#request()}); identical requests at one path are served in the order they were recorded
 * (a loop asking the same thing twice gets its two answers in turn). A request the cassette does not hold throws a
 * {@link PromptDriftException} naming the step and showing a line diff of the nearest recorded request there
 * against the actual one; it is not retriable, so the engine fails the step at once and the run's
 * {@code result.failure()} carries the diff. {@link #price} and {@link #contextLength} give what the recorded
 * provider gave. Thread-safe; one instance per run, since each recorded call is served once.
 *
 * <p>Failed calls are not in a cassette (the {@link RecordingProvider} records answered calls only), so a replay
 * cannot reproduce a provider failure; it replays the run as it succeeded.
 *
 * <pre>{@code
 * ReplayProvider replay = ReplayProvider.load(Path.of("src/test/resources/cassettes/review.json"));
 * WorkflowResult result = engine.run(workflowUsing(replay), input);
 * assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);   // or a PromptDriftException in result.failure()
 * replay.assertAllUsed();                                       // no recorded call left over
 * }</pre>
 */
public final class ReplayProvider implements LlmProvider {
    /** The most step paths a drift message lists when nothing was recorded at the step. */
    private static final int PATHS_LISTED = 10;

    private final Cassette cassette;
    /** The recorded calls of each step path, in recorded order, with whether each was served; guarded by itself. */
    private final Map<String, List<Slot>> byPath = new LinkedHashMap<>();

    private static final class Slot {
        final Interaction interaction;
        boolean served;

        Slot(Interaction interaction) {
            this.interaction = interaction;
        }
    }

    /**
     * Serves the calls of {@code cassette}.
     *
     * @param cassette the recorded calls; not null
     */
    public ReplayProvider(Cassette cassette) {
        this.cassette = Objects.requireNonNull(cassette, "cassette");
        for (Interaction i : cassette.interactions()) {
            byPath.computeIfAbsent(i.stepPath(), p -> new ArrayList<>()).add(new Slot(i));
        }
    }

    /**
     * Serves the calls of a cassette file.
     *
     * @param file a file written by {@link Cassette#save} or {@link RecordingProvider#save}
     * @return the provider
     * @throws CassetteFileException if the file cannot be read or is not a cassette
     */
    public static ReplayProvider load(Path file) {
        return new ReplayProvider(Cassette.load(file));
    }

    /** {@return {@code "replay"}} */
    @Override
    public String name() {
        return "replay";
    }

    /**
     * The recorded answer to this request.
     *
     * @param request the request; matched by its step path and fingerprint
     * @return the recorded answer, with a zero latency
     * @throws PromptDriftException if the cassette holds no unserved call with this request at this step
     * @throws InterruptedCallException if the calling thread is interrupted
     */
    @Override
    public LlmResponse complete(LlmRequest request) {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedCallException("replayed call interrupted", null);
        }
        String path = request.attribute(LlmRequest.STEP_PATH) == null ? "" : request.attribute(LlmRequest.STEP_PATH);
        JsonNode form = RequestForm.of(request);
        String fingerprint = RequestForm.fingerprint(form);
        synchronized (byPath) {
            List<Slot> slots = byPath.getOrDefault(path, List.of());
            for (Slot slot : slots) {
                if (!slot.served && slot.interaction.fingerprint().equals(fingerprint)) {
                    slot.served = true;
                    return servedCopy(slot.interaction.response());
                }
            }
            throw drift(path, form, slots);
        }
    }

    /**
     * The recorded answer to this request, its text given to {@code tokens} as one piece.
     *
     * @param request the request; matched by its step path and fingerprint
     * @param tokens  receives the recorded text (when not empty)
     * @return the recorded answer
     * @throws PromptDriftException if the cassette holds no unserved call with this request at this step
     */
    @Override
    public LlmResponse stream(LlmRequest request, TokenListener tokens) {
        LlmResponse response = complete(request);
        if (!response.text().isEmpty()) tokens.onToken(response.text());
        return response;
    }

    /** The price the recorded provider gave for this model, if the engine asked for it while recording. */
    @Override
    public Optional<ModelPrice> price(String model) {
        return Optional.ofNullable(cassette.prices().get(model == null ? RecordingProvider.DEFAULT_MODEL : model));
    }

    /** The context window the recorded provider gave for this model, if the engine asked for it while recording. */
    @Override
    public OptionalInt contextLength(String model) {
        Integer tokens = cassette.contextLengths().get(model == null ? RecordingProvider.DEFAULT_MODEL : model);
        return tokens == null ? OptionalInt.empty() : OptionalInt.of(tokens);
    }

    /**
     * The recorded calls not served yet: after a run, the calls the workflow no longer makes.
     *
     * @return the unserved interactions, in cassette order
     */
    public List<Interaction> unused() {
        List<Interaction> unused = new ArrayList<>();
        synchronized (byPath) {
            for (List<Slot> slots : byPath.values()) {
                for (Slot slot : slots) if (!slot.served) unused.add(slot.interaction);
            }
        }
        return unused;
    }

    /**
     * Checks that every recorded call was served, for the end of a test.
     *
     * @throws AssertionError naming each step with calls left over and how many, when any is
     */
    public void assertAllUsed() {
        List<Interaction> unused = unused();
        if (unused.isEmpty()) return;
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Interaction i : unused) counts.merge(i.stepPath(), 1, Integer::sum);
        StringBuilder message = new StringBuilder(unused.size() + " recorded call" + (unused.size() == 1 ? " was" : "s were")
                + " not made by the workflow:");
        counts.forEach((path, n) -> message.append(" step '").append(path).append("' (").append(n)
                .append(n == 1 ? " call)" : " calls)").append(';'));
        message.setLength(message.length() - 1);
        throw new AssertionError(message.toString());
    }

    private PromptDriftException drift(String path, JsonNode actual, List<Slot> slots) {
        String step = path.isEmpty() ? "outside any step" : "at step '" + path + "'";
        List<String> actualLines = RequestForm.lines(actual);
        if (slots.isEmpty()) {
            List<String> paths = new ArrayList<>(byPath.keySet());
            String recorded = paths.isEmpty() ? "the cassette is empty"
                    : "the cassette holds calls at " + String.join(", ", quoted(paths.subList(0, Math.min(PATHS_LISTED, paths.size()))))
                    + (paths.size() > PATHS_LISTED ? " and " + (paths.size() - PATHS_LISTED) + " more steps" : "");
            return new PromptDriftException(path, "no call was recorded " + step + " (" + recorded + ")", "");
        }
        Slot nearest = null;
        LineDiff nearestDiff = null;
        int number = 0;
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).served) continue;
            LineDiff diff = LineDiff.of(RequestForm.lines(slots.get(i).interaction.request()), actualLines);
            if (nearest == null || diff.changed() < nearestDiff.changed()) {
                nearest = slots.get(i);
                nearestDiff = diff;
                number = i + 1;
            }
        }
        if (nearest == null) {
            Interaction last = slots.get(slots.size() - 1).interaction;
            String diff = LineDiff.of(RequestForm.lines(last.request()), actualLines).render();
            return new PromptDriftException(path, "the step makes more calls than were recorded " + step + ": "
                    + slots.size() + (slots.size() == 1 ? " call was" : " calls were") + " recorded and served"
                    + (diff.isEmpty() ? ", and this one asks the same as the last of them"
                    : "; the diff compares this call with the last recorded one"), diff);
        }
        String diff = nearestDiff.render();
        return new PromptDriftException(path, "the request " + step + " differs from the one recorded there (recorded call "
                + number + " of " + slots.size() + " at this step)"
                + (diff.isEmpty() ? "; the difference is not in the text (" + nearest.interaction.fingerprint()
                + " recorded)" : ""), diff);
    }

    /** The answer with its JSON trees copied: what a run stores and may hand on stays apart from the cassette. */
    private static LlmResponse servedCopy(LlmResponse recorded) {
        if (recorded.json() == null && recorded.reasoningDetails() == null) return recorded;
        return recorded.toBuilder()
                .json(recorded.json() == null ? null : recorded.json().deepCopy())
                .reasoningDetails(recorded.reasoningDetails() == null ? null : recorded.reasoningDetails().deepCopy())
                .build();
    }

    private static List<String> quoted(List<String> paths) {
        List<String> quoted = new ArrayList<>();
        for (String p : paths) quoted.add("'" + p + "'");
        return quoted;
    }

    @Override
    public String toString() {
        return "ReplayProvider[" + cassette.interactions().size() + " interactions]";
    }
}
