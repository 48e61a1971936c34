package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The measurements of Performance Audit, read in Java only: a Lighthouse JSON report, measured Web Vitals and a
 * bundle-stats file (webpack {@code assets[{name, size}]}, esbuild metafile {@code outputs{path: {bytes}}} or a
 * plain {@code {asset: bytes}} object), each value compared with its budget and the Core Web Vitals thresholds and
 * marked {@code measured} with its source, or {@code not measured}. Nothing a model says enters these figures.
 *
 * <pre>{@code
 * ObjectNode m = PerformanceMeasurements.measure(input);   // the audit's input JSON
 * String table = PerformanceMeasurements.table(m);         // the Markdown table of performance/audit.md
 * }</pre>
 */
public final class PerformanceMeasurements {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A metric: id, label, unit, the good and poor thresholds (Core Web Vitals / Lighthouse), and what measures it. */
    record Metric(String id, String label, String unit, double good, double poor, boolean higherIsBetter, String howToMeasure) {
        String rating(double v) {
            if (higherIsBetter) return v >= good ? "good" : v < poor ? "poor" : "needs improvement";
            return v <= good ? "good" : v > poor ? "poor" : "needs improvement";
        }
    }

    /** The metrics audited, in table order. */
    static final List<Metric> METRICS = List.of(
            new Metric("performance_score", "Lighthouse performance score", "/100", 90, 50, true,
                    "Lighthouse: `npx lighthouse <url> --output=json --output-path=lighthouse.json`, then lighthouse_report"),
            new Metric("lcp_ms", "Largest Contentful Paint", "ms", 2500, 4000, false,
                    "field: the `web-vitals` library's onLCP (p75 of real users), or Lighthouse (lab)"),
            new Metric("inp_ms", "Interaction to Next Paint", "ms", 200, 500, false,
                    "field: the `web-vitals` library's onINP (p75), or a Lighthouse timespan report"),
            new Metric("max_potential_fid_ms", "Max Potential First Input Delay", "ms", 100, 300, false,
                    "Lighthouse (lab), the audit max-potential-fid"),
            new Metric("cls", "Cumulative Layout Shift", "", 0.1, 0.25, false,
                    "field: the `web-vitals` library's onCLS (p75), or Lighthouse (lab)"),
            new Metric("fcp_ms", "First Contentful Paint", "ms", 1800, 3000, false, "field: onFCP, or Lighthouse (lab)"),
            new Metric("ttfb_ms", "Time to First Byte", "ms", 800, 1800, false,
                    "field: onTTFB, or Lighthouse's server-response-time (lab)"),
            new Metric("tbt_ms", "Total Blocking Time", "ms", 200, 600, false, "Lighthouse (lab), the audit total-blocking-time"),
            new Metric("speed_index_ms", "Speed Index", "ms", 3400, 5800, false, "Lighthouse (lab), the audit speed-index"),
            new Metric("bundle_kb", "Bundle size (all assets, source maps excluded)", "KB", Double.NaN, Double.NaN, false,
                    "bundle stats: `webpack --json > stats.json`, esbuild `--metafile=meta.json`, or an {asset: bytes} file"));

    /** Lighthouse audit id → metric id. */
    static final Map<String, String> LIGHTHOUSE_AUDITS = new LinkedHashMap<>();

    static {
        LIGHTHOUSE_AUDITS.put("largest-contentful-paint", "lcp_ms");
        LIGHTHOUSE_AUDITS.put("interaction-to-next-paint", "inp_ms");
        LIGHTHOUSE_AUDITS.put("max-potential-fid", "max_potential_fid_ms");
        LIGHTHOUSE_AUDITS.put("cumulative-layout-shift", "cls");
        LIGHTHOUSE_AUDITS.put("first-contentful-paint", "fcp_ms");
        LIGHTHOUSE_AUDITS.put("server-response-time", "ttfb_ms");
        LIGHTHOUSE_AUDITS.put("total-blocking-time", "tbt_ms");
        LIGHTHOUSE_AUDITS.put("speed-index", "speed_index_ms");
    }

    /** The measured Web Vitals accepted in {@code web_vitals}, with their valid range. */
    static final Map<String, double[]> WEB_VITALS = new LinkedHashMap<>();
    /** The budgets accepted in {@code budgets}. */
    static final List<String> BUDGETS = List.of("performance_score", "lcp_ms", "inp_ms", "max_potential_fid_ms", "cls", "fcp_ms",
            "ttfb_ms", "tbt_ms", "speed_index_ms", "bundle_kb");

    static {
        WEB_VITALS.put("lcp_ms", new double[]{0, 600_000});
        WEB_VITALS.put("inp_ms", new double[]{0, 600_000});
        WEB_VITALS.put("cls", new double[]{0, 100});
        WEB_VITALS.put("fcp_ms", new double[]{0, 600_000});
        WEB_VITALS.put("ttfb_ms", new double[]{0, 600_000});
    }

    /**
     * A measurement file that cannot be used, with the message of the input error.
     *
     * <pre>{@code
     * try {
     *     PerformanceMeasurements.measure(input);
     * } catch (PerformanceMeasurements.BadFile e) {
     *     // e.getMessage(): no such file, was "reports/lighthouse.json" (/src/shop/reports/lighthouse.json)
     * }
     * }</pre>
     */
    public static final class BadFile extends Exception {
        BadFile(String message) {
            super(message);
        }
    }

    private PerformanceMeasurements() {
    }

    /** The file a path input names: absolute, or relative to the workspace. */
    static Path resolve(String workspace, String path) throws BadFile {
        try {
            Path p = Path.of(path);
            return p.isAbsolute() || workspace == null || workspace.isBlank() ? p : Path.of(workspace).resolve(p);
        } catch (InvalidPathException e) {
            throw new BadFile("is not a valid path, was \"" + path + "\"");
        }
    }

    private static JsonNode readJson(String workspace, String path) throws BadFile {
        Path file = resolve(workspace, path);
        if (!Files.isRegularFile(file)) {
            throw new BadFile("no such file, was \"" + path + "\"" + (file.toString().equals(path) ? "" : " (" + file + ")"));
        }
        try {
            return JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new BadFile("is not JSON (" + e.getOriginalMessage() + where + "), was \"" + path + "\"");
        } catch (IOException e) {
            throw new BadFile("cannot be read (" + e.getMessage() + "), was \"" + path + "\"");
        }
    }

    /**
     * The Lighthouse report's values: metric id → {value, unit, audit}; the score is scaled to /100.
     *
     * @throws BadFile when the file is missing, not JSON, not a Lighthouse report, or has none of the audits read
     */
    static Map<String, ObjectNode> lighthouse(String workspace, String path) throws BadFile {
        JsonNode report = readJson(workspace, path);
        if (!report.isObject() || !report.path("audits").isObject() || !report.path("categories").isObject()) {
            throw new BadFile("is not a Lighthouse report (a JSON object with `categories` and `audits`), was \"" + path + "\"");
        }
        Map<String, ObjectNode> values = new LinkedHashMap<>();
        JsonNode score = report.path("categories").path("performance").path("score");
        if (score.isNumber()) values.put("performance_score", value(round(score.asDouble() * 100, 0), "/100", "categories.performance.score"));
        for (Map.Entry<String, String> a : LIGHTHOUSE_AUDITS.entrySet()) {
            JsonNode audit = report.path("audits").path(a.getKey());
            JsonNode v = audit.path("numericValue");
            if (!v.isNumber()) continue;
            String unit = audit.path("numericUnit").asText("");
            double n = v.asDouble();
            if (unit.equals("second")) n *= 1000;
            else if (unit.equals("microsecond")) n /= 1000;
            boolean unitless = unit.equals("unitless") || a.getValue().equals("cls");
            values.put(a.getValue(), value(unitless ? round(n, 3) : round(n, 0), unitless ? "" : "ms", "audits." + a.getKey() + ".numericValue"));
        }
        if (values.isEmpty()) {
            throw new BadFile("is a Lighthouse report without a performance score or any of the audits read ("
                    + String.join(", ", LIGHTHOUSE_AUDITS.keySet()) + "), was \"" + path + "\"");
        }
        return values;
    }

    /**
     * The bundle's assets, largest first: name → bytes.
     *
     * @throws BadFile when the file is missing, not JSON or in none of the formats read, or lists no asset
     */
    static List<Map.Entry<String, Long>> bundle(String workspace, String path) throws BadFile {
        JsonNode stats = readJson(workspace, path);
        List<Map.Entry<String, Long>> assets = new ArrayList<>();
        String kind;
        if (stats.path("assets").isArray()) {
            kind = "webpack";
            for (JsonNode a : stats.path("assets")) {
                if (!a.path("name").isTextual() || !a.path("size").isNumber()) {
                    throw new BadFile("has a webpack asset without {name, size}: " + InputChecks.shown(a) + ", was \"" + path + "\"");
                }
                assets.add(Map.entry(a.path("name").asText(), a.path("size").asLong()));
            }
        } else if (stats.path("outputs").isObject()) {
            kind = "esbuild";
            for (Map.Entry<String, JsonNode> o : stats.path("outputs").properties()) {
                if (!o.getValue().path("bytes").isNumber()) {
                    throw new BadFile("has an esbuild output without bytes: " + o.getKey() + ", was \"" + path + "\"");
                }
                assets.add(Map.entry(o.getKey(), o.getValue().path("bytes").asLong()));
            }
        } else if (stats.isObject() && !stats.isEmpty() && allNumbers(stats)) {
            kind = "plain";
            for (Map.Entry<String, JsonNode> o : stats.properties()) assets.add(Map.entry(o.getKey(), o.getValue().asLong()));
        } else {
            throw new BadFile("is not bundle stats (webpack `assets[{name, size}]`, esbuild metafile `outputs{path: {bytes}}` "
                    + "or {asset: bytes}), was \"" + path + "\"");
        }
        if (assets.stream().noneMatch(a -> !a.getKey().endsWith(".map"))) {
            throw new BadFile("lists no asset (" + kind + " format), was \"" + path + "\"");
        }
        assets.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        return assets;
    }

    private static boolean allNumbers(JsonNode o) {
        for (Map.Entry<String, JsonNode> e : o.properties()) if (!e.getValue().isNumber()) return false;
        return true;
    }

    /** "Lighthouse 12.2.1 report (lab) of https://…, mobile, fetched 2026-…": what the report says it measured. */
    static String lighthouseKind(JsonNode report) {
        StringBuilder b = new StringBuilder("Lighthouse");
        if (report.path("lighthouseVersion").isTextual()) b.append(' ').append(report.path("lighthouseVersion").asText());
        b.append(" report (lab)");
        String url = report.path("finalDisplayedUrl").asText(report.path("finalUrl").asText(report.path("requestedUrl").asText("")));
        if (!url.isBlank()) b.append(" of ").append(url);
        String form = report.path("configSettings").path("formFactor").asText("");
        if (!form.isBlank()) b.append(", ").append(form);
        if (report.path("fetchTime").isTextual()) b.append(", fetched ").append(report.path("fetchTime").asText());
        return b.toString();
    }

    /** The bundle format's name, for the source column. */
    private static String bundleKind(String workspace, String path) throws BadFile {
        JsonNode stats = readJson(workspace, path);
        return stats.path("assets").isArray() ? "webpack stats" : stats.path("outputs").isObject() ? "esbuild metafile" : "{asset: bytes}";
    }

    /**
     * Every problem of the measurement inputs: a message per field ({@code lighthouse_report}, {@code bundle_stats},
     * {@code web_vitals}, {@code budgets}), for the input check.
     */
    static void check(JsonNode input, InputChecks c) {
        String ws = input.path("workspace").asText("");
        if (input.path("lighthouse_report").isTextual() && !input.path("lighthouse_report").asText().isBlank()) {
            try {
                lighthouse(ws, input.path("lighthouse_report").asText());
            } catch (BadFile e) {
                c.problem("input.lighthouse_report", e.getMessage());
            }
        }
        if (input.path("bundle_stats").isTextual() && !input.path("bundle_stats").asText().isBlank()) {
            try {
                bundle(ws, input.path("bundle_stats").asText());
            } catch (BadFile e) {
                c.problem("input.bundle_stats", e.getMessage());
            }
        }
        JsonNode vitals = input.path("web_vitals");
        if (vitals.isObject()) {
            for (Map.Entry<String, JsonNode> e : vitals.properties()) {
                String path = "input.web_vitals." + e.getKey();
                double[] range = WEB_VITALS.get(e.getKey());
                if (range == null) c.problem(path, "is not a measured Web Vital read (known: " + WEB_VITALS.keySet() + ")");
                else if (!e.getValue().isNumber()) c.problem(path, "must be a number, was " + InputChecks.shown(e.getValue()));
                else if (e.getValue().asDouble() < range[0] || e.getValue().asDouble() > range[1]) {
                    c.problem(path, "must be between " + fmt(range[0]) + " and " + fmt(range[1]) + ", was " + e.getValue().asText());
                }
            }
        }
        c.numberMembers("budgets", 0, BUDGETS);
        JsonNode score = input.path("budgets").path("performance_score");
        if (score.isNumber() && score.asDouble() > 100) c.problem("input.budgets.performance_score", "must be ≤ 100, was " + score.asText());
    }

    /** True when the input gives a measurement source (a report, Web Vitals or bundle stats). */
    static boolean given(JsonNode input) {
        return !input.path("lighthouse_report").asText("").isBlank() || !input.path("bundle_stats").asText("").isBlank()
                || (input.path("web_vitals").isObject() && !input.path("web_vitals").isEmpty());
    }

    /**
     * The measurement table's JSON: {@code measured}, {@code sources}, {@code metrics} (one row per metric and source,
     * or one {@code not measured} row), {@code bundle}, {@code over_budget}, {@code poor} and {@code what_to_measure}.
     *
     * @param input the audit's validated input
     * @return the measurements
     * @throws BadFile when a file changed since the input was checked
     */
    public static ObjectNode measure(JsonNode input) throws BadFile {
        String ws = input.path("workspace").asText("");
        Map<String, List<ObjectNode>> byMetric = new LinkedHashMap<>();
        ArrayNode sources = NODES.arrayNode();
        ObjectNode bundleNode = null;
        String lh = input.path("lighthouse_report").asText("");
        if (!lh.isBlank()) {
            Map<String, ObjectNode> values = lighthouse(ws, lh);
            String src = "lighthouse_report: " + lh;
            sources.addObject().put("field", "lighthouse_report").put("path", lh).put("kind", lighthouseKind(readJson(ws, lh)));
            values.forEach((id, v) -> byMetric.computeIfAbsent(id, k -> new ArrayList<>()).add(v.put("source", src)));
        }
        JsonNode vitals = input.path("web_vitals");
        if (vitals.isObject() && !vitals.isEmpty()) {
            sources.addObject().put("field", "web_vitals").put("path", "").put("kind", "measured Web Vitals given in the input (field)");
            for (String id : WEB_VITALS.keySet()) {
                if (vitals.path(id).isNumber()) {
                    byMetric.computeIfAbsent(id, k -> new ArrayList<>()).add(
                            value(vitals.path(id).asDouble(), id.equals("cls") ? "" : "ms", "web_vitals." + id).put("source", "web_vitals (input)"));
                }
            }
        }
        String bs = input.path("bundle_stats").asText("");
        if (!bs.isBlank()) {
            List<Map.Entry<String, Long>> assets = bundle(ws, bs);
            String kind = bundleKind(ws, bs);
            sources.addObject().put("field", "bundle_stats").put("path", bs).put("kind", kind);
            long total = 0, js = 0, css = 0;
            int counted = 0;
            bundleNode = NODES.objectNode();
            ArrayNode largest = NODES.arrayNode();
            for (Map.Entry<String, Long> a : assets) {
                if (a.getKey().endsWith(".map")) continue;
                counted++;
                total += a.getValue();
                if (a.getKey().matches(".*\\.(m?js|cjs)$")) js += a.getValue();
                if (a.getKey().endsWith(".css")) css += a.getValue();
                if (largest.size() < 10) largest.addObject().put("name", a.getKey()).put("bytes", a.getValue()).put("kb", kb(a.getValue()));
            }
            bundleNode.put("format", kind).put("source", bs).put("assets", counted).put("total_bytes", total)
                    .put("total_kb", kb(total)).put("js_kb", kb(js)).put("css_kb", kb(css)).set("largest", largest);
            byMetric.computeIfAbsent("bundle_kb", k -> new ArrayList<>())
                    .add(value(kb(total), "KB", kind + ": sum of " + counted + " assets").put("source", "bundle_stats: " + bs));
        }

        JsonNode budgets = input.path("budgets");
        ArrayNode rows = NODES.arrayNode();
        ArrayNode overBudget = NODES.arrayNode();
        ArrayNode poor = NODES.arrayNode();
        ArrayNode notMeasured = NODES.arrayNode();
        ArrayNode toMeasure = NODES.arrayNode();
        for (Metric m : METRICS) {
            List<ObjectNode> values = byMetric.getOrDefault(m.id(), List.of());
            JsonNode budget = budgets.path(m.id());
            if (values.isEmpty()) {
                ObjectNode row = rows.addObject().put("metric", m.id()).put("label", m.label()).put("status", "not measured");
                row.putNull("value");
                row.put("unit", m.unit()).put("source", "");
                if (budget.isNumber()) row.put("budget", budget.asDouble()); else row.putNull("budget");
                row.putNull("within_budget");
                row.put("rating", "not measured");
                notMeasured.add(m.id());
                toMeasure.add(m.label() + ": " + m.howToMeasure());
                continue;
            }
            for (ObjectNode v : values) {
                double value = v.path("value").asDouble();
                ObjectNode row = rows.addObject().put("metric", m.id()).put("label", m.label()).put("status", "measured")
                        .put("value", value).put("unit", m.unit()).put("source", v.path("source").asText())
                        .put("read_from", v.path("read_from").asText());
                if (budget.isNumber()) {
                    boolean within = m.higherIsBetter() ? value >= budget.asDouble() : value <= budget.asDouble();
                    row.put("budget", budget.asDouble()).put("within_budget", within);
                    if (!within) overBudget.add(m.id() + " " + fmt(value) + suffix(m.unit()) + (m.higherIsBetter() ? " < budget " : " > budget ")
                            + fmt(budget.asDouble()) + suffix(m.unit()) + " (" + row.path("source").asText() + ")");
                } else {
                    row.putNull("budget");
                    row.putNull("within_budget");
                }
                String rating = Double.isNaN(m.good()) ? "no threshold" : m.rating(value);
                row.put("rating", rating);
                if (!Double.isNaN(m.good())) row.put("threshold", thresholds(m));
                if (rating.equals("poor") || rating.equals("needs improvement")) {
                    poor.add(m.id() + " " + fmt(value) + suffix(m.unit()) + " rated " + rating + " (" + row.path("source").asText() + ")");
                }
            }
        }
        ObjectNode out = NODES.objectNode();
        out.put("measured", !byMetric.isEmpty());
        out.set("sources", sources);
        out.set("metrics", rows);
        if (bundleNode == null) out.putNull("bundle"); else out.set("bundle", bundleNode);
        out.set("over_budget", overBudget);
        out.set("poor", poor);
        out.set("not_measured", notMeasured);
        out.set("what_to_measure", toMeasure);
        out.put("brief", brief(out));
        out.put("problems", problems(out));
        return out;
    }

    /** The measurements in a few lines for the agents' prompts: the sources, each measured value, what is not measured. */
    static String brief(JsonNode m) {
        if (!m.path("measured").asBoolean()) return "Nothing was measured.";
        StringBuilder b = new StringBuilder("Sources:");
        for (JsonNode s : m.path("sources")) {
            b.append("\n- ").append(s.path("field").asText()).append(s.path("path").asText().isEmpty() ? "" : " = " + s.path("path").asText())
                    .append(" (").append(s.path("kind").asText()).append(')');
        }
        b.append("\nMeasured:");
        for (JsonNode r : m.path("metrics")) {
            if (r.path("status").asText().equals("measured")) b.append("\n- ").append(line(r));
        }
        if (!m.path("not_measured").isEmpty()) {
            List<String> ids = new ArrayList<>();
            m.path("not_measured").forEach(n -> ids.add(n.asText()));
            b.append("\nNot measured: ").append(String.join(", ", ids));
        }
        return b.toString();
    }

    /** The measured values over budget or not rated good, one line each; "none" when every measured value is fine. */
    static String problems(JsonNode m) {
        StringBuilder b = new StringBuilder();
        for (JsonNode r : m.path("metrics")) {
            if (!r.path("status").asText().equals("measured")) continue;
            String rating = r.path("rating").asText();
            boolean over = r.path("within_budget").isBoolean() && !r.path("within_budget").asBoolean();
            if (over || rating.equals("poor") || rating.equals("needs improvement")) b.append(b.isEmpty() ? "- " : "\n- ").append(line(r));
        }
        return b.isEmpty() ? (m.path("measured").asBoolean() ? "none: every measured value is within its budget and rated good" : "nothing was measured") : b.toString();
    }

    private static String line(JsonNode r) {
        String unit = suffix(r.path("unit").asText());
        String source = r.path("source").asText();
        StringBuilder b = new StringBuilder(r.path("metric").asText()).append(' ').append(fmt(r.path("value").asDouble())).append(unit)
                .append(" [").append(source.contains(":") ? source.substring(0, source.indexOf(':')) : source.replace(" (input)", ""))
                .append("]: ").append(r.path("rating").asText());
        if (r.path("budget").isNumber()) {
            b.append(r.path("within_budget").asBoolean() ? ", within budget " : ", over budget ").append(fmt(r.path("budget").asDouble())).append(unit);
        }
        return b.toString();
    }

    /**
     * The Markdown measurement section of {@code performance/audit.md}, written from {@link #measure} only: the table
     * of measured values with their source, or a statement that nothing was measured; then what is still to measure.
     */
    public static String table(JsonNode m) {
        StringBuilder b = new StringBuilder("## Measurements\n\n");
        if (!m.path("measured").asBoolean()) {
            b.append("**Nothing was measured**: no Lighthouse report, Web Vitals or bundle stats were given, so this audit "
                    + "contains no measured value. The causes and effects below are hypotheses and estimates until measured.\n");
        } else {
            b.append("Every value in this table was read by the workflow from the source named in its row, not written by a model.\n\n");
            b.append("| Metric | Value | Status | Source | Rating (good / poor) | Budget |\n|---|---|---|---|---|---|\n");
            for (JsonNode r : m.path("metrics")) {
                if (!r.path("status").asText().equals("measured")) continue;
                String unit = r.path("unit").asText();
                b.append("| ").append(r.path("label").asText()).append(" | ").append(fmt(r.path("value").asDouble())).append(suffix(unit))
                        .append(" | measured | ").append(r.path("source").asText()).append(" | ").append(r.path("rating").asText())
                        .append(r.has("threshold") ? " (" + r.path("threshold").asText() + ")" : "").append(" | ")
                        .append(r.path("budget").isNumber() ? fmt(r.path("budget").asDouble()) + suffix(unit)
                                + (r.path("within_budget").asBoolean() ? " ✓ within" : " ✗ over") : "—").append(" |\n");
            }
            JsonNode bundle = m.path("bundle");
            if (bundle.isObject()) {
                b.append("\nBundle (").append(bundle.path("format").asText()).append(", ").append(bundle.path("source").asText()).append("): ")
                        .append(bundle.path("assets").asInt()).append(" assets, ").append(fmt(bundle.path("total_kb").asDouble()))
                        .append(" KB in total (JS ").append(fmt(bundle.path("js_kb").asDouble())).append(" KB, CSS ")
                        .append(fmt(bundle.path("css_kb").asDouble())).append(" KB). Largest:");
                for (JsonNode a : bundle.path("largest")) {
                    b.append("\n- `").append(a.path("name").asText()).append("`: ").append(fmt(a.path("kb").asDouble())).append(" KB");
                }
                b.append('\n');
            }
        }
        if (!m.path("not_measured").isEmpty()) {
            b.append("\nNot measured: ");
            List<String> labels = new ArrayList<>();
            for (JsonNode r : m.path("metrics")) if (r.path("status").asText().equals("not measured")) labels.add(r.path("label").asText());
            b.append(String.join(", ", labels)).append(".\n\nWhat to measure:\n");
            for (JsonNode w : m.path("what_to_measure")) b.append("- ").append(w.asText()).append('\n');
        }
        return b.toString();
    }

    private static String suffix(String unit) {
        return unit.isEmpty() || unit.startsWith("/") ? unit : " " + unit;
    }

    private static final java.util.regex.Pattern FIGURE = java.util.regex.Pattern.compile(
            "(?<![\\w.,-])(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?\\s?(ms|s|kb|kib|mb)(?![\\w])", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * The figures (with a unit: ms, s, KB, MB) that a text presents as measured (on a line saying "measured", not
     * "not measured") but that match no measured value, budget or threshold: a model's number passed off as a
     * measurement. Seconds are compared as milliseconds (to the displayed precision), MB as KB.
     */
    public static List<String> unsupportedMeasuredFigures(String text, JsonNode m) {
        List<Double> ms = new ArrayList<>();
        List<Double> kb = new ArrayList<>();
        for (JsonNode r : m.path("metrics")) {
            List<Double> known = r.path("unit").asText().equals("ms") ? ms : r.path("unit").asText().equals("KB") ? kb : null;
            if (known == null) continue;
            if (r.path("value").isNumber()) known.add(r.path("value").asDouble());
            if (r.path("budget").isNumber()) known.add(r.path("budget").asDouble());
        }
        for (Metric metric : METRICS) {
            if (metric.unit().equals("ms")) {
                ms.add(metric.good());
                ms.add(metric.poor());
            }
        }
        for (JsonNode a : m.path("bundle").path("largest")) kb.add(a.path("kb").asDouble());
        if (m.path("bundle").isObject()) {
            kb.add(m.path("bundle").path("js_kb").asDouble());
            kb.add(m.path("bundle").path("css_kb").asDouble());
        }
        List<String> unsupported = new ArrayList<>();
        for (String line : text.split("\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (!lower.contains("measured") || lower.contains("not measured") || lower.contains("unmeasured")) continue;
            java.util.regex.Matcher f = FIGURE.matcher(line);
            while (f.find()) {
                String decimals = f.group(2) == null ? "" : f.group(2);
                double v = Double.parseDouble(f.group(1).replace(",", "") + decimals);
                String unit = f.group(3).toLowerCase(Locale.ROOT);
                double tolerance;
                if (unit.equals("s")) {
                    tolerance = 0.5 * Math.pow(10, -Math.max(0, decimals.length() - 1)) * 1000;
                    v *= 1000;
                } else if (unit.equals("mb")) {
                    tolerance = 0.5 * Math.pow(10, -Math.max(0, decimals.length() - 1)) * 1024;
                    v *= 1024;
                } else {
                    tolerance = Math.max(1, v * 0.005);
                }
                double value = v;
                double tol = tolerance;
                List<Double> known = unit.equals("ms") || unit.equals("s") ? ms : kb;
                if (known.stream().noneMatch(k -> Math.abs(k - value) <= tol)) unsupported.add(f.group().strip());
            }
        }
        return unsupported;
    }

    private static String thresholds(Metric m) {
        String u = m.unit().equals("ms") ? " ms" : m.unit();
        return m.higherIsBetter() ? "good ≥ " + fmt(m.good()) + u + ", poor < " + fmt(m.poor()) + u
                : "good ≤ " + fmt(m.good()) + u + ", poor > " + fmt(m.poor()) + u;
    }

    private static ObjectNode value(double v, String unit, String readFrom) {
        return NODES.objectNode().put("value", v).put("unit", unit).put("read_from", readFrom);
    }

    private static double kb(long bytes) {
        return round(bytes / 1024.0, 1);
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    static String fmt(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf((long) d);
        return String.format(Locale.ROOT, "%s", round(d, 3));
    }
}
