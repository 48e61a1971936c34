package dev.devora.orchestration.mcp;

import dev.devora.orchestration.tool.ToolFatalException;

/**
 * An MCP server could not be reached or did not answer: it could not be started or connected to, it broke the
 * connection, it did not answer within the request timeout, or its toolbox was closed. The message names the server
 * (never a bearer token). As a {@link ToolFatalException} it ends the agent's step rather than being shown to the
 * model, which cannot mend a dead server.
 *
 * <pre>{@code
 * try {
 *     McpToolbox box = McpToolbox.http("search", "http://localhost:8931/mcp").connect();
 * } catch (McpServerException e) {
 *     log.warn("no search tools: {}", e.getMessage());   // names 'search', not the token
 * }
 * }</pre>
 */
public class McpServerException extends ToolFatalException {
    private static final long serialVersionUID = 1L;

    /** The server's name as given to {@link McpToolbox}. */
    private final String serverName;

    /**
     * A failure of one server.
     *
     * @param serverName the server's name
     * @param message    what happened, naming the server
     * @param cause      the SDK's or transport's exception; or null
     */
    public McpServerException(String serverName, String message, Throwable cause) {
        super(message, cause);
        this.serverName = serverName;
    }

    /**
     * The server that failed.
     *
     * @return its name as given to {@link McpToolbox}
     */
    public String serverName() {
        return serverName;
    }
}
