package dev.devora.orchestration.tool.workspace;

import dev.devora.orchestration.tool.ToolResult;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one run of an allowed {@link WorkspaceCommands} command gave, as data: made for every run, whether the model
 * asked for it through the {@code run_command} tool (which gets {@link #toToolResult()}) or the caller ran it
 * directly with {@link WorkspaceCommands#run(String)}.
 *
 * <pre>{@code
 * CommandResult r = commands.run("lint");
 * if (!r.passed()) {
 *     System.err.println(r.name() + (r.timedOut() ? " timed out" : " exited with " + r.exitCode()) + ":\n" + r.output());
 * }
 * }</pre>
 *
 * @param name           the command's allowed name
 * @param commandLine    its program and arguments
 * @param folder         the folder it ran in, relative to the workspace root ({@code "."} for the root)
 * @param exitCode       its exit code; null when it was not started or was killed at its timeout
 * @param timedOut       whether it was killed (with its child processes) at its timeout
 * @param timeout        the timeout it ran under
 * @param startFailure   why its program could not be started (not found, not executable…); null when it started
 * @param output         its stdout and stderr together, decoded as UTF-8; when longer than the bound, its first and
 *                       last bytes with a line saying how many were cut between them; "" when it printed nothing
 * @param outputBytes    how many bytes it wrote in all
 * @param cutBytes       how many bytes of the middle of its output were dropped; 0 when none
 * @param outputComplete false when a background process of the command still held its output open and was not
 *                       waited for (the output may miss its last bytes)
 * @param duration       how long it ran (zero when it was not started)
 */
public record CommandResult(String name, List<String> commandLine, String folder, Integer exitCode, boolean timedOut,
                            Duration timeout, String startFailure, String output, long outputBytes, long cutBytes,
                            boolean outputComplete, Duration duration) {
    /**
     * Checks the fields that must be given and copies the command line.
     *
     * <pre>{@code
     * new CommandResult("lint", List.of("npm", "run", "lint"), ".", 0, false, Duration.ofMinutes(5), null, "ok\n",
     *         3, 0, true, Duration.ofSeconds(2)).passed();   // true
     * }</pre>
     *
     * @param name           the command's allowed name
     * @param commandLine    its program and arguments
     * @param folder         the folder it ran in, relative to the workspace root
     * @param exitCode       its exit code; null when it was not started or was killed at its timeout
     * @param timedOut       whether it was killed at its timeout
     * @param timeout        the timeout it ran under
     * @param startFailure   why its program could not be started; null when it started
     * @param output         its bounded output
     * @param outputBytes    how many bytes it wrote in all
     * @param cutBytes       how many bytes of the middle of its output were dropped
     * @param outputComplete false when a background process still held its output open
     * @param duration       how long it ran
     * @throws NullPointerException if name, commandLine, folder, timeout, output or duration is null
     */
    public CommandResult {
        Objects.requireNonNull(name, "name");
        commandLine = List.copyOf(commandLine);
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(duration, "duration");
    }

    /**
     * Whether the command ran to its end and exited with code 0.
     *
     * <pre>{@code
     * boolean ok = commands.run("test").passed();
     * }</pre>
     *
     * @return true for exit code 0 within the timeout
     */
    public boolean passed() {
        return started() && !timedOut && exitCode != null && exitCode == 0;
    }

    /**
     * Whether its program could be started at all.
     *
     * <pre>{@code
     * CommandResult r = commands.run("lint");
     * if (!r.started()) throw new IllegalStateException(r.startFailure());
     * }</pre>
     *
     * @return false when {@link #startFailure()} says why not
     */
    public boolean started() {
        return startFailure == null;
    }

    /**
     * Whether the middle of a long output was cut ({@link #cutBytes()} bytes of it).
     *
     * <pre>{@code
     * if (r.cut()) log.info("{} printed {} bytes; {} kept", r.name(), r.outputBytes(), r.outputBytes() - r.cutBytes());
     * }</pre>
     *
     * @return true when some output was dropped
     */
    public boolean cut() {
        return cutBytes > 0;
    }

    /**
     * This result as the {@code run_command} tool gives it to the model: a text naming the command, its folder and
     * how it ended, then its output; an error result for a non-zero exit, a timeout and a program that cannot start.
     *
     * <pre>{@code
     * ToolResult forTheModel = commands.run("test").toToolResult();
     * }</pre>
     *
     * @return the tool's result
     */
    public ToolResult toToolResult() {
        String what = "command '" + name + "' (" + String.join(" ", commandLine) + ") in " + folder;
        if (!started()) return ToolResult.error(what + " cannot be started: " + startFailure);
        if (timedOut) {
            return ToolResult.error(what + " timed out after " + CommandRunning.format(timeout)
                    + " and was killed, with its child processes; output so far" + describeOutput());
        }
        int code = exitCode == null ? -1 : exitCode;
        return new ToolResult(what + " exited with code " + code + " after " + CommandRunning.format(duration)
                + "; output" + describeOutput(), code != 0);
    }

    private String describeOutput() {
        String incomplete = outputComplete ? "" : " (not complete: a background process of the command still holds its"
                + " output open and was not waited for)";
        if (outputBytes == 0) return ": none" + incomplete;
        return " (" + outputBytes + " bytes" + (cut() ? ", the middle cut" : "") + ")" + incomplete + ":\n" + output;
    }
}
