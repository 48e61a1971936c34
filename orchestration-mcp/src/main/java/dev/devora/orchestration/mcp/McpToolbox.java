package dev.devora.orchestration.mcp;

import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.llm.ToolDefinition;
import dev.devora.orchestration.mcp.internal.ChildProcessTransport;
import dev.devora.orchestration.mcp.internal.McpResults;
import dev.devora.orchestration.mcp.internal.ObservedTransport;
import dev.devora.orchestration.mcp.internal.ToolNames;
import dev.devora.orchestration.tool.Tool;
import dev.devora.orchestration.tool.ToolInvocation;
import dev.devora.orchestration.tool.ToolResult;
import dev.devora.orchestration.tool.Toolbox;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tools of one MCP server as a core {@link Toolbox}: connects (a command started over stdio, or a streamable
 * HTTP URL with an optional bearer token), lists the server's tools with their own input schemas, and forwards each
 * call to the server. Tool names models cannot take (MCP allows any string; models take 1 to 64 letters, digits,
 * {@code _} and {@code -}) are offered mapped, see {@link Builder#namePrefix}. A result's text parts become the
 * {@link ToolResult}'s content, and a result the server flags {@code isError} becomes {@link ToolResult#error}; an
 * error the server answers the request with (an unknown tool, invalid arguments) is an error result too, for the
 * model to correct. A server that cannot be reached, breaks the connection or does not answer within the request timeout gives a {@link McpServerException} naming it. A stdio
 * server's process that ends (killed, crashed, exited) fails the calls in flight at once, and every later call,
 * with a {@link McpServerException} naming the exit code, without waiting for the request timeout; so does an HTTP
 * server whose connection breaks and which then does not answer a ping.
 * {@link #close()} stops the server process or ends the HTTP session.
 *
 * <pre>{@code
 * try (McpToolbox files = McpToolbox.stdio("files", List.of("java", "-jar", "files-server.jar")).connect();
 *      McpToolbox search = McpToolbox.http("search", "https://tools.example/mcp")
 *              .bearerToken(ApiKey.of(System.getenv("SEARCH_TOKEN")))
 *              .requestTimeout(Duration.ofSeconds(20))
 *              .connect()) {
 *     Toolbox tools = Toolbox.merge("research", List.of(files.toolbox(), search.toolbox()));
 *     ...
 * }
 * }</pre>
 */
public final class McpToolbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(McpToolbox.class);
    /** How long a failed request waits for a stdio server whose pipes broke to be gone, to name its exit code. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(1);

    private final String name;
    private final String endpoint;
    private final Duration requestTimeout;
    private final String namePrefix;
    private final McpSyncClient client;
    /** The stdio server's process; null for an HTTP server. */
    private final ChildProcessTransport process;
    private volatile Toolbox toolbox;
    private volatile boolean closed;
    /** An HTTP server's connection found lost (a stream broke, then a ping failed): why, in parentheses; or null. */
    private volatile String lost;
    /** Whether a ping after a broken stream is under way. */
    private final AtomicBoolean checking = new AtomicBoolean();

    private McpToolbox(Builder builder, McpSyncClient client, ChildProcessTransport process) {
        this.name = builder.name;
        this.endpoint = builder.endpointDescription();
        this.requestTimeout = builder.requestTimeout;
        this.namePrefix = builder.namePrefix;
        this.client = client;
        this.process = process;
        if (process != null) process.exited().thenAccept(this::serverExited);
    }

    /**
     * A server started as a child process that speaks MCP on its standard input and output.
     *
     * @param name        the server's name, for the toolbox and for messages
     * @param commandLine the program and its arguments
     * @return a builder; {@link Builder#connect()} starts the server
     * @throws IllegalArgumentException if the name is blank or the command line empty
     */
    public static Builder stdio(String name, List<String> commandLine) {
        Objects.requireNonNull(commandLine, "commandLine");
        List<String> command = List.copyOf(commandLine);
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("commandLine of MCP server '" + name + "' must name a program, was "
                    + command);
        }
        return new Builder(name, command, null);
    }

    /**
     * A server reached over the streamable HTTP transport.
     *
     * @param name the server's name, for the toolbox and for messages
     * @param url  the MCP endpoint, e.g. {@code http://localhost:8931/mcp}
     * @return a builder; {@link Builder#connect()} connects
     * @throws IllegalArgumentException if the name is blank or the URL is not an http(s) URL with a host
     */
    public static Builder http(String name, String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url of MCP server '" + name + "' is not a URL: '" + url + "'", e);
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null
                || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("url of MCP server '" + name
                    + "' must be an http or https URL with a host and no user info, was '" + redacted(uri) + "'");
        }
        return new Builder(name, null, uri);
    }

    /**
     * The server's tools, in the order the server listed them; each call goes to the server.
     *
     * @return the toolbox, named after the server
     */
    public Toolbox toolbox() {
        return toolbox;
    }

    /**
     * The server's name.
     *
     * @return the name given to {@link #stdio} or {@link #http}
     */
    public String name() {
        return name;
    }

    /**
     * Stops the server process (stdio) or ends the session (HTTP). Calls after this fail with
     * {@link McpServerException}. Closing twice does nothing.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            if (!client.closeGracefully()) closeQuietly(client, name);
        } catch (RuntimeException e) {
            LOG.debug("MCP server '{}' did not close gracefully: {}", name, e.toString());
            closeQuietly(client, name);
        }
    }

    /**
     * Closes the SDK's client, whose own close can throw when its session never came up (a {@code NullPointerException}
     * from the SDK after a failed handshake): what failed is reported by the caller, not by the close.
     */
    private static void closeQuietly(McpSyncClient client, String name) {
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.debug("MCP server '{}': closing its client failed: {}", name, e.toString());
        }
    }

    @Override
    public String toString() {
        Toolbox tools = toolbox;
        return "McpToolbox[" + name + ", " + endpoint + ", " + (tools == null ? 0 : tools.tools().size()) + " tools]";
    }

    /**
     * The stdio server's process ended on its own (not closed): ends the session, which fails the requests in flight
     * at once; {@link #failure} then names the exit code.
     */
    private void serverExited(int exitCode) {
        if (closed) return;
        LOG.info("MCP server '{}' ({}) exited with code {}", name, endpoint, exitCode);
        closeQuietly(client, name);
    }

    /**
     * The HTTP transport reported an exception. One with an {@link IOException} in it (a response stream broke, a
     * connection failed) may mean the server is gone: a ping, on its own thread, tells; if it fails too, the session
     * is ended, which fails the requests in flight at once (the SDK would leave a request whose stream broke after
     * its first event waiting for its timeout), and {@link #lost} says why.
     */
    private void transportFailed(Throwable t) {
        if (closed || lost != null || !causedBy(t, java.io.IOException.class) || !checking.compareAndSet(false, true)) {
            return;
        }
        Thread check = new Thread(() -> {
            try {
                pingAfter(t);
            } finally {
                checking.set(false);
            }
        }, "mcp-http-" + name + "-check");
        check.setDaemon(true);
        check.start();
    }

    private void pingAfter(Throwable broken) {
        try {
            client.ping();
        } catch (McpError e) {
            if (e.getJsonRpcError() == null) serverLost(broken, e); // else it answered: alive
        } catch (RuntimeException e) {
            serverLost(broken, e);
        }
    }

    private void serverLost(Throwable broken, RuntimeException pingFailure) {
        if (closed) return;
        lost = "(" + reason(broken) + "; a ping then failed: " + reason(pingFailure) + ")";
        LOG.info("MCP server '{}' ({}) lost the connection {}", name, endpoint, lost);
        closeQuietly(client, name);
    }

    /** The stdio server's exit code if its process has ended (waiting up to {@code wait} for an ending one). */
    private Integer exitCode(Duration wait) {
        return process == null ? null : process.exitCode(wait);
    }

    private Toolbox listTools() {
        try {
            return listAllTools();
        } catch (McpErrorAnswer answer) {
            McpSchema.JSONRPCResponse.JSONRPCError error = ((McpError) answer.getCause()).getJsonRpcError();
            throw new McpServerException(name, "MCP server '" + name + "' (" + endpoint + ") refused tools/list: "
                    + error.message(), answer.getCause());
        }
    }

    private Toolbox listAllTools() {
        List<McpSchema.Tool> listed = new ArrayList<>();
        McpSchema.ListToolsResult page = request("tools/list", () -> client.listTools());
        List<String> cursors = new ArrayList<>();
        while (true) {
            listed.addAll(page.tools());
            String cursor = page.nextCursor();
            if (cursor == null || cursor.isEmpty() || cursors.contains(cursor)) break;
            cursors.add(cursor);
            page = request("tools/list", () -> client.listTools(cursor));
        }
        List<String> originals = listed.stream().map(McpSchema.Tool::name).distinct().toList();
        if (originals.size() < listed.size() || originals.contains(null)) {
            throw new McpServerException(name, "MCP server '" + name + "' (" + endpoint
                    + ") lists a tool name twice or a tool without a name: " + listed.stream().map(McpSchema.Tool::name)
                    .toList(), null);
        }
        Map<String, String> offered = ToolNames.assign(namePrefix, originals);
        Toolbox.Builder tools = Toolbox.builder(name);
        for (McpSchema.Tool tool : listed) {
            String offeredName = offered.get(tool.name());
            try {
                tools.add(new RemoteTool(new ToolDefinition(offeredName, describe(tool, offeredName),
                        McpResults.schemaOf(tool.inputSchema())), tool.name()));
            } catch (IllegalArgumentException e) {
                throw new McpServerException(name, "MCP server '" + name + "' (" + endpoint
                        + ") lists a tool that cannot be offered: " + e.getMessage(), e);
            }
        }
        return tools.build();
    }

    /** The server's description, saying the server's name for the tool when more than the prefix changed it. */
    private String describe(McpSchema.Tool tool, String offeredName) {
        String text = tool.description() != null && !tool.description().isBlank() ? tool.description()
                : tool.title() != null && !tool.title().isBlank() ? tool.title() : tool.name();
        return offeredName.equals(namePrefix + tool.name()) ? text : text + " (MCP tool '" + tool.name() + "')";
    }

    private ToolResult call(String toolName, ToolInvocation invocation) {
        if (closed) {
            throw new McpServerException(name, "MCP server '" + name + "' (" + endpoint
                    + ") is closed: tool '" + toolName + "' was not called", null);
        }
        Integer exitCode = exitCode(Duration.ZERO);
        if (exitCode != null || lost != null) {
            throw new McpServerException(name, "MCP server '" + name + "' (" + endpoint + ") "
                    + (exitCode != null ? "exited with code " + exitCode : "lost the connection " + lost) + ": tool '"
                    + toolName
                    + "' was not called", null);
        }
        McpSchema.CallToolRequest request =
                new McpSchema.CallToolRequest(toolName, McpResults.argumentsOf(invocation.arguments()));
        try {
            return McpResults.toToolResult(request("tools/call '" + toolName + "'", () -> client.callTool(request)));
        } catch (McpErrorAnswer answer) {
            McpSchema.JSONRPCResponse.JSONRPCError error = ((McpError) answer.getCause()).getJsonRpcError();
            return ToolResult.error("MCP server '" + name + "' refused tool '" + toolName + "': " + error.message()
                    + (error.data() == null ? "" : " (" + error.data() + ")"));
        }
    }

    private <T> T request(String what, java.util.function.Supplier<T> send) {
        try {
            return send.get();
        } catch (McpError e) {
            if (e.getJsonRpcError() != null) throw new McpErrorAnswer(e);
            throw failure(what, e);
        } catch (RuntimeException e) {
            throw failure(what, e);
        }
    }

    private RuntimeException failure(String what, RuntimeException e) {
        if (Thread.currentThread().isInterrupted() || causedBy(e, InterruptedException.class)) {
            return new InterruptedCallException("MCP " + what + " to server '" + name + "' was interrupted", e);
        }
        if (closed) {
            return new McpServerException(name, "MCP server '" + name + "' (" + endpoint + ") was closed during "
                    + what, e);
        }
        boolean timedOut = causedBy(e, TimeoutException.class);
        Integer exitCode = exitCode(timedOut ? Duration.ZERO : EXIT_WAIT);
        String lostWhy = lost;
        String why = exitCode != null ? "exited with code " + exitCode + " during " + what
                : lostWhy != null ? "lost the connection during " + what + " " + lostWhy
                : timedOut ? "did not answer " + what + " within " + requestTimeout
                : "failed during " + what + ": " + reason(e);
        return new McpServerException(name, "MCP server '" + name + "' (" + endpoint + ") " + why, e);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }

    /**
     * The causes past Reactor's wrapper, as class names from outer to inner, and the innermost message (at most 300
     * characters).
     */
    private static String reason(Throwable e) {
        StringBuilder names = new StringBuilder();
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().startsWith("reactor.core.Exceptions")) continue;
            if (names.length() > 0) names.append(" <- ");
            names.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) message = t.getMessage();
        }
        if (message == null) return names.toString();
        if (message.length() > 300) message = message.substring(0, 300) + "…";
        return names + ": " + message;
    }

    private static String redacted(URI uri) {
        return uri.getScheme() + "://" + (uri.getHost() == null ? "?" : uri.getHost())
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** A server's answer that is a JSON-RPC error: shown to the model, not fatal. */
    private static final class McpErrorAnswer extends RuntimeException {
        private static final long serialVersionUID = 1L;

        McpErrorAnswer(McpError cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** One of the server's tools, offered under {@code definition.name()}, called by its name on the server. */
    private final class RemoteTool implements Tool {
        private final ToolDefinition definition;
        private final String serverName;

        RemoteTool(ToolDefinition definition, String serverName) {
            this.definition = definition;
            this.serverName = serverName;
        }

        @Override
        public ToolDefinition definition() {
            return definition;
        }

        @Override
        public ToolResult call(ToolInvocation invocation) {
            return McpToolbox.this.call(serverName, invocation);
        }

        @Override
        public String toString() {
            return "McpTool[" + name + "/" + serverName + "]";
        }
    }

    /**
     * Builder of {@link McpToolbox}: timeouts and, for HTTP, the bearer token.
     *
     * <pre>{@code
     * McpToolbox box = McpToolbox.http("search", url).bearerToken(token).requestTimeout(Duration.ofSeconds(20)).connect();
     * }</pre>
     */
    public static final class Builder {
        private final String name;
        private final List<String> command;
        private final URI url;
        private ApiKey bearerToken;
        private String namePrefix = "";
        private Map<String, String> environment = Map.of();
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(30);

        private Builder(String name, List<String> command, URI url) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) throw new IllegalArgumentException("name of an MCP server must not be blank");
            this.name = name;
            this.command = command;
            this.url = url;
        }

        /**
         * The token sent as {@code Authorization: Bearer …} with every HTTP request. It appears in no message,
         * log or {@code toString()}.
         *
         * @param token the token
         * @return this builder
         * @throws IllegalStateException if the server is a stdio one
         */
        public Builder bearerToken(ApiKey token) {
            Objects.requireNonNull(token, "token");
            if (url == null) {
                throw new IllegalStateException("bearerToken: MCP server '" + name + "' is a stdio server");
            }
            this.bearerToken = token;
            return this;
        }

        /**
         * Environment variables for a stdio server's process, on top of the few the SDK passes on (on Unix
         * {@code HOME}, {@code LOGNAME}, {@code PATH}, {@code SHELL}, {@code TERM}, {@code USER}); the rest of this
         * process's environment is not passed on. Values appear in no message, log or {@code toString()}.
         *
         * @param variables names and values
         * @return this builder
         * @throws IllegalStateException if the server is an HTTP one
         * @throws IllegalArgumentException if a name is blank or holds '='
         */
        public Builder environment(Map<String, String> variables) {
            Objects.requireNonNull(variables, "variables");
            if (command == null) {
                throw new IllegalStateException("environment: MCP server '" + name + "' is an HTTP server");
            }
            for (Map.Entry<String, String> e : variables.entrySet()) {
                if (e.getKey() == null || e.getKey().isBlank() || e.getKey().contains("=")) {
                    throw new IllegalArgumentException("environment of MCP server '" + name
                            + "': a variable name must be non-blank without '=', was '" + e.getKey() + "'");
                }
                Objects.requireNonNull(e.getValue(), () -> "environment of MCP server '" + name + "': value of "
                        + e.getKey());
            }
            this.environment = Map.copyOf(variables);
            return this;
        }

        /**
         * A prefix for the names of this server's tools, so that two servers' tools can be merged into one agent's
         * without a name repeating ({@link Toolbox#merge} refuses repeats). Each name is offered as the prefix plus
         * the server's name for the tool made acceptable to models (1 to 64 letters, digits, {@code _} and
         * {@code -}: other characters become {@code _}; a name cut at 64 characters or one that would repeat
         * another gets an 8-digit hash of the server's name); the call goes to the server under its own name, and
         * the description of a tool renamed beyond the prefix says that name.
         *
         * @param prefix 1 to 32 letters, digits, {@code _} or {@code -}, e.g. {@code "github_"}; default none
         * @return this builder
         * @throws IllegalArgumentException if the prefix is not so
         */
        public Builder namePrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new IllegalArgumentException("namePrefix of MCP server '" + name
                        + "' must be 1-32 letters, digits, '_' or '-', was '" + prefix + "'");
            }
            this.namePrefix = prefix;
            return this;
        }

        /**
         * How long each request (list, call) may take before it fails with {@link McpServerException}.
         *
         * @param timeout positive; default 60 s
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /**
         * How long starting the server (or opening the HTTP connection) and the MCP handshake may take.
         *
         * @param timeout positive; default 30 s
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /**
         * Starts or connects to the server, does the MCP handshake and lists its tools.
         *
         * @return the connected toolbox; close it
         * @throws McpServerException if the server cannot be started or reached, or does not answer in time
         */
        public McpToolbox connect() {
            McpJsonMapper json = new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper());
            ChildProcessTransport process = command == null ? null : processTransport(json);
            AtomicReference<McpToolbox> observer = new AtomicReference<>();
            McpClientTransport transport = process != null ? process : new ObservedTransport(httpTransport(json), t -> {
                McpToolbox box = observer.get();
                if (box != null) box.transportFailed(t);
            });
            McpSyncClient client = McpClient.sync(transport)
                    .requestTimeout(requestTimeout)
                    .initializationTimeout(connectTimeout)
                    .clientInfo(new McpSchema.Implementation("devora-orchestration", "0.1"))
                    .build();
            McpToolbox box = new McpToolbox(this, client, process);
            observer.set(box);
            try {
                client.initialize();
            } catch (RuntimeException e) {
                boolean timedOut = causedBy(e, TimeoutException.class);
                Integer exitCode = box.exitCode(timedOut ? Duration.ZERO : EXIT_WAIT); // before closing stops it
                closeQuietly(client, name);
                String why = exitCode != null ? "exited with code " + exitCode + " during the MCP handshake"
                        : timedOut ? "did not complete the MCP handshake within " + connectTimeout
                        : "could not be connected: " + reason(e);
                throw new McpServerException(name, "MCP server '" + name + "' (" + endpointDescription() + ") "
                        + why, e);
            }
            try {
                box.toolbox = box.listTools();
                return box;
            } catch (RuntimeException e) {
                box.close();
                throw e;
            }
        }

        private ChildProcessTransport processTransport(McpJsonMapper json) {
            // the SDK's parameters give the environment the SDK would: a few inherited variables plus ours
            ServerParameters.Builder parameters = ServerParameters.builder(command.get(0))
                    .args(command.subList(1, command.size()));
            environment.forEach(parameters::addEnvVar);
            return new ChildProcessTransport(name, command, parameters.build().getEnv(), json,
                    line -> LOG.debug("MCP server '{}' stderr: {}", name, line));
        }

        private McpClientTransport httpTransport(McpJsonMapper json) {
            String base = url.getScheme() + "://" + url.getRawAuthority();
            String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            HttpClientStreamableHttpTransport.Builder http = HttpClientStreamableHttpTransport.builder(base)
                    .endpoint(path)
                    .jsonMapper(json)
                    .connectTimeout(connectTimeout);
            ApiKey token = bearerToken;
            if (token != null) {
                http.httpRequestCustomizer((request, method, uri, body, context) ->
                        request.setHeader("Authorization", "Bearer " + token.reveal()));
            }
            return http.build();
        }

        private String endpointDescription() {
            return command != null ? "stdio: " + command.get(0) : "http: " + redacted(url);
        }

        private static Duration positive(String field, Duration d) {
            Objects.requireNonNull(d, field);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(field + " must be positive, was " + d);
            }
            return d;
        }
    }
}
