package dev.devora.orchestration.workflows;

import java.util.List;

/**
 * The {@code tech_stack} of the full stack and launch workflows.
 *
 * <pre>{@code
 * new TechStack(List.of("React 18", "Tailwind CSS"), List.of("FastAPI", "PostgreSQL"), List.of("AWS", "Kubernetes"));
 * }</pre>
 *
 * @param frontend       frontend technologies
 * @param backend        backend technologies
 * @param infrastructure infrastructure technologies
 */
public record TechStack(List<String> frontend, List<String> backend, List<String> infrastructure) {
}
