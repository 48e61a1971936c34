package dev.devora.orchestration.workflows;

import dev.devora.orchestration.workflows.roles.Role;

import java.util.List;

/**
 * A catalogue entry of a squad: its mission, its roles and the workflows it takes part in.
 *
 * <pre>{@code
 * Workflows.catalog().squads().forEach(s -> System.out.println(s.name() + ": " + s.roles().size() + " roles"));
 * }</pre>
 *
 * @param id        squad id, e.g. {@code "backend"}
 * @param name      display name
 * @param mission   what it is for
 * @param roles     its role agents
 * @param workflows ids of the workflows it takes part in
 */
public record SquadInfo(String id, String name, String mission, List<Role> roles, List<String> workflows) {
}
