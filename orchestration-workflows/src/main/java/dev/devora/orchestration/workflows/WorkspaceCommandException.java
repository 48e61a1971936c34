package dev.devora.orchestration.workflows;

import java.util.Objects;

/**
 * A {@link WorkspaceCommand} that could not be run at all (its program was not found or is not executable, the
 * workspace cannot be copied): a setup problem of the caller's, not a failed check, so the step fails with this
 * message instead of scoring it. A command that runs and exits non-zero, or times out, is a result, not this.
 *
 * <pre>{@code
 * try {
 *     gate.run(input);
 * } catch (WorkspaceCommandException e) {
 *     System.err.println(e.command() + ": " + e.getMessage());
 * }
 * }</pre>
 */
public final class WorkspaceCommandException extends RuntimeException {
    /** The name of the command that could not run. */
    private final String command;

    /**
     * An error of the named command.
     *
     * @param command the command's name
     * @param message what went wrong, naming the command and its program
     * @param cause   the underlying error; or null
     */
    public WorkspaceCommandException(String command, String message, Throwable cause) {
        super(message, cause);
        this.command = Objects.requireNonNull(command, "command");
    }

    /** {@return the name of the command that could not run} */
    public String command() {
        return command;
    }
}
