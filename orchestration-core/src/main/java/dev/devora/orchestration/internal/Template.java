package dev.devora.orchestration.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed prompt template: literal text and {@code {{reference}}} holes. References are {@code input.field(.path)},
 * {@code stepId(.path)}, {@code gate.feedback}, {@code gate.score} and {@code loop.iteration}; whitespace inside
 * the braces is ignored. Parsed once when the workflow is built.
 *
 * <p>A reference ending in {@code ?} is optional: without a value it renders empty, without a warning, and it is
 * still a read of what it names (declared reads). A line of a multi-line template whose every reference is marked
 * {@code ?} and renders empty (or blank) is left out entirely, its line break included, so an optional input that
 * was not given leaves no dangling label. Lines without references, lines with a reference not marked {@code ?} and
 * lines where any reference has a value are kept as they are; a one-line template is always kept (it is the whole
 * prompt).
 *
 * <pre>{@code
 * Template t = Template.parse("Design the API.\nRate limits: {{input.rate_limits?}}\nStack: {{input.stack}}", errors);
 * t.render(ref -> ref.root().equals("input") && ref.path().get(0).equals("stack") ? "Java" : "");
 * // "Design the API.\nStack: Java"
 * }</pre>
 */
public final class Template {
    /**
     * A reference: its root ({@code input}, {@code gate}, {@code loop} or a step id), the path below it, whether it
     * may be empty without a warning ({@code {{x?}}}, or a loop body reading its own previous iteration), and whether
     * it was written with {@code ?} (only those drop their line when empty).
     */
    public record Ref(String root, List<String> path, String text, boolean optional, boolean marked) {
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
                Ref ref = new Ref(segments[0], List.of(segments).subList(1, segments.length), text, optional,
                        optional);
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
                part = new Ref(r.root(), r.path(), r.text(), true, false);
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
        boolean emptyMarked = false;
        for (int i = 0; i < values.length; i++) {
            values[i] = resolver.apply(refs.get(i));
            length += values[i].length();
            if (refs.get(i).marked() && values[i].isBlank()) emptyMarked = true;
        }
        if (emptyMarked && source.indexOf('\n') >= 0) return renderDroppingEmptyLines(values, length);
        StringBuilder sb = new StringBuilder(length); // sized once: no growth
        int next = 0;
        for (Object part : parts) {
            if (part instanceof Ref) sb.append(values[next++]);
            else sb.append((String) part);
        }
        return sb.toString();
    }

    /** Renders line by line, leaving out each line whose every reference is marked optional and rendered blank. */
    private String renderDroppingEmptyLines(String[] values, int length) {
        StringBuilder sb = new StringBuilder(length);
        int lineStart = 0;
        int lineRefs = 0;
        boolean droppable = true;
        int next = 0;
        for (Object part : parts) {
            if (part instanceof Ref ref) {
                String value = values[next++];
                lineRefs++;
                if (!ref.marked() || !value.isBlank()) droppable = false;
                sb.append(value);
                int newline = value.lastIndexOf('\n');
                if (newline >= 0 && !droppable) lineStart = sb.length() - value.length() + newline + 1; // kept lines
                continue;
            }
            String text = (String) part;
            int from = 0;
            for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
                sb.append(text, from, nl);
                if (lineRefs > 0 && droppable) sb.setLength(lineStart); // the line and its break go
                else sb.append('\n');
                from = nl + 1;
                lineStart = sb.length();
                lineRefs = 0;
                droppable = true;
            }
            sb.append(text, from, text.length());
        }
        if (lineRefs > 0 && droppable) { // the last line goes, and the break before it
            sb.setLength(lineStart > 0 && sb.charAt(lineStart - 1) == '\n' ? lineStart - 1 : lineStart);
        }
        return sb.toString();
    }
}
