package dev.devora.orchestration.mcp;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@link HttpTestServer} in a child JVM, so a test can kill the process; writes its URL to the file in args[0]. */
public final class HttpTestServerProcess {
    private HttpTestServerProcess() {
    }

    /**
     * Starts the server and serves until killed.
     *
     * @param args the URL file
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        HttpTestServer server = new HttpTestServer(null);
        Path file = Path.of(args[0]);
        Path partial = Path.of(args[0] + ".tmp");
        Files.writeString(partial, server.url());
        Files.move(partial, file);
        Thread.currentThread().join();
    }
}
