package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.workflows.WorkspaceCommand;
import dev.devora.orchestration.workflows.WorkspaceCommandException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a {@link WorkspaceCommand} in a directory as a process: no shell, stdin closed, stderr merged into stdout,
 * the last {@link WorkspaceCommand#MAX_OUTPUT_BYTES} bytes of the output kept (and how many were cut before them),
 * the process and its descendants killed at the timeout or when the calling thread is interrupted. Its environment
 * is the parent's minus every name that looks like a secret ({@link #looksSecret}): the output goes to the model.
 *
 * <pre>{@code
 * CommandRunner.Outcome o = CommandRunner.SYSTEM.run(WorkspaceCommand.of("lint", "sh", "lint.sh"), repo);
 * boolean passed = o.passed();   // exit code 0 within the timeout
 * }</pre>
 */
public final class CommandRunner {
    /** The runner whose commands get this process's environment (minus the secrets). */
    public static final CommandRunner SYSTEM = new CommandRunner(System::getenv);
    private static final List<String> SECRET_PARTS = List.of("KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD",
            "PASSPHRASE", "CREDENTIAL", "PRIVATE", "BEARER", "COOKIE", "AUTH");
    private static final List<String> SECRET_PREFIXES = List.of("OPENROUTER_", "OPENAI_", "ANTHROPIC_");
    private static final long OUTPUT_GRACE_MILLIS = 2_000;

    private final Supplier<Map<String, String>> parent;

    /**
     * @param parent the environment the commands' environments are made from (this process's: {@link #SYSTEM})
     */
    public CommandRunner(Supplier<Map<String, String>> parent) {
        this.parent = Objects.requireNonNull(parent, "parent");
    }

    /**
     * What one run of a command gave.
     *
     * <pre>{@code
     * CommandRunner.Outcome o = runner.run(command, repo);
     * JsonNode entry = o.toJson();   // {name, argv, exit_code, passed, timed_out, output_tail, …}
     * }</pre>
     *
     * @param name       the command's name
     * @param argv       its program and arguments
     * @param exitCode   its exit code; null when it was killed at its timeout
     * @param timedOut   whether it was killed at its timeout
     * @param output     the last bytes of its output (stdout and stderr), as UTF-8
     * @param cutBytes   how many bytes of output were dropped before {@code output}
     * @param durationMs how long it ran
     */
    public record Outcome(String name, List<String> argv, Integer exitCode, boolean timedOut, String output,
                          long cutBytes, long durationMs) {
        /** {@return whether it exited with code 0 within its timeout} */
        public boolean passed() {
            return !timedOut && exitCode != null && exitCode == 0;
        }

        /** {@return the output as reported: a line saying how many bytes were cut first, when some were} */
        public String outputTail() {
            return cutBytes > 0 ? "[… " + cutBytes + " earlier bytes cut; the last " + output.getBytes(StandardCharsets.UTF_8).length
                    + " kept …]\n" + output : output;
        }

        /** {@return this outcome as JSON: name, argv, exit_code, passed, timed_out, output_tail, output_cut_bytes, duration_ms} */
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("name", name);
            argv.forEach(o.putArray("argv")::add);
            if (exitCode == null) o.putNull("exit_code");
            else o.put("exit_code", exitCode);
            o.put("passed", passed());
            o.put("timed_out", timedOut);
            o.put("output_tail", outputTail());
            o.put("output_cut_bytes", cutBytes);
            o.put("duration_ms", durationMs);
            return o;
        }
    }

    /** Whether an environment variable's name looks like a secret (a key, a token, a provider's account…). */
    public static boolean looksSecret(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (String prefix : SECRET_PREFIXES) if (upper.startsWith(prefix)) return true;
        for (String part : SECRET_PARTS) if (upper.contains(part)) return true;
        return false;
    }

    /** The environment a command gets: the parent's without the names that look like secrets. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        parent.get().forEach((k, v) -> {
            if (!looksSecret(k)) env.put(k, v);
        });
        return env;
    }

    /**
     * Runs the command in {@code directory} to its end or its timeout.
     *
     * @param command   the command
     * @param directory where it runs
     * @return its outcome
     * @throws WorkspaceCommandException naming the command and its program when it cannot be started
     * @throws dev.devora.orchestration.InterruptedCallException when the calling thread is interrupted (the process
     *                                                           and its descendants are killed first)
     */
    public Outcome run(WorkspaceCommand command, Path directory) {
        ProcessBuilder pb = new ProcessBuilder(command.argv()).directory(directory.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(environment());
        long t0 = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new WorkspaceCommandException(command.name(), "command '" + command.name() + "' cannot be started: its"
                    + " program '" + command.argv().get(0) + "' (argv[0] of '" + command.commandLine() + "') was not"
                    + " found or is not executable, in " + directory + ": " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close(); // stdin: closed, nothing to read
        } catch (IOException ignored) {
            // the process may be gone already
        }
        Tail tail = new Tail(WorkspaceCommand.MAX_OUTPUT_BYTES);
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = process.getInputStream()) {
                for (int n; (n = in.read(buf)) != -1; ) tail.write(buf, n);
            } catch (IOException ignored) {
                // closed under us when the process was killed: what was read is kept
            }
        }, "quality-gate-command-output");
        reader.setDaemon(true);
        reader.start();
        boolean exited;
        try {
            exited = process.waitFor(command.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new dev.devora.orchestration.InterruptedCallException("command '" + command.name()
                    + "' was interrupted (the run was cancelled); its process and child processes were killed", e);
        }
        if (!exited) kill(process);
        try {
            reader.join(OUTPUT_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String out = tail.text();
        if (!exited) out = out + (out.isEmpty() || out.endsWith("\n") ? "" : "\n") + "[killed after its timeout of "
                + command.timeout().toMillis() + " ms, with its child processes]\n";
        return new Outcome(command.name(), command.argv(), exited ? process.exitValue() : null, !exited, out,
                tail.cut(), ms);
    }

    /** Kills the process and its descendants (collected first: once it is dead, its children are no longer its). */
    static void kill(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last bytes written, in a ring. */
    private static final class Tail {
        private final byte[] ring;
        private int start;
        private int length;
        private long total;

        Tail(int max) {
            this.ring = new byte[max];
        }

        synchronized void write(byte[] bytes, int n) {
            total += n;
            for (int i = Math.max(0, n - ring.length); i < n; i++) {
                int at = (start + length) % ring.length;
                ring[at] = bytes[i];
                if (length < ring.length) length++;
                else start = (start + 1) % ring.length;
            }
        }

        synchronized long cut() {
            return total - length;
        }

        synchronized String text() {
            byte[] out = new byte[length];
            for (int i = 0; i < length; i++) out[i] = ring[(start + i) % ring.length];
            int from = 0;
            if (cut() > 0) while (from < out.length && (out[from] & 0xC0) == 0x80) from++; // no split character
            return new String(out, from, out.length - from, StandardCharsets.UTF_8);
        }
    }
}
