package dev.devora.orchestration.mcp.internal;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * MCP over a child process's standard input and output (one JSON-RPC message per line), the stdio transport of the
 * MCP specification. It starts the process itself, unlike the SDK's {@code StdioClientTransport}, which keeps its
 * {@link Process} private: so the process's end is known the moment it happens ({@link #exited()}, with the exit
 * code), and the toolbox can fail the calls in flight at once instead of waiting for their timeout. Closing closes
 * the server's input, then sends it TERM, then KILL, each after a grace period, its descendants included. Not API.
 */
public final class ChildProcessTransport implements McpClientTransport {
    private static final Logger LOG = LoggerFactory.getLogger(ChildProcessTransport.class);
    /** The longest message read, in characters; a longer line is dropped (as the SDK's transport bounds it). */
    static final int MAX_LINE_CHARS = 16 * 1024 * 1024;
    private static final long GRACE_SECONDS = 2;

    private final String serverName;
    private final List<String> command;
    private final Map<String, String> environment;
    private final McpJsonMapper json;
    private final Consumer<String> stderrLines;
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private final ExecutorService writer;
    private final Scheduler writes;
    private volatile Process process;
    private volatile boolean closing;
    /** Why the process could not be started; null if it was, or was not tried yet. */
    private volatile String startFailure;

    /**
     * A transport for one server; nothing starts before {@link #connect}.
     *
     * @param serverName  the server's name, for thread names and logs
     * @param command     the program and its arguments
     * @param environment the child's whole environment
     * @param json        the SDK's JSON mapper
     * @param stderrLines receives each line the server writes to its standard error
     */
    public ChildProcessTransport(String serverName, List<String> command, Map<String, String> environment,
                                 McpJsonMapper json, Consumer<String> stderrLines) {
        this.serverName = serverName;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.json = json;
        this.stderrLines = stderrLines;
        this.writer = Executors.newSingleThreadExecutor(r -> daemon(r, "in"));
        this.writes = Schedulers.fromExecutorService(writer, "mcp-stdio-" + serverName);
    }

    /**
     * Completes with the exit code when the process has ended, whether it died or was closed.
     *
     * @return the future exit code
     */
    public CompletableFuture<Integer> exited() {
        return exited;
    }

    /**
     * The exit code, if the process has ended.
     *
     * @param wait how long to wait for a process that is ending (its pipes broke) to be gone; zero: do not wait
     * @return the exit code; or null while it runs or if it never started
     */
    public Integer exitCode(java.time.Duration wait) {
        Process p = process;
        if (p == null) return null;
        try {
            if (!wait.isZero() && !p.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return p.isAlive() ? null : p.exitValue();
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        // started on the subscribing thread, so that the process runs before the session sends its first message
        return Mono.fromRunnable(() -> start(handler));
    }

    private synchronized void start(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        if (process != null) throw new IllegalStateException("MCP server '" + serverName + "' is already started");
        if (closing) throw new IllegalStateException("MCP server '" + serverName + "' is closed");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process started;
        try {
            started = builder.start();
        } catch (IOException e) {
            startFailure = "cannot start '" + command.get(0) + "': " + e.getMessage();
            throw new IllegalStateException(startFailure, e);
        }
        process = started;
        // a thread of its own waits for the end: Process.onExit() completes on the common pool (Java 25 uses it even
        // with a parallelism of 1), where a caller blocked in a call to this very server can hold its only worker
        daemon(() -> awaitExit(started), "exit").start();
        daemon(() -> readMessages(started.getInputStream(), handler), "out").start();
        daemon(() -> readStderr(started.getErrorStream()), "err").start();
    }

    private void readMessages(InputStream out,
                              Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            while (readLine(reader, line)) {
                if (line.length() > MAX_LINE_CHARS) {
                    LOG.warn("MCP server '{}' sent a message longer than {} characters: dropped", serverName,
                            MAX_LINE_CHARS);
                    continue;
                }
                if (line.toString().isBlank()) continue;
                McpSchema.JSONRPCMessage message;
                try {
                    message = McpSchema.deserializeJsonRpcMessage(json, line.toString());
                } catch (IOException | RuntimeException e) {
                    LOG.warn("MCP server '{}' sent a line of {} characters that is not a JSON-RPC message: dropped",
                            serverName, line.length());
                    continue;
                }
                handler.apply(Mono.just(message)).subscribe(ignored -> { }, e ->
                        LOG.debug("MCP server '{}': handling a message failed: {}", serverName, e.toString()));
            }
        } catch (IOException e) {
            if (!closing) LOG.debug("MCP server '{}': reading its output failed: {}", serverName, e.toString());
        }
    }

    /**
     * Reads one line into {@code line} (cleared first); past {@link #MAX_LINE_CHARS} the rest of it is skipped and
     * only the length marks it too long.
     *
     * @return false at the end of the stream with nothing read
     */
    static boolean readLine(BufferedReader reader, StringBuilder line) throws IOException {
        line.setLength(0);
        boolean any = false;
        boolean tooLong = false;
        int c;
        while ((c = reader.read()) != -1) {
            any = true;
            if (c == '\n') break;
            if (c == '\r') {
                reader.mark(1);
                int next = reader.read();
                if (next != '\n' && next != -1) reader.reset();
                break;
            }
            if (line.length() <= MAX_LINE_CHARS) line.append((char) c);
            else tooLong = true;
        }
        if (tooLong) line.setLength(MAX_LINE_CHARS + 1);
        return any;
    }

    private void readStderr(InputStream err) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            while (readLine(reader, line)) {
                stderrLines.accept(line.length() > 2000 ? line.substring(0, 2000) + "…" : line.toString());
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) LOG.debug("MCP server '{}': reading its stderr failed: {}", serverName, e.toString());
        }
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return Mono.<Void>fromCallable(() -> {
            Process p = process;
            if (p == null || closing) {
                throw new IOException(startFailure != null ? startFailure : "MCP server '" + serverName
                        + "' is not running");
            }
            // one message per line: a JSON text holds no raw line breaks once written compactly, but be certain
            String text = json.writeValueAsString(message).replace("\r\n", "\\n").replace("\n", "\\n")
                    .replace("\r", "\\n");
            OutputStream in = p.getOutputStream();
            in.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            return null;
        }).subscribeOn(writes);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.<Void>fromRunnable(this::stop).subscribeOn(Schedulers.boundedElastic());
    }

    /** Closes the server's input, then TERM, then KILL (descendants too), each after a grace period. Idempotent. */
    private void stop() {
        Process p;
        synchronized (this) {
            closing = true;
            p = process;
        }
        try {
            if (p == null) return;
            List<ProcessHandle> family = p.descendants().toList();
            try {
                p.getOutputStream().close();
            } catch (IOException e) {
                LOG.debug("MCP server '{}': closing its input failed: {}", serverName, e.toString());
            }
            if (!ended(p.toHandle())) {
                p.destroy();
                if (!ended(p.toHandle())) p.destroyForcibly();
            }
            for (ProcessHandle child : family) {
                if (child.isAlive()) {
                    child.destroy();
                    if (!ended(child)) child.destroyForcibly();
                }
            }
        } finally {
            writer.shutdown();
        }
    }

    private static boolean ended(ProcessHandle handle) {
        try {
            handle.onExit().get(GRACE_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return json.convertValue(data, typeRef);
    }

    private void awaitExit(Process started) {
        while (true) {
            try {
                exited.complete(started.waitFor());
                return;
            } catch (InterruptedException e) {
                // nothing interrupts this thread on purpose; keep waiting for the process's end
            }
        }
    }

    private Thread daemon(Runnable r, String stream) {
        Thread t = new Thread(r, "mcp-stdio-" + serverName + "-" + stream);
        t.setDaemon(true);
        return t;
    }

    @Override
    public String toString() {
        return "ChildProcessTransport[" + serverName + ", " + command.get(0) + "]";
    }
}
