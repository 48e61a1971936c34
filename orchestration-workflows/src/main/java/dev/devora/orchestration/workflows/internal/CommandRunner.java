package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.tool.workspace.CommandResult;
import dev.devora.orchestration.tool.workspace.WorkspaceCommands;
import dev.devora.orchestration.workflows.WorkspaceCommand;
import dev.devora.orchestration.workflows.WorkspaceCommandException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs a {@link WorkspaceCommand} in a directory with the core's {@link WorkspaceCommands} (the runner of the
 * {@code run_command} tool: no shell, stdin empty, stderr merged, the output bounded to
 * {@link WorkspaceCommand#MAX_OUTPUT_BYTES} with its middle cut, the process tree killed at the timeout or on an
 * interrupt, a minimal environment plus the command's {@link WorkspaceCommand#environment()}), and gives its result
 * as the Quality Gate's JSON. It has no process, environment or kill code of its own.
 *
 * <pre>{@code
 * CommandResult r = CommandRunner.run(WorkspaceCommand.of("lint", "sh", "lint.sh"), repo);
 * ObjectNode entry = CommandRunner.toJson(r);   // {name, argv, exit_code, passed, timed_out, output, …}
 * }</pre>
 */
public final class CommandRunner {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CommandRunner() {
    }

    /**
     * Runs the command in {@code directory} to its end or its timeout.
     *
     * @param command   the command
     * @param directory where it runs
     * @return its result
     * @throws WorkspaceCommandException naming the command and its program when it cannot be started
     * @throws dev.devora.orchestration.InterruptedCallException when the calling thread is interrupted (the process
     *                                                           and its descendants are killed first)
     */
    public static CommandResult run(WorkspaceCommand command, Path directory) {
        WorkspaceCommands commands;
        try {
            commands = WorkspaceCommands.builder(directory)
                    .allow(command.name(), command.argv())
                    .timeout(command.timeout())
                    .maxOutputBytes(WorkspaceCommand.MAX_OUTPUT_BYTES)
                    .passEnvironment(command.environment().toArray(String[]::new))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new WorkspaceCommandException(command.name(), "command '" + command.name() + "' cannot be run in "
                    + directory + ": " + e.getMessage(), e);
        }
        CommandResult r = commands.run(command.name());
        if (!r.started()) {
            throw new WorkspaceCommandException(command.name(), "command '" + command.name() + "' cannot be started: its"
                    + " program '" + command.argv().get(0) + "' (argv[0] of '" + command.commandLine() + "') was not"
                    + " found or is not executable, in " + directory + ": " + r.startFailure(), null);
        }
        return r;
    }

    /**
     * A command that was not run, with the reason as its output (e.g. the fix's patch did not apply).
     *
     * @param command the command
     * @param why     the reason, shown as its output
     * @return a result without an exit code
     */
    static CommandResult notRun(WorkspaceCommand command, String why) {
        return new CommandResult(command.name(), command.argv(), ".", null, false, command.timeout(), null, why,
                0, 0, true, Duration.ZERO);
    }

    /**
     * A result as the Quality Gate's JSON: name, argv, exit_code, passed, timed_out, output (with a line saying the
     * command was killed, after a timeout), output_bytes, output_cut_bytes, duration_ms.
     *
     * @param r the result
     * @return the JSON entry
     */
    public static ObjectNode toJson(CommandResult r) {
        ObjectNode o = NODES.objectNode();
        o.put("name", r.name());
        List<String> argv = r.commandLine();
        argv.forEach(o.putArray("argv")::add);
        if (r.exitCode() == null) o.putNull("exit_code");
        else o.put("exit_code", r.exitCode());
        o.put("passed", r.passed());
        o.put("timed_out", r.timedOut());
        String out = r.output();
        if (r.timedOut()) {
            out = out + (out.isEmpty() || out.endsWith("\n") ? "" : "\n") + "[killed after its timeout of "
                    + r.timeout().toMillis() + " ms, with its child processes]\n";
        }
        o.put("output", out);
        o.put("output_bytes", r.outputBytes());
        o.put("output_cut_bytes", r.cutBytes());
        o.put("duration_ms", r.duration().toMillis());
        return o;
    }
}
