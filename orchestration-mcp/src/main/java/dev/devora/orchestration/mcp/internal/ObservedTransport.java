package dev.devora.orchestration.mcp.internal;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A client transport that also tells an observer of each transport-level exception the SDK's transport reports
 * (a response stream that broke, a connection refused), which the SDK's client otherwise uses only to renew an
 * expired session: the SDK does not fail a request whose response stream broke after its first event, so the
 * observer is how such a request learns the server is gone. Everything else is the delegate's. Not API.
 */
public final class ObservedTransport implements McpClientTransport {
    private final McpClientTransport delegate;
    private final Consumer<Throwable> observer;

    /**
     * Observes a transport.
     *
     * @param delegate the transport
     * @param observer told of each exception after the client's own handler; must not throw or block
     */
    public ObservedTransport(McpClientTransport delegate, Consumer<Throwable> observer) {
        this.delegate = delegate;
        this.observer = observer;
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return delegate.connect(handler);
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        delegate.setExceptionHandler(t -> {
            handler.accept(t);
            observer.accept(t);
        });
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return delegate.sendMessage(message);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return delegate.unmarshalFrom(data, typeRef);
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }

    @Override
    public String toString() {
        return "ObservedTransport[" + delegate.getClass().getSimpleName() + "]";
    }
}
