package dev.devora.orchestration.mcp;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real MCP server on stdio (the SDK's transport), run in a child JVM; writes its pid to the file in args[0]. */
public final class StdioTestServer {
    private StdioTestServer() {
    }

    /**
     * Starts the server and serves until stdin closes.
     *
     * @param args the pid file
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        TestServerTools.exitAllowed = true;
        McpServer.sync(new StdioServerTransportProvider(TestServerTools.JSON))
                .serverInfo("stdio-test", "1")
                .strictToolNameValidation(false) // to offer "files/read", as servers outside this SDK may
                .capabilities(TestServerTools.capabilities())
                .tools(TestServerTools.tools())
                .build();
        Files.writeString(Path.of(args[0]), Long.toString(ProcessHandle.current().pid()));
        Thread.currentThread().join();
    }
}
