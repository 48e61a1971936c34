package dev.devora.orchestration.openrouter.internal;

import java.util.Objects;

/**
 * Replaces a secret in text that arrives in pieces, wherever the pieces cut it: each piece is passed on at once with
 * every complete occurrence replaced, except a trailing part that could begin the secret, which is held back until
 * the next piece tells. What comes out, joined, is exactly {@code whole.replace(secret, replacement)}. Not
 * thread-safe: one replacer per stream.
 *
 * <pre>{@code
 * SecretReplacer r = new SecretReplacer(key, "[redacted]");
 * listener.onToken(r.push("Bearer sk-or-"));   // "Bearer "
 * listener.onToken(r.push("v1-abc… end"));     // "[redacted] end"
 * listener.onToken(r.flush());                 // "" (an incomplete start of the secret would come out here)
 * }</pre>
 */
final class SecretReplacer {
    private final String secret;
    private final String replacement;
    private String held = "";

    SecretReplacer(String secret, String replacement) {
        if (secret.isEmpty()) throw new IllegalArgumentException("secret must not be empty");
        this.secret = secret;
        this.replacement = Objects.requireNonNull(replacement, "replacement");
    }

    /**
     * The text ready to pass on after this piece: what was held back and the piece, every complete occurrence
     * replaced, less a trailing start of the secret (held back now). The piece itself, without a copy, when nothing
     * was held, replaced or is held now (the common case); "" when all of it is held back.
     */
    String push(String piece) {
        String text = held.isEmpty() ? piece : held + piece;
        StringBuilder out = null;
        int from = 0;
        for (int at; (at = text.indexOf(secret, from)) >= 0; from = at + secret.length()) {
            if (out == null) out = new StringBuilder(text.length());
            out.append(text, from, at).append(replacement);
        }
        int keep = startOfSecretAtEnd(text, from);
        held = text.substring(text.length() - keep);
        if (out == null && keep == 0) return text;
        return (out == null ? new StringBuilder() : out).append(text, from, text.length() - keep).toString();
    }

    /** What is held back, given up at the end of the text (an incomplete start of the secret is not the secret). */
    String flush() {
        String out = held;
        held = "";
        return out;
    }

    /** Whether a trailing start of the secret is held back. */
    boolean holding() {
        return !held.isEmpty();
    }

    /** The length of the longest end of {@code text} after {@code from} that is a start (not all) of the secret. */
    private int startOfSecretAtEnd(String text, int from) {
        for (int k = Math.min(secret.length() - 1, text.length() - from); k > 0; k--) {
            if (text.regionMatches(text.length() - k, secret, 0, k)) return k;
        }
        return 0;
    }
}
