package dev.devora.orchestration.cassette;

import dev.devora.orchestration.OrchestrationException;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A cassette file could not be read or written, or holds something that is not a cassette: names the file, the
 * JSON path of the culprit (e.g. {@code $.interactions[2].response.usage.promptTokens}) and the value found there.
 * Never retriable: the same file gives the same failure.
 *
 * <pre>{@code
 * try {
 *     Cassette cassette = Cassette.load(Path.of("src/test/resources/cassettes/review.json"));
 * } catch (CassetteFileException e) {
 *     // "cassette src/test/resources/cassettes/review.json: $.format must be 1, was 2"
 *     System.err.println(e.file() + " " + e.jsonPath().orElse("") + ": " + e.getMessage());
 * }
 * }</pre>
 */
public final class CassetteFileException extends OrchestrationException {
    private static final long serialVersionUID = 1L;

    /** The file, as a string (paths are not serialisable). */
    private final String file;
    /** The JSON path of the culprit; null when the file as a whole failed (unreadable, not JSON). */
    private final String jsonPath;
    /** The value found at that path, abbreviated; null when there is none. */
    private final String value;

    /**
     * Creates the exception; its message is {@code cassette <file>: <jsonPath> <problem>, was <value>}.
     *
     * @param file     the cassette file
     * @param jsonPath the JSON path of the culprit, e.g. {@code $.interactions[0].stepPath}; or null for the file
     * @param problem  what is wrong, e.g. {@code "must be a string"}
     * @param value    the value found (abbreviated here); or null when there is none
     * @param cause    the underlying failure; may be null
     */
    public CassetteFileException(Path file, String jsonPath, String problem, String value, Throwable cause) {
        super("cassette " + file + ": " + (jsonPath == null ? "" : jsonPath + " ") + problem
                + (value == null ? "" : ", was " + abbreviate(value)), cause, false);
        this.file = String.valueOf(file);
        this.jsonPath = jsonPath;
        this.value = value == null ? null : abbreviate(value);
    }

    /**
     * The cassette file.
     *
     * @return the file's path
     */
    public Path file() {
        return Path.of(file);
    }

    /**
     * The JSON path of the culprit, e.g. {@code $.interactions[2].request.messages[0].role}.
     *
     * @return the path, or empty when the file as a whole failed (unreadable, not JSON)
     */
    public Optional<String> jsonPath() {
        return Optional.ofNullable(jsonPath);
    }

    /**
     * The value found at the JSON path, abbreviated to 200 characters.
     *
     * @return the value as JSON text, or empty when there is none (a missing field)
     */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "… (" + text.length() + " characters)";
    }
}
