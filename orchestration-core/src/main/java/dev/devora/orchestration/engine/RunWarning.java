package dev.devora.orchestration.engine;

/**
 * Something a run noticed without failing: a loop that hit its bound, a gate that stayed below its threshold under a
 * continue policy, a reference to a step whose branch was not taken.
 *
 * <pre>{@code
 * result.warnings().forEach(w -> log.warn("{}: {}", w.path(), w.message()));
 * }</pre>
 *
 * @param path    the step path
 * @param message what happened
 */
public record RunWarning(String path, String message) {
}
