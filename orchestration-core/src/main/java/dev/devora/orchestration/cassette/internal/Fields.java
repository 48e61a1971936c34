package dev.devora.orchestration.cassette.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.cassette.CassetteFileException;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Typed reads of a cassette's JSON fields, each failing with a {@link CassetteFileException} that names the file,
 * the field's JSON path and the value found there.
 */
final class Fields {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * A place in the document: the node found there (null when the field is missing) and its JSON path.
     *
     * @param node the node, or null when missing
     * @param path the JSON path, e.g. {@code $.interactions[0].stepPath}
     */
    record At(JsonNode node, String path) {
        static At root(JsonNode node) {
            return new At(node, "$");
        }

        At field(String name) {
            String step = NAME.matcher(name).matches() ? "." + name : "[" + CassetteCodec.compact(
                    com.fasterxml.jackson.databind.node.TextNode.valueOf(name)) + "]";
            return new At(node == null ? null : node.get(name), path + step);
        }

        At index(int i) {
            return new At(node == null ? null : node.get(i), path + "[" + i + "]");
        }

        boolean present() {
            return node != null && !node.isMissingNode();
        }

        boolean absent() {
            return !present() || node.isNull();
        }
    }

    private final Path file;

    Fields(Path file) {
        this.file = file;
    }

    CassetteFileException problem(At at, String problem) {
        return new CassetteFileException(file, at.path(), at.present() ? problem : "is missing (" + problem + ")",
                at.present() ? CassetteCodec.compact(at.node()) : null, null);
    }

    void object(At at) {
        if (at.absent() || !at.node().isObject()) throw problem(at, "must be a JSON object");
    }

    void array(At at) {
        if (at.absent() || !at.node().isArray()) throw problem(at, "must be a JSON array");
    }

    /** A string; null when absent and not required. */
    String text(At at, boolean required) {
        if (at.absent()) {
            if (required) throw problem(at, "must be a string");
            return null;
        }
        if (!at.node().isTextual()) throw problem(at, "must be a string");
        return at.node().textValue();
    }

    /** A text stored as an array of lines (or as one string), joined with {@code \n}; null when absent. */
    String lines(At at, boolean required) {
        if (at.present() && at.node().isTextual()) return at.node().textValue();
        if (at.absent()) {
            if (required) throw problem(at, "must be an array of lines");
            return null;
        }
        if (!at.node().isArray()) throw problem(at, "must be an array of lines");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < at.node().size(); i++) {
            At line = at.index(i);
            if (!line.node().isTextual()) throw problem(line, "must be a string (a line of text)");
            if (i > 0) text.append('\n');
            text.append(line.node().textValue());
        }
        return text.toString();
    }

    /** A whole number from {@code min} to {@code max}, required. */
    long count(At at, long min, long max) {
        if (at.absent() || !at.node().isIntegralNumber() || !at.node().canConvertToLong()
                || at.node().longValue() < min || at.node().longValue() > max) {
            throw problem(at, "must be a whole number from " + min + " to " + max);
        }
        return at.node().longValue();
    }

    /** An amount of US dollars, not negative; null when absent and not required. */
    BigDecimal amount(At at, boolean required) {
        if (at.absent()) {
            if (required) throw problem(at, "must be a number ≥ 0");
            return null;
        }
        if (!at.node().isNumber() || at.node().decimalValue().signum() < 0) throw problem(at, "must be a number ≥ 0");
        return at.node().decimalValue();
    }

    /** One of the constants of {@code type}, by name, required. */
    <E extends Enum<E>> E enumValue(At at, Class<E> type) {
        String name = at.present() && at.node().isTextual() ? at.node().textValue() : null;
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) return constant;
        }
        throw problem(at, "must be one of " + Arrays.toString(type.getEnumConstants()));
    }
}
