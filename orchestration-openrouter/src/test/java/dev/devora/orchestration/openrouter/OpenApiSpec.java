package dev.devora.orchestration.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates request bodies against a schema of the official OpenRouter OpenAPI 3.1 spec kept in
 * {@code ../shared/reference/openrouter-openapi.yaml}. OpenAPI 3.1 schemas are JSON Schema 2020-12, so the
 * networknt validator (already on the test classpath through WireMock) checks them directly, with the spec's
 * {@code components} as the root for {@code $ref}s. Loaded once per JVM.
 */
final class OpenApiSpec {
    static final Path SPEC = locate();
    private static JsonNode document;

    private OpenApiSpec() {
    }

    private static Path locate() {
        for (String candidate : List.of("../../shared/reference/openrouter-openapi.yaml",
                "../shared/reference/openrouter-openapi.yaml", "/work/shared/reference/openrouter-openapi.yaml")) {
            Path p = Path.of(candidate).toAbsolutePath().normalize();
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    static boolean available() {
        return SPEC != null;
    }

    static synchronized JsonNode document() {
        if (document == null) {
            try {
                document = new ObjectMapper(new YAMLFactory()).readTree(SPEC.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return document;
    }

    /** The validation problems of {@code body} against {@code #/components/schemas/<schemaName>}; empty when valid. */
    static List<String> validate(String schemaName, JsonNode body) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$ref", "#/components/schemas/" + schemaName);
        root.set("components", document().get("components"));
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(root, SchemaValidatorsConfig.builder().build());
        Set<ValidationMessage> messages = schema.validate(body);
        return messages.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.toList());
    }
}
