package dev.devora.orchestration.examples.runner;

import dev.devora.orchestration.engine.GateRecord;
import dev.devora.orchestration.engine.LlmCallRecord;
import dev.devora.orchestration.engine.RunMetrics;
import dev.devora.orchestration.engine.StepMetrics;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.gate.CheckResult;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The end-of-run summary: one row per step that did work (agent, the models that answered, tokens, cost, time,
 * retries), a total, and the gate history with every attempt's score and, under it, the checks each failed
 * attempt failed.
 *
 * <pre>{@code
 * System.out.print(SummaryTable.render(result));
 * }</pre>
 */
final class SummaryTable {
    private static final String[] HEADERS = {"step", "agent", "model", "tokens", "cost USD", "time", "retries"};

    private SummaryTable() {
    }

    static String render(WorkflowResult result) {
        RunMetrics m = result.metrics();
        Map<String, Set<String>> models = new LinkedHashMap<>();
        Map<String, String> callAgents = new LinkedHashMap<>();
        for (LlmCallRecord c : m.calls()) {
            models.computeIfAbsent(c.path(), k -> new LinkedHashSet<>()).add(c.model() == null ? "?" : c.model());
            callAgents.putIfAbsent(c.path(), c.agent());
        }
        List<String[]> rows = new ArrayList<>();
        for (StepMetrics s : m.steps().values()) {
            boolean leaf = "agent".equals(s.kind()) || "task".equals(s.kind());
            if (!leaf && s.llmCalls() == 0) continue;
            String agent = s.agent() != null ? s.agent() : callAgents.getOrDefault(s.path(), "task".equals(s.kind()) ? "(java task)" : "");
            rows.add(new String[] {
                    shortPath(s.path(), 48) + (s.executions() > 1 ? " ×" + s.executions() : ""),
                    agent,
                    String.join(", ", models.getOrDefault(s.path(), Set.of("task".equals(s.kind()) ? "-" : "?"))),
                    String.format(Locale.ROOT, "%,d", s.usage().totalTokens()),
                    cost(s.usage().costOrEstimateUsd(), s.callsWithoutCost()),
                    ProgressDisplay.seconds(s.wallTime().toMillis()),
                    String.valueOf(s.retries())});
        }
        rows.add(new String[] {
                "total (" + m.llmCalls() + " model calls)", "", "",
                String.format(Locale.ROOT, "%,d", m.usage().totalTokens()),
                cost(m.usage().costOrEstimateUsd(), m.callsWithoutCost()),
                ProgressDisplay.seconds(m.wallTime().toMillis()),
                String.valueOf(m.retries())});

        StringBuilder sb = new StringBuilder();
        table(sb, HEADERS, 3, rows, true);
        String gates = gates(result.gateHistory());
        if (!gates.isEmpty()) sb.append("\nQuality gates (score/threshold per attempt, then the checks that failed):\n").append(gates);
        if (!result.warnings().isEmpty()) {
            sb.append("\nWarnings:\n");
            result.warnings().forEach(w -> sb.append("  ").append(w.path()).append(": ").append(w.message()).append('\n'));
        }
        return sb.toString();
    }

    /** The path with middle segments elided until it fits: {@code qa-validation/…/qa-review}. */
    static String shortPath(String path, int max) {
        List<String> segments = new ArrayList<>(List.of(path.split("/")));
        boolean elided = false;
        while (String.join("/", segments).length() + (elided ? 2 : 0) > max && segments.size() > 2) {
            segments.remove(1);
            elided = true;
        }
        if (!elided) return path;
        segments.add(1, "…");
        return String.join("/", segments);
    }

    static String gates(List<GateRecord> history) {
        Map<String, List<GateRecord>> byPath = new LinkedHashMap<>();
        for (GateRecord g : history) byPath.computeIfAbsent(g.path(), k -> new ArrayList<>()).add(g);
        StringBuilder sb = new StringBuilder();
        byPath.forEach((path, records) -> {
            sb.append("  ").append(path).append(" (").append(records.get(0).verdict().gate()).append("): ");
            List<String> attempts = new ArrayList<>();
            for (GateRecord r : records) attempts.add("#" + r.attempt() + " " + ProgressDisplay.verdict(r.verdict()));
            sb.append(String.join("  ->  ", attempts)).append('\n');
            for (GateRecord r : records) {
                List<String> failed = new ArrayList<>();
                for (CheckResult check : r.verdict().checks()) {
                    if (!check.passed()) {
                        failed.add(check.name() + " (" + check.score() + ")" + (check.detail().isEmpty() ? "" : ": " + check.detail()));
                    }
                }
                if (!failed.isEmpty()) sb.append("    #").append(r.attempt()).append(" failed: ").append(String.join("; ", failed)).append('\n');
            }
        });
        return sb.toString();
    }

    private static String cost(BigDecimal usd, int withoutCost) {
        String known = usd == null ? "?" : usd.setScale(6, RoundingMode.HALF_UP).toPlainString();
        return withoutCost > 0 ? known + " (+" + withoutCost + " unknown)" : known;
    }

    /**
     * Aligned columns under a header and a rule: text columns left-aligned, those from {@code firstNumeric} on
     * right-aligned; with {@code total}, a rule above the last row.
     */
    static void table(StringBuilder sb, String[] headers, int firstNumeric, List<String[]> rows, boolean total) {
        int[] w = new int[headers.length];
        for (int i = 0; i < headers.length; i++) w[i] = headers[i].length();
        for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i].length());
        row(sb, headers, w, firstNumeric);
        String[] rule = new String[headers.length];
        for (int i = 0; i < rule.length; i++) rule[i] = "-".repeat(w[i]);
        row(sb, rule, w, firstNumeric);
        for (int i = 0; i < rows.size(); i++) {
            if (total && i == rows.size() - 1) row(sb, rule, w, firstNumeric);
            row(sb, rows.get(i), w, firstNumeric);
        }
    }

    private static void row(StringBuilder sb, String[] cells, int[] w, int firstNumeric) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean numeric = i >= firstNumeric;
            String cell = cells[i];
            String pad = " ".repeat(w[i] - cell.length());
            line.append(numeric ? pad + cell : cell + pad);
            if (i < cells.length - 1) line.append("  ");
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }
}
