package dev.devora.orchestration.workflows.roles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads a role's instructions from its resource file, once.
 *
 * <pre>{@code
 * String text = RoleInstructions.of(Roles.QA_LEAD);
 * }</pre>
 */
public final class RoleInstructions {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private RoleInstructions() {
    }

    /**
     * The instructions of the role.
     *
     * @throws IllegalStateException when the resource is missing or blank
     * @param role the role
     * @return its instructions (Markdown, stripped), read once and cached
     */
    public static String of(Role role) {
        return CACHE.computeIfAbsent(role.id(), id -> load(role));
    }

    private static String load(Role role) {
        try (InputStream in = RoleInstructions.class.getResourceAsStream(role.resource())) {
            if (in == null) throw new IllegalStateException("instructions of role '" + role.id() + "' not found: " + role.resource());
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) throw new IllegalStateException("instructions of role '" + role.id() + "' are empty: " + role.resource());
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + role.resource(), e);
        }
    }
}
