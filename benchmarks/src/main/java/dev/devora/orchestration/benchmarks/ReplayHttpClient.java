package dev.devora.orchestration.benchmarks;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * A {@link HttpClient} with no network: every request is answered 200 with a fixed body (and content type), handed
 * to the caller's {@code BodySubscriber} in slices of {@code sliceSize} bytes (the JDK client delivers ≤ 16 KiB
 * buffers), one slice per {@code request(n)}, on the calling thread. Used to run {@code OpenRouterProvider.stream}
 * end to end (request mapping, transport, body subscriber, SSE, JSON, assembly) without HTTP. The request body is
 * not read.
 */
final class ReplayHttpClient extends HttpClient {
    private final byte[] body;
    private final int sliceSize;
    private final HttpHeaders headers;

    ReplayHttpClient(byte[] body, String contentType, int sliceSize) {
        this.body = body;
        this.sliceSize = sliceSize;
        this.headers = HttpHeaders.of(Map.of("content-type", List.of(contentType)), (a, b) -> true);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        HttpResponse.ResponseInfo info = new HttpResponse.ResponseInfo() {
            @Override public int statusCode() { return 200; }
            @Override public HttpHeaders headers() { return headers; }
            @Override public Version version() { return Version.HTTP_1_1; }
        };
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
        subscriber.onSubscribe(new Flow.Subscription() {
            private int offset;
            private boolean done;

            @Override
            public void request(long n) {
                for (long i = 0; i < n && !done; i++) {
                    if (offset >= body.length) {
                        done = true;
                        subscriber.onComplete();
                        return;
                    }
                    int len = Math.min(sliceSize, body.length - offset);
                    subscriber.onNext(List.of(ByteBuffer.wrap(body, offset, len)));
                    offset += len;
                }
            }

            @Override
            public void cancel() {
                done = true;
            }
        });
        T t = subscriber.getBody().toCompletableFuture().join();
        return CompletableFuture.completedFuture(new Response<>(request, t));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
        return sendAsync(request, handler);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        return sendAsync(request, handler).join();
    }

    private final class Response<T> implements HttpResponse<T> {
        private final HttpRequest request;
        private final T body;

        Response(HttpRequest request, T body) {
            this.request = request;
            this.body = body;
        }

        @Override public int statusCode() { return 200; }
        @Override public HttpRequest request() { return request; }
        @Override public Optional<HttpResponse<T>> previousResponse() { return Optional.empty(); }
        @Override public HttpHeaders headers() { return headers; }
        @Override public T body() { return body; }
        @Override public Optional<javax.net.ssl.SSLSession> sslSession() { return Optional.empty(); }
        @Override public java.net.URI uri() { return request.uri(); }
        @Override public Version version() { return Version.HTTP_1_1; }
    }

    @Override public Optional<CookieHandler> cookieHandler() { return Optional.empty(); }
    @Override public Optional<Duration> connectTimeout() { return Optional.empty(); }
    @Override public Redirect followRedirects() { return Redirect.NEVER; }
    @Override public Optional<ProxySelector> proxy() { return Optional.empty(); }
    @Override public SSLContext sslContext() { return null; }
    @Override public SSLParameters sslParameters() { return new SSLParameters(); }
    @Override public Optional<Authenticator> authenticator() { return Optional.empty(); }
    @Override public Version version() { return Version.HTTP_1_1; }
    @Override public Optional<Executor> executor() { return Optional.empty(); }
}
