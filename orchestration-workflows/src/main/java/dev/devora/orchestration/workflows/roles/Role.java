package dev.devora.orchestration.workflows.roles;

import dev.devora.orchestration.workflows.ModelTier;

import java.util.Objects;

/**
 * A role agent of the catalogue: its id, the role sentence its system prompt starts with, its squad, its model tier,
 * and the classpath resource holding its instructions ({@code roles/<id>.md}).
 *
 * <pre>{@code
 * Role architect = Roles.API_ARCHITECT;
 * architect.resource();   // "/dev/devora/orchestration/workflows/roles/api-architect.md"
 * }</pre>
 *
 * @param id      role id, also the agent name, e.g. {@code "api-architect"}
 * @param title   the role as a noun phrase, e.g. {@code "senior API architect"}
 * @param squad   the squad it belongs to; null for the catalogue's own router
 * @param tier    the model tier it needs by default
 * @param summary what it does, in one line (for catalogue listings)
 */
public record Role(String id, String title, SquadId squad, ModelTier tier, String summary) {
    /** The classpath folder of the instruction files. */
    public static final String RESOURCE_FOLDER = "/dev/devora/orchestration/workflows/roles/";

    /**
     * Checks that id, title and tier are set and the id is kebab-case; normalises a null summary to "".
     *
     * @param id      role id, also the agent name
     * @param title   the role as a noun phrase
     * @param squad   the squad it belongs to; null for the catalogue's own router
     * @param tier    the model tier it needs by default
     * @param summary what it does, in one line
     */
    public Role {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(tier, "tier");
        if (!id.matches("[a-z0-9-]+")) throw new IllegalArgumentException("role id must be kebab-case, was \"" + id + "\"");
        summary = summary == null ? "" : summary;
    }

    /**
     * The classpath resource of its instructions.
     *
     * @return the resource path, {@code RESOURCE_FOLDER + id + ".md"}
     */
    public String resource() {
        return RESOURCE_FOLDER + id + ".md";
    }
}
