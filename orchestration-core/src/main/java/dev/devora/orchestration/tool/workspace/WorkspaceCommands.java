package dev.devora.orchestration.tool.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.internal.Json;
import dev.devora.orchestration.llm.ToolDefinition;
import dev.devora.orchestration.tool.Tool;
import dev.devora.orchestration.tool.ToolInvocation;
import dev.devora.orchestration.tool.ToolResult;
import dev.devora.orchestration.tool.Toolbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An explicit opt-in that lets an agent's model run commands in a workspace folder, but only the ones named here:
 * one tool, {@code run_command}, whose {@code command} argument is the name of an allowed command line (an enum in
 * its schema) and whose optional {@code folder} is a folder of the workspace to run it in (confined like
 * {@link Workspace}'s paths). There is no default command and the model cannot add arguments: a variant is another
 * allowed name. The result gives the exit code and the output; a non-zero exit, a timeout and a program that cannot
 * be started are error results the model reads.
 *
 * <p>How a command runs: its working folder is the workspace root (its real path) or the folder asked; stdin is
 * empty; stdout and stderr are merged and bounded ({@link #DEFAULT_MAX_OUTPUT_BYTES} by default: the first and last
 * halves are kept and the result says how many bytes were cut between them), decoded as UTF-8 (malformed bytes
 * replaced). Its environment starts empty and gets only {@link #MINIMAL_ENVIRONMENT} (from this process, when set),
 * the names given to {@link Builder#passEnvironment} and the variables set with {@link Builder#environment}; a
 * name that looks like a secret ({@code *KEY*}, {@code *TOKEN*}, {@code *SECRET*}, {@code *PASSWORD*},
 * {@code *CREDENTIAL*}, {@code OPENROUTER_*}…) is refused when the builder is given it. After the timeout
 * ({@link #DEFAULT_TIMEOUT} by default), or when the calling thread is interrupted (the run is cancelled), the
 * process and its descendants are killed; the interrupt then throws {@link InterruptedCallException}. One command
 * runs at a time; a second call waits for the first. A caller that runs its checks itself, rather than giving the
 * model the tool, calls {@link #run(String)} and gets a {@link CommandResult}.
 *
 * <p>It is not a sandbox. An allowed command is trusted: it runs as this process's user and can do anything that
 * user can (read files outside the workspace, use the network, run a build script the model wrote into a writable
 * workspace). What it protects against is the model choosing the command line, and secrets of this process's
 * environment reaching the command's output. A process that detaches itself from the tree (a daemon) is not
 * killed, and one a command leaves running in the background when it exits is neither killed nor waited for. The command lines are shown to the model in the tool's description: put no secret in them.
 *
 * <pre>{@code
 * WorkspaceCommands commands = WorkspaceCommands.builder(Path.of("/src/shop"))
 *         .allow("test", List.of("mvn", "-q", "-o", "test"))
 *         .allow("lint", List.of("npm", "run", "lint"))
 *         .timeout(Duration.ofMinutes(5))
 *         .passEnvironment("JAVA_HOME", "MAVEN_OPTS")
 *         .build();
 * Toolbox tools = Toolbox.merge("fixer", List.of(Workspace.writable(commands.root()).toolbox(), commands.toolbox()));
 * }</pre>
 */
public final class WorkspaceCommands {
    /** The tool's name. */
    public static final String TOOL_NAME = "run_command";
    /** How long a command may run unless {@link Builder#timeout} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** How many bytes of output the model gets unless {@link Builder#maxOutputBytes} says otherwise. */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;
    /** The smallest output bound accepted. */
    public static final int MIN_OUTPUT_BYTES = 1024;
    /** The largest output bound accepted. */
    public static final int MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
    /**
     * The variables every command gets from this process's environment when they are set: {@code PATH},
     * {@code HOME}, {@code USER}, {@code LOGNAME}, {@code LANG}, {@code LC_ALL}, {@code LC_CTYPE}, {@code TZ},
     * {@code TMPDIR}, and on Windows {@code TEMP}, {@code TMP}, {@code SYSTEMROOT}, {@code WINDIR}, {@code COMSPEC},
     * {@code PATHEXT}, {@code USERPROFILE}.
     */
    public static final List<String> MINIMAL_ENVIRONMENT = CommandEnvironment.MINIMAL;

    private final Path root;
    private final Map<String, List<String>> commands;
    private final Set<String> passed;
    private final Map<String, String> set;
    private final Duration timeout;
    private final int maxOutputBytes;
    private final PathGuard guard;
    private final CommandRunning running;
    private final Toolbox toolbox;

    private WorkspaceCommands(Builder b) {
        this.root = b.root;
        this.commands = Collections.unmodifiableMap(new LinkedHashMap<>(b.commands));
        this.passed = Collections.unmodifiableSet(new LinkedHashSet<>(b.passed));
        this.set = Collections.unmodifiableMap(new LinkedHashMap<>(b.set));
        this.timeout = b.timeout;
        this.maxOutputBytes = b.maxOutputBytes;
        this.guard = new PathGuard(root);
        java.util.function.Supplier<Map<String, String>> parent = b.parentEnvironment;
        this.running = new CommandRunning(timeout, maxOutputBytes,
                () -> CommandEnvironment.of(parent.get(), passed, set));
        this.toolbox = Toolbox.of("commands in workspace " + root.getFileName(), new RunCommandTool());
    }

    /**
     * A builder; nothing can run until {@link Builder#allow} names a command.
     *
     * @param root the workspace folder the commands run in; must exist
     * @return a new builder
     * @throws IllegalArgumentException naming the path if it is not an existing folder
     */
    public static Builder builder(Path root) {
        return new Builder(Workspace.realFolder(root));
    }

    /**
     * The {@code run_command} tool, to give to an agent.
     *
     * @return the toolbox
     */
    public Toolbox toolbox() {
        return toolbox;
    }

    /**
     * The folder the commands run in, as a real path (symbolic links resolved).
     *
     * @return the root
     */
    public Path root() {
        return root;
    }

    /**
     * The allowed commands: each name with its command line, in the order they were allowed.
     *
     * @return the commands
     */
    public Map<String, List<String>> commands() {
        return commands;
    }

    /**
     * How long a command may run before it is killed.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * How many bytes of a command's output the model gets at most.
     *
     * @return the bound
     */
    public int maxOutputBytes() {
        return maxOutputBytes;
    }

    /**
     * Runs an allowed command in the workspace root, as the {@code run_command} tool would (same environment,
     * timeout, output bound, one command at a time), for a caller that runs its checks itself instead of giving the
     * model the tool: the result is data, whatever the exit. {@link CommandResult#toToolResult()} is the text the
     * tool would have given.
     *
     * <pre>{@code
     * WorkspaceCommands commands = WorkspaceCommands.builder(repo).allow("lint", List.of("npm", "run", "lint")).build();
     * CommandResult lint = commands.run("lint");
     * System.out.println(lint.passed() ? "lint: clean" : "lint failed:\n" + lint.output());
     * }</pre>
     *
     * @param name the allowed name of the command
     * @return how it ended (exit code, timeout, a program that could not start) and its bounded output
     * @throws IllegalArgumentException naming it and the allowed names if no command of that name is allowed
     * @throws InterruptedCallException if the calling thread is interrupted while it runs or waits for another
     *                                  command (its process and their children are killed first)
     */
    public CommandResult run(String name) {
        List<String> commandLine = name == null ? null : commands.get(name);
        if (commandLine == null) {
            throw new IllegalArgumentException("no command " + (name == null ? "null" : "'" + name + "'")
                    + " is allowed; the allowed commands are " + commands.keySet());
        }
        return running.run(name, commandLine, root, ".");
    }

    /**
     * Checks a variable name as {@link Builder#passEnvironment} does, for a caller that collects names before it
     * builds the commands (a configuration, a command line) and wants the refusal early.
     *
     * <pre>{@code
     * WorkspaceCommands.checkEnvironmentName("JAVA_HOME");           // fine
     * WorkspaceCommands.checkEnvironmentName("OPENROUTER_API_KEY");  // IllegalArgumentException: looks like a secret
     * }</pre>
     *
     * @param name the variable's name
     * @throws IllegalArgumentException naming the variable if the name is blank, holds {@code =} or looks like a
     *                                  secret ({@code OPENROUTER_API_KEY}, {@code GITHUB_TOKEN}…)
     */
    public static void checkEnvironmentName(String name) {
        CommandEnvironment.checkName(name);
    }

    /** Names only: the values of variables set with {@link Builder#environment} are not shown. */
    @Override
    public String toString() {
        return "WorkspaceCommands[" + root + ", commands " + commands.keySet() + ", timeout " + timeout
                + ", passed " + passed + ", set " + set.keySet() + "]";
    }

    /** The one tool: the command by its allowed name, optionally in a folder of the workspace. */
    private final class RunCommandTool implements Tool {
        private final ToolDefinition definition = new ToolDefinition(TOOL_NAME, description(), schema());

        @Override
        public ToolDefinition definition() {
            return definition;
        }

        @Override
        public ToolResult call(ToolInvocation invocation) {
            JsonNode args = invocation.arguments();
            for (Iterator<String> it = args.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!field.equals("command") && !field.equals("folder")) {
                    return ToolResult.error("argument '" + field + "' is not accepted: " + TOOL_NAME + " takes only"
                            + " 'command' (one of " + commands.keySet() + ") and 'folder'; a command takes no other"
                            + " arguments");
                }
            }
            JsonNode command = args.get("command");
            if (command == null || !command.isTextual() || !commands.containsKey(command.asText())) {
                return ToolResult.error((command == null ? "command is missing" : "no command "
                        + (command.isTextual() ? "'" + command.asText() + "'" : command.toString()) + " is allowed") + "; the allowed commands are " + commands.keySet());
            }
            String name = command.asText();
            JsonNode folderArg = args.get("folder");
            String shown = folderArg == null || folderArg.isNull() ? "." : folderArg.asText();
            Path folder;
            try {
                folder = guard.existing(shown);
            } catch (WorkspaceRefusal e) {
                return ToolResult.error(e.getMessage());
            }
            if (!Files.isDirectory(folder)) return ToolResult.error("'" + shown + "' is not a folder");
            return running.run(name, commands.get(name), folder, guard.relative(folder)).toToolResult();
        }

        @Override
        public String toString() {
            return "Tool[" + TOOL_NAME + " " + commands.keySet() + "]";
        }

        private String description() {
            StringBuilder sb = new StringBuilder("Run one of the commands allowed in the workspace and get its exit"
                    + " code and output (stdout and stderr together, at most " + maxOutputBytes + " bytes: the middle"
                    + " of a longer output is cut). The commands:");
            commands.forEach((name, line) -> sb.append(' ').append(name).append(" = '").append(String.join(" ", line))
                    .append("';"));
            sb.append(" they take no other arguments. folder: a folder of the workspace to run in, relative to it"
                    + " (default: its root). A command still running after ").append(CommandRunning.format(timeout))
                    .append(" is killed.");
            return sb.toString();
        }

        private JsonNode schema() {
            ObjectNode schema = Json.NODES.objectNode().put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            ObjectNode command = properties.putObject("command").put("type", "string")
                    .put("description", "the name of the allowed command to run");
            commands.keySet().forEach(command.putArray("enum")::add);
            properties.putObject("folder").put("type", "string")
                    .put("description", "a folder of the workspace to run the command in, relative to it; default '.'");
            schema.putArray("required").add("command");
            schema.put("additionalProperties", false);
            return schema;
        }
    }

    /**
     * Builder of {@link WorkspaceCommands}: every option checked when given, with a message naming the value.
     *
     * <pre>{@code
     * WorkspaceCommands.builder(root).allow("test", List.of("./gradlew", "test", "--offline")).build();
     * }</pre>
     */
    public static final class Builder {
        private final Path root;
        private final Map<String, List<String>> commands = new LinkedHashMap<>();
        private final Set<String> passed = new LinkedHashSet<>();
        private final Map<String, String> set = new LinkedHashMap<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxOutputBytes = DEFAULT_MAX_OUTPUT_BYTES;
        /** Where the minimal set and the passed names are read from: this process's environment (tests give another). */
        java.util.function.Supplier<Map<String, String>> parentEnvironment = System::getenv;

        private Builder(Path root) {
            this.root = root;
        }

        /**
         * Allows a command: the model may run this exact command line by this name.
         *
         * @param name        what the model calls it: 1-64 letters, digits, {@code _} or {@code -}
         * @param commandLine the program (found on {@code PATH}, or a path) and its arguments, passed as they are
         *                    (no shell: to use one, allow {@code List.of("sh", "-c", "…")}); the model is shown
         *                    it in the tool's description, so it must hold no secret
         * @return this builder
         * @throws IllegalArgumentException naming the value if the name is not valid or already allowed, or the
         *                                  command line is empty, has a null element or a blank program
         */
        public Builder allow(String name, List<String> commandLine) {
            if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("a command name must be 1-64 letters, digits, '_' or '-', was "
                        + (name == null ? "null" : "'" + name + "'"));
            }
            Objects.requireNonNull(commandLine, "commandLine");
            if (commandLine.isEmpty() || commandLine.stream().anyMatch(Objects::isNull) || commandLine.get(0).isBlank()) {
                throw new IllegalArgumentException("command '" + name + "' needs a command line whose first element"
                        + " is the program and none is null, was " + commandLine);
            }
            if (commands.putIfAbsent(name, List.copyOf(commandLine)) != null) {
                throw new IllegalArgumentException("command '" + name + "' is allowed already, as "
                        + commands.get(name));
            }
            return this;
        }

        /**
         * How long a command may run before it and its child processes are killed.
         *
         * @param timeout a positive duration; default {@link #DEFAULT_TIMEOUT}
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is not positive
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * How many bytes of a command's output the model gets at most (the first and the last half of them).
         *
         * @param maxOutputBytes from {@link #MIN_OUTPUT_BYTES} to {@link #MAX_OUTPUT_BYTES}; default
         *                       {@link #DEFAULT_MAX_OUTPUT_BYTES}
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is out of that range
         */
        public Builder maxOutputBytes(int maxOutputBytes) {
            if (maxOutputBytes < MIN_OUTPUT_BYTES || maxOutputBytes > MAX_OUTPUT_BYTES) {
                throw new IllegalArgumentException("maxOutputBytes must be " + MIN_OUTPUT_BYTES + " to "
                        + MAX_OUTPUT_BYTES + ", was " + maxOutputBytes);
            }
            this.maxOutputBytes = maxOutputBytes;
            return this;
        }

        /**
         * Passes these variables of this process's environment on to the commands too (read when a command
         * starts; one that is not set is left out), beside {@link #MINIMAL_ENVIRONMENT}.
         *
         * @param names the variables, e.g. {@code JAVA_HOME}
         * @return this builder
         * @throws IllegalArgumentException naming the variable if a name is blank, holds {@code =} or looks like a
         *                                  secret ({@code OPENROUTER_API_KEY}, {@code GITHUB_TOKEN}…)
         */
        public Builder passEnvironment(String... names) {
            for (String name : names) CommandEnvironment.checkName(name);
            passed.addAll(List.of(names)); // all or none
            return this;
        }

        /**
         * Sets a variable for the commands (it wins over one of the same name from this process).
         *
         * @param name  the variable, e.g. {@code CI}
         * @param value its value; not shown by {@code toString()}
         * @return this builder
         * @throws IllegalArgumentException naming the variable if the name is blank, holds {@code =} or looks like a
         *                                  secret, or the value holds a NUL character
         */
        public Builder environment(String name, String value) {
            CommandEnvironment.checkName(name);
            Objects.requireNonNull(value, "value of " + name);
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("the value of environment variable '" + name + "' holds a NUL");
            }
            set.put(name, value);
            return this;
        }

        /**
         * Builds the commands.
         *
         * @return the commands, ready to give their {@link #toolbox()} to an agent
         * @throws IllegalStateException if no command was allowed (there is no default command)
         */
        public WorkspaceCommands build() {
            if (commands.isEmpty()) {
                throw new IllegalStateException("no command is allowed in " + root + ": name each one with"
                        + " allow(name, commandLine); there is no default command");
            }
            return new WorkspaceCommands(this);
        }
    }
}
