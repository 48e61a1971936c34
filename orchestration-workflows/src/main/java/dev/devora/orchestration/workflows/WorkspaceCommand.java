package dev.devora.orchestration.workflows;

import dev.devora.orchestration.tool.workspace.WorkspaceCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A named command the caller allows a workflow to run in its input's {@code workspace}, e.g. the project's type
 * check, lint or tests; the Quality Gate runs the ones given to {@link PredefinedWorkflow#withCommands}, feeds their
 * real output to its fixer and scores their real exit codes. Commands are the caller's opt-in, never an input field:
 * an input may come from a ticket or a service, and must not choose what runs on this machine.
 *
 * <p>How it runs: the program {@code argv[0]} (found on {@code PATH}, or a path) with its arguments, without a shell
 * (to use one, give {@code sh -c "…"}), in the workspace directory, stdin closed, stderr merged into stdout, by the
 * core's {@link dev.devora.orchestration.tool.workspace.WorkspaceCommands} (the same runner as the
 * {@code run_command} tool): the output bounded to {@link #MAX_OUTPUT_BYTES} bytes (the middle of a long output is
 * cut, its first and last bytes kept); after {@code timeout} the process and its child processes are killed. Its
 * environment is minimal ({@link dev.devora.orchestration.tool.workspace.WorkspaceCommands#MINIMAL_ENVIRONMENT}:
 * {@code PATH}, {@code HOME}, the locale…) plus the variables named with {@link #withEnvironment}; a secret-looking
 * name ({@code OPENROUTER_API_KEY}, {@code *TOKEN*}, {@code *SECRET*}…) is refused: what a command prints goes to
 * the model. It is not a sandbox: the command runs as this process's user, and its first run is in the workspace
 * itself, so a command that writes (build output, a formatter's {@code --fix}) changes it as it would when run by
 * hand; give read-only checks to a read-only run.
 *
 * <pre>{@code
 * PredefinedWorkflow gate = Workflows.qualityGate(llm).withCommands(
 *         WorkspaceCommand.of("typecheck", "npx", "tsc", "--noEmit"),
 *         WorkspaceCommand.of("lint", "npm", "run", "lint").withTimeout(Duration.ofMinutes(2)),
        WorkspaceCommand.of("test", "mvn", "-B", "-o", "test").withEnvironment("JAVA_HOME", "MAVEN_OPTS"));
 * }</pre>
 *
 * @param name    what the reports call it: 1-64 letters, digits, {@code _} or {@code -}
 * @param argv    the program and its arguments, passed as they are; not empty, no null, a non-blank program
 * @param timeout     how long it may run before it is killed; positive
 * @param environment the variables of this process's environment passed to it beside the minimal set (when set);
 *                    none looks like a secret
 */
public record WorkspaceCommand(String name, List<String> argv, Duration timeout, List<String> environment) {
    /** The timeout {@link #of} gives. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** How many bytes of a command's output are kept: the first and the last half of them. */
    public static final int MAX_OUTPUT_BYTES = 16 * 1024;

    /**
     * Checks every field, naming the value.
     *
     * @param name    what the reports call it
     * @param argv    the program and its arguments
     * @param timeout     how long it may run
     * @param environment the variables passed to it beside the minimal set
     * @throws IllegalArgumentException naming the command and the value when one is not valid, or naming the
     *                                  variable when one looks like a secret (the core's message)
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
        Objects.requireNonNull(environment, "environment of command '" + name + "'");
        for (String variable : environment) {
            try {
                WorkspaceCommands.checkEnvironmentName(variable);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("command '" + name + "': " + e.getMessage(), e);
            }
        }
        environment = List.copyOf(new LinkedHashSet<>(environment));
    }

    /**
     * A command that gets no variable beside the minimal set.
     *
     * <pre>{@code
     * new WorkspaceCommand("lint", List.of("npm", "run", "lint"), Duration.ofMinutes(2));
     * }</pre>
     *
     * @param name    what the reports call it
     * @param argv    the program and its arguments
     * @param timeout how long it may run
     * @throws IllegalArgumentException naming the command and the value when one is not valid
     */
    public WorkspaceCommand(String name, List<String> argv, Duration timeout) {
        this(name, argv, timeout, List.of());
    }

    /**
     * A command with the {@link #DEFAULT_TIMEOUT}.
     *
     * @param name what the reports call it
     * @param argv the program and its arguments
     * @return the command
     */
    public static WorkspaceCommand of(String name, String... argv) {
        return new WorkspaceCommand(name, List.of(argv), DEFAULT_TIMEOUT, List.of());
    }

    /**
     * This command with another timeout.
     *
     * @param other a positive duration
     * @return a copy
     */
    public WorkspaceCommand withTimeout(Duration other) {
        return new WorkspaceCommand(name, argv, other, environment);
    }

    /**
     * This command with these variables of this process's environment passed to it too (beside the ones it passes
     * already), e.g. the build tool's home; a variable that is not set when the command starts is left out.
     *
     * <pre>{@code
     * WorkspaceCommand.of("test", "mvn", "-B", "-o", "test").withEnvironment("JAVA_HOME", "MAVEN_OPTS");
     * }</pre>
     *
     * @param names the variables' names
     * @return a copy
     * @throws IllegalArgumentException naming the variable if a name is blank, holds {@code =} or looks like a
     *                                  secret ({@code OPENROUTER_API_KEY}, {@code GITHUB_TOKEN}…): secrets are never
     *                                  passed to commands
     */
    public WorkspaceCommand withEnvironment(String... names) {
        List<String> all = new ArrayList<>(environment);
        all.addAll(Arrays.asList(names));
        return new WorkspaceCommand(name, argv, timeout, all);
    }

    /** {@return the command line as one text, for messages} */
    public String commandLine() {
        return String.join(" ", argv);
    }
}
