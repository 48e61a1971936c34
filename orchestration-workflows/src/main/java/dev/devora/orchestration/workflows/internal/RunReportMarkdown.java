package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.engine.GateRecord;
import dev.devora.orchestration.engine.LlmCallRecord;
import dev.devora.orchestration.engine.RunMetrics;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.RunWarning;
import dev.devora.orchestration.engine.StepMetrics;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.gate.CheckResult;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.workflows.Deliverables;
import dev.devora.orchestration.workflows.ReportContext;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A run's {@code REPORT.md}, for a team lead: title and status, an offline note, what was done (one row per agent
 * step), the quality gates (attempts, scores against the threshold, the last attempt's failed checks), the findings
 * by severity, the cost, the deliverables, the errors, what to do next (derived from the above) and the
 * workflow's notes.
 *
 * <pre>{@code
 * String md = RunReportMarkdown.render(result, context, "Security Audit", recipe.files(), recipe.reportNotice());
 * }</pre>
 */
public final class RunReportMarkdown {
    /** Above this many files the deliverables are shown per top folder. */
    static final int LISTED_FILES = 15;
    /** At most this many critical and high findings are listed. */
    static final int LISTED_FINDINGS = 20;
    /** The next step when nothing needs attention. */
    public static final String NOTHING_TO_FIX = "Review the deliverables and merge them.";

    private RunReportMarkdown() {
    }

    /**
     * The report.
     *
     * @param result  a finished run
     * @param context its timestamps and whether the provider was simulated
     * @param name    the workflow's display name
     * @param names   the workflow's file names for deliverable paths (as for {@link Deliverables#files})
     * @param notice  the workflow's own paragraph for the "Notes" section; empty for none
     * @return the Markdown text
     */
    public static String render(WorkflowResult result, ReportContext context, String name, Map<String, String> names,
                                String notice) {
        StringBuilder md = new StringBuilder();
        List<RunErrors.Entry> errors = RunErrors.of(result);
        Findings findings = Findings.of(result.deliverables());
        List<String> next = new ArrayList<>();

        header(md, result, context, name);
        done(md, result, errors);
        Set<String> belowThreshold = gates(md, result, next);
        findings(md, findings, next);
        cost(md, result.metrics(), context);
        deliverables(md, result, names);
        List<String> fixFirst = new ArrayList<>();
        errors(md, errors, fixFirst);
        next.addAll(0, fixFirst); // a failure first, then the gates, then the findings
        next(md, result, context, next, belowThreshold);
        if (notice != null && !notice.isBlank()) md.append("\n## Notes\n\n").append(notice.strip()).append('\n');
        return md.toString();
    }

    private static void header(StringBuilder md, WorkflowResult result, ReportContext context, String name) {
        md.append("# ").append(name).append(": run report\n\n");
        md.append("**Status: ").append(result.status()).append("** · run `").append(result.runId()).append('`');
        if (context.startedAt() != null) md.append(" · started ").append(context.startedAt().truncatedTo(ChronoUnit.SECONDS));
        if (context.finishedAt() != null) md.append(" · finished ").append(context.finishedAt().truncatedTo(ChronoUnit.SECONDS));
        md.append(" · took ").append(duration(result.metrics().wallTime())).append('\n');
        if (context.simulated()) {
            md.append("\n> Offline run: no model was called. The content is simulated placeholder text and the costs are fake.\n");
        }
    }

    private static void done(StringBuilder md, WorkflowResult result, List<RunErrors.Entry> errors) {
        RunMetrics m = result.metrics();
        Map<String, Set<String>> models = new LinkedHashMap<>();
        for (LlmCallRecord c : m.calls()) {
            if (c.model() != null) models.computeIfAbsent(c.path(), k -> new LinkedHashSet<>()).add(c.model());
        }
        Set<String> failed = errors.stream().map(RunErrors.Entry::path).filter(p -> p != null).collect(Collectors.toSet());
        md.append("\n## What was done\n\n");
        List<StepMetrics> steps = m.steps().values().stream().filter(s -> s.agent() != null).toList();
        Set<String> listed = steps.stream().map(StepMetrics::path).collect(Collectors.toSet());
        List<String> failedUnlisted = errors.stream().map(RunErrors.Entry::path).filter(p -> p != null && !listed.contains(p)).toList();
        if (steps.isEmpty() && failedUnlisted.isEmpty()) {
            md.append("No agent step ran.\n");
            return;
        }
        md.append("| step | agent | model | status | time |\n|---|---|---|---|---|\n");
        for (StepMetrics s : steps) {
            String status = failed.contains(s.path()) ? "failed"
                    : s.executions() == 0 ? "not run"
                    : s.executions() == 1 ? "done" : "done ×" + s.executions();
            md.append("| ").append(cell(s.path())).append(" | ").append(cell(s.agent())).append(" | ")
                    .append(cell(String.join(", ", models.getOrDefault(s.path(), Set.of())))).append(" | ")
                    .append(status).append(" | ").append(s.executions() == 0 ? "" : duration(s.wallTime())).append(" |\n");
        }
        // a step that failed before its metrics were recorded
        for (String p : failedUnlisted) {
            md.append("| ").append(cell(p)).append(" |  | ").append(cell(String.join(", ", models.getOrDefault(p, Set.of()))))
                    .append(" | failed |  |\n");
        }
    }

    /** Writes the gates' section; returns the paths of the gates that ended below their threshold. */
    private static Set<String> gates(StringBuilder md, WorkflowResult result, List<String> next) {
        Set<String> below = new LinkedHashSet<>();
        md.append("\n## Quality gates\n\n");
        Map<String, List<GateRecord>> byGate = new LinkedHashMap<>();
        for (GateRecord g : result.gateHistory()) {
            byGate.computeIfAbsent(g.path() + "\u0000" + g.verdict().gate(), k -> new ArrayList<>()).add(g);
        }
        if (byGate.isEmpty()) {
            md.append("No quality gate ran.\n");
            return below;
        }
        md.append("| gate | step | attempts | scores | threshold | result |\n|---|---|---|---|---|---|\n");
        StringBuilder checks = new StringBuilder();
        for (List<GateRecord> records : byGate.values()) {
            GateRecord last = records.get(records.size() - 1);
            GateVerdict v = last.verdict();
            md.append("| ").append(cell(v.gate())).append(" | ").append(cell(last.path())).append(" | ")
                    .append(records.size()).append(" | ")
                    .append(records.stream().map(r -> String.valueOf(r.verdict().score())).collect(Collectors.joining(" → ")))
                    .append(" | ").append(v.threshold()).append(" | ").append(v.passed() ? "passed" : "**below threshold**")
                    .append(" |\n");
            List<String> failedChecks = new ArrayList<>();
            for (CheckResult c : v.checks()) {
                if (!c.passed()) failedChecks.add("`" + c.name() + "` " + c.score() + (blank(c.detail()) ? "" : ": " + oneLine(c.detail())));
            }
            v.blockers().forEach(b -> failedChecks.add("blocker: " + oneLine(b)));
            if (!failedChecks.isEmpty()) {
                checks.append("\nFailed checks of the last attempt of `").append(v.gate()).append("` (").append(last.path()).append("):\n");
                failedChecks.forEach(c -> checks.append("- ").append(c).append('\n'));
            }
            if (!v.passed()) {
                below.add(last.path());
                next.add("Gate `" + v.gate() + "` at " + last.path() + " ended at " + v.score() + " < " + v.threshold()
                        + " after " + records.size() + (records.size() == 1 ? " attempt" : " attempts")
                        + (failedChecks.isEmpty() ? "" : ": address " + String.join("; ", failedChecks)) + ".");
            }
        }
        md.append(checks);
        return below;
    }

    private static void findings(StringBuilder md, Findings findings, List<String> next) {
        md.append("\n## Findings\n\n");
        if (findings.isEmpty()) {
            md.append("No findings in the deliverables.\n");
            return;
        }
        md.append("| severity | critical | high | medium | low | info |\n|---|---|---|---|---|---|\n| count");
        findings.counts().values().forEach(c -> md.append(" | ").append(c));
        md.append(" |\n");
        List<Findings.Finding> serious = findings.atLeastHigh();
        if (serious.isEmpty()) return;
        md.append("\nCritical and high:\n\n| severity | id | title | location |\n|---|---|---|---|\n");
        for (Findings.Finding f : serious.subList(0, Math.min(serious.size(), LISTED_FINDINGS))) {
            md.append("| ").append(f.severity()).append(" | ").append(cell(f.id())).append(" | ").append(cell(f.title()))
                    .append(" | ").append(cell(f.location())).append(" |\n");
        }
        if (serious.size() > LISTED_FINDINGS) {
            md.append("\n… and ").append(serious.size() - LISTED_FINDINGS).append(" more in the deliverables.\n");
        }
        next.add("Fix the " + plural(findings.count("critical"), "critical") + " and " + plural(findings.count("high"), "high")
                + " findings first: " + serious.stream().limit(5).map(f -> blank(f.id()) ? f.title() : f.id())
                .collect(Collectors.joining(", ")) + (serious.size() > 5 ? " and " + (serious.size() - 5) + " more" : "") + ".");
    }

    private static void cost(StringBuilder md, RunMetrics m, ReportContext context) {
        String costs = Reports.costs(m, context.simulated());
        BigDecimal cost = null;
        for (LlmCallRecord c : m.calls()) {
            BigDecimal known = c.usage().costOrEstimateUsd();
            if (known != null) cost = cost == null ? known : cost.add(known);
        }
        md.append("\n## Cost\n\n");
        md.append(m.llmCalls()).append(" model calls · ").append(String.format(Locale.ROOT, "%,d", m.usage().promptTokens()))
                .append(" tokens in, ").append(String.format(Locale.ROOT, "%,d", m.usage().completionTokens())).append(" tokens out · ");
        String money = cost == null ? "no cost known" : "$" + cost.setScale(4, RoundingMode.HALF_UP).toPlainString();
        md.append(switch (costs) {
            case "simulated" -> money + " (simulated: fake)";
            case "none" -> "no model call";
            case "incomplete" -> money + " (incomplete: " + m.callsWithoutCost() + " calls have no known cost)";
            case "estimated" -> money + " (estimated from list prices)";
            default -> money + " (as reported by the provider)";
        }).append('\n');
    }

    private static void deliverables(StringBuilder md, WorkflowResult result, Map<String, String> names) {
        md.append("\n## Deliverables\n\n");
        JsonNode d = result.deliverables();
        List<String> files;
        try {
            files = d == null || !d.isObject() ? List.of() : List.copyOf(Deliverables.files(d, names).keySet());
        } catch (RuntimeException e) {
            md.append("The deliverables cannot be laid out as files: ").append(oneLine(String.valueOf(e.getMessage()))).append('\n');
            return;
        }
        if (files.isEmpty()) {
            md.append("No files.\n");
            return;
        }
        md.append(files.size()).append(files.size() == 1 ? " file" : " files").append(" (paths relative to this folder):\n\n");
        if (files.size() <= LISTED_FILES) {
            files.forEach(f -> md.append("- `").append(f).append("`\n"));
            return;
        }
        Map<String, List<String>> byFolder = new TreeMap<>();
        for (String f : files) {
            int slash = f.indexOf('/');
            byFolder.computeIfAbsent(slash < 0 ? "" : f.substring(0, slash + 1), k -> new ArrayList<>()).add(f);
        }
        for (Map.Entry<String, List<String>> e : byFolder.entrySet()) {
            List<String> in = e.getValue();
            if (e.getKey().isEmpty()) {
                in.forEach(f -> md.append("- `").append(f).append("`\n"));
                continue;
            }
            md.append("- `").append(e.getKey()).append("` (").append(plural(in.size(), "file")).append("): ")
                    .append(in.stream().limit(5).map(f -> "`" + f.substring(e.getKey().length()) + "`").collect(Collectors.joining(", ")))
                    .append(in.size() > 5 ? ", …" : "").append('\n');
        }
    }

    private static void errors(StringBuilder md, List<RunErrors.Entry> errors, List<String> next) {
        if (errors.isEmpty()) return;
        md.append("\n## Errors\n\n");
        for (RunErrors.Entry e : errors) {
            md.append("- ").append(e.path() == null ? "the run" : "`" + e.path() + "`").append(" — ").append(e.kind())
                    .append(" (").append(e.type()).append("): ").append(oneLine(e.message())).append('\n');
            next.add((e.path() == null ? "The run" : "Step `" + e.path() + "`") + " failed (" + e.kind() + "): "
                    + oneLine(e.message()) + ". Fix the cause, then resume or run again.");
        }
    }

    private static void next(StringBuilder md, WorkflowResult result, ReportContext context, List<String> next,
                             Set<String> gatesBelowThreshold) {
        for (RunWarning w : result.warnings()) {
            // a gate or loop that ended below its bar is already a next step, with its failed checks
            if (gatesBelowThreshold.contains(w.path())) continue;
            next.add("Check the warning at `" + w.path() + "`: " + oneLine(w.message()) + ".");
        }
        if (result.status() == RunStatus.CANCELLED && next.isEmpty()) next.add("The run was cancelled: resume it or run it again.");
        md.append("\n## What to do next\n\n");
        if (next.isEmpty()) next.add(NOTHING_TO_FIX);
        if (context.simulated()) next.add("Run it with a real model to get real content and costs.");
        for (int i = 0; i < next.size(); i++) md.append(i + 1).append(". ").append(next.get(i)).append('\n');
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 || word.equals("critical") || word.equals("high") ? "" : "s");
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 60_000) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        long s = ms / 1000;
        return s / 3600 > 0 ? String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    private static String cell(String s) {
        return s == null ? "" : oneLine(s).replace("|", "\\|");
    }
}
