package dev.devora.orchestration.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.internal.Json;
import dev.devora.orchestration.internal.RecordArguments;
import dev.devora.orchestration.internal.RecordSchemas;
import dev.devora.orchestration.internal.ToolValues;
import dev.devora.orchestration.llm.ToolDefinition;

import java.util.Objects;
import java.util.function.Function;

/**
 * Tools from plain Java: a function of a typed parameter record, whose JSON Schema is generated from the record
 * (components become required properties, {@code Optional} ones optional; Jackson's
 * {@code @JsonPropertyDescription} on a component is its description for the model).
 *
 * <pre>{@code
 * record ReadFile(@JsonPropertyDescription("relative to the project root") String path, int fromLine, int toLine) { }
 * Tool read = Tools.of("read_file", "Lines of a file of the project", ReadFile.class,
 *         args -> Files.readAllLines(root.resolve(args.path())).subList(args.fromLine(), args.toLine()));
 * }</pre>
 */
public final class Tools {
    /** The schema of a tool without arguments: an empty object. */
    public static final JsonNode NO_ARGUMENTS = Json.NODES.objectNode().put("type", "object")
            .set("properties", Json.NODES.objectNode());

    private Tools() {
    }

    /**
     * A tool whose arguments are a record.
     *
     * @param name        the tool's name (letters, digits, {@code _} and {@code -}, at most 64)
     * @param description what it does, for the model
     * @param parameters  the record type of its arguments
     * @param function    the code: its result becomes the tool's text ({@code String} as is, other values as JSON,
     *                    a {@link ToolResult} as given)
     * @param <P>         the parameter record
     * @return the tool
     * @throws IllegalArgumentException if the name is not a valid tool name
     */
    public static <P extends Record> Tool of(String name, String description, Class<P> parameters,
                                             Function<? super P, ?> function) {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(function, "function");
        checkName(name);
        ToolDefinition definition = new ToolDefinition(name, description, RecordSchemas.schemaOf(parameters));
        return new Tool() {
            @Override
            public ToolDefinition definition() {
                return definition;
            }

            @Override
            public ToolResult call(ToolInvocation invocation) throws JsonProcessingException {
                P args = RecordArguments.read(invocation.arguments(), parameters);
                return resultOf(function.apply(args));
            }

            @Override
            public String toString() {
                return "Tool[" + name + "(" + parameters.getSimpleName() + ")]";
            }
        };
    }

    /**
     * The result of a tool function's value: a {@link ToolResult} as is, text as is, anything else as JSON
     * ({@code Optional}s as their value or null).
     */
    static ToolResult resultOf(Object value) {
        if (value instanceof ToolResult r) return r;
        if (value == null) return ToolResult.ok("");
        if (value instanceof CharSequence s) return ToolResult.ok(s.toString());
        return ToolResult.ok(ToolValues.write(value));
    }

    /**
     * Checks a tool name as providers accept it.
     *
     * @param name the name
     * @throws IllegalArgumentException naming the value if it is not 1–64 letters, digits, {@code _} or {@code -}
     */
    public static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("a tool name must be 1-64 letters, digits, '_' or '-', was "
                    + (name == null ? "null" : "'" + name + "'"));
        }
    }
}
