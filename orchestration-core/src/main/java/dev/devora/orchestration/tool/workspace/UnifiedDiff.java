package dev.devora.orchestration.tool.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A unified diff ({@code diff -u}, {@code git diff}): parsed into file patches, each applied to a text by its hunks.
 * Context and removed lines must match the text exactly; a hunk is looked for at its stated line first, then
 * anywhere after the previous hunk. Deleting files and renames are not supported.
 */
final class UnifiedDiff {
    private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@.*");

    /** One file's changes: its path as the diff names it (after {@code +++}), whether it is new, its hunks. */
    record FilePatch(String path, boolean created, List<Hunk> hunks) {
    }

    /** One hunk: the old text's first line (1-based) and its lines, each starting with ' ', '-' or '+'. */
    record Hunk(int oldStart, List<String> lines) {
    }

    private UnifiedDiff() {
    }

    static List<FilePatch> parse(String diff) {
        if (diff == null || diff.isBlank()) throw new WorkspaceRefusal("patch is empty");
        String[] lines = diff.replace("\r\n", "\n").split("\n", -1);
        List<FilePatch> files = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            if (!lines[i].startsWith("--- ")) {
                i++;
                continue;
            }
            String oldName = name(lines[i]);
            if (i + 1 >= lines.length || !lines[i + 1].startsWith("+++ ")) {
                throw new WorkspaceRefusal("patch line " + (i + 2) + ": expected '+++ <path>' after '" + lines[i] + "'");
            }
            String newName = name(lines[i + 1]);
            if (newName.equals("/dev/null")) {
                throw new WorkspaceRefusal("patch deletes '" + oldName + "': deleting files is not supported");
            }
            i += 2;
            List<Hunk> hunks = new ArrayList<>();
            while (i < lines.length && lines[i].startsWith("@@")) {
                Matcher m = HUNK.matcher(lines[i]);
                if (!m.matches()) throw new WorkspaceRefusal("patch line " + (i + 1) + ": not a hunk header: '" + lines[i] + "'");
                int oldCount = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
                int newCount = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
                int oldStart = Integer.parseInt(m.group(1));
                i++;
                List<String> body = new ArrayList<>();
                int olds = 0;
                int news = 0;
                while (i < lines.length && (olds < oldCount || news < newCount)) {
                    String l = lines[i];
                    if (l.startsWith("\\")) {
                        i++;
                        continue; // "\ No newline at end of file"
                    }
                    char c = l.isEmpty() ? ' ' : l.charAt(0);
                    if (c != ' ' && c != '-' && c != '+') {
                        throw new WorkspaceRefusal("patch line " + (i + 1) + ": a hunk line must start with ' ', '-' or '+', was '" + l + "'");
                    }
                    String line = l.isEmpty() ? " " : l;
                    if (c != '+') olds++;
                    if (c != '-') news++;
                    body.add(line);
                    i++;
                }
                if (olds != oldCount || news != newCount) {
                    throw new WorkspaceRefusal("patch for '" + newName + "': a hunk at old line " + oldStart
                            + " ends early (" + olds + " of " + oldCount + " old lines, " + news + " of " + newCount + " new)");
                }
                while (i < lines.length && lines[i].startsWith("\\")) i++;
                hunks.add(new Hunk(oldStart, body));
            }
            if (hunks.isEmpty()) throw new WorkspaceRefusal("patch for '" + newName + "' has no hunk");
            files.add(new FilePatch(newName, oldName.equals("/dev/null"), hunks));
        }
        if (files.isEmpty()) throw new WorkspaceRefusal("patch has no '--- <path>' / '+++ <path>' file header");
        return files;
    }

    /** The text after the patch; throws naming the file and the hunk when one does not match. */
    static String apply(String original, FilePatch patch) {
        boolean newline = original.isEmpty() || original.endsWith("\n");
        List<String> text = new ArrayList<>();
        if (!original.isEmpty()) {
            String[] parts = original.split("\n", -1);
            for (int i = 0; i < parts.length - (newline ? 1 : 0); i++) text.add(parts[i]);
        }
        int from = 0;
        int shift = 0;
        for (int h = 0; h < patch.hunks().size(); h++) {
            Hunk hunk = patch.hunks().get(h);
            List<String> old = new ArrayList<>();
            List<String> replacement = new ArrayList<>();
            for (String l : hunk.lines()) {
                if (l.charAt(0) != '+') old.add(l.substring(1));
                if (l.charAt(0) != '-') replacement.add(l.substring(1));
            }
            int at;
            if (old.isEmpty()) {
                at = Math.min(Math.max(0, hunk.oldStart() + shift), text.size()); // "-N,0": insert after line N
            } else {
                at = Math.max(0, hunk.oldStart() - 1 + shift);
                if (!matches(text, at, old)) at = find(text, from, old);
            }
            if (at < 0) {
                throw new WorkspaceRefusal("hunk " + (h + 1) + " of the patch for '" + patch.path() + "' (old line "
                        + hunk.oldStart() + ") does not match the file");
            }
            text.subList(at, at + old.size()).clear();
            text.addAll(at, replacement);
            from = at + replacement.size();
            shift += replacement.size() - old.size();
        }
        String joined = String.join("\n", text);
        return text.isEmpty() ? "" : joined + (newline ? "\n" : "");
    }

    private static boolean matches(List<String> text, int at, List<String> old) {
        if (at + old.size() > text.size()) return false;
        return text.subList(at, at + old.size()).equals(old);
    }

    private static int find(List<String> text, int from, List<String> old) {
        for (int at = from; at + old.size() <= text.size(); at++) if (matches(text, at, old)) return at;
        return -1;
    }

    private static String name(String header) {
        String n = header.substring(4);
        int tab = n.indexOf('\t');
        if (tab >= 0) n = n.substring(0, tab);
        n = n.strip();
        if (n.startsWith("a/") || n.startsWith("b/")) n = n.substring(2);
        return n;
    }
}
