package dev.devora.orchestration.openrouter;

import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Cancelling a stream must close the connection, so that OpenRouter stops generating (and billing, on providers
 * that support it). A raw socket server observes the client's disconnect, which WireMock cannot show.
 */
class CancellationTest {
    ServerSocket serverSocket;
    final CountDownLatch disconnected = new CountDownLatch(1);
    final CountDownLatch firstChunkSent = new CountDownLatch(1);

    @AfterEach
    void close() throws IOException {
        if (serverSocket != null) serverSocket.close();
    }

    /** Serves one streaming response: one token, then keep-alives every 100 ms until the client goes away. */
    int startEndlessStreamServer() throws IOException {
        serverSocket = new ServerSocket(0);
        Thread t = new Thread(() -> {
            try (Socket s = serverSocket.accept()) {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[8192];
                StringBuilder head = new StringBuilder();
                while (!head.toString().contains("\r\n\r\n")) {
                    int n = in.read(buf);
                    if (n < 0) return;
                    head.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                chunk(out, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}\n\n");
                firstChunkSent.countDown();
                for (int i = 0; i < 200; i++) {
                    Thread.sleep(100);
                    chunk(out, ": OPENROUTER PROCESSING\n\n");
                }
            } catch (IOException e) {
                disconnected.countDown(); // writing failed: the client closed the connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "endless-sse");
        t.setDaemon(true);
        t.start();
        return serverSocket.getLocalPort();
    }

    static void chunk(OutputStream out, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    OpenRouterProvider provider(int port) {
        return OpenRouterProvider.builder().apiKey("sk-or-v1-test").baseUrl("http://127.0.0.1:" + port + "/api/v1")
                .defaultModel("m/x").retry(RetrySettings.NONE).requestTimeout(Duration.ofSeconds(30)).build();
    }

    static LlmRequest request() {
        return LlmRequest.builder().message(LlmMessage.user("hi")).build();
    }

    @Test
    void listenerCancellingTheStream_closesTheConnection() throws Exception {
        OpenRouterProvider provider = provider(startEndlessStreamServer());

        Throwable thrown = catchThrowable(() -> provider.stream(request(), token -> {
            throw new CancellationException("user pressed stop");
        }));

        assertThat(thrown).isInstanceOf(CancellationException.class);
        assertThat(disconnected.await(5, TimeUnit.SECONDS)).as("server saw the client disconnect").isTrue();
    }

    @Test
    void interruptingTheStreamingThread_closesTheConnection() throws Exception {
        OpenRouterProvider provider = provider(startEndlessStreamServer());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                provider.stream(request(), token -> { });
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        assertThat(firstChunkSent.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(150);

        caller.interrupt();
        caller.join(3000);

        assertThat(thrown.get()).isInstanceOf(InterruptedCallException.class);
        assertThat(disconnected.await(5, TimeUnit.SECONDS)).as("server saw the client disconnect").isTrue();
    }

    @Test
    void requestTimeoutDuringAnEndlessStream_isTimeout_andClosesTheConnection() throws Exception {
        OpenRouterProvider provider = OpenRouterProvider.builder().apiKey("sk-or-v1-test")
                .baseUrl("http://127.0.0.1:" + startEndlessStreamServer() + "/api/v1").defaultModel("m/x")
                .retry(RetrySettings.NONE).requestTimeout(Duration.ofMillis(600)).build();

        Throwable thrown = catchThrowable(() -> provider.stream(request(), token -> { }));

        assertThat(thrown).isInstanceOfSatisfying(dev.devora.orchestration.llm.ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(dev.devora.orchestration.llm.ProviderErrorKind.TIMEOUT);
            assertThat(e.partialText()).hasValue("Hello");
        });
        assertThat(disconnected.await(5, TimeUnit.SECONDS)).as("server saw the client disconnect").isTrue();
    }
}
