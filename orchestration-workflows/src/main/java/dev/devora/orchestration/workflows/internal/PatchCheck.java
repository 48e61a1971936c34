package dev.devora.orchestration.workflows.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a text is a unified diff that {@code git apply} or the workspace's {@code apply_patch} can read: at least
 * one file header pair ({@code --- a/path}, {@code +++ b/path}) with repository-relative paths (or
 * {@code /dev/null} for a new file), and hunks whose line counts match their {@code @@ -l,n +l,n @@} headers. It
 * checks the form, not that the hunks match the files (applying does that).
 *
 * <pre>{@code
 * List<String> problems = PatchCheck.problems(fix.path("patch").asText());   // empty: well formed
 * }</pre>
 */
public final class PatchCheck {
    private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@.*");

    private PatchCheck() {
    }

    /**
     * The problems of {@code diff}, each naming the line; empty when it is a well-formed unified diff.
     *
     * @param diff the patch text (a Markdown {@code ```diff} fence around it is tolerated)
     * @return the problems
     */
    public static List<String> problems(String diff) {
        List<String> problems = new ArrayList<>();
        if (diff == null || diff.isBlank()) return List.of("the patch is empty");
        String[] lines = unfenced(diff).split("\n", -1);
        int files = 0;
        int i = 0;
        while (i < lines.length) {
            if (!lines[i].startsWith("--- ")) {
                i++;
                continue;
            }
            if (i + 1 >= lines.length || !lines[i + 1].startsWith("+++ ")) {
                problems.add("line " + (i + 2) + ": expected '+++ <path>' after '" + lines[i] + "'");
                i++;
                continue;
            }
            files++;
            checkPath(lines[i].substring(4), i + 1, problems);
            checkPath(lines[i + 1].substring(4), i + 2, problems);
            i += 2;
            int hunks = 0;
            while (i < lines.length && lines[i].startsWith("@@")) {
                Matcher m = HUNK.matcher(lines[i]);
                if (!m.matches()) {
                    problems.add("line " + (i + 1) + ": not a hunk header: '" + lines[i] + "'");
                    break;
                }
                hunks++;
                int oldCount = count(m.group(2));
                int newCount = count(m.group(4));
                int header = i + 1;
                i++;
                int seenOld = 0;
                int seenNew = 0;
                while (i < lines.length && (seenOld < oldCount || seenNew < newCount)) {
                    String l = lines[i];
                    if (l.startsWith("\\")) { i++; continue; }
                    char c = l.isEmpty() ? ' ' : l.charAt(0);
                    if (c == ' ') { seenOld++; seenNew++; }
                    else if (c == '-') seenOld++;
                    else if (c == '+') seenNew++;
                    else break;
                    i++;
                }
                if (seenOld != oldCount || seenNew != newCount) {
                    problems.add("line " + header + ": the hunk announces " + oldCount + " old and " + newCount
                            + " new lines but has " + seenOld + " and " + seenNew);
                }
                while (i < lines.length && lines[i].startsWith("\\")) i++;
            }
            if (hunks == 0) problems.add("line " + (i + 1) + ": the file patch has no hunk");
        }
        if (files == 0) problems.add("no file header ('--- a/<path>' then '+++ b/<path>') was found");
        return List.copyOf(problems);
    }

    private static String unfenced(String diff) {
        String text = diff.replace("\r\n", "\n").strip();
        if (text.startsWith("```")) {
            int start = text.indexOf('\n');
            int end = text.lastIndexOf("```");
            text = start < 0 || end <= start ? "" : text.substring(start + 1, end);
        }
        return text;
    }

    private static int count(String group) {
        return group == null ? 1 : Integer.parseInt(group);
    }

    private static void checkPath(String header, int line, List<String> problems) {
        String path = header.split("\t", 2)[0].strip();
        if (path.equals("/dev/null")) return;
        if (path.startsWith("a/") || path.startsWith("b/")) path = path.substring(2);
        if (path.isEmpty() || path.startsWith("/") || path.matches("^[A-Za-z]:.*")
                || ("/" + path + "/").contains("/../")) {
            problems.add("line " + line + ": the path '" + path + "' is not inside the repository");
        }
    }
}
