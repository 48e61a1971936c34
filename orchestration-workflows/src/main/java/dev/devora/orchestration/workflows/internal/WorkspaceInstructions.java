package dev.devora.orchestration.workflows.internal;

import dev.devora.orchestration.workflows.roles.Role;
import dev.devora.orchestration.workflows.roles.RoleInstructions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a code-reading role is told about the workspace tools, appended to its {@linkplain RoleInstructions role
 * instructions} when it has them: the method shared by every role ({@code roles/workspace/tools.md}: list, search,
 * read the lines, cite {@code file:line}, the bounds {@link #MAX_TOOL_ROUNDS} and {@link #MAX_TOOL_CALLS}, which
 * {@link AgentKit} sets on the agent) and the role's own ({@code roles/workspace/<role>.md}: what to
 * search for and where the citations go).
 *
 * <pre>{@code
 * String extra = WorkspaceInstructions.of(Roles.SECURITY_AUDITOR);
 * }</pre>
 */
public final class WorkspaceInstructions {
    /** Rounds of tool calls a code reader may make per agent call (its {@code LlmAgent.Builder.maxToolRounds}). */
    public static final int MAX_TOOL_ROUNDS = 8;
    /** Tool calls a code reader may make per agent call (its {@code LlmAgent.Builder.maxToolCalls}). */
    public static final int MAX_TOOL_CALLS = 32;
    /** Where the texts are. */
    public static final String RESOURCE_FOLDER = "/dev/devora/orchestration/workflows/roles/workspace/";
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private WorkspaceInstructions() {
    }

    /**
     * The shared method followed by the role's own text.
     *
     * @throws IllegalStateException if the role has no workspace text (it is not a code reader)
     */
    public static String of(Role role) {
        return CACHE.computeIfAbsent(role.id(), id -> read("tools")
                .replace("{max_tool_rounds}", String.valueOf(MAX_TOOL_ROUNDS))
                .replace("{max_tool_calls}", String.valueOf(MAX_TOOL_CALLS)) + "\n\n" + read(id));
    }

    private static String read(String name) {
        String resource = RESOURCE_FOLDER + name + ".md";
        try (InputStream in = WorkspaceInstructions.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("workspace instructions not found: " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
