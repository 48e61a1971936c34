package dev.devora.orchestration.tool.workspace;

import dev.devora.orchestration.InterruptedCallException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs one allow-listed command line as a process: in a folder of the workspace, with the given environment only,
 * stdin empty, stdout and stderr merged into a {@link BoundedOutput}, within a timeout. On the timeout, and when the
 * calling thread is interrupted, the process and its descendants are killed. One command runs at a time.
 */
final class CommandRunning {
    /**
     * How long the output is still read after the process ended. On Unix the JDK drains and closes the pipe when
     * the process exits, so a background child holding it open does not delay the result; elsewhere this bounds it.
     */
    static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    private final Duration timeout;
    private final int maxOutputBytes;
    private final Supplier<Map<String, String>> environment;
    private final ReentrantLock oneAtATime = new ReentrantLock(true);

    CommandRunning(Duration timeout, int maxOutputBytes, Supplier<Map<String, String>> environment) {
        this.timeout = timeout;
        this.maxOutputBytes = maxOutputBytes;
        this.environment = environment;
    }

    /**
     * Runs a command line to its end, its timeout or an interrupt.
     *
     * @param name        the command's allow-listed name, for messages
     * @param commandLine the program and its arguments
     * @param folder      the working folder (a real folder inside the workspace)
     * @param shownFolder the folder as the model knows it
     * @return how it ended and its output (also for a timeout and a program that cannot start)
     * @throws InterruptedCallException if the calling thread is interrupted (the process is killed first)
     */
    CommandResult run(String name, List<String> commandLine, Path folder, String shownFolder) {
        String what = "command '" + name + "' (" + String.join(" ", commandLine) + ") in " + shownFolder;
        try {
            oneAtATime.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedCallException(what + " was not started: interrupted while waiting for another command", e);
        }
        try {
            return runAlone(name, what, commandLine, folder, shownFolder);
        } finally {
            oneAtATime.unlock();
        }
    }

    private CommandResult runAlone(String name, String what, List<String> commandLine, Path folder, String shownFolder) {
        ProcessBuilder pb = new ProcessBuilder(commandLine).directory(folder.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(environment.get());
        long t0 = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return new CommandResult(name, commandLine, shownFolder, null, false, timeout, String.valueOf(e.getMessage()),
                    "", 0, 0, true, Duration.ZERO);
        }
        BoundedOutput output = new BoundedOutput(maxOutputBytes);
        Thread reader = startReader(process, output);
        try {
            process.getOutputStream().close(); // stdin: empty
        } catch (IOException ignored) {
            // the process may be gone already; nothing to give it anyway
        }
        boolean exited;
        try {
            exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            ProcessTrees.kill(process.toHandle());
            Thread.currentThread().interrupt();
            throw new InterruptedCallException(what + " was interrupted; its process and child processes were killed", e);
        }
        if (!exited) ProcessTrees.kill(process.toHandle());
        boolean complete = awaitOutput(reader);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        return new CommandResult(name, commandLine, shownFolder, exited ? process.exitValue() : null, !exited, timeout,
                null, output.total() == 0 ? "" : output.text(), output.total(), output.cut(), complete, took);
    }

    private static Thread startReader(Process process, BoundedOutput output) {
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = process.getInputStream()) {
                for (int n; (n = in.read(buf)) != -1; ) output.write(buf, 0, n);
            } catch (IOException ignored) {
                // the stream was closed under us (the process was killed): what was read is kept
            }
        }, "workspace-command-output");
        reader.setDaemon(true); // a detached grandchild holding the pipe open must not keep the JVM alive
        reader.start();
        return reader;
    }

    /** Waits a short while for the rest of the output; false if something still holds it open. */
    private static boolean awaitOutput(Thread reader) {
        try {
            reader.join(OUTPUT_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !reader.isAlive();
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        if (ms % 1000 == 0) return ms / 1000 + " s";
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
