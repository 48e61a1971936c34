package dev.devora.orchestration.examples.runner;

import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.gate.GateVerdict;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows a run while it happens. Every finished step, gate verdict, retry and failure is printed as a line
 * prefixed with the run's progress. In <b>live</b> mode (a terminal) a status line at the bottom is redrawn in
 * place: overall percent with a bar, elapsed time, tokens and cost so far, and the steps running now. In
 * <b>plain</b> mode (CI logs, pipes) there is no redrawing: steps starting are printed as lines too.
 *
 * <pre>{@code
 * ProgressDisplay display = ProgressDisplay.plain(System.out);
 * WorkflowResult result = workflow.run(input, display);
 * display.finish();
 * }</pre>
 */
final class ProgressDisplay implements WorkflowListener {
    private static final Set<String> LEAVES = Set.of("agent", "task");
    private static final String CLEAR_LINE = "\r\033[2K";

    private final PrintStream out;
    private final boolean live;
    private final int width;
    private final LongSupplier nanos;
    private final long start;
    private final Set<String> running = new LinkedHashSet<>();
    private int percent;
    private long tokens;
    private BigDecimal cost = BigDecimal.ZERO;
    private int callsWithoutCost;
    private int calls;
    private int toolCalls;
    private boolean statusShown;
    private ScheduledExecutorService ticker;

    private ProgressDisplay(PrintStream out, boolean live, int width, LongSupplier nanos) {
        this.out = out;
        this.live = live;
        this.width = Math.max(40, width);
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    /** Lines only, for logs. */
    static ProgressDisplay plain(PrintStream out) {
        return new ProgressDisplay(out, false, 120, System::nanoTime);
    }

    /** Lines plus a status line redrawn in place (ANSI), refreshed twice a second. */
    static ProgressDisplay live(PrintStream out, int width) {
        ProgressDisplay d = new ProgressDisplay(out, true, width, System::nanoTime);
        d.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "devora-progress");
            t.setDaemon(true);
            return t;
        });
        d.ticker.scheduleAtFixedRate(d::redraw, 500, 500, TimeUnit.MILLISECONDS);
        return d;
    }

    boolean isLive() {
        return live;
    }

    @Override
    public synchronized void onEvent(WorkflowEvent event) {
        if (event instanceof WorkflowEvent.Progress p) {
            percent = Math.max(percent, p.percent());
        } else if (event instanceof WorkflowEvent.StepStarted s) {
            if (LEAVES.contains(s.kind())) {
                running.add(s.path());
                if (!live) line("start  " + s.path());
            }
        } else if (event instanceof WorkflowEvent.StepCompleted c) {
            if (running.remove(c.path()) || LEAVES.contains(c.kind())) {
                line("done   " + c.path() + "  " + seconds(c.duration().toMillis()));
            }
        } else if (event instanceof WorkflowEvent.StepFailed f) {
            running.remove(f.path());
            line("FAILED " + f.path() + ": " + f.error().getMessage());
        } else if (event instanceof WorkflowEvent.StepRetried r) {
            line("retry  " + r.path() + " (attempt " + r.nextAttempt() + " in " + seconds(r.delay().toMillis()) + "): "
                    + (r.cause() == null ? "" : r.cause().getMessage()));
        } else if (event instanceof WorkflowEvent.LoopIteration l && l.iteration() > 1) {
            line("loop   " + l.path() + " round " + l.iteration());
        } else if (event instanceof WorkflowEvent.BranchChosen b) {
            line("branch " + b.path() + " -> " + b.branch() + " (" + b.reason() + ")");
        } else if (event instanceof WorkflowEvent.GateEvaluated g) {
            line("gate   " + g.path() + " #" + g.attempt() + ": " + verdict(g.verdict()));
        } else if (event instanceof WorkflowEvent.LlmCallCompleted c) {
            calls++;
            tokens += c.usage().totalTokens();
            if (c.usage().costOrEstimateUsd() != null) cost = cost.add(c.usage().costOrEstimateUsd());
            else callsWithoutCost++;
            redraw();
        } else if (event instanceof WorkflowEvent.ToolCallCompleted t) {
            toolCalls++;
            line("tool   " + t.path() + ": " + t.tool() + "  " + seconds(t.duration().toMillis())
                    + (t.error() == null ? "" : "  error: " + shorten(t.error(), 90)));
        } else if (event instanceof WorkflowEvent.FileChanged f) {
            line("wrote  " + f.path() + ": " + f.file());
        } else if (event instanceof WorkflowEvent.RunCompleted r) {
            percent = Math.max(percent, 100);
            running.clear();
            line("run " + r.status() + ": " + calls + " model calls, " + (toolCalls == 0 ? "" : toolCalls + " tool calls, ")
                    + totals());
        }
    }

    /** Stops the refresh and leaves the cursor on a clean line. Idempotent. */
    synchronized void finish() {
        if (ticker != null) ticker.shutdownNow();
        ticker = null;
        if (live && statusShown) {
            out.print(CLEAR_LINE);
            statusShown = false;
        }
        out.flush();
    }

    static String verdict(GateVerdict v) {
        StringBuilder sb = new StringBuilder().append(v.score()).append('/').append(v.threshold())
                .append(v.passed() ? " PASS" : " FAIL");
        if (!v.blockers().isEmpty()) {
            sb.append(" (").append(v.blockers().size()).append(v.blockers().size() == 1 ? " blocker: " : " blockers, first: ")
                    .append(shorten(v.blockers().get(0), 90)).append(')');
        }
        return sb.toString();
    }

    private void line(String text) {
        if (live && statusShown) out.print(CLEAR_LINE);
        out.println(String.format(Locale.ROOT, "[%3d%%] ", percent) + text);
        statusShown = false;
        redraw();
    }

    private synchronized void redraw() {
        if (!live || ticker == null) return;
        String status = status();
        out.print(CLEAR_LINE + (status.length() < width ? status : status.substring(0, width - 2) + "…"));
        out.flush();
        statusShown = true;
    }

    private String status() {
        int filled = percent / 5;
        String bar = "#".repeat(filled) + "-".repeat(20 - filled);
        List<String> now = new ArrayList<>(running);
        String steps = now.isEmpty() ? "" : "  running: " + String.join(", ", now.stream().map(ProgressDisplay::lastSegment).toList());
        return String.format(Locale.ROOT, "%3d%% [%s] %s  %s%s", percent, bar,
                seconds((nanos.getAsLong() - start) / 1_000_000), totals(), steps);
    }

    private String totals() {
        return String.format(Locale.ROOT, "%,d tokens, $%s%s", tokens, cost.setScale(4, java.math.RoundingMode.HALF_UP).toPlainString(),
                callsWithoutCost == 0 ? "" : " (+" + callsWithoutCost + " calls without cost)");
    }

    private static String lastSegment(String path) {
        return path.contains("/") ? path.substring(path.lastIndexOf('/') + 1) : path;
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    static String shorten(String text, int max) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, Math.max(0, max - 1)) + "…";
    }
}
