package dev.devora.orchestration.workflows.internal;

import java.util.Locale;

/**
 * Word count and Flesch reading ease of Markdown text (code blocks, links' targets and markup removed).
 *
 * <pre>{@code
 * int words = Readability.words(markdown);
 * double ease = Readability.fleschReadingEase(markdown);   // 0..100, higher is easier
 * }</pre>
 */
public final class Readability {
    private Readability() {
    }

    static String prose(String markdown) {
        return markdown.replaceAll("(?s)```.*?```", " ")
                .replaceAll("`[^`]*`", " ")
                .replaceAll("\\]\\([^)]*\\)", "]")
                .replaceAll("[#>*_|\\[\\]-]", " ");
    }

    public static int words(String markdown) {
        String p = prose(markdown).strip();
        return p.isEmpty() ? 0 : p.split("\\s+").length;
    }

    /** Flesch reading ease, clamped to 0..100; 0 for empty text. */
    public static double fleschReadingEase(String markdown) {
        String p = prose(markdown);
        String[] words = p.strip().isEmpty() ? new String[0] : p.strip().split("\\s+");
        if (words.length == 0) return 0;
        int sentences = Math.max(1, p.split("[.!?:]+(\\s|$)|\\n\\s*\\n").length);
        int syllables = 0;
        for (String w : words) syllables += syllables(w);
        double score = 206.835 - 1.015 * ((double) words.length / sentences) - 84.6 * ((double) syllables / words.length);
        return Math.round(Math.max(0, Math.min(100, score)) * 10) / 10.0;
    }

    static int syllables(String word) {
        String w = word.toLowerCase(Locale.ROOT).replaceAll("[^a-zà-ÿ]", "");
        if (w.isEmpty()) return 0;
        int count = 0;
        boolean vowel = false;
        for (char c : w.toCharArray()) {
            boolean v = "aeiouyàâäéèêëîïôöùûü".indexOf(c) >= 0;
            if (v && !vowel) count++;
            vowel = v;
        }
        if (w.endsWith("e") && count > 1) count--;
        return Math.max(1, count);
    }
}
