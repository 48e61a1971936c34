package dev.devora.orchestration.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document served at a stable path names exactly the API routes the service registers. */
class OpenApiDocumentTest {
    static final String TOKEN = "openapi-test-token-0123456789";

    @Test
    void theDocument_isServed_andListsExactlyTheRegisteredRoutes() throws Exception {
        try (WorkflowEngine engine = WorkflowEngine.create();
             DevoraServer server = DevoraServer.start(DevoraApi.builder().engine(engine)
                     .provider(ScriptedLlmProvider.builder().build()).tokens(AccessTokens.of(TOKEN))
                     .agentEndpoints(dev.devora.orchestration.workflows.business.AgentEndpoints.fromEnvironment(java.util.Map.of(
                             "DESIGN_IA_ENDPOINT", "http://127.0.0.1:9/tasks", "INTER_AGENT_TOKEN", "inter-agent-0123456789",
                             "ORCHESTRATION_WEBHOOK_URL", "http://127.0.0.1:8080/api/v1/callbacks")))   // mounts /callbacks
                     .build(), "127.0.0.1", 0)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.url().resolve("/api/v1/openapi.json"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode doc = new ObjectMapper().readTree(r.body());
            assertThat(doc.path("openapi").asText()).startsWith("3.1");

            Set<String> documented = new TreeSet<>();
            for (Iterator<String> paths = doc.path("paths").fieldNames(); paths.hasNext(); ) {
                String path = paths.next();
                doc.path("paths").path(path).fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path));
            }
            Set<String> registered = new TreeSet<>();
            for (ParsedEndpoint e : server.app().unsafe.internalRouter.allHttpHandlers()) {
                HandlerType method = e.endpoint.method;
                String path = e.endpoint.path;
                boolean api = path.startsWith("/api/") || path.equals("/health");   // not the dashboard's pages
                if (method.isHttpMethod() && api) registered.add(method.name() + " " + path);
            }
            assertThat(documented).as("documented routes vs registered routes").isEqualTo(registered);
        }
    }
}
