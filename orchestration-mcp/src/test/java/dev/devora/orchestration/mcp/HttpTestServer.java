package dev.devora.orchestration.mcp;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;

/**
 * A real MCP server over streamable HTTP: the SDK's servlet transport in an embedded Tomcat on a free loopback
 * port, optionally requiring a bearer token; records the Authorization headers it was sent and each request's
 * method and session.
 */
final class HttpTestServer implements AutoCloseable {
    /**
     * Tomcat logs every start and stop at INFO, and its class loader warns about leak detection it cannot do without
     * {@code --add-opens} and about the SDK's threads a stopped test server leaves: none of it concerns the client
     * under test. Held here so the levels stay.
     */
    private static final java.util.logging.Logger TOMCAT = java.util.logging.Logger.getLogger("org.apache");
    private static final java.util.logging.Logger TOMCAT_LOADER = java.util.logging.Logger.getLogger("org.apache.catalina.loader");

    static {
        TOMCAT.setLevel(java.util.logging.Level.WARNING);
        TOMCAT_LOADER.setLevel(java.util.logging.Level.SEVERE);
    }

    final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** Each request's method and Mcp-Session-Id header, e.g. {@code "DELETE 3f2c…"}. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Tomcat tomcat = new Tomcat();
    private final McpSyncServer server;

    HttpTestServer(String requiredToken) throws Exception {
        this(requiredToken, true);
    }

    /**
     * A server.
     *
     * @param requiredToken the bearer token it requires; or null
     * @param offerTools    false: it offers tools but fails every tools/list (a JSON-RPC error answer)
     */
    HttpTestServer(String requiredToken, boolean offerTools) throws Exception {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(TestServerTools.JSON).mcpEndpoint("/mcp").build();
        server = McpServer.sync(transport).serverInfo("http-test", "1")
                .strictToolNameValidation(false) // to offer "files/read", as servers outside this SDK may
                .capabilities(TestServerTools.capabilities()).tools(TestServerTools.tools())
                .addToolFilter((context, tool) -> {
                    if (!offerTools) throw new IllegalStateException("tool registry unavailable");
                    return true;
                })
                .build();
        HttpServlet guarded = new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp)
                    throws IOException, jakarta.servlet.ServletException {
                requests.add(req.getMethod() + " " + req.getHeader("Mcp-Session-Id"));
                String auth = req.getHeader("Authorization");
                if (auth != null) authorizations.add(auth);
                if (requiredToken != null && !("Bearer " + requiredToken).equals(auth)) {
                    resp.sendError(401);
                    return;
                }
                transport.service(req, resp);
            }
        };
        tomcat.setBaseDir(Files.createTempDirectory("mcp-tomcat").toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", null);
        Wrapper wrapper = Tomcat.addServlet(context, "mcp", guarded);
        wrapper.setAsyncSupported(true);
        wrapper.addMapping("/*");
        tomcat.start();
    }

    /** Removes a tool after clients listed it, so that calling it is answered with a JSON-RPC error. */
    void removeTool(String name) {
        server.removeTool(name);
    }

    String url() {
        return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/mcp";
    }

    @Override
    public void close() throws org.apache.catalina.LifecycleException {
        server.close();
        tomcat.stop();
        tomcat.destroy();
    }
}
