package dev.devora.orchestration.mcp.internal;

import dev.devora.orchestration.tool.Tools;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names under which an MCP server's tools are offered to models: MCP allows any string, while models' APIs and
 * core's {@link Tools#checkName} accept 1 to 64 letters, digits, {@code _} and {@code -}. A name is the prefix plus
 * the server's name with every other character replaced by {@code _}; it is cut and given an 8-digit hash of the
 * server's name (SHA-256, so the same on every connect) when it would be longer than 64 characters, or when it
 * changed and equals another tool's name. A name that needed no change keeps it, so a mapping depends only on the
 * server's list of names, not on its order. Not API.
 */
public final class ToolNames {
    /** The longest name offered. */
    public static final int MAX_LENGTH = 64;
    private static final int HASH_DIGITS = 8;

    private ToolNames() {
    }

    /**
     * The names to offer for a server's tools.
     *
     * @param prefix    put before every name (already checked); may be empty
     * @param originals the server's tool names, distinct
     * @return original name to offered name, in the originals' order; the offered names are distinct when the
     *     server's are, but for a 32-bit hash collision, which the toolbox's duplicate check reports
     */
    public static Map<String, String> assign(String prefix, List<String> originals) {
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        for (String original : originals) {
            String name = prefix + sanitized(original);
            plain.put(original, name);
            uses.merge(name, 1, Integer::sum);
        }
        Map<String, String> offered = new LinkedHashMap<>();
        plain.forEach((original, name) -> {
            boolean changed = !name.equals(prefix + original);
            boolean clash = changed && uses.get(name) > 1;
            offered.put(original, name.length() > MAX_LENGTH || clash ? hashed(name, original) : name);
        });
        return offered;
    }

    private static String sanitized(String original) {
        String name = original.replaceAll("[^A-Za-z0-9_-]", "_");
        return name.isEmpty() ? "tool" : name;
    }

    private static String hashed(String name, String original) {
        String suffix = "_" + sha256Hex(original).substring(0, HASH_DIGITS);
        return name.substring(0, Math.min(name.length(), MAX_LENGTH - suffix.length())) + suffix;
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
