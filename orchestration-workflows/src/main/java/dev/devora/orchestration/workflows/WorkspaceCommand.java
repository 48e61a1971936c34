package dev.devora.orchestration.workflows;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A named command the caller allows a workflow to run in its input's {@code workspace}, e.g. the project's type
 * check, lint or tests; the Quality Gate runs the ones given to {@link PredefinedWorkflow#withCommands}, feeds their
 * real output to its fixer and scores their real exit codes. Commands are the caller's opt-in, never an input field:
 * an input may come from a ticket or a service, and must not choose what runs on this machine.
 *
 * <p>How it runs: the program {@code argv[0]} (found on {@code PATH}, or a path) with its arguments, without a shell
 * (to use one, give {@code sh -c "…"}), in the workspace directory, stdin closed, stderr merged into stdout, the
 * output's last {@link #MAX_OUTPUT_BYTES} bytes kept (the report says how many were cut before them); after
 * {@code timeout} the process and its child processes are killed. Its environment is this process's, minus every
 * variable whose name looks like a secret ({@code OPENROUTER_API_KEY}, {@code *TOKEN*}, {@code *SECRET*}…): what a
 * command prints goes to the model. It is not a sandbox: the command runs as this process's user, and its first
 * run is in the workspace itself, so a command that writes (build output, a formatter's {@code --fix}) changes it
 * as it would when run by hand; give read-only checks to a read-only run.
 *
 * <pre>{@code
 * PredefinedWorkflow gate = Workflows.qualityGate(llm).withCommands(
 *         WorkspaceCommand.of("typecheck", "npx", "tsc", "--noEmit"),
 *         WorkspaceCommand.of("lint", "npm", "run", "lint").withTimeout(Duration.ofMinutes(2)));
 * }</pre>
 *
 * @param name    what the reports call it: 1-64 letters, digits, {@code _} or {@code -}
 * @param argv    the program and its arguments, passed as they are; not empty, no null, a non-blank program
 * @param timeout how long it may run before it is killed; positive
 */
public record WorkspaceCommand(String name, List<String> argv, Duration timeout) {
    /** The timeout {@link #of} gives. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** How many last bytes of a command's output are kept. */
    public static final int MAX_OUTPUT_BYTES = 16 * 1024;

    /**
     * Checks every field, naming the value.
     *
     * @param name    what the reports call it
     * @param argv    the program and its arguments
     * @param timeout how long it may run /
     * @throws IllegalArgumentException naming the command and the value when one is not valid
     */
    public WorkspaceCommand {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("a command name must be 1-64 letters, digits, '_' or '-', was "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        Objects.requireNonNull(argv, "argv of command '" + name + "'");
        if (argv.isEmpty() || argv.stream().anyMatch(Objects::isNull) || argv.get(0).isBlank()) {
            throw new IllegalArgumentException("command '" + name + "' needs an argv whose first element is the"
                    + " program and none is null, was " + argv);
        }
        argv = List.copyOf(argv);
        Objects.requireNonNull(timeout, "timeout of command '" + name + "'");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("the timeout of command '" + name + "' must be positive, was " + timeout);
        }
    }

    /**
     * A command with the {@link #DEFAULT_TIMEOUT}.
     *
     * @param name what the reports call it
     * @param argv the program and its arguments
     * @return the command
     */
    public static WorkspaceCommand of(String name, String... argv) {
        return new WorkspaceCommand(name, List.of(argv), DEFAULT_TIMEOUT);
    }

    /**
     * This command with another timeout.
     *
     * @param other a positive duration
     * @return a copy
     */
    public WorkspaceCommand withTimeout(Duration other) {
        return new WorkspaceCommand(name, argv, other);
    }

    /** {@return the command line as one text, for messages} */
    public String commandLine() {
        return String.join(" ", argv);
    }
}
