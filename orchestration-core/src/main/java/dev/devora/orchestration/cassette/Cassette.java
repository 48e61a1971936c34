package dev.devora.orchestration.cassette;

import dev.devora.orchestration.cassette.internal.CassetteCodec;
import dev.devora.orchestration.llm.ModelPrice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recorded model calls of a run, as a JSON file to commit next to the tests: written by a
 * {@link RecordingProvider}, served by a {@link ReplayProvider}. The file is pretty-printed with {@code \n} line
 * ends and carries {@code "format": 1}; its interactions are ordered by step path, then by the order in which the
 * calls of one path were recorded, so re-recording an unchanged workflow against the same answers gives the same
 * bytes even when parallel branches finished in another order. Prompts and answers are stored as arrays of lines,
 * so that a changed prompt shows as a changed line in a git diff. It holds no API key: requests do not carry one.
 * Besides the calls it keeps the prices and context windows the engine asked the recorded provider for (keyed by
 * model id, "" for the provider's default model), so that budgets and plans replay as they ran.
 *
 * <pre>{@code
 * RecordingProvider recorder = new RecordingProvider(openRouter);
 * engine.run(workflowUsing(recorder), input);
 * recorder.cassette().save(Path.of("src/test/resources/cassettes/review.json"));
 *
 * Cassette cassette = Cassette.load(Path.of("src/test/resources/cassettes/review.json"));
 * cassette.interactions().size();   // the calls recorded
 * }</pre>
 */
public final class Cassette {
    /** The version of the file format this library writes and reads. */
    public static final int FORMAT = 1;

    private static final Comparator<Interaction> BY_STEP_PATH = Comparator.comparing(Interaction::stepPath);

    private final List<Interaction> interactions;
    private final Map<String, ModelPrice> prices;
    private final Map<String, Integer> contextLengths;

    private Cassette(List<Interaction> interactions, Map<String, ModelPrice> prices,
                     Map<String, Integer> contextLengths) {
        List<Interaction> sorted = new ArrayList<>(interactions);
        sorted.sort(BY_STEP_PATH); // stable: the calls of one path keep their recorded order
        this.interactions = List.copyOf(sorted);
        this.prices = Collections.unmodifiableMap(new TreeMap<>(prices));
        this.contextLengths = Collections.unmodifiableMap(new TreeMap<>(contextLengths));
    }

    /**
     * A cassette of these calls, without prices or context windows.
     *
     * @param interactions the calls, in the order they were made (only the order within a step path is kept)
     * @return the cassette
     */
    public static Cassette of(List<Interaction> interactions) {
        return new Cassette(interactions, Map.of(), Map.of());
    }

    /**
     * A cassette of these calls, prices and context windows.
     *
     * @param interactions   the calls, in the order they were made (only the order within a step path is kept)
     * @param prices         model prices by requested model id ("" for the provider's default model)
     * @param contextLengths context windows in tokens by requested model id ("" for the provider's default model)
     * @return the cassette
     */
    public static Cassette of(List<Interaction> interactions, Map<String, ModelPrice> prices,
                              Map<String, Integer> contextLengths) {
        return new Cassette(interactions, prices, contextLengths);
    }

    /**
     * Reads a cassette file.
     *
     * @param file the file, as {@link #save} wrote it
     * @return the cassette
     * @throws CassetteFileException if the file cannot be read, is not JSON, has another format version, or a
     *     field is missing or wrong (naming the file, the field's JSON path and its value)
     */
    public static Cassette load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CassetteFileException(file, null, "cannot be read (" + e + ")", null, e);
        }
        return CassetteCodec.read(file, bytes);
    }

    /**
     * Writes this cassette to a file, creating its folder when missing and replacing the file as a whole (a
     * temporary file moved into place, so a failed write leaves the old file intact).
     *
     * @param file the file to write
     * @throws CassetteFileException if the file cannot be written
     */
    public void save(Path file) {
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
            try {
                Files.writeString(temporary, toJson(), StandardCharsets.UTF_8);
                try {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new CassetteFileException(file, null, "cannot be written (" + e + ")", null, e);
        }
    }

    /**
     * The file's text: what {@link #save} writes.
     *
     * @return pretty-printed JSON ending with a newline
     */
    public String toJson() {
        return CassetteCodec.write(this);
    }

    /**
     * The recorded calls, ordered by step path and, within one path, as they were recorded.
     *
     * @return the interactions, unmodifiable
     */
    public List<Interaction> interactions() {
        return interactions;
    }

    /**
     * The prices the engine asked for while recording.
     *
     * @return prices by requested model id ("" for the provider's default model), sorted, unmodifiable
     */
    public Map<String, ModelPrice> prices() {
        return prices;
    }

    /**
     * The context windows the engine asked for while recording.
     *
     * @return context windows in tokens by requested model id ("" for the provider's default model), sorted,
     *     unmodifiable
     */
    public Map<String, Integer> contextLengths() {
        return contextLengths;
    }

    @Override
    public String toString() {
        return "Cassette[" + interactions.size() + " interactions]";
    }
}
