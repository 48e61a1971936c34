package dev.devora.orchestration.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed prompt template: literal text and {@code {{reference}}} holes. References are {@code input.field(.path)},
 * {@code stepId(.path)}, {@code gate.feedback}, {@code gate.score} and {@code loop.iteration}; whitespace inside
 * the braces is ignored. Parsed once when the workflow is built.
 */
public final class Template {
    /**
     * A reference: its root ({@code input}, {@code gate}, {@code loop} or a step id), the path below it, and whether
     * it may be empty without a warning ({@code {{x?}}}, or a loop body reading its own previous iteration).
     */
    public record Ref(String root, List<String> path, String text, boolean optional) {
    }

    private final String source;
    private final List<Object> parts; // String or Ref
    private final List<Ref> refs;
    private final int literalLength;

    private Template(String source, List<Object> parts, List<Ref> refs, int literalLength) {
        this.source = source;
        this.parts = parts;
        this.refs = refs;
        this.literalLength = literalLength;
    }

    /** Parses a template; {@code errors} receives unclosed or empty holes. */
    public static Template parse(String source, List<String> errors) {
        List<Object> parts = new ArrayList<>();
        List<Ref> refs = new ArrayList<>();
        int literal = 0;
        int i = 0;
        while (i < source.length()) {
            int open = source.indexOf("{{", i);
            if (open < 0) {
                parts.add(source.substring(i));
                literal += source.length() - i;
                break;
            }
            if (open > i) {
                parts.add(source.substring(i, open));
                literal += open - i;
            }
            int close = source.indexOf("}}", open + 2);
            if (close < 0) {
                errors.add("unclosed '{{' at character " + open);
                parts.add(source.substring(open));
                break;
            }
            String text = source.substring(open + 2, close).strip();
            if (text.isEmpty() || !text.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\??")) {
                errors.add("malformed reference '{{" + source.substring(open + 2, close) + "}}'");
            } else {
                boolean optional = text.endsWith("?");
                if (optional) text = text.substring(0, text.length() - 1);
                String[] segments = text.split("\\.");
                Ref ref = new Ref(segments[0], List.of(segments).subList(1, segments.length), text, optional);
                parts.add(ref);
                refs.add(ref);
            }
            i = close + 2;
        }
        return new Template(source, List.copyOf(parts), List.copyOf(refs), literal);
    }

    /** This template followed by literal text, which is not parsed for references. */
    public Template followedBy(String literal) {
        if (literal.isEmpty()) return this;
        List<Object> more = new ArrayList<>(parts);
        more.add(literal);
        return new Template(source + literal, List.copyOf(more), refs, literalLength + literal.length());
    }

    public String source() {
        return source;
    }

    public List<Ref> refs() {
        return refs;
    }

    /** This template with the references to the given roots marked optional. */
    Template withOptional(java.util.Set<String> roots) {
        if (roots.isEmpty()) return this;
        List<Object> newParts = new ArrayList<>(parts.size());
        List<Ref> newRefs = new ArrayList<>(refs.size());
        for (Object part : parts) {
            if (part instanceof Ref r && !r.optional() && roots.contains(r.root())) {
                part = new Ref(r.root(), r.path(), r.text(), true);
            }
            if (part instanceof Ref r) newRefs.add(r);
            newParts.add(part);
        }
        return new Template(source, List.copyOf(newParts), List.copyOf(newRefs), literalLength);
    }

    /** The reference when the template is exactly one {@code {{reference}}} (whitespace aside); else null. */
    public Ref singleRef() {
        if (refs.size() != 1) return null;
        for (Object part : parts) {
            if (part instanceof String text && !text.isBlank()) return null;
        }
        return refs.get(0);
    }

    /** Renders with a resolver that turns each reference into text. */
    public String render(java.util.function.Function<Ref, String> resolver) {
        if (refs.isEmpty()) return source;
        String[] values = new String[refs.size()];
        int length = literalLength;
        for (int i = 0; i < values.length; i++) {
            values[i] = resolver.apply(refs.get(i));
            length += values[i].length();
        }
        StringBuilder sb = new StringBuilder(length); // sized once: no growth
        int next = 0;
        for (Object part : parts) {
            if (part instanceof Ref) sb.append(values[next++]);
            else sb.append((String) part);
        }
        return sb.toString();
    }
}
