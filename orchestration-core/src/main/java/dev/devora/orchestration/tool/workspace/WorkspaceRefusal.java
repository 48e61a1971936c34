package dev.devora.orchestration.tool.workspace;

/** A tool call the workspace refuses (a path outside the root, a missing file…); becomes an error result. */
final class WorkspaceRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WorkspaceRefusal(String message) {
        super(message, null, false, false);
    }
}
