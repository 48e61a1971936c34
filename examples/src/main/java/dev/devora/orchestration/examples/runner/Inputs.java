package dev.devora.orchestration.examples.runner;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a run's input comes from: a JSON file given with {@code --input}, or the sample bundled for each
 * workflow ({@code samples/<workflow-id>.json} next to this package). Errors name the file and, for malformed
 * JSON, the line and column.
 *
 * <pre>{@code
 * JsonNode input = Inputs.read(Path.of("api.json"));
 * JsonNode sample = Inputs.sample("api-development");
 * }</pre>
 */
final class Inputs {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Inputs() {
    }

    /**
     * Reads a JSON object from a file.
     *
     * @throws UsageException when the file is missing, unreadable, not JSON or not a JSON object
     */
    static JsonNode read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("input file not found: " + file.toAbsolutePath().normalize()
                    + " (give a JSON file with --input, or leave --input out to use the bundled sample)");
        } catch (IOException e) {
            throw new UsageException("cannot read input file " + file + ": " + e.getMessage());
        }
        return parse(text, "input file " + file);
    }

    /** The bundled sample input of a workflow. */
    static JsonNode sample(String workflowId) {
        return parse(sampleText(workflowId), "sample input of " + workflowId);
    }

    /** The bundled sample's text, as shipped. */
    static String sampleText(String workflowId) {
        try (InputStream in = Inputs.class.getResourceAsStream("/dev/devora/orchestration/examples/samples/" + workflowId + ".json")) {
            if (in == null) throw new IllegalStateException("no bundled sample input for workflow '" + workflowId + "'");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled sample of " + workflowId, e);
        }
    }

    static JsonNode parse(String text, String what) {
        if (text.isBlank()) throw new UsageException(what + " is empty: it must hold a JSON object");
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new UsageException(what + " is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new UsageException(what + " must hold a JSON object ({\"field\": value, ...}), was "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        return node;
    }
}
