package dev.devora.orchestration.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/** The tools both test servers (HTTP in-process, stdio in a child JVM) offer, built with the SDK's server API. */
final class TestServerTools {
    static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper());
    static final String ADD_SCHEMA = """
            {"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"]}""";

    /** A tool name longer than models accept (64). */
    static final String LONG_NAME = "search_the_issue_tracker_for_open_issues_with_a_given_label.and_milestone";

    /** Only the stdio server's child JVM may end its process. */
    static volatile boolean exitAllowed;

    private TestServerTools() {
    }

    static McpSchema.ServerCapabilities capabilities() {
        return McpSchema.ServerCapabilities.builder().tools(true).build();
    }

    static List<SyncToolSpecification> tools() {
        return List.of(
                tool("add", "Adds two integers", ADD_SCHEMA, args -> text(String.valueOf(
                        ((Number) args.get("a")).longValue() + ((Number) args.get("b")).longValue()), false)),
                tool("refuse", "Always fails", "{\"type\":\"object\"}", args -> text("refused: no such record", true)),
                tool("two_parts", "Answers in two text parts", "{\"type\":\"object\"}", args ->
                        McpSchema.CallToolResult.builder()
                                .content(List.of(McpSchema.TextContent.builder("first").build(),
                                        McpSchema.TextContent.builder("second").build()))
                                .isError(false).build()),
                tool("env", "The value of MCP_TEST_VALUE", "{\"type\":\"object\"}", args ->
                        text(String.valueOf(System.getenv("MCP_TEST_VALUE")), false)),
                tool("sleep", "Never answers in time", "{\"type\":\"object\"}", args -> {
                    try {
                        Thread.sleep(120_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return text("woke", false);
                }),
                SyncToolSpecification.builder().tool(McpSchema.Tool.builder("log_then_sleep", JSON, "{\"type\":\"object\"}")
                                .description("Sends a log notification on the call's stream, then never answers in time")
                                .build())
                        .callHandler((exchange, request) -> {
                            exchange.loggingNotification(McpSchema.LoggingMessageNotification.builder(
                                    McpSchema.LoggingLevel.ERROR, "working").build());
                            try {
                                Thread.sleep(120_000);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return text("woke", false);
                        }).build(),
                echo("files.read"), echo("files/read"), echo("get-weather/v2"), echo(LONG_NAME),
                tool("exit", "Ends the server's process with exit code 3 (the HTTP server does not offer it)",
                        "{\"type\":\"object\"}", args -> {
                            if (exitAllowed) Runtime.getRuntime().halt(3);
                            return text("not here", true);
                        }));
    }

    /** A tool whose name models cannot take; answers with the name it was called by. */
    private static SyncToolSpecification echo(String name) {
        McpSchema.Tool tool = McpSchema.Tool.builder(name, JSON, "{\"type\":\"object\"}").description("Echoes its name")
                .build();
        return SyncToolSpecification.builder().tool(tool)
                .callHandler((exchange, request) -> text("called as " + request.name(), false)).build();
    }

    private static McpSchema.CallToolResult text(String text, boolean error) {
        return McpSchema.CallToolResult.builder().content(List.of(McpSchema.TextContent.builder(text).build())).isError(error)
                .build();
    }

    private static SyncToolSpecification tool(String name, String description, String schema,
                                              java.util.function.Function<Map<String, Object>, McpSchema.CallToolResult> body) {
        McpSchema.Tool tool = McpSchema.Tool.builder(name, JSON, schema).description(description).build();
        return SyncToolSpecification.builder().tool(tool)
                .callHandler((exchange, request) -> body.apply(request.arguments())).build();
    }
}
