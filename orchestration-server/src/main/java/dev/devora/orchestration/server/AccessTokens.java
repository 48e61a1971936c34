package dev.devora.orchestration.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The bearer tokens the task service accepts, kept only as SHA-256 hashes: a presented token is hashed and compared
 * with each one in constant time ({@link MessageDigest#isEqual}), every stored hash compared whatever matched, so
 * neither the comparison nor the number of tokens leaks through timing. Neither {@link #toString()} nor any error
 * shows a token or a hash.
 *
 * <pre>{@code
 * String token = AccessTokens.generate();                 // 43 characters, 256 random bits
 * AccessTokens tokens = AccessTokens.of(token);           // or AccessTokens.hashed(sha256Hex) from configuration
 * boolean ok = tokens.accepts(request.header("Authorization").substring("Bearer ".length()));
 * }</pre>
 */
public final class AccessTokens {
    /** The shortest token accepted: shorter ones are guessable. */
    public static final int MIN_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<byte[]> hashes;

    private AccessTokens(List<byte[]> hashes) {
        if (hashes.isEmpty()) throw new IllegalArgumentException("AccessTokens needs at least one token");
        this.hashes = List.copyOf(hashes);
    }

    /**
     * The tokens given, hashed at once.
     *
     * @param tokens at least one, each at least {@link #MIN_LENGTH} characters of visible ASCII
     * @return the tokens
     * @throws IllegalArgumentException naming the token by its position (never its value) when one is too short,
     *                                  blank or holds spaces or control characters
     */
    public static AccessTokens of(String... tokens) {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t == null || t.length() < MIN_LENGTH) {
                throw new IllegalArgumentException("access token #" + (i + 1) + " must have at least " + MIN_LENGTH
                        + " characters, had " + (t == null ? 0 : t.length()));
            }
            if (!t.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("access token #" + (i + 1) + " must be visible ASCII without spaces");
            }
            hashes.add(sha256(t));
        }
        return new AccessTokens(hashes);
    }

    /**
     * Tokens known only by their SHA-256 hashes (as {@link #hashOf} gives them), e.g. from a configuration file.
     *
     * @param sha256Hex at least one, 64 hexadecimal digits each
     * @return the tokens
     * @throws IllegalArgumentException naming the position of a hash that is not 64 hexadecimal digits
     */
    public static AccessTokens hashed(String... sha256Hex) {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < sha256Hex.length; i++) {
            String h = sha256Hex[i] == null ? "" : sha256Hex[i].strip().toLowerCase(Locale.ROOT);
            if (!h.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("access token hash #" + (i + 1) + " must be 64 hexadecimal digits (SHA-256)");
            }
            hashes.add(HexFormat.of().parseHex(h));
        }
        return new AccessTokens(hashes);
    }

    /** {@return a new random token: 256 bits, URL-safe Base64 without padding} */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The hash under which a token is stored.
     *
     * @param token the token
     * @return its SHA-256, as 64 lower-case hexadecimal digits
     */
    public static String hashOf(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /**
     * Whether the presented token is one of these, in time that depends on neither which nor whether one matched.
     *
     * @param presented the token a request presented; null or blank is refused
     * @return true when accepted
     */
    public boolean accepts(String presented) {
        if (presented == null || presented.isBlank()) return false;
        byte[] h = sha256(presented);
        boolean match = false;
        for (byte[] known : hashes) match |= MessageDigest.isEqual(known, h);
        return match;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "AccessTokens[" + hashes.size() + (hashes.size() == 1 ? " token]" : " tokens]");
    }
}
