package dev.devora.orchestration.cassette.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of an expected text against an actual one, for people: only the differing lines ({@code - }
 * expected, {@code + } actual) with two lines of context ({@code   }), {@code …} where equal lines are left out,
 * long lines cut around their first difference, long diffs cut after {@link #MAX_LINES} lines.
 *
 * <pre>{@code
 * LineDiff diff = LineDiff.of(List.of("[user]", "Say hi."), List.of("[user]", "Say hello."));
 * diff.changed();   // 2
 * diff.render();    // "--- recorded\n+++ actual\n  [user]\n- Say hi.\n+ Say hello.\n"
 * }</pre>
 */
public final class LineDiff {
    /** Lines of context around each change. */
    static final int CONTEXT = 2;
    /** The most lines a rendered diff shows before it says how many more differ. */
    static final int MAX_LINES = 60;
    /** The longest line shown whole; longer ones are cut around their first difference. */
    static final int MAX_LINE = 160;
    /** Above this many cells the middle part is shown as replaced as a whole instead of aligned. */
    private static final long MAX_CELLS = 1_000_000;

    private enum Op { SAME, DELETE, INSERT }

    private record Edit(Op op, String line) {
    }

    private final List<Edit> edits;
    private final int changed;

    private LineDiff(List<Edit> edits) {
        this.edits = edits;
        int n = 0;
        for (Edit e : edits) if (e.op != Op.SAME) n++;
        this.changed = n;
    }

    /** The diff of {@code expected} against {@code actual}, aligned on their longest common subsequence. */
    public static LineDiff of(List<String> expected, List<String> actual) {
        int prefix = 0;
        while (prefix < expected.size() && prefix < actual.size() && expected.get(prefix).equals(actual.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < expected.size() - prefix && suffix < actual.size() - prefix
                && expected.get(expected.size() - 1 - suffix).equals(actual.get(actual.size() - 1 - suffix))) {
            suffix++;
        }
        List<Edit> edits = new ArrayList<>();
        for (int i = 0; i < prefix; i++) edits.add(new Edit(Op.SAME, expected.get(i)));
        List<String> a = expected.subList(prefix, expected.size() - suffix);
        List<String> b = actual.subList(prefix, actual.size() - suffix);
        if ((long) a.size() * b.size() <= MAX_CELLS) {
            align(a, b, edits);
        } else {
            for (String line : a) edits.add(new Edit(Op.DELETE, line));
            for (String line : b) edits.add(new Edit(Op.INSERT, line));
        }
        for (int i = expected.size() - suffix; i < expected.size(); i++) edits.add(new Edit(Op.SAME, expected.get(i)));
        return new LineDiff(edits);
    }

    /** How many lines were removed or added: 0 when the texts are equal. */
    public int changed() {
        return changed;
    }

    /** The diff as text, headed {@code --- recorded} / {@code +++ actual}; "" when the texts are equal. */
    public String render() {
        if (changed == 0) return "";
        boolean[] shown = new boolean[edits.size()];
        for (int i = 0; i < edits.size(); i++) {
            if (edits.get(i).op == Op.SAME) continue;
            for (int j = Math.max(0, i - CONTEXT); j <= Math.min(edits.size() - 1, i + CONTEXT); j++) shown[j] = true;
        }
        StringBuilder out = new StringBuilder("--- recorded\n+++ actual\n");
        int lines = 0;
        int changesShown = 0;
        boolean gap = false;
        for (int i = 0; i < edits.size(); i++) {
            if (!shown[i]) {
                gap = true;
                continue;
            }
            if (lines >= MAX_LINES) {
                out.append("… ").append(changed - changesShown).append(" more changed lines not shown\n");
                return out.toString();
            }
            if (gap) out.append("  …\n");
            gap = false;
            Edit e = edits.get(i);
            String prefix = e.op == Op.SAME ? "  " : e.op == Op.DELETE ? "- " : "+ ";
            out.append(prefix).append(cut(e.line, focus(i))).append('\n');
            lines++;
            if (e.op != Op.SAME) changesShown++;
        }
        if (gap) out.append("  …\n");
        return out.toString();
    }

    /**
     * Where a changed line first differs from its counterpart (the line the same change block puts opposite it),
     * so that a long line is cut around the difference; 0 for an unchanged line or one without a counterpart.
     */
    private int focus(int index) {
        Edit e = edits.get(index);
        if (e.op == Op.SAME) return 0;
        int start = index;
        while (start > 0 && edits.get(start - 1).op != Op.SAME) start--;
        int end = index;
        while (end + 1 < edits.size() && edits.get(end + 1).op != Op.SAME) end++;
        List<String> deleted = new ArrayList<>();
        List<String> inserted = new ArrayList<>();
        int position = -1;
        for (int i = start; i <= end; i++) {
            List<String> side = edits.get(i).op == Op.DELETE ? deleted : inserted;
            if (i == index) position = side.size();
            side.add(edits.get(i).line);
        }
        List<String> other = e.op == Op.DELETE ? inserted : deleted;
        if (position >= other.size()) return 0;
        String there = other.get(position);
        int k = 0;
        while (k < e.line.length() && k < there.length() && e.line.charAt(k) == there.charAt(k)) k++;
        return k;
    }

    private static String cut(String line, int focus) {
        if (line.length() <= MAX_LINE) return line;
        int from = Math.max(0, Math.min(focus - MAX_LINE / 4, line.length() - MAX_LINE));
        int to = Math.min(line.length(), from + MAX_LINE);
        return (from > 0 ? "…" : "") + line.substring(from, to) + (to < line.length() ? "…" : "")
                + " (" + line.length() + " characters)";
    }

    /** Appends the edits turning {@code a} into {@code b}: a longest common subsequence by dynamic programming. */
    private static void align(List<String> a, List<String> b, List<Edit> edits) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                edits.add(new Edit(Op.SAME, a.get(i++)));
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                edits.add(new Edit(Op.DELETE, a.get(i++)));
            } else {
                edits.add(new Edit(Op.INSERT, b.get(j++)));
            }
        }
    }
}
