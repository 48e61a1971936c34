package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The findings a run's deliverables hold, wherever they sit: every object in a list that has a {@code severity}
 * of {@code critical}, {@code high}, {@code medium}, {@code low} or {@code info} and a {@code title}, {@code id} or
 * {@code problem} (security and accessibility {@code findings}, review {@code issues}). A finding listed twice
 * (the consolidated list and an audit's own) counts once.
 *
 * <pre>{@code
 * Findings f = Findings.of(result.deliverables());
 * f.count("critical");           // 1
 * f.atLeastHigh();               // the critical, then the high ones
 * }</pre>
 */
public final class Findings {
    /** The severities counted, most serious first. */
    public static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "info");

    private final List<Finding> all;

    /**
     * One finding.
     *
     * @param severity one of {@link #SEVERITIES}
     * @param id       its id; or empty
     * @param title    its title (or the problem described); or empty
     * @param location where it is (file, endpoint, resource, page or area); or empty
     */
    public record Finding(String severity, String id, String title, String location) {
    }

    private Findings(List<Finding> all) {
        this.all = all;
    }

    /**
     * The findings in {@code deliverables}.
     *
     * @param deliverables a run's deliverables tree; or null
     * @return the findings, in the order met, each once
     */
    public static Findings of(JsonNode deliverables) {
        Set<Finding> found = new LinkedHashSet<>();
        if (deliverables != null) collect(deliverables, found, 0);
        return new Findings(List.copyOf(found));
    }

    /** {@return every finding, in the order met} */
    public List<Finding> all() {
        return all;
    }

    /** {@return whether there is none} */
    public boolean isEmpty() {
        return all.isEmpty();
    }

    /**
     * How many findings have {@code severity}.
     *
     * @param severity one of {@link #SEVERITIES}
     * @return the count
     */
    public int count(String severity) {
        return (int) all.stream().filter(f -> f.severity().equals(severity)).count();
    }

    /** {@return the count per severity, most serious first, zeros included} */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        SEVERITIES.forEach(s -> counts.put(s, count(s)));
        return counts;
    }

    /** {@return the critical findings, then the high ones} */
    public List<Finding> atLeastHigh() {
        List<Finding> serious = new ArrayList<>();
        for (String s : List.of("critical", "high")) all.stream().filter(f -> f.severity().equals(s)).forEach(serious::add);
        return serious;
    }

    private static void collect(JsonNode node, Set<Finding> found, int depth) {
        if (depth > 64) return;
        if (node.isArray()) {
            for (JsonNode item : node) {
                Finding f = finding(item);
                if (f != null) found.add(f);
                else collect(item, found, depth + 1);
            }
        } else if (node.isObject()) {
            node.elements().forEachRemaining(child -> collect(child, found, depth + 1));
        }
    }

    private static Finding finding(JsonNode item) {
        if (!item.isObject() || !item.path("severity").isTextual()) return null;
        String severity = item.path("severity").asText().trim().toLowerCase(Locale.ROOT);
        if (severity.equals("informational")) severity = "info";
        if (!SEVERITIES.contains(severity)) return null;
        String id = text(item, "id");
        String title = first(item, "title", "problem", "description");
        if (id.isEmpty() && title.isEmpty()) return null;
        return new Finding(severity, id, title, first(item, "location", "area", "file", "page"));
    }

    private static String first(JsonNode item, String... names) {
        for (String n : names) {
            String t = text(item, n);
            if (!t.isEmpty()) return t;
        }
        return "";
    }

    private static String text(JsonNode item, String name) {
        JsonNode v = item.path(name);
        return v.isValueNode() ? v.asText("").trim() : "";
    }
}
