package dev.devora.orchestration.tool.workspace;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.internal.SourceFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code search_text} tool: a literal or a regular expression, line by line across the workspace's text files,
 * as {@code path:line: text} hits. Skips what {@link SourceFiles} skips and binary files, never follows symbolic
 * links, and stops at its bounds (hits, bytes scanned; a line is matched on its first characters only). A regular
 * expression that backtracks catastrophically (e.g. {@code (?:a+){20}b} on a long line of {@code a}s) is stopped when
 * the search has spent its matching time, or when the call is interrupted, and one too deeply nested for a line
 * (a stack overflow) is refused: either is an error result naming the pattern.
 */
final class TextSearch {
    /** Arguments of {@code search_text}. */
    record SearchText(@JsonPropertyDescription("the text to find (literal unless regex is true)") String pattern,
                      @JsonPropertyDescription("true: pattern is a Java regular expression") Optional<Boolean> regex,
                      @JsonPropertyDescription("a file or folder of the workspace to search in; default its root") Optional<String> path) {
    }

    private static final int SHOWN_LINE_CHARS = 200;

    private final PathGuard guard;
    private final int maxHits;
    private final int maxLineBytes;
    private final long maxScannedBytes;
    private final long maxMatchNanos;

    TextSearch(PathGuard guard, int maxHits, int maxLineBytes, long maxScannedBytes, long maxMatchMillis) {
        this.guard = guard;
        this.maxHits = maxHits;
        this.maxLineBytes = maxLineBytes;
        this.maxScannedBytes = maxScannedBytes;
        this.maxMatchNanos = maxMatchMillis * 1_000_000L;
    }

    String search(SearchText args) throws IOException {
        if (args.pattern() == null || args.pattern().isEmpty()) throw new WorkspaceRefusal("pattern is empty");
        boolean regex = args.regex() != null && args.regex().orElse(false);
        Pattern pattern;
        try {
            pattern = regex ? Pattern.compile(args.pattern()) : Pattern.compile(Pattern.quote(args.pattern()));
        } catch (PatternSyntaxException e) {
            throw new WorkspaceRefusal("pattern '" + args.pattern() + "' is not a valid regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
        String start = args.path() == null ? "." : args.path().orElse(".");
        Path from = guard.existing(start);
        Search s = new Search(pattern, args.pattern(), System.nanoTime() + maxMatchNanos);
        if (Files.isRegularFile(from)) {
            s.file(from);
        } else {
            walk(from, s);
        }
        StringBuilder out = s.out;
        if (s.hits == 0) out.append("no match for '").append(args.pattern()).append("' in ").append(start)
                .append(" (").append(s.files).append(" text files searched)\n");
        if (s.stopped != null) out.append("… (search stopped: ").append(s.stopped).append(")\n");
        return out.toString();
    }

    /**
     * Searches the files under a folder depth first in name order (so hits come in a stable order), skipping what
     * {@link SourceFiles} skips below that folder (a skipped folder given by name is searched); symbolic links are
     * not followed (a link to a file inside is found under its target).
     */
    private void walk(Path from, Search s) throws IOException {
        Deque<Path> pending = new ArrayDeque<>();
        pending.push(from);
        while (!pending.isEmpty() && s.stopped == null) {
            Path dir = pending.pop();
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
                for (Path e : listing) if (!SourceFiles.isSkipped(from.relativize(e))) entries.add(e);
            } catch (IOException e) {
                continue; // an unreadable folder is left out
            }
            entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
            List<Path> folders = new ArrayList<>();
            for (Path e : entries) {
                if (s.stopped != null) return;
                BasicFileAttributes a = Files.readAttributes(e, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isDirectory()) folders.add(e);
                else if (a.isRegularFile()) s.file(e);
            }
            for (int i = folders.size() - 1; i >= 0; i--) pending.push(folders.get(i));
        }
    }

    /**
     * A line as the matcher reads it: every few thousand characters read, it checks that the search has matching
     * time left and that the call was not interrupted (a catastrophically backtracking regex reads characters for
     * ever, and {@link Matcher} itself never checks either).
     */
    private final class Watched implements CharSequence {
        private final String text;
        private final Search search;
        private final Path file;
        private final int lineNo;
        private int reads;

        Watched(String text, Search search, Path file, int lineNo) {
            this.text = text;
            this.search = search;
            this.file = file;
            this.lineNo = lineNo;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFF) == 0) check();
            return text.charAt(index);
        }

        private void check() {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedCallException("search_text interrupted while matching '" + search.given + "'",
                        null);
            }
            if (System.nanoTime() - search.deadline > 0) {
                throw new WorkspaceRefusal("pattern '" + search.given + "' took too long: matching stopped after "
                        + maxMatchNanos / 1_000_000 + " ms at " + guard.relative(file) + ":" + lineNo + " ("
                        + search.hits + " hits before it); use a simpler regular expression (no nested repetition"
                        + " like (a+)+) or a literal");
            }
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Watched(text.substring(start, end), search, file, lineNo);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The state of one search. */
    private final class Search {
        final Pattern pattern;
        final String given;
        final long deadline;
        final StringBuilder out = new StringBuilder();
        int hits;
        int files;
        long scanned;
        String stopped;

        Search(Pattern pattern, String given, long deadline) {
            this.pattern = pattern;
            this.given = given;
            this.deadline = deadline;
        }

        void file(Path file) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[64 * 1024];
                int n = in.readNBytes(buf, 0, SourceFiles.BINARY_SNIFF_BYTES);
                if (SourceFiles.looksBinary(buf, n)) return;
                files++;
                byte[] line = new byte[maxLineBytes];
                int length = 0;
                int lineNo = 1;
                while (n > 0) {
                    int usable = (int) Math.min(n, maxScannedBytes - scanned);
                    for (int i = 0; i < usable; i++) {
                        byte b = buf[i];
                        if (b == '\n') {
                            if (match(file, lineNo, line, length)) return;
                            length = 0;
                            lineNo++;
                        } else if (length < line.length) {
                            line[length++] = b;
                        }
                    }
                    scanned += usable;
                    if (usable < n) {
                        stopped = "scanned " + maxScannedBytes + " bytes, up to " + guard.relative(file) + ":" + lineNo;
                        return;
                    }
                    n = in.read(buf);
                }
                if (length > 0) match(file, lineNo, line, length);
            }
        }

        /** Matches one line; true when the search must stop. */
        private boolean match(Path file, int lineNo, byte[] line, int length) {
            String text = new String(line, 0, length, StandardCharsets.UTF_8);
            Matcher m = pattern.matcher(new Watched(text, this, file, lineNo));
            try {
                if (!m.find()) return false;
            } catch (StackOverflowError e) { // the regex engine recurses per repetition: a nested one on a long line
                throw new WorkspaceRefusal("pattern '" + given + "' is too complex for the line "
                        + guard.relative(file) + ":" + lineNo + " (" + text.length() + " characters): use a simpler"
                        + " regular expression or a literal");
            }
            String shown = text.strip();
            if (shown.length() > SHOWN_LINE_CHARS) shown = shown.substring(0, SHOWN_LINE_CHARS) + "…";
            out.append(guard.relative(file)).append(':').append(lineNo).append(": ").append(shown).append('\n');
            if (++hits >= maxHits) {
                stopped = "reached " + maxHits + " hits; narrow the pattern or the path";
                return true;
            }
            return false;
        }
    }
}
